// The pacing gate of a client: at most N requests in flight, a quota it keeps busy without breaching it, what the
// server's rate headers allow, and one shared pause when the server says "wait".

/** At most `max` requests in any `windowMs` (a sliding window, as ISC and the sandbox count). */
export interface Quota {
  max: number;
  windowMs: number;
}

export interface Gate {
  /** Runs `fn` once a slot is free, the quota and the server's last budget allow it, and no pause is in force. */
  run<T>(fn: (ticket: number) => Promise<T>): Promise<T>;
  /** Holds every caller of this gate until `untilMs` (on the gate's clock); a later pause extends an earlier one. */
  pauseUntil(untilMs: number): void;
  /**
   * The server's answer to the request `run` gave `ticket` said `remaining` more may go until `resetAtMs`
   * (X-RateLimit-Remaining and -Reset): later requests keep within it, counting those it may not have seen yet.
   */
  observe(ticket: number, remaining: number, resetAtMs: number): void;
}

export interface GateOptions {
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** The API's published quota; none: only the server's headers and refusals pace. */
  quota?: Quota;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A gate per client (or shared between clients on one API key); nothing here is module state.
 *
 * The quota is kept as a log: a request holds a place in the window from when it is sent until `windowMs` after its
 * answer came back. The server counted it at some instant in between, so a server counting a sliding window of the
 * same length never refuses a request the gate let go, whatever the latency; and as long as requests are waiting,
 * each place is reused as soon as it frees, which keeps the allowance busy.
 */
export function createGate(opts: GateOptions = {}): Gate {
  const concurrency = opts.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`gate concurrency must be a positive integer; got ${concurrency}.`);
  }
  const { quota } = opts;
  if (quota && !(Number.isInteger(quota.max) && quota.max > 0 && quota.windowMs > 0)) {
    throw new Error(`gate quota needs a positive integer max and a positive windowMs; got ${JSON.stringify(quota)}.`);
  }
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  // An injected sleep need not move the injected clock: time slept to counts as passed.
  let sleptTo = 0;
  const clock = () => Math.max(now(), sleptTo);

  const waiting: Array<(ticket: number) => void> = [];
  const inFlight = new Set<number>();
  /** When each answered request leaves the quota's window. */
  let leaves: number[] = [];
  let pausedUntil = 0;
  let lastTicket = 0;
  let told: { ticket: number; remaining: number; resetAtMs: number } | undefined;
  let timerAt = Infinity;

  /** Requests the server's last budget did not count: sent after the one it answered, or still in flight before it. */
  function unseen(): number {
    if (!told) return 0;
    let before = 0;
    for (const t of inFlight) if (t < told.ticket) before++;
    return lastTicket - told.ticket + before;
  }

  /** 0 when a request may go now; else the instant to look again (Infinity: when an answer comes back). */
  function blockedUntil(t: number): number {
    if (inFlight.size >= concurrency) return Infinity;
    if (pausedUntil > t) return pausedUntil;
    if (quota) {
      leaves = leaves.filter((at) => at > t);
      // Answered requests leave in the order they were answered, so the first to leave is first in the log.
      if (inFlight.size + leaves.length >= quota.max) return leaves.length ? leaves[0] : Infinity;
    }
    if (told && told.remaining - unseen() <= 0) {
      // Spent: after the reset one request goes alone, and its answer tells the new budget.
      if (t < told.resetAtMs) return told.resetAtMs;
      for (const x of inFlight) if (x > told.ticket) return Infinity;
      // That request came back without the headers (a network error, a 5xx or 429 without them, an endpoint that sends
      // none): the old budget is stale and nothing in flight will renew it, so it is forgotten rather than waited on.
      if (lastTicket > told.ticket) told = undefined;
    }
    return 0;
  }

  function pump(): void {
    while (waiting.length) {
      const t = clock();
      const until = blockedUntil(t);
      if (until === 0) {
        const ticket = ++lastTicket;
        inFlight.add(ticket);
        waiting.shift()!(ticket);
        continue;
      }
      if (until !== Infinity && until < timerAt) {
        timerAt = until;
        void sleep(until - t).then(() => {
          sleptTo = Math.max(sleptTo, until);
          if (timerAt === until) timerAt = Infinity;
          pump();
        });
      }
      return;
    }
  }

  function finish(ticket: number): void {
    inFlight.delete(ticket);
    if (quota) leaves.push(clock() + quota.windowMs);
    pump();
  }

  return {
    async run<T>(fn: (ticket: number) => Promise<T>): Promise<T> {
      const ticket = await new Promise<number>((resolve) => {
        waiting.push(resolve);
        pump();
      });
      try {
        return await fn(ticket);
      } finally {
        finish(ticket);
      }
    },
    pauseUntil(untilMs: number): void {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
    observe(ticket: number, remaining: number, resetAtMs: number): void {
      if (told && ticket <= told.ticket) return; // an older answer knows less
      told = { ticket, remaining, resetAtMs };
      pump();
    },
  };
}
