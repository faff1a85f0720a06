// The org snapshot reads its audit window in the server's time (the `Date` header), not the runner's clock.
import { strict as assert } from "node:assert";
import { configure, setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { orgSnapshot } from "../../provider/org/snapshot";
import { observeServerDate, resetServerClock, serverNow } from "../../provider/clients/server-clock";
import { call, providerConfigure, startTestSandbox, type TestSandbox } from "../helpers/sandbox";

describe("server clock", () => {
  // The clock is per process: earlier suites' responses (the http client tests) have set it already.
  beforeEach(() => resetServerClock());
  afterEach(() => resetServerClock());

  it("is the local clock until a response tells the server's time", () => {
    assert.equal(serverNow(1_000_000), 1_000_000);
  });

  it("keeps the offset of the last Date header, at its one-second precision", () => {
    const local = Date.parse("2026-11-23T10:00:00.400Z");
    observeServerDate("Mon, 23 Nov 2026 12:00:00 GMT", local);
    assert.equal(serverNow(local), Date.parse("2026-11-23T12:00:00Z"));
    assert.equal(serverNow(local + 5_000), Date.parse("2026-11-23T12:00:05Z"));
  });

  it("ignores a missing or malformed header", () => {
    observeServerDate(undefined);
    observeServerDate("not a date");
    assert.equal(serverNow(1_000_000), 1_000_000);
  });
});

describe("orgSnapshot audit window", function () {
  this.timeout(30_000);
  let sb: TestSandbox;

  before(async () => {
    sb = await startTestSandbox();
  });
  after(async () => {
    setContextForTests(undefined);
    resetRunState();
    resetServerClock();
    await sb.close();
  });

  it("finds an event the org recorded 30 days before the runner's clock, when the server's clock is that day", async () => {
    const day = new Date(Date.now() - 30 * 86_400_000).toISOString();
    assert.equal((await call(sb, "POST", "/__sandbox/clock/set", { body: { time: day }, token: null })).status, 200);
    const res = await call(sb, "POST", "/__sandbox/admin/group-members", {
      body: { group: "contractors", email: "ana.arden@acme.example" },
      token: null,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // The sandbox states its clock in Date, like every server.
    assert.ok(Math.abs(Date.parse(res.headers.get("date")!) - Date.parse(day)) < 60_000);

    resetServerClock();
    resetRunState();
    configure(providerConfigure(sb));
    const snap = await orgSnapshot();
    const added = snap.events.filter(
      (e) => e.action === "user_added_to_group" && Math.abs(Date.parse(e.time) - Date.parse(day)) < 60_000,
    );
    assert.equal(added.length, 1, `events seen: ${snap.events.length}, newest ${snap.events[0]?.time}`);
    assert.ok(
      Math.abs(Date.parse(snap.takenAt) - Date.parse(day)) < 60_000,
      `takenAt ${snap.takenAt} is in server time`,
    );
  });
});
