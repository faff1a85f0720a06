// `/__sandbox/*` controls: faults layered over the APIs, the clock, and the actors they play.
import { strict as assert } from "node:assert";
import { startTestSandbox, call, orgPath, type TestSandbox } from "../helpers/sandbox";

describe("sandbox controls", () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());
  afterEach(() => control("/faults", { rate429: 0, rate5xx: 0, latencyMs: 0, dropAfterCommit: 0 }));

  const control = (path: string, body?: unknown) =>
    call(sb, body === undefined ? "GET" : "POST", `/__sandbox${path}`, { body, token: null });

  it("answers health with the scenario and the sandbox time", async () => {
    const res = await control("/health");
    assert.equal(res.status, 200);
    assert.equal(res.body.status, "ok");
    assert.equal(res.body.scenario, "acme");
  });

  it("injects a 500 on every call when rate5xx is 1", async () => {
    await control("/faults", { rate5xx: 1 });
    const res = await call(sb, "POST", orgPath(sb, "/groups/search"), { body: {} });
    assert.equal(res.status, 500);
    assert.equal(res.body.errors[0].status, "500");
  });

  it("injects a 429 with Retry-After when rate429 is 1", async () => {
    await control("/faults", { rate429: 1 });
    const res = await call(sb, "POST", orgPath(sb, "/groups/search"), { body: {} });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "1");
    assert.equal(res.body.errors[0].code, "ADMIN-429-1", "a v2 path's 429 keeps the Errors envelope its spec declares");
  });

  it("applies a mutation but loses its response when dropAfterCommit is 1", async () => {
    await control("/faults", { dropAfterCommit: 1 });
    await assert.rejects(call(sb, "POST", orgPath(sb, "/groups"), { body: { name: "lost-response" } }));
    await control("/faults", { dropAfterCommit: 0 });
    const found = await call(sb, "POST", orgPath(sb, "/groups/search"), { body: { groupNames: ["lost-response"] } });
    assert.equal(found.body.data.length, 1);
  });

  it("holds every committed response after holdAfterCommits matching ones: applied, never answered", async () => {
    sb.store.world.faults = { ...sb.store.world.faults, match: "^POST \\S+/groups$", holdAfterCommits: 1 };
    try {
      // The first create is answered; a matching create refused (the name is taken) commits nothing: answered, and
      // the count of creates still answered is unchanged.
      assert.equal((await call(sb, "POST", orgPath(sb, "/groups"), { body: { name: "answered" } })).status, 201);
      assert.equal(sb.store.world.faults.holdAfterCommits, 0);
      assert.equal((await call(sb, "POST", orgPath(sb, "/groups"), { body: { name: "answered" } })).status, 409);
      assert.equal(sb.store.world.faults.holdAfterCommits, 0);
      let settled = false;
      const held = call(sb, "POST", orgPath(sb, "/groups"), { body: { name: "held" } }).then(
        () => (settled = true),
        () => (settled = true),
      );
      const exists = () => sb.store.world.org.groups.some((g) => g.name === "held");
      while (!exists()) await new Promise((r) => setImmediate(r));
      // Committed; its answer goes out on the next turns or never: a read after it is answered, the create is not.
      assert.equal((await call(sb, "POST", orgPath(sb, "/groups/search"), { body: {} })).status, 200);
      assert.equal(settled, false);
      assert.equal(sb.store.world.faults.holdAfterCommits, 0);
      void held;
    } finally {
      sb.store.world.faults = { rate429: 0, rate5xx: 0, latencyMs: 0, dropAfterCommit: 0 };
    }
  });

  it("refuses a fault rate outside 0..1 naming the field", async () => {
    const res = await control("/faults", { rate5xx: 2 });
    assert.equal(res.status, 400);
  });

  it("replaces the events quota through settings: one call a second, then 429 with Retry-After 1", async () => {
    const events = `/admin/v1/orgs/${sb.store.world.org.id}/events?limit=1`;
    try {
      const set = await control("/settings", { eventsRateLimit: true, quotas: { events: { max: 1, windowMs: 1000 } } });
      assert.deepEqual(set.body.quotas, { events: { max: 1, windowMs: 1000 } });
      const first = await call(sb, "GET", events);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get("x-ratelimit-limit"), "1");
      const refused = await call(sb, "GET", events);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get("retry-after"), "1");
      sb.store.advanceClock(1 / 60);
      assert.equal((await call(sb, "GET", events)).status, 200);
    } finally {
      await control("/settings", { quotas: {} });
    }
  });

  it("refuses an unknown setting and a malformed quota, naming them", async () => {
    const typo = await control("/settings", { eventRateLimit: false });
    assert.equal(typo.status, 400);
    assert.equal(
      typo.body.errors[0].detail,
      'Unknown setting "eventRateLimit"; ' +
        "known: rateLimits, eventsRateLimit, quotas, roleConsistencyMs, iscTokenTtlSeconds, catalogueWithout.",
    );
    const quota = await control("/settings", { quotas: { events: { max: 0, windowMs: 1000 } } });
    assert.equal(quota.status, 400);
    assert.equal(quota.body.errors[0].detail, "quotas.events needs max and windowMs, positive integers.");
    assert.equal(sb.store.world.settings.eventsRateLimit, true, "a refused change changes nothing");
  });

  it("moves the sandbox clock forward by minutes", async () => {
    const before = Date.parse((await control("/health")).body.time);
    const res = await control("/clock/advance", { minutes: 30 });
    assert.ok(Date.parse(res.body.time) - before >= 30 * 60_000);
  });

  it("plays a person adding a member by hand, recorded in the audit log as that person", async () => {
    const res = await control("/admin/group-members", { group: "contractors", email: "ana.arden@acme.example" });
    assert.equal(res.status, 200);
    const last = sb.store.world.events[sb.store.world.events.length - 1];
    assert.equal(last.action, "user_added_to_group");
    assert.equal(last.actor.kind, "admin-ui");
    assert.equal(last.actor.email, "alex.admin@acme.example");
  });

  it("plays a hand invite that creates an invited, unlinked account", async () => {
    const res = await control("/admin/invite", { email: "new.hire@acme.example" });
    assert.equal(res.status, 200);
    const u = sb.store.world.org.users.find((x) => x.email === "new.hire@acme.example")!;
    assert.equal(u.managementSource, "invited");
  });
});
