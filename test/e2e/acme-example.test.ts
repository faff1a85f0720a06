// The README's example (examples/acme, the repo's Pulumi.yaml) through the real CLI: converge, stay clean, destroy only code's.
import { strict as assert } from "node:assert";
import { visibleRoles } from "../../sandbox/org-ops";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { openStack, sandboxConfig, requireEngine, REPO_ROOT, type TestStack } from "../helpers/stack";

describe("engine: the acme example", function () {
  this.timeout(600_000);
  let sb: TestSandbox;
  let t: TestStack;

  before(async function () {
    requireEngine(this);
    sb = await startTestSandbox();
    t = await openStack(REPO_ROOT, sandboxConfig(sb));
  });
  after(async () => {
    await t?.stack.workspace.removeStack(t.stack.name, { force: true }).catch(() => undefined);
    await sb?.close();
  });

  const groupNamed = (name: string) => sb.store.world.org.groups.find((g) => g.name === name);

  it("converges on up: the admin group is created and 50 app access grants exist", async () => {
    const before = sb.store.world.org.groups.length;
    const res = await t.stack.up();
    assert.equal(res.summary.result, "succeeded");
    assert.equal(sb.store.world.org.groups.length, before + 1);
    assert.equal(visibleRoles(sb.store).length, 50);
    assert.equal(res.outputs.adminGroupId.value, groupNamed("jira-admins")!.id);
  });

  it("previews no changes afterwards", async () => {
    const res = await t.stack.preview({ refresh: true, expectNoChanges: true });
    assert.equal(res.changeSummary.create ?? 0, 0);
  });

  it("destroys only what code owns: SCIM and ISC groups stay, the code-owned group goes", async () => {
    await t.stack.destroy();
    assert.equal(groupNamed("jira-admins"), undefined);
    assert.ok(groupNamed("dept-engineering")?.externalSynced);
    assert.ok(groupNamed("isc-jira-requesters"));
    assert.equal(visibleRoles(sb.store).length, 0);
  });
});
