// The rate-limit headers each API answered with, newest per API: `atlassian-access doctor` prints what it saw. The org
// API documents X-RateLimit-Limit, -Remaining and -Reset (atlassian-api.md §1.5); ISC sends Retry-After on a 429.
const NAMES = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"] as const;

export type RateLimitHeaders = Partial<Record<(typeof NAMES)[number], string>>;

const seen = new Map<string, RateLimitHeaders>();

/** Keeps the rate-limit headers of one answer of `api`, when it carries any. */
export function observeRateLimitHeaders(api: string, header: (name: string) => string | undefined): void {
  const found: RateLimitHeaders = {};
  for (const n of NAMES) {
    const v = header(n);
    if (v !== undefined) found[n] = v;
  }
  if (Object.keys(found).length) seen.set(api, found);
}

/** The newest rate-limit headers per API name. */
export function rateLimitHeadersSeen(): ReadonlyMap<string, RateLimitHeaders> {
  return seen;
}

/** Test hook. */
export function resetRateLimitHeaders(): void {
  seen.clear();
}
