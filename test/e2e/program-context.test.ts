// Through the real Pulumi CLI: what one resource needs from the rest of its program (issue 21, item 3). A Group named
// by name is created before the resources that name it; a GroupMember given the groupId of a Group whose `members`
// list is authoritative is refused at preview, before any write, with the one-line check failure.
import { strict as assert } from "node:assert";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import { openStack, sandboxConfig, pulumiBinDir, failureOf, type TestStack, closeEngineStack } from "../helpers/stack";

/** Skips when no Pulumi CLI exists (fails in CI instead). */
function requireCli(ctx: Mocha.Context): void {
  if (pulumiBinDir()) return;
  if (process.env.CI === "true")
    throw new Error("No Pulumi CLI in CI: scripts/build-pulumi.sh must run before the tests.");
  ctx.skip();
}

describe("engine: a Group named by name is created first", function () {
  this.timeout(300_000);
  let sb: TestSandbox;
  let t: TestStack;
  const group = () => sb.store.world.org.groups.find((g) => g.name === "nr-ops");

  before(async function () {
    requireCli(this);
    sb = await startEngineSandbox();
    t = await openStack("group-by-name", sandboxConfig(sb));
  });
  after(() => closeEngineStack(sb, t));

  it("creates the Group, then the AppAccess and the GroupMember naming it, on the first up", async () => {
    const res = await t.stack.up();
    assert.equal(res.summary.result, "succeeded");
    assert.deepEqual(res.summary.resourceChanges, { create: 4 });
    assert.equal(res.outputs.grantGroupId.value, group()!.id);
    assert.equal(res.outputs.memberGroupId.value, group()!.id);
  });

  it("records the Group as a dependency of both, so destroy removes them before it", async () => {
    const resources = (await t.stack.exportStack()).deployment.resources as {
      urn: string;
      type: string;
      dependencies?: string[];
    }[];
    const groupUrn = resources.find((r) => r.type.endsWith(":Group"))!.urn;
    for (const type of ["AppAccess", "GroupMember"]) {
      const r = resources.find((x) => x.type.endsWith(`:${type}`))!;
      assert.ok(r.dependencies?.includes(groupUrn), `${type} depends on the Group`);
    }
    const res = await t.stack.preview({ refresh: true, expectNoChanges: true });
    assert.deepEqual(res.changeSummary, { same: 4 });
  });

  it("destroys all three", async () => {
    const res = await t.stack.destroy();
    assert.equal(res.summary.result, "succeeded");
    assert.equal(group(), undefined);
  });
});

describe("engine: a GroupMember given the groupId of a Group that lists members", function () {
  this.timeout(300_000);
  let sb: TestSandbox;
  let t: TestStack;
  const NAME = "e2e-authoritative";
  const MEMBER = "pulumi-nodejs:dynamic/atlassian:GroupMember";
  const reason =
    `group "${NAME}" declares \`members\` on its Group, and that list is authoritative: the Group's next update would remove this member. ` +
    `Remove \`members\` from Group "${NAME}" or drop this GroupMember.`;

  before(async function () {
    requireCli(this);
    sb = await startEngineSandbox();
    t = await openStack(
      "group-member",
      sandboxConfig(sb, {
        "e2e:groupName": { value: NAME },
        "e2e:groupMembers": { value: '["chloe.arden@acme.example"]' },
      }),
    );
  });
  after(() => closeEngineStack(sb, t));

  const failure = (name: string) =>
    `error: ${MEMBER} resource '${name}': property group value output<string>{} has a problem: ${reason}`;

  it("is refused at preview with the one-line check failure, as is the edge given the Group, writing nothing", async () => {
    const events = sb.store.world.events.length;
    const f = await failureOf(t.stack.preview());
    assert.equal(f.code, 1, f.text);
    // The engine stops at the first check failure: either edge, whichever registered first.
    assert.equal(f.errors.length, 1, f.text);
    assert.ok([failure("ana"), failure("ben")].includes(f.errors[0]), f.errors[0]);
    assert.doesNotMatch(f.text, /\n\s+at /, "no JavaScript stack trace");
    assert.equal(sb.store.world.events.length, events, "a preview changes nothing in the org");
  });

  it("is refused by up with the same one-line failure, adding no member", async () => {
    const f = await failureOf(t.stack.up());
    assert.equal(f.code, 1, f.text);
    assert.doesNotMatch(f.text, /\n\s+at /, "no JavaScript stack trace");
    const g = sb.store.world.org.groups.find((x) => x.name === NAME);
    // up skips the preview: the Group is created before the edges register, with its own list only.
    const ids = (g?.members ?? []).map((id) => sb.store.world.org.users.find((u) => u.accountId === id)!.email);
    assert.deepEqual(ids, g ? ["chloe.arden@acme.example"] : []);
  });
});
