// The servers' clock, as their `Date` response headers tell it. Time windows sent to an API (the audit log's `from`,
// ISC's activity `since`) are computed in the server's time: a CI runner whose clock is off, or a sandbox playing a
// fixed day, still reads the window the user configured. One offset per process, updated by every response.
let offsetMs: number | undefined;

/** Records the offset between a response's `Date` header and the local clock; ignores a missing or malformed header. */
export function observeServerDate(header: string | undefined, localNow: number = Date.now()): void {
  if (!header) return;
  const t = Date.parse(header);
  if (Number.isFinite(t)) offsetMs = t - localNow;
}

/** The servers' time now (epoch ms); the local clock until a response has carried a `Date` header. */
export function serverNow(localNow: number = Date.now()): number {
  return localNow + (offsetMs ?? 0);
}

/** Test hook. */
export function resetServerClock(): void {
  offsetMs = undefined;
}

/** Server time minus local time, in ms, as the newest `Date` header told it; undefined until one arrived. */
export function serverClockOffsetMs(): number | undefined {
  return offsetMs;
}
