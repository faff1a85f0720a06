// The org and audit clients against the sandbox: a group's whole life, paging, refusals, and a lost create settled by search.
import { strict as assert } from "node:assert";
import { createOrgClient, type OrgClient } from "../../provider/clients/atlassian/org-client";
import { createAuditClient } from "../../provider/clients/atlassian/audit-client";
import { isAmbiguous, isConflict, isForbidden, isNotFound } from "../../provider/clients/errors";
import { SANDBOX_CREDENTIALS, SCENARIO_START } from "../../sandbox/scenarios/empty";
import { call, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { rejectionOf } from "./test-server";

describe("createOrgClient against the sandbox", () => {
  let sb: TestSandbox;
  let org: OrgClient;

  before(async () => {
    sb = await startTestSandbox();
    const w = sb.store.world.org;
    org = createOrgClient({
      apiUrl: sb.url,
      orgId: w.id,
      directoryId: w.directoryId,
      apiKey: SANDBOX_CREDENTIALS.orgApiKeys.pulumi,
      sleep: async () => {},
    });
  });
  after(() => sb.close());

  it("lists the org's one directory", async () => {
    assert.deepEqual(
      (await org.getDirectories()).map((d) => d.directoryId),
      [sb.store.world.org.directoryId],
    );
  });

  it("walks every page of groups and users", async () => {
    const groups = await org.searchDirectoryGroups({ limit: 2 });
    assert.deepEqual(groups.map((g) => g.id).sort(), sb.store.world.org.groups.map((g) => g.id).sort());
    const users = await org.searchDirectoryUsers({ limit: 3 });
    assert.equal(users.length, sb.store.world.org.users.length);
    assert.equal(new Set(users.map((u) => u.accountId)).size, users.length);
  });

  it("creates a group, resolves its id by exact name, and refuses a second of the same name", async () => {
    await org.createGroup({ name: "client-test-admins", description: "made by the client test" });
    const g = await org.findGroupByExactName("client-test-admins");
    assert.ok(g);
    assert.equal((await org.getGroup(g.id)).description, "made by the client test");
    assert.equal(g.externalSynced, false);
    assert.ok(isConflict(await rejectionOf(org.createGroup({ name: "client-test-admins" }))));
  });

  it("adds a member, lists it through user search, and removes it", async () => {
    const g = (await org.findGroupByExactName("contractors"))!;
    const [u] = await org.searchDirectoryUsers({ emails: ["ana.arden@acme.example"] });
    assert.ok(u, "the acme scenario has ana.arden");
    await org.addGroupMembership(g.id, u.accountId);
    assert.ok(isConflict(await rejectionOf(org.addGroupMembership(g.id, u.accountId))));
    const members = await org.searchDirectoryUsers({ groupIds: [g.id] });
    assert.ok(members.some((m) => m.accountId === u.accountId));
    await org.removeGroupMembership(g.id, u.accountId);
    assert.ok(!(await org.searchDirectoryUsers({ groupIds: [g.id] })).some((m) => m.accountId === u.accountId));
  });

  it("refuses membership changes on an IdP-synced group with 403", async () => {
    const synced = (await org.searchDirectoryGroups()).find((g) => g.externalSynced);
    assert.ok(synced, "the acme scenario has a SCIM-synced group");
    const [u] = await org.searchDirectoryUsers({ limit: 1 });
    assert.ok(isForbidden(await rejectionOf(org.addGroupMembership(synced.id, u.accountId))));
  });

  it("assigns and revokes app access on a workspace ARI", async () => {
    const g = (await org.findGroupByExactName("client-test-admins"))!;
    const [ws] = await org.queryWorkspaces();
    await org.assignGroupRole(g.id, { roleId: "atlassian/user", resourceId: ws.id });
    assert.deepEqual(
      (await org.getGroupRoleAssignments(g.id)).map((r) => [r.resourceId, r.roles]),
      [[ws.id, ["atlassian/user"]]],
    );
    await org.revokeGroupRole(g.id, { roleId: "atlassian/user", resourceId: ws.id });
    assert.deepEqual(await org.getGroupRoleAssignments(g.id), []);
  });

  it("deletes a group, after which getGroup throws not-found and findGroup returns undefined", async () => {
    const g = (await org.findGroupByExactName("client-test-admins"))!;
    await org.deleteGroup(g.id);
    assert.ok(isNotFound(await rejectionOf(org.getGroup(g.id))));
    assert.equal(await org.findGroup(g.id), undefined);
  });

  it("reports a create whose answer was lost as ambiguous, sent once, and the search settles it", async () => {
    await call(sb, "POST", "/__sandbox/faults", { body: { dropAfterCommit: 1 }, token: null });
    try {
      // A resent create would have met 409, not an unknown outcome.
      assert.ok(isAmbiguous(await rejectionOf(org.createGroup({ name: "lost-answer" }))));
    } finally {
      await call(sb, "POST", "/__sandbox/faults", { body: { dropAfterCommit: 0 }, token: null });
    }
    assert.ok(await org.findGroupByExactName("lost-answer"));
    assert.equal(sb.store.world.org.groups.filter((g) => g.name === "lost-answer").length, 1);
  });

  it("reads every audit event page, waiting out the 10-a-minute limit on the sandbox clock", async () => {
    const w = sb.store.world.org;
    const waits: number[] = [];
    const audit = createAuditClient({
      apiUrl: sb.url,
      orgId: w.id,
      apiKey: SANDBOX_CREDENTIALS.orgApiKeys.pulumi,
      sleep: async (ms) => {
        waits.push(ms);
        sb.store.advanceClock(ms / 60_000);
      },
    });
    const expected = sb.store.world.events.filter((e) => Date.parse(e.time) >= Date.parse(SCENARIO_START)).length;
    assert.ok(expected > 500, "enough events for more than ten pages of 50");
    const events = await audit.getEvents({ from: SCENARIO_START, limit: 50 });
    assert.equal(events.length, expected);
    assert.equal(new Set(events.map((e) => e.id)).size, expected);
    assert.ok(waits.length >= 1 && waits.every((ms) => ms > 0 && ms <= 60_000), `waits: ${waits.join(", ")}`);
    assert.ok(events.some((e) => e.attributes.actor.name === "pulumi-ci"));
  });

  it("streams the audit log keeping only the events asked for, page by page, up to `to`", async () => {
    const w = sb.store.world.org;
    const audit = createAuditClient({
      apiUrl: sb.url,
      orgId: w.id,
      apiKey: SANDBOX_CREDENTIALS.orgApiKeys.pulumi,
      sleep: async (ms) => void sb.store.advanceClock(ms / 60_000),
    });
    const window = { from: SCENARIO_START, to: sb.store.nowMs(), limit: 100 };
    const all = await audit.streamEvents(window);
    const removed = (e: (typeof all)[number]) => e.attributes.action === "user_removed_from_group";
    const kept = await audit.streamEvents(window, removed);
    assert.ok(kept.length > 0 && kept.length < all.length, `${kept.length} of ${all.length}`);
    assert.deepEqual(
      kept.map((e) => e.id),
      all.filter(removed).map((e) => e.id),
    );
  });
});
