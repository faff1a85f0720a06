// Every mutation settled by reading (issue 12 item 2), against the sandbox with every mutation's answer lost after it
// was applied (dropAfterCommit 1): each write goes out once, a read tells it landed, and nothing is doubled or lost.
import { strict as assert } from "node:assert";
import { configure, setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { resetServerClock } from "../../provider/clients/server-clock";
import { groupLifecycle } from "../../provider/lifecycle/group/lifecycle";
import { groupMemberLifecycle } from "../../provider/lifecycle/group-member/lifecycle";
import { appAccessLifecycle } from "../../provider/lifecycle/app-access/lifecycle";
import { providerConfigure, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { eventsByApiKey } from "../helpers/audit-events";

describe("writes whose answers are lost are settled by reading", function () {
  this.timeout(30_000);
  let sb: TestSandbox;
  /**
   * Writes that reached the sandbox: each applied one recorded its audit event (its answer was then lost, and a lost
   * answer leaves no request record), and any answered one (a re-send's 409, say) is in the request log.
   */
  const sent = (method: string, tail: RegExp, action: string) =>
    eventsByApiKey(sb.store.world, action, "pulumi-ci").length +
    sb.store.world.requests.filter((r) => r.api === "org" && r.method === method && tail.test(r.path)).length;
  const group = (name: string) => sb.store.world.org.groups.filter((g) => g.name === name);
  const emails = (name: string) =>
    group(name)[0]
      .members.map((a) => sb.store.world.org.users.find((u) => u.accountId === a)!.email)
      .sort();

  before(async () => {
    sb = await startTestSandbox();
    resetServerClock();
    resetRunState();
    configure(
      providerConfigure(sb, {
        retryBaseDelayMs: "1",
        retryMaxDelayMs: "5",
        pollIntervalMs: "5",
        roleConsistencyTimeoutMs: "2000",
      }),
    );
    sb.store.world.faults.dropAfterCommit = 1;
  });
  after(async () => {
    setContextForTests(undefined);
    resetRunState();
    await sb.close();
  });

  it("creates a group and adds its members once each, though every answer was lost", async () => {
    const members = ["ana.arden@acme.example", "ben.arden@acme.example", "chloe.arden@acme.example"];
    const res = await groupLifecycle.create({ name: "lost-answers", owner: "pulumi", members });
    assert.equal(group("lost-answers").length, 1);
    assert.equal(res.id, group("lost-answers")[0].id);
    assert.deepEqual(emails("lost-answers"), members);
    assert.deepEqual(res.outs.members, members);
    assert.equal(sent("POST", /\/groups$/, "group_created"), 1);
    assert.equal(sent("POST", /\/memberships$/, "user_added_to_group"), 3);
  });

  it("removes a member once through an update, and a GroupMember adds and removes its edge once", async () => {
    const g = group("lost-answers")[0];
    const olds = (await groupLifecycle.read(g.id, { name: "lost-answers", owner: "pulumi" } as never)).props!;
    await groupLifecycle.update(g.id, olds, {
      name: "lost-answers",
      owner: "pulumi",
      members: ["ana.arden@acme.example"],
    });
    assert.deepEqual(emails("lost-answers"), ["ana.arden@acme.example"]);
    assert.equal(sent("DELETE", /\/memberships\/[^/]+$/, "user_removed_from_group"), 2);

    const edge = await groupMemberLifecycle.create({ group: "contractors", email: "ben.arden@acme.example" });
    assert.ok(emails("contractors").includes("ben.arden@acme.example"));
    await groupMemberLifecycle.delete(edge.id, edge.outs);
    assert.ok(!emails("contractors").includes("ben.arden@acme.example"));
    assert.equal(sent("POST", /\/memberships$/, "user_added_to_group"), 4);
    assert.equal(sent("DELETE", /\/memberships\/[^/]+$/, "user_removed_from_group"), 3);
  });

  it("grants and revokes app access once each", async () => {
    const g = group("lost-answers")[0];
    const access = { group: g.id, site: "acme-eu.atlassian.net", product: "jira-software", role: "atlassian/user" };
    const res = await appAccessLifecycle.create(access);
    const held = () =>
      sb.store.world.org.roles.filter((r) => r.groupId === g.id && r.hiddenFrom === undefined).map((r) => r.roleId);
    assert.deepEqual(held(), ["atlassian/user"]);
    await appAccessLifecycle.delete(res.id, res.outs);
    assert.deepEqual(held(), []);
    assert.equal(sent("POST", /\/role-assignments\/assign$/, "group_granted_product_access"), 1);
    assert.equal(sent("POST", /\/role-assignments\/revoke$/, "group_revoked_product_access"), 1);
  });
});
