// The pacing gate of a client: at most N requests in flight, and one shared pause when the server says "wait".

export interface Gate {
  /** Runs `fn` once a slot is free and no pause is in force. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Holds every caller of this gate until `untilMs` (on the gate's clock); a later pause extends an earlier one. */
  pauseUntil(untilMs: number): void;
}

export interface GateOptions {
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A gate per client (or shared between clients on one API key); nothing here is module state. */
export function createGate(opts: GateOptions = {}): Gate {
  const concurrency = opts.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`gate concurrency must be a positive integer; got ${concurrency}.`);
  }
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  let active = 0;
  const waiting: Array<() => void> = [];
  let pausedUntil = 0;

  async function waitForPause(): Promise<void> {
    // Re-check only when someone extended the pause while we slept, so an injected sleep that does not move the
    // clock still ends the wait.
    let target = pausedUntil;
    while (target > now()) {
      await sleep(target - now());
      if (pausedUntil <= target) return;
      target = pausedUntil;
    }
  }

  async function acquire(): Promise<void> {
    if (active < concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }

  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      await waitForPause();
      await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    },
    pauseUntil(untilMs: number): void {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
  };
}
