// Applies that cannot orphan (issue 12 item 1), against the sandbox: a group code's own credential created in a run
// that did not finish is taken over by the next create, with a line saying so; one anyone else made is still refused,
// naming who made it; and a create whose members fail keeps its group in the state (an init error the next `up`
// finishes) instead of leaving a group the state does not know.
import { strict as assert } from "node:assert";
import { captureConsoleLog } from "../helpers/io";
import { configure, setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { resetServerClock } from "../../provider/clients/server-clock";
import { groupLifecycle } from "../../provider/lifecycle/group/lifecycle";
import { PartialCreateError } from "../../provider/runtime/partial";
import { call, providerConfigure, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { createGroup } from "../../sandbox/org/ops";
import { adminActor } from "../../sandbox/routes/controls";

const LANES = JSON.stringify({ "pulumi-ci": "pulumi", "sailpoint-isc-connector": "isc" });
const ANA = "ana.arden@acme.example";
const BEN = "ben.arden@acme.example";

describe("interrupted runs: code's own leftovers are taken over, nobody else's", function () {
  this.timeout(30_000);
  let sb: TestSandbox;
  const logged = captureConsoleLog();
  const dir = () => `/admin/v2/orgs/${sb.store.world.org.id}/directories/${sb.store.world.org.directoryId}`;
  const groups = (name: string) => sb.store.world.org.groups.filter((g) => g.name === name);
  const accountOf = (email: string) => sb.store.world.org.users.find((u) => u.email === email)!.accountId;
  const emails = (name: string) =>
    groups(name)[0]
      .members.map((a) => sb.store.world.org.users.find((u) => u.accountId === a)!.email)
      .sort();
  const writes = (from: number) =>
    sb.store.world.requests
      .slice(from)
      .filter((r) => r.api === "org" && r.method !== "GET" && !/\/search$|\/workspaces$/.test(r.path))
      .map((r) => `${r.method} ${r.path.replace(dir(), "").replace(/[0-9a-f-]{36}/g, "{id}")}`);

  /** What a killed run left: the group made with code's key, and its first member. */
  async function leftover(name: string, token = SANDBOX_CREDENTIALS.orgApiKeys.pulumi) {
    assert.equal((await call(sb, "POST", `${dir()}/groups`, { body: { name }, token })).status, 201);
    const id = groups(name)[0].id;
    const add = await call(sb, "POST", `${dir()}/groups/${id}/memberships`, {
      body: { accountId: accountOf(ANA) },
      token,
    });
    assert.equal(add.status < 300, true, JSON.stringify(add.body));
    return id;
  }

  function newRun(extra: Record<string, string> = {}) {
    resetServerClock();
    resetRunState();
    configure(providerConfigure(sb, { actorLanes: LANES, retryBaseDelayMs: "1", retryMaxDelayMs: "5", ...extra }));
  }

  before(async () => {
    sb = await startTestSandbox();
  });
  afterEach(() => {
    sb.store.world.faults = { rate429: 0, rate5xx: 0, latencyMs: 0, dropAfterCommit: 0 };
  });
  after(async () => {
    setContextForTests(undefined);
    resetRunState();
    await sb.close();
  });

  it("takes over a group code's key created, keeps the member it added and adds only the missing one", async () => {
    const id = await leftover("killed-run");
    newRun();
    const from = sb.store.world.requests.length;
    const res = await groupLifecycle.create({ name: "killed-run", owner: "pulumi", members: [ANA, BEN] });
    assert.equal(res.id, id);
    assert.equal(groups("killed-run").length, 1);
    assert.deepEqual(emails("killed-run"), [ANA, BEN]);
    assert.deepEqual(writes(from), ["POST /groups/{id}/memberships"]);
    // Code's own group: not "adopted", so destroying it deletes it like any group code created.
    assert.equal(res.outs.adopted, false);
    assert.equal(logged.length, 1);
    assert.match(
      logged[0],
      /^\[atlassian-access\] Group "killed-run" \([0-9a-f-]{36}\): taken over: code's API token "pulumi-ci" created it at \S+ \(audit event \S+\) in a run that did not finish/,
    );
  });

  it("finds the creation outside the run's audit window with one targeted read", async () => {
    await leftover("killed-long-ago");
    newRun();
    // The OwnershipSplit's last check was after the killed run: the run's window does not reach back to the create.
    const { auditWindowSince } = await import("../../provider/org/snapshot");
    auditWindowSince(sb.store.nowMs() + 3 * 3_600_000);
    const from = sb.store.world.requests.length;
    const res = await groupLifecycle.create({ name: "killed-long-ago", owner: "pulumi", members: [ANA] });
    assert.equal(res.id, groups("killed-long-ago")[0].id);
    const audit = sb.store.world.requests.slice(from).filter((r) => r.api === "audit");
    assert.deepEqual(
      audit.map((r) => r.path.replace(/.*\/orgs\/[^/]+/, "")),
      ["/events-stream", "/events"],
    );
    assert.match(logged.join("\n"), /taken over/);
  });

  it("refuses a same-named group a person made, naming the person, and writes nothing", async () => {
    createGroup(sb.store, adminActor(sb.store), { name: "made-by-hand" });
    newRun();
    const from = sb.store.world.requests.length;
    await assert.rejects(
      groupLifecycle.create({ name: "made-by-hand", owner: "pulumi", members: [ANA] }),
      (e: Error) => {
        assert.match(
          e.message,
          /^Group "made-by-hand" already exists \(id [0-9a-f-]{36}\)\. It was created by person:\S+ at \S+, not by code's credential\. To manage it from code, set adopt: true/,
        );
        return true;
      },
    );
    assert.deepEqual(writes(from), []);
    assert.deepEqual(logged, []);
  });

  it("refuses one an unmapped API token made, naming the token to map if it is code's", async () => {
    await leftover("made-by-script", SANDBOX_CREDENTIALS.orgApiKeys.admin);
    newRun();
    await assert.rejects(
      groupLifecycle.create({ name: "made-by-script", owner: "pulumi" }),
      /created by api-key:[^ ]+ \(API token "[^"]+", not in atlassian-access:actorLanes\) at .*map that token to pulumi in atlassian-access:actorLanes/,
    );
  });

  it("without actorLanes, code's own key is not recognised: refused, not taken over", async () => {
    await leftover("no-lanes");
    newRun({ actorLanes: "{}" });
    await assert.rejects(groupLifecycle.create({ name: "no-lanes", owner: "pulumi" }), /already exists/);
    assert.equal(groups("no-lanes").length, 1);
  });

  it("keeps a created group in the state when its members fail: an init error with its id and the provider", async () => {
    newRun({ retryBaseDelayMs: "1", retryMaxDelayMs: "2" });
    sb.store.world.faults = { rate429: 0, rate5xx: 1, latencyMs: 0, dropAfterCommit: 0, match: "/memberships$" };
    const inputs = { name: "half-done", owner: "pulumi" as const, members: [ANA, BEN], __provider: "serialized-shim" };
    const err = await groupLifecycle.create(inputs).then(
      () => assert.fail("create should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PartialCreateError, String(err));
    assert.equal(err.id, groups("half-done")[0].id);
    assert.equal(err.properties.groupId, err.id);
    assert.equal(err.properties.__provider, "serialized-shim");
    assert.deepEqual(err.properties.members, []);
    assert.match(
      err.message,
      /^Group "half-done" \(\S+\) exists, but not finished: .* The next `pulumi up` finishes it\.$/,
    );
    // The next run's update (the engine's "finish initialising" step) adds the members; the group is not made twice.
    sb.store.world.faults = { rate429: 0, rate5xx: 0, latencyMs: 0, dropAfterCommit: 0 };
    newRun();
    const outs = await groupLifecycle.update(err.id, err.properties as never, inputs);
    assert.deepEqual(outs.outs?.members, [ANA, BEN]);
    assert.equal(groups("half-done").length, 1);
  });
});
