// The pacing gate on a fake clock: it keeps a quota busy without breaching it, uses its concurrency, and keeps to the
// budget the server's rate headers announce. Counts and instants on the fake clock, never real time.
import { strict as assert } from "node:assert";
import { createGate, type Gate } from "../../provider/clients/gate";

/** A clock that moves only when the gate sleeps: to the end of the sleep, once the calls in flight have answered. */
function fakeClock() {
  const c = { t: 0, sleeps: 0 };
  return {
    c,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps++;
      const until = c.t + ms;
      await new Promise((r) => setImmediate(r));
      c.t = Math.max(c.t, until);
    },
  };
}

/** Runs `n` calls through the gate at once; each answers after `answer(i)` resolves. Returns each call's start. */
async function burst(gate: Gate, n: number, clock: { c: { t: number } }, answer = (_i: number) => Promise.resolve()) {
  const starts: number[] = [];
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      gate.run(async () => {
        starts[i] = clock.c.t;
        await answer(i);
      }),
    ),
  );
  return starts;
}

describe("createGate", () => {
  it("sends at the quota's rate: 100 at once, the next 100 when the first leave the window, none sooner", async () => {
    const clock = fakeClock();
    const gate = createGate({ concurrency: 4, quota: { max: 100, windowMs: 10_000 }, ...clock });
    const starts = await burst(gate, 250, clock);
    assert.deepEqual(
      [0, 10_000, 20_000].map((at) => starts.filter((s) => s === at).length),
      [100, 100, 50],
    );
    // The allowance is kept busy: the last call went the moment the quota let it (floor(249 / 100) windows).
    assert.equal(Math.max(...starts), 20_000);
    const sorted = [...starts].sort((a, b) => a - b);
    for (let i = 100; i < sorted.length; i++) assert.ok(sorted[i] - sorted[i - 100] >= 10_000, `call ${i}`);
  });

  it("holds a request's place in the window until windowMs after its answer, so latency never breaches it", async () => {
    const clock = fakeClock();
    const gate = createGate({ concurrency: 2, quota: { max: 2, windowMs: 1_000 }, ...clock });
    // The first two calls take 300 ms (on the fake clock) to answer.
    const starts = await burst(gate, 3, clock, async (i) => {
      await new Promise((r) => setImmediate(r));
      if (i < 2) clock.c.t = Math.max(clock.c.t, 300);
    });
    assert.deepEqual(starts, [0, 0, 1_300]);
  });

  it("keeps `concurrency` calls in flight while the quota allows more", async () => {
    const clock = fakeClock();
    const gate = createGate({ concurrency: 4, quota: { max: 100, windowMs: 10_000 }, ...clock });
    let inFlight = 0;
    let peak = 0;
    await burst(gate, 12, clock, async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    });
    assert.equal(peak, 4);
    assert.equal(clock.c.sleeps, 0);
  });

  it("keeps within the budget an answer announced, counting the requests sent after it", async () => {
    const clock = fakeClock();
    const gate = createGate({ concurrency: 4, ...clock });
    // The first answer says 2 more may go until t = 5,000; then each answer says none is left until 5,000 later.
    const told: number[] = [];
    const run = (i: number) =>
      gate.run(async (ticket) => {
        told.push(clock.c.t);
        if (i === 0) gate.observe(ticket, 2, clock.c.t + 5_000);
        else gate.observe(ticket, 0, clock.c.t + 5_000);
      });
    await run(0);
    await Promise.all([1, 2, 3, 4].map(run));
    // Two went on the announced budget; the third at its reset, alone; the fourth at the reset the third was told.
    assert.deepEqual(told, [0, 0, 0, 5_000, 10_000]);
  });

  it("after a spent budget's reset, goes on when the lone request's answer carries no rate headers", async () => {
    const clock = fakeClock();
    const gate = createGate({ concurrency: 4, ...clock });
    const sent: number[] = [];
    // The first answer says none is left until t = 1,000.
    await gate.run(async (ticket) => {
      sent.push(clock.c.t);
      gate.observe(ticket, 0, clock.c.t + 1_000);
    });
    // At the reset one request goes alone, and fails with no headers (a network error, a 503 without them).
    await assert.rejects(
      gate.run(async () => {
        sent.push(clock.c.t);
        throw new Error("socket hang up");
      }),
    );
    // Before the fix every later caller waited for an answer that could never come: the gate hung for good.
    const later = await Promise.race([
      burst(gate, 3, clock).then(() => "sent"),
      new Promise<string>((r) => setTimeout(() => r("hung"), 1_000)),
    ]);
    assert.equal(later, "sent");
    assert.deepEqual(sent, [0, 1_000]);
  });

  it("refuses a quota it cannot keep", () => {
    assert.throws(() => createGate({ quota: { max: 0, windowMs: 1000 } }), /gate quota needs a positive integer max/);
  });
});
