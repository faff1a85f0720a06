// A paged listing's later pages served from what its first page computed, so a page costs its own items, not a scan
// (and a sort, and an index of memberships) of the whole org: at 100,000 users a per-page scan made a full read
// quadratic.
//
// Sandbox choice: a listing is a snapshot taken by its first page, as a database cursor reads one; changes made after
// it show in the next listing (a first page always computes afresh). The last LISTINGS listings are kept per store; a
// continuation whose listing was dropped computes it again. `store.touched` counts the items a listing scanned when it
// was computed and the items each page rendered: the page-cost test reads it (a counter, not a timer).
import type { Store } from "../store";

const LISTINGS = 16;
const kept = new WeakMap<Store, Map<string, unknown>>();

/** The listing `key` (the query, without its page size) as computed by its first page; `first` computes it afresh. */
export function listing<T>(store: Store, key: string, first: boolean, compute: () => T): T {
  let m = kept.get(store);
  if (!m) kept.set(store, (m = new Map()));
  if (!first && m.has(key)) return m.get(key) as T;
  const value = compute();
  m.delete(key);
  m.set(key, value);
  if (m.size > LISTINGS) m.delete(m.keys().next().value as string);
  return value;
}

/** The query a listing is keyed by: every field but the page size and the cursor, in a stable order. */
export function listingKey(kind: string, q: Record<string, unknown>): string {
  const { limit: _l, cursor: _c, count: _n, startIndex: _s, ...rest } = q;
  return `${kind} ${JSON.stringify(
    Object.keys(rest)
      .sort()
      .map((k) => [k, rest[k]]),
  )}`;
}

/** Counts `n` items as touched by a request (scanned or rendered). */
export function touch(store: Store, n: number): void {
  store.touched += n;
}
