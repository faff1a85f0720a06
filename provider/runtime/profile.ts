// Opt-in timing for the bench: with ATLASSIAN_ACCESS_PROFILE=<file>, each provider call (check, diff, read, create,
// update, delete), each HTTP request and the program's registrations append one JSON line to <file>:
// `{"pid":…,"kind":"call"|"http"|"program","name":…,"start":…,"end":…}` (epoch ms, comparable across processes, so
// the bench can take the union of intervals that overlap). Off (unset) by default: `timed` then returns the function
// it was given and nothing is measured or written.
import { appendFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** The file the profile is appended to, read once per process; undefined when profiling is off. */
export const profileFile: string | undefined = process.env.ATLASSIAN_ACCESS_PROFILE || undefined;

export interface ProfileEntry {
  pid: number;
  kind: "call" | "http" | "program";
  name: string;
  /** Epoch milliseconds (fractional). */
  start: number;
  end: number;
  [extra: string]: unknown;
}

/** Epoch milliseconds with sub-millisecond precision, the same clock in every process. */
export function clock(): number {
  return performance.timeOrigin + performance.now();
}

/** Appends one entry; a no-op when profiling is off. A write that fails is dropped: profiling never fails a call. */
export function record(kind: ProfileEntry["kind"], name: string, start: number, end: number, extra = {}): void {
  if (!profileFile) return;
  try {
    appendFileSync(profileFile, `${JSON.stringify({ pid: process.pid, kind, name, start, end, ...extra })}\n`);
  } catch {
    /* a profile is best effort */
  }
}

/** `fn` itself when profiling is off; else `fn` recording its duration (resolved or rejected) as `kind`/`name`. */
export function timed<A extends unknown[], R>(
  kind: ProfileEntry["kind"],
  name: string,
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  if (!profileFile) return fn;
  return async (...args: A) => {
    const start = clock();
    try {
      return await fn(...args);
    } finally {
      record(kind, name, start, clock());
    }
  };
}
