// The quotas the services publish, which each client's gate keeps to (gate.ts); the org API's v2 endpoints have none
// published, so its gate keeps to what the X-RateLimit headers of its answers say instead.
import type { Quota } from "./gate";

export const PUBLISHED_QUOTAS = {
  /** SailPoint ISC: 100 requests per 10 s per client id and API version (sailpoint-isc-api.md, D-RATE). */
  isc: { max: 100, windowMs: 10_000 },
  /** Audit `/events`, `/events/{id}` and `/event-actions`: 10 a minute per user and per path (atlassian-api.md §1.5). */
  auditEvents: { max: 10, windowMs: 60_000 },
  /** Audit `/events-stream`: 50 a minute per path, the lower of that and 60 per user (atlassian-api.md §1.5). */
  auditStream: { max: 50, windowMs: 60_000 },
} satisfies Record<string, Quota>;
