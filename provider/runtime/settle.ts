// A write whose answer did not tell (a 5xx, a timeout, a lost response: the transport's AmbiguousOutcomeError) is
// settled by reading, as folio-sec/terraform-provider-atlassian does: if the read shows it landed, done; if not, the
// write goes out again, at most `retries` more times, with the transport's backoff (clients/retry-timing.ts, the one
// retry policy). 429s never get here: the transport waits them out, as they mean "not applied".
import { isAmbiguous } from "../clients/errors";
import { backoffMs, DEFAULT_RETRY } from "../clients/retry-timing";
import { context } from "../lifecycle/context";

export interface SettleOptions {
  /** Other refusals a read settles too, e.g. 409 on a membership add ("already a member" or a user limit). */
  alsoSettles?: (err: unknown) => boolean;
  /** Test hook: the wait between attempts. */
  sleep?: (ms: number) => Promise<void>;
}

/** Sends `write`; after an ambiguous outcome asks `landed` and only re-sends when it says no. */
export async function settledWrite(
  write: () => Promise<void>,
  landed: () => Promise<boolean>,
  opts: SettleOptions = {},
): Promise<void> {
  const { retryBaseDelayMs, retryMaxDelayMs } = context().config;
  const policy = { ...DEFAULT_RETRY, baseDelayMs: retryBaseDelayMs, maxDelayMs: retryMaxDelayMs };
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (err) {
      if (!isAmbiguous(err) && !opts.alsoSettles?.(err)) throw err;
      if (await landed()) return;
      if (!isAmbiguous(err) || attempt > policy.retries) throw err;
      await sleep(backoffMs(policy, attempt, Math.random));
    }
  }
}
