// The time the published quotas allow for a run's requests, for bench/engine.ts: per quota bucket, the instant its
// last request may be sent if every request were ready at once (a sliding window of `max` per `windowMs`:
// floor((n - 1) / max) windows), and the largest over the buckets. SCIM publishes no quota and is left out; the org
// API's bucket is the sandbox's (Atlassian publishes none for v2).
import type { RequestRecord } from "../sandbox/world";
import { LIMITS } from "../sandbox/faults";
import { PUBLISHED_QUOTAS } from "../provider/clients/quotas";

type Bucket = "org" | "isc" | "auditEvents" | "auditStream";
const QUOTAS: Record<Bucket, { max: number; windowMs: number }> = {
  org: LIMITS.org,
  isc: PUBLISHED_QUOTAS.isc,
  auditEvents: PUBLISHED_QUOTAS.auditEvents,
  auditStream: PUBLISHED_QUOTAS.auditStream,
};

function bucketOf(r: Pick<RequestRecord, "api" | "path">): Bucket | undefined {
  if (r.api === "org") return "org";
  if (r.api === "isc") return "isc";
  if (r.api === "audit") return r.path.includes("events-stream") ? "auditStream" : "auditEvents";
  return undefined;
}

export interface QuotaFloor {
  /** Per bucket: its requests, its quota, and the seconds the quota needs for them. */
  buckets: Partial<Record<Bucket, { requests: number; max: number; windowSeconds: number; seconds: number }>>;
  /** The largest bucket's seconds: no pacing can send this run's requests sooner. */
  seconds: number;
}

/** What the quotas allow for these requests (429s left out: a refused request is one the quota did not allow). */
export function quotaFloor(log: Pick<RequestRecord, "api" | "path" | "status">[]): QuotaFloor {
  const counts: Partial<Record<Bucket, number>> = {};
  for (const r of log) {
    const b = r.status === 429 ? undefined : bucketOf(r);
    if (b) counts[b] = (counts[b] ?? 0) + 1;
  }
  const buckets: QuotaFloor["buckets"] = {};
  let seconds = 0;
  for (const [b, n] of Object.entries(counts) as [Bucket, number][]) {
    const q = QUOTAS[b];
    const s = (Math.floor((n - 1) / q.max) * q.windowMs) / 1000;
    buckets[b] = { requests: n, max: q.max, windowSeconds: q.windowMs / 1000, seconds: s };
    seconds = Math.max(seconds, s);
  }
  return { buckets, seconds };
}
