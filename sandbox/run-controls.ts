// How the sandbox misbehaves and paces: injected faults and the run's settings (quotas, clocks). Data only, held in the
// world (sandbox/world.ts) and set through POST /__sandbox/faults and /__sandbox/settings or by tests directly.

export interface Faults {
  rate429: number;
  rate5xx: number;
  latencyMs: number;
  /** Fraction (0..1) of mutations that are applied but whose response is lost (socket destroyed). */
  dropAfterCommit: number;
  /**
   * Mutations (of those `match` selects) still answered; each one after is applied and never answered (a client killed
   * while it waits left it committed and unrecorded). Committed: an audit event recorded while the request is in
   * flight, as for dropAfterCommit, so `match` one kind of mutation. Tests set it on the world; absent: none held.
   */
  holdAfterCommits?: number;
  /**
   * Only requests whose `METHOD path` (path without the query) matches this regular expression get the injected
   * faults, e.g. `"^POST \S+/memberships$"`; absent: every API request. Published quotas are not affected.
   */
  match?: string;
  /** The Retry-After an injected 429 sends, in whole seconds (default 1; 0 = retry at once, for tests). */
  retryAfterSeconds?: number;
}

export type QuotaName = "isc" | "events" | "eventsStream" | "org";

/** At most `max` requests in any `windowMs` (sandbox clock), per key. */
export interface Quota {
  max: number;
  windowMs: number;
}

export interface Settings {
  /** Apply ISC's 100 req / 10 s and the org API's per-key quota (tests may switch off for speed). */
  rateLimits: boolean;
  /**
   * Apply the audit API's quotas: events 10 requests/min per path, events-stream 50 (on in client and sandbox tests,
   * off in engine tests).
   */
  eventsRateLimit: boolean;
  /**
   * Quotas that replace the published ones (sandbox/faults.ts LIMITS) while their switch is on: a test proves a 429
   * path in a second with e.g. `{events: {max: 1, windowMs: 1000}}` instead of sitting out a minute.
   */
  quotas?: Partial<Record<QuotaName, Quota>>;
  /** Delay before a role assign/revoke is visible to reads (Atlassian: up to ~30 s). */
  roleConsistencyMs: number;
  /** ISC access-token lifetime. */
  iscTokenTtlSeconds: number;
  /** Catalogue keys the org's event-actions leaves out (to play an org whose audit log lacks them). */
  catalogueWithout?: string[];
}
