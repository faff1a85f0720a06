// Retry policy as data, and the waits it implies: server timing headers first, capped exponential backoff otherwise.

export interface RetryPolicy {
  /** Retries after the first attempt; mutations only retry a 429 or a request that never left. Default 4. */
  retries: number;
  /**
   * Resends after a 429, counted apart from `retries`: a refusal is "not applied, come back then", so a storm of them
   * is sat out as the server asks instead of failing the run. Default 10.
   */
  rateLimitRetries: number;
  /** First backoff step; doubles each retry. Default 500 ms. */
  baseDelayMs: number;
  /** Cap on one backoff step (not on a wait the server asked for). Default 30 s. */
  maxDelayMs: number;
  /**
   * The longest server-requested wait we sit out; a longer Retry-After fails at once with the wait in the error.
   * ISC escalates to 20 min after repeated breaches (sailpoint-isc-api.md §2). Default 5 min.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 4,
  rateLimitRetries: 10,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/** Backoff before retry number `retry` (1-based): min(cap, base * 2^(retry-1)), half of it jittered. */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

type HeaderGetter = (name: string) => string | undefined;

function parseDelta(value: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
  return Math.round(Number(value) * 1000);
}

/** `Retry-After`: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  const delta = parseDelta(v);
  if (delta !== undefined) return delta;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * `X-RateLimit-Reset`: Atlassian sends an ISO-8601 instant (atlassian-api.md §1.5). Numbers are read the way other
 * services send them: epoch ms, epoch seconds, or seconds from now.
 */
export function parseRateLimitReset(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (n > 1e12) return Math.max(0, n - nowMs);
    if (n > 1e9) return Math.max(0, n * 1000 - nowMs);
    return Math.round(n * 1000);
  }
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * "Now" as the server saw it, from its Date header, so absolute instants it sends are read without our clock's skew;
 * our own clock when the header is missing or unreadable.
 */
export function serverNowMs(header: HeaderGetter, localNowMs: number): number {
  const date = Date.parse(header("date") ?? "");
  if (Number.isNaN(date)) return localNowMs;
  // The header has whole seconds: a local clock within that second agrees with it, and is finer.
  return localNowMs >= date && localNowMs < date + 1000 ? localNowMs : date;
}

/** The wait a refusal asks for: Retry-After, then X-RateLimit-Reset, then the IETF RateLimit-Reset (seconds). */
export function serverWaitMs(header: HeaderGetter, localNowMs: number): number | undefined {
  const serverNow = serverNowMs(header, localNowMs);
  return (
    parseRetryAfter(header("retry-after"), serverNow) ??
    parseRateLimitReset(header("x-ratelimit-reset"), serverNow) ??
    parseDelta(header("ratelimit-reset")?.trim() ?? "")
  );
}

/**
 * What an answer says is left of the quota: X-RateLimit-Remaining requests until X-RateLimit-Reset (read against the
 * server's Date); undefined when either header is missing or unreadable.
 */
export function quotaBudget(
  header: HeaderGetter,
  localNowMs: number,
): { remaining: number; resetInMs: number } | undefined {
  const remaining = header("x-ratelimit-remaining")?.trim();
  if (remaining === undefined || !/^\d+$/.test(remaining)) return undefined;
  const resetInMs = parseRateLimitReset(header("x-ratelimit-reset"), serverNowMs(header, localNowMs));
  return resetInMs === undefined ? undefined : { remaining: Number(remaining), resetInMs };
}
