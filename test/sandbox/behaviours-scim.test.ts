// domain.md behaviours 3-8 and 10 as the sandbox shows them: link by email, invited-unlinked, read-only synced groups,
// no rename, deleting a synced group drops its access, leaving scope, and group name conflicts.
import { strict as assert } from "node:assert";
import { startTestSandbox, call, orgPath, type TestSandbox } from "../helpers/sandbox";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { INVITED_UNLINKED } from "../../sandbox/scenarios/acme";
import { assignRole, createUser, findGroupByName, findUserByEmail } from "../../sandbox/org/ops";
import { deleteIdpGroup, runIdpSync, upsertIdpGroup, upsertIdpUser } from "../../sandbox/actors/idp-sync";
import { resolveGroupConflict } from "../../sandbox/scim/ops";
import type { Actor } from "../../sandbox/store";

describe("SCIM behaviours (domain.md 3-8, 10)", () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  const scim = (method: string, rest: string, body?: unknown) =>
    call(sb, method, `/scim/directory/${sb.store.world.scim.directoryId}${rest}`, {
      body,
      token: SANDBOX_CREDENTIALS.scimToken,
      headers: body === undefined ? {} : { "content-type": "application/scim+json" },
    });
  const admin = (): Actor => {
    const a = sb.store.world.admins[0];
    return { kind: "admin-ui", id: a.accountId, name: a.name, email: a.email };
  };
  const scimUserByMail = (mail: string) => sb.store.world.scim.users.find((u) => u.userName === mail)!;
  const scimGroup = (name: string) => sb.store.world.scim.groups.find((g) => g.displayName === name)!;
  const orgGroup = (name: string) => findGroupByName(sb.store, name)!;
  const accountOf = (email: string) => findUserByEmail(sb.store, email)!;
  const accountsNamed = (name: string) => sb.store.world.org.users.filter((u) => u.name === name);

  describe("linking by email (behaviour 3)", () => {
    it("links a pushed user to the managed account with the same email instead of creating one", async () => {
      const invited = createUser(sb.store, admin(), {
        email: "olga.brooks2@acme.example",
        name: "Olga Brooks",
        managementSource: "invited",
      });
      const before = sb.store.world.org.users.length;
      const res = await scim("POST", "/Users", {
        userName: "olga.brooks2@acme.example",
        emails: [{ value: "olga.brooks2@acme.example", primary: true }],
      });
      assert.equal(res.status, 201);
      assert.equal(res.body["urn:scim:schemas:extension:atlassian-external:1.0"].atlassianAccountId, invited.accountId);
      assert.equal(sb.store.world.org.users.length, before);
      const viaOrg = await call(sb, "GET", orgPath(sb, `/users/${invited.accountId}`));
      assert.equal(viaOrg.body.data.managementSource, "synced");
    });

    it("creates a second account for the same person when the email differs", async () => {
      createUser(sb.store, admin(), {
        email: "p.dubois@acme.example",
        name: "Pia Dubois",
        managementSource: "invited",
      });
      const res = await scim("POST", "/Users", {
        userName: "pia.dubois@acme.example",
        emails: [{ value: "pia.dubois@acme.example", primary: true }],
        displayName: "Pia Dubois",
      });
      assert.equal(res.status, 201);
      assert.deepEqual(
        accountsNamed("Pia Dubois").map((u) => [u.email, u.managementSource]),
        [
          ["p.dubois@acme.example", "invited"],
          ["pia.dubois@acme.example", "synced"],
        ],
      );
    });
  });

  describe("invited but not linked (behaviour 4)", () => {
    it("gives Maria a second, synced account and keeps the invited one out of the synced groups", () => {
      const invited = accountOf(INVITED_UNLINKED.invitedEmail);
      const synced = accountOf(INVITED_UNLINKED.idpEmail);
      assert.deepEqual([invited.managementSource, synced.managementSource], ["invited", "synced"]);
      assert.equal(scimUserByMail(INVITED_UNLINKED.idpEmail).accountId, synced.accountId);
      const groupsOf = (accountId: string) =>
        sb.store.world.org.groups
          .filter((g) => g.members.includes(accountId))
          .map((g) => g.name)
          .sort();
      assert.deepEqual(groupsOf(invited.accountId), ["contractors"]);
      assert.deepEqual(groupsOf(synced.accountId), ["all-employees", "dept-sales"]);
    });

    it("holds back an unlinked user's pushed memberships until the user is re-pushed", async () => {
      const su = scimUserByMail("tara.costa@acme.example");
      const accountId = su.accountId!;
      // What the user-provisioning unlink API does: the SCIM record loses its account, both survive.
      su.accountId = undefined;
      const created = await scim("POST", "/Groups", { displayName: "pending-link", members: [{ value: su.id }] });
      assert.equal(created.status, 201);
      assert.deepEqual(orgGroup("pending-link").members, []);
      const repush = await scim("PATCH", `/Users/${su.id}`, {
        Operations: [{ op: "replace", path: "title", value: "Analyst" }],
      });
      assert.equal(repush.status, 200);
      assert.equal(repush.body["urn:scim:schemas:extension:atlassian-external:1.0"].atlassianAccountId, accountId);
      assert.deepEqual(orgGroup("pending-link").members, [accountId]);
    });
  });

  describe("synced groups are read-only (behaviour 5)", () => {
    it("shows a synced group as externalSynced, managed externally, neither modifiable nor deletable", async () => {
      const res = await call(sb, "GET", orgPath(sb, `/groups/${orgGroup("dept-engineering").id}`));
      assert.equal(res.status, 200);
      assert.equal(res.body.data.externalSynced, true);
      assert.equal(res.body.data.managedBy, "external");
      assert.deepEqual(res.body.data.managementAccess, { deletable: false, modifiable: false, readable: true });
    });

    it("refuses membership changes and deletion of a synced group through the org API", async () => {
      const g = orgGroup("dept-finance");
      const members = [...g.members];
      const outsider = accountOf(INVITED_UNLINKED.invitedEmail).accountId;
      const add = await call(sb, "POST", orgPath(sb, `/groups/${g.id}/memberships`), { body: { accountId: outsider } });
      const remove = await call(sb, "DELETE", orgPath(sb, `/groups/${g.id}/memberships/${members[0]}`));
      const del = await call(sb, "DELETE", orgPath(sb, `/groups/${g.id}`));
      assert.deepEqual([add.status, remove.status, del.status], [403, 403, 403]);
      assert.deepEqual(orgGroup("dept-finance").members, members);
    });
  });

  describe("no rename (behaviour 6)", () => {
    it("refuses a displayName change through PATCH with 400 mutability", async () => {
      const sg = scimGroup("dept-marketing");
      const res = await scim("PATCH", `/Groups/${sg.id}`, {
        Operations: [{ op: "replace", path: "displayName", value: "marketing" }],
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.scimType, "mutability");
      assert.equal(
        res.body.detail,
        'Group names cannot be changed: displayName "dept-marketing" is immutable. Create a new group, move members and access, then delete the old one.',
      );
      assert.equal(sb.store.world.org.groups.find((g) => g.id === sg.groupId)!.name, "dept-marketing");
    });

    it("reports the IdP's rename as a sync error and keeps the group under its old name", () => {
      sb.store.world.idp.groups.find((g) => g.displayName === "dept-it")!.displayName = "dept-information-technology";
      const report = runIdpSync(sb.store);
      assert.deepEqual(report.errors, [
        'dept-information-technology: 400 Group names cannot be changed: displayName "dept-it" is immutable. Create a new group, move members and access, then delete the old one.',
      ]);
      assert.equal(orgGroup("dept-it").externalSynced, true);
      assert.equal(findGroupByName(sb.store, "dept-information-technology"), undefined);
      sb.store.world.idp.groups.find((g) => g.displayName === "dept-information-technology")!.displayName = "dept-it";
    });
  });

  describe("deleting a synced group (behaviour 7)", () => {
    it("drops the app access it granted, and re-creating the name does not restore it", async () => {
      const ws = sb.store.world.org.workspaces.find((w) => w.product === "confluence")!;
      const old = orgGroup("dept-hr");
      assignRole(sb.store, admin(), old.id, "atlassian/user", ws.id);
      const granted = await call(sb, "GET", orgPath(sb, `/groups/${old.id}/role-assignments`));
      assert.deepEqual(
        granted.body.data.map((r: { resourceId: string }) => r.resourceId),
        [ws.id],
      );
      const memberEmails = sb.store.world.idp.users
        .filter((u) => sb.store.world.idp.groups.find((g) => g.displayName === "dept-hr")!.members.includes(u.objectId))
        .map((u) => u.mail);

      deleteIdpGroup(sb.store, "dept-hr");
      const deleted = runIdpSync(sb.store);
      assert.equal(deleted.groupsDeleted, 1);
      assert.equal((await call(sb, "GET", orgPath(sb, `/groups/${old.id}`))).status, 404);
      assert.deepEqual(
        sb.store.world.org.roles.filter((r) => r.groupId === old.id),
        [],
      );

      upsertIdpGroup(sb.store, { displayName: "dept-hr", members: memberEmails });
      const recreated = runIdpSync(sb.store);
      assert.deepEqual([recreated.groupsCreated, recreated.membershipsAdded], [1, memberEmails.length]);
      const fresh = orgGroup("dept-hr");
      assert.notEqual(fresh.id, old.id);
      assert.equal(fresh.members.length, memberEmails.length);
      const access = await call(sb, "GET", orgPath(sb, `/groups/${fresh.id}/role-assignments`));
      assert.deepEqual(access.body.data, []);
    });
  });

  describe("leaving sync scope (behaviour 10)", () => {
    it("deactivates a user who left sync scope and leaves the account in place", () => {
      const mail = "quinn.brooks@acme.example";
      upsertIdpUser(sb.store, { mail, accountEnabled: false });
      const report = runIdpSync(sb.store);
      assert.equal(report.usersDeactivated, 1);
      assert.equal(scimUserByMail(mail).active, false);
      assert.equal(accountOf(mail).accountStatus, "inactive");
      upsertIdpUser(sb.store, { mail, accountEnabled: true });
      assert.equal(runIdpSync(sb.store).usersUpdated, 1);
      assert.equal(accountOf(mail).accountStatus, "active");
    });
  });

  describe("group name conflicts (behaviour 8)", () => {
    it("records the IdP's dept-legal as a conflict and leaves the local group untouched", () => {
      const local = orgGroup("dept-legal");
      assert.deepEqual([local.externalSynced, local.managedBy, local.members], [false, "admins", []]);
      const sg = scimGroup("dept-legal");
      assert.deepEqual([sg.groupId, sg.conflictWithGroupId], [undefined, local.id]);
      const report = runIdpSync(sb.store);
      assert.deepEqual(report.conflicts, [
        `dept-legal: a local group with this name already exists (group ${local.id}); an admin must accept or reject the sync.`,
      ]);
      assert.equal(sb.store.world.events.filter((e) => e.action === "group_sync_conflict").length, 1);
    });

    it("makes the local group synced with the SCIM members' accounts when an admin accepts", async () => {
      const sg = scimGroup("dept-legal");
      resolveGroupConflict(sb.store, sg.id, "accept", admin());
      const local = orgGroup("dept-legal");
      const expected = sg.members.map((id) => sb.store.world.scim.users.find((u) => u.id === id)!.accountId!).sort();
      assert.deepEqual([...local.members].sort(), expected);
      assert.deepEqual([sg.groupId, sg.conflictWithGroupId], [local.id, undefined]);
      const res = await call(sb, "GET", orgPath(sb, `/groups/${local.id}`));
      assert.deepEqual([res.body.data.externalSynced, res.body.data.managedBy], [true, "external"]);
      assert.deepEqual(runIdpSync(sb.store).conflicts, []);
    });

    it("keeps the local group local and its members unchanged when an admin rejects", async () => {
      const contractors = orgGroup("contractors");
      const members = [...contractors.members];
      const pushed = await scim("POST", "/Groups", {
        displayName: "contractors",
        members: [{ value: scimUserByMail("ana.arden@acme.example").id }],
      });
      assert.equal(pushed.status, 201);
      const sg = scimGroup("contractors");
      assert.equal(sg.conflictWithGroupId, contractors.id);
      resolveGroupConflict(sb.store, sg.id, "reject", admin());
      assert.deepEqual([sg.groupId, sg.conflictWithGroupId], [undefined, undefined]);
      assert.deepEqual(
        [contractors.externalSynced, contractors.managedBy, contractors.members],
        [false, "admins", members],
      );
    });
  });
});
