// Through the real Pulumi CLI: GroupMember adds and removes only its own member, and hand-made members are not drift.
import { strict as assert } from "node:assert";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import { openStack, sandboxConfig, pulumiBinDir, failureOf, type TestStack, closeEngineStack } from "../helpers/stack";

const MEMBER = "pulumi-nodejs:dynamic/atlassian:GroupMember";

/** Skips when no Pulumi CLI exists (fails in CI instead). */
function requireCli(ctx: Mocha.Context): void {
  if (pulumiBinDir()) return;
  if (process.env.CI === "true")
    throw new Error("No Pulumi CLI in CI: scripts/build-pulumi.sh must run before the tests.");
  ctx.skip();
}

/** A person changes a group's members in the admin UI. */
async function byHand(sb: TestSandbox, op: "add" | "remove", group: string, email: string): Promise<void> {
  const res = await fetch(`${sb.url}/__sandbox/admin/group-members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ group, email, op }),
  });
  assert.equal(res.status, 200, await res.text());
}

describe("engine: GroupMember through the Pulumi CLI", function () {
  this.timeout(300_000);
  let sb: TestSandbox;
  let t: TestStack;

  const group = () => sb.store.world.org.groups.find((g) => g.name === "e2e-additive");
  const members = () =>
    group()!
      .members.map((id) => sb.store.world.org.users.find((u) => u.accountId === id)!.email)
      .sort();

  before(async function () {
    requireCli(this);
    sb = await startEngineSandbox();
    t = await openStack("group-member", sandboxConfig(sb));
  });
  after(() => closeEngineStack(sb, t));

  it("adds both members on up, to a Group declared without members", async () => {
    const res = await t.stack.up();
    assert.equal(res.summary.result, "succeeded");
    assert.deepEqual(res.summary.resourceChanges, { create: 4 }); // the stack, the Group, two edges
    assert.equal(res.outputs.groupId.value, group()!.id);
    assert.deepEqual(members(), ["ana.arden@acme.example", "ben.arden@acme.example"]);
  });

  it("does not report a member added by hand as drift: preview --refresh --expect-no-changes passes", async () => {
    await byHand(sb, "add", "e2e-additive", "chloe.arden@acme.example");
    const res = await t.stack.preview({ refresh: true, expectNoChanges: true });
    assert.deepEqual(res.changeSummary, { same: 4 });
    assert.deepEqual(members(), ["ana.arden@acme.example", "ben.arden@acme.example", "chloe.arden@acme.example"]);
  });

  it("shows an edge's member removed by hand as a create, exiting 7 on the refresh preview", async () => {
    await byHand(sb, "remove", "e2e-additive", "ben.arden@acme.example");
    const f = await failureOf(t.stack.preview({ refresh: true, expectNoChanges: true }));
    assert.equal(f.code, 7, f.text);
    assert.match(f.text, new RegExp(`\\+ {2}${MEMBER} ben create`));
    assert.match(f.text, /\+ 1 to create/);
    assert.deepEqual(members(), ["ana.arden@acme.example", "chloe.arden@acme.example"], "a preview adds nothing");
  });

  it("re-adds that member on up --refresh, leaving the hand-added one", async () => {
    const res = await t.stack.up({ refresh: true });
    assert.equal(res.summary.result, "succeeded");
    assert.deepEqual(res.summary.resourceChanges, { create: 1, same: 3 });
    assert.deepEqual(members(), ["ana.arden@acme.example", "ben.arden@acme.example", "chloe.arden@acme.example"]);
  });

  it("removes only the two edges' members when the edges are destroyed", async () => {
    const resources = (await t.stack.exportStack()).deployment.resources as { urn: string; type: string }[];
    const edges = resources.filter((r) => r.type === MEMBER).map((r) => r.urn);
    assert.equal(edges.length, 2);
    const res = await t.stack.destroy({ target: edges });
    assert.equal(res.summary.result, "succeeded");
    assert.deepEqual(res.summary.resourceChanges, { delete: 2, same: 2 }); // the stack and the Group stay
    assert.deepEqual(members(), ["chloe.arden@acme.example"]);
  });

  it("then destroys the Group itself", async () => {
    const res = await t.stack.destroy();
    assert.equal(res.summary.result, "succeeded");
    assert.equal(group(), undefined);
  });
});
// A GroupMember on a Group whose members list is authoritative: test/e2e/program-context.test.ts.
