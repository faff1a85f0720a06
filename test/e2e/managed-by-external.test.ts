// Through the real Pulumi CLI: a group marked synced only by `managedBy: "external"` is the identity provider's for
// every resource (issue 10: one isSynced predicate; group and group-member once checked externalSynced alone).
import { strict as assert } from "node:assert";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import { openStack, sandboxConfig, requireEngine, exitCodeOf, outputOf, type TestStack } from "../helpers/stack";

const NAME = "dept-engineering";

describe("engine: a group marked only by managedBy external", function () {
  this.timeout(180_000);
  let sb: TestSandbox;
  const stacks: TestStack[] = [];

  before(async function () {
    requireEngine(this);
    sb = await startEngineSandbox();
    const g = sb.store.world.org.groups.find((x) => x.name === NAME)!;
    // The API variant under test: the group says managedBy "external" but not externalSynced.
    g.externalSynced = false;
    assert.equal(g.managedBy, "external");
  });
  after(async () => {
    for (const t of stacks) await t.stack.workspace.removeStack(t.stack.name, { force: true }).catch(() => undefined);
    await sb?.close();
  });

  const group = () => sb.store.world.org.groups.find((x) => x.name === NAME)!;
  /** Membership writes the org API received for the group (any status). */
  const writes = () =>
    sb.store.world.requests.filter((r) => r.method !== "GET" && r.path.includes(`/groups/${group().id}/memberships`));

  async function stackFor(kase: string): Promise<TestStack> {
    const t = await openStack(
      "managed-by-external",
      sandboxConfig(sb, { "e2e:groupName": { value: NAME }, "e2e:case": { value: kase } }),
    );
    stacks.push(t);
    return t;
  }

  async function failedUp(t: TestStack): Promise<string> {
    try {
      await t.stack.up();
    } catch (e) {
      assert.equal(exitCodeOf(e), 1);
      return outputOf(e);
    }
    return assert.fail("up succeeded; it was expected to refuse the group");
  }

  it("refuses a code-owned Group of that name, even with adopt, and writes no membership", async () => {
    const before = group().members.length;
    const text = await failedUp(await stackFor("code"));
    assert.match(
      text,
      /Group "dept-engineering" is synced from the identity provider; code cannot own it\. Declare it with owner "scim"\./,
    );
    assert.deepEqual(writes(), []);
    assert.equal(group().members.length, before);
  });

  it("refuses a GroupMember on it and writes no membership", async () => {
    const text = await failedUp(await stackFor("member"));
    assert.match(
      text,
      /Group "dept-engineering" is synced from the identity provider, so its membership is owned by the identity provider/,
    );
    assert.deepEqual(writes(), []);
  });

  it("verifies it as the identity provider's group when declared with owner scim", async () => {
    const res = await (await stackFor("scim")).stack.up();
    assert.equal(res.summary.result, "succeeded");
    assert.equal(res.outputs.synced.value, true);
    assert.equal(res.outputs.groupId.value, group().id);
    assert.deepEqual(writes(), []);
  });
});
