// Who can use what, as the org API tells it: users search's resourceIds/roleIds filters and expand options, a user's
// role assignments, the v1 user role endpoints with their audit events, and last active driven by the sandbox clock.
import { strict as assert } from "node:assert";
import { startTestSandbox, call, orgPath, type TestSandbox } from "../helpers/sandbox";
import { SCENARIO_START } from "../../sandbox/scenarios/empty";
import { DIRECT_GRANT, DORMANT_CONTRACTOR, SITE_ADMINS } from "../../sandbox/scenarios/acme-access";
import { platformSiteAri } from "../../sandbox/org/access-index";

describe("sandbox: users and their roles", () => {
  let sb: TestSandbox;
  const w = () => sb.store.world;
  const ws = (host: string, product: string) =>
    w().org.workspaces.find((x) => x.host === host && x.product === product)!;
  const user = (email: string) => w().org.users.find((u) => u.email === email)!;
  const group = (name: string) => w().org.groups.find((g) => g.name === name)!;
  const search = async (body: Record<string, unknown>) => {
    const res = await call(sb, "POST", orgPath(sb, "/users/search"), { body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data as Record<string, unknown>[];
  };
  const control = async (route: string, body: unknown) => {
    const res = await call(sb, "POST", `/__sandbox${route}`, { body, token: null });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const v1 = (accountId: string, rest: string) =>
    `/admin/v1/orgs/${w().org.id}/users/${encodeURIComponent(accountId)}${rest}`;

  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  it("seeds acme with its org admin, site admins, a dormant contractor and a direct grant", async () => {
    const [alex] = await search({ emails: ["alex.admin@acme.example"], expand: ["platformRoles"] });
    assert.deepEqual(alex.platformRoles, ["atlassian/org-admin"]);
    const [tara] = await search({ emails: [SITE_ADMINS[0].email], expand: ["platformRoles", "counts.resources"] });
    assert.deepEqual([tara.platformRoles, tara.counts], [["atlassian/site-admin"], { resources: 2 }]);
    const [kim] = await search({ emails: [DORMANT_CONTRACTOR.email], expand: ["productAccess", "groups"] });
    assert.deepEqual(kim.productAccess, [
      {
        id: ws(DORMANT_CONTRACTOR.site, "confluence").id,
        key: "confluence",
        lastActiveTimestamp: DORMANT_CONTRACTOR.lastActive,
      },
    ]);
    assert.deepEqual(
      (kim.groups as { name: string }[]).map((g) => g.name),
      ["contractors"],
    );
  });

  it("filters users search by who holds a role on a site's product, through a group or directly", async () => {
    const jsm = ws(DIRECT_GRANT.site, "jira-servicedesk");
    const before = await search({ resourceIds: [jsm.id], roleIds: ["atlassian/user"] });
    assert.deepEqual(
      before.map((u) => u.email),
      [DIRECT_GRANT.email],
    );
    sb.store.setClock(SCENARIO_START);
    await control("/admin/app-access", { group: "contractors", site: DIRECT_GRANT.site, product: "jira-servicedesk" });
    const holders = await search({ resourceIds: [jsm.id], roleIds: ["atlassian/user"] });
    const members = group("contractors").members.map((m) => w().org.users.find((u) => u.accountId === m)!.email);
    assert.deepEqual(holders.map((u) => u.email).sort(), [DIRECT_GRANT.email, ...members].sort());
    assert.equal(members.length, 2);
    // Both filters name one assignment: the admin role is held nowhere on this product.
    assert.deepEqual(await search({ resourceIds: [jsm.id], roleIds: ["atlassian/admin"] }), []);
  });

  it("lists a user's role assignments per resource with how each role is held", async () => {
    const quinn = user(DIRECT_GRANT.email);
    const jsm = ws(DIRECT_GRANT.site, "jira-servicedesk");
    // The group's grant is made here (an upsert when the test before made it), and the clock is not set back: a grant
    // is visible from its own time on, so setting the clock back by more than the test before took (on a loaded
    // machine) hid that test's grant, and with it `group_direct`.
    await control("/admin/app-access", { group: "contractors", site: DIRECT_GRANT.site, product: "jira-servicedesk" });
    await control("/admin/group-members", { group: "contractors", email: quinn.email });
    const res = await call(sb, "GET", orgPath(sb, `/users/${encodeURIComponent(quinn.accountId)}/role-assignments`));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data, [
      {
        resourceId: jsm.id,
        resourceOwner: "jira-servicedesk",
        directoryId: w().org.directoryId,
        roles: ["atlassian/user"],
        userDirectoryStatus: "active",
        roleAssignments: [{ role: "atlassian/user", roleAssignmentMethods: ["direct", "group_direct"] }],
      },
    ]);
    const tara = user(SITE_ADMINS[0].email);
    const admin = await call(
      sb,
      "GET",
      orgPath(sb, `/users/${encodeURIComponent(tara.accountId)}/role-assignments?resourceOwners=platform`),
    );
    assert.deepEqual(
      admin.body.data.map((r: { resourceId: string; directoryId: unknown; roles: string[] }) => [
        r.resourceId,
        r.directoryId,
        r.roles,
      ]),
      SITE_ADMINS[0].sites
        .map((s) => [platformSiteAri(ws(s, "jira-software").cloudId), null, ["atlassian/site-admin"]])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it("grants and revokes product access to a person through v1 roles, each recorded with its actor", async () => {
    const ines = user("ines.arden@acme.example");
    const conf = ws("acme-fr.atlassian.net", "confluence");
    const from = w().events.length;
    const assign = await call(sb, "POST", v1(ines.accountId, "/roles/assign"), {
      body: { role: "atlassian/user", resource: conf.id },
    });
    assert.deepEqual([assign.status, assign.body], [204, undefined]);
    let [found] = await search({ emails: [ines.email], expand: ["productAccess"] });
    assert.deepEqual(found.productAccess, [{ id: conf.id, key: "confluence" }]);
    assert.equal(
      (
        await call(sb, "POST", v1(ines.accountId, "/roles/revoke"), {
          body: { role: "atlassian/user", resource: conf.id },
        })
      ).status,
      204,
    );
    [found] = await search({ emails: [ines.email], expand: ["productAccess"] });
    assert.deepEqual(found.productAccess, []);
    const key = w().org.apiKeys.find((k) => k.purpose === "pulumi")!;
    assert.deepEqual(
      w()
        .events.slice(from)
        .map((e) => [e.action, e.actor.tokenLabel, e.context.map((c) => c.id), e.container?.map((c) => c.id)]),
      [
        ["user_granted_product_access", key.label, [ines.accountId], [conf.cloudId]],
        ["user_revoked_product_access", key.label, [ines.accountId], [conf.cloudId]],
      ],
    );
  });

  it("makes and unmakes an org admin through the org-level role assignment, ignoring no resource", async () => {
    const ben = user("ben.arden@acme.example");
    const body = { role: "atlassian/org-admin" };
    assert.equal((await call(sb, "POST", v1(ben.accountId, "/role-assignments/assign"), { body })).status, 204);
    let [found] = await search({ accountIds: [ben.accountId], expand: ["platformRoles"] });
    assert.deepEqual(found.platformRoles, ["atlassian/org-admin"]);
    const e = w().events[w().events.length - 1];
    assert.deepEqual(
      [e.action, e.context[0].type, e.container],
      ["added_org_admin", "users", [{ id: w().org.id, type: "orgs", attributes: { name: "Acme Corp" } }]],
    );
    assert.equal((await call(sb, "POST", v1(ben.accountId, "/role-assignments/revoke"), { body })).status, 204);
    [found] = await search({ accountIds: [ben.accountId], expand: ["platformRoles"] });
    assert.deepEqual(found.platformRoles, []);
  });

  it("refuses a role the resource does not take, an unknown resource or user, and an unexpected org-level role", async () => {
    const ana = user("ana.arden@acme.example");
    const jira = ws("acme-eu.atlassian.net", "jira-software");
    const codes = async (path: string, body: unknown) => {
      const res = await call(sb, "POST", path, { body });
      return [res.status, res.body?.errors?.[0]?.code];
    };
    assert.deepEqual(
      await codes(v1(ana.accountId, "/roles/assign"), { role: "atlassian/customer", resource: jira.id }),
      [400, "ADMIN-UAM-400-3"],
    );
    assert.deepEqual(
      await codes(v1(ana.accountId, "/roles/assign"), { role: "atlassian/site-admin", resource: jira.id }),
      [400, "ADMIN-UAM-400-3"],
    );
    assert.deepEqual(
      await codes(v1(ana.accountId, "/roles/assign"), {
        role: "atlassian/user",
        resource: "ari:cloud:jira::site/nope",
      }),
      [404, "ADMIN-UAM-404-3"],
    );
    assert.deepEqual(await codes(v1(ana.accountId, "/roles/assign"), { role: "atlassian/user" }), [
      400,
      "ADMIN-UAM-400-1",
    ]);
    assert.deepEqual(await codes(v1("712020:nobody", "/roles/assign"), { role: "atlassian/user", resource: jira.id }), [
      404,
      "ADMIN-UAM-404-3",
    ]);
    assert.deepEqual(await codes(v1(ana.accountId, "/role-assignments/assign"), { role: "atlassian/site-admin" }), [
      400,
      "ADMIN-UAM-400-1",
    ]);
    const other = await call(sb, "POST", v1(ana.accountId, "/roles/assign"), {
      body: { role: "atlassian/user", resource: jira.id },
      token: "not-a-key",
    });
    assert.equal(other.status, 401);
    assert.deepEqual(Object.keys(other.body), ["code", "message"], "a v1 path's 401 is the gateway's ProxyError");
  });

  it("hides a new user role until roleConsistencyMs has passed on the sandbox clock", async () => {
    const chloe = user("chloe.arden@acme.example");
    const jira = ws("acme-ca.atlassian.net", "jira-software");
    w().settings.roleConsistencyMs = 30_000;
    try {
      await call(sb, "POST", v1(chloe.accountId, "/roles/assign"), {
        body: { role: "atlassian/admin", resource: jira.id },
      });
      const held = () =>
        search({ resourceIds: [jira.id], roleIds: ["atlassian/admin"] }).then((us) => us.map((u) => u.email));
      assert.deepEqual(await held(), []);
      sb.store.advanceClock(1);
      assert.deepEqual(await held(), [chloe.email]);
    } finally {
      w().settings.roleConsistencyMs = 0;
    }
  });

  it("moves last active with the sandbox clock when a person uses a product", async () => {
    const kim = user(DORMANT_CONTRACTOR.email);
    const t = "2027-02-01T12:00:00.000Z";
    sb.store.setClock(t);
    const used = await control("/activity", { email: kim.email, site: DORMANT_CONTRACTOR.site, product: "confluence" });
    // The sandbox clock runs on from the set point: the time stamped is t plus the few ms the call took.
    const drift = Date.parse(used.lastActive) - Date.parse(t);
    assert.ok(drift >= 0 && drift < 5_000, `last active ${used.lastActive}, clock set to ${t}`);
    // An older time never moves it back.
    await control("/activity", {
      email: kim.email,
      site: DORMANT_CONTRACTOR.site,
      product: "confluence",
      at: "2026-01-01T00:00:00Z",
    });
    const [found] = await search({ emails: [kim.email], expand: ["productAccess"] });
    const confluence = (found.productAccess as { id: string; lastActiveTimestamp?: string }[]).find(
      (p) => p.id === ws(DORMANT_CONTRACTOR.site, "confluence").id,
    );
    assert.equal(confluence?.lastActiveTimestamp, used.lastActive);
  });

  it("grants a role by hand through the admin control, as the person named", async () => {
    const res = await control("/admin/user-role", {
      email: "grace.arden@acme.example",
      role: "atlassian/site-admin",
      site: "acme-au.atlassian.net",
    });
    assert.equal(res.resourceId, platformSiteAri(ws("acme-au.atlassian.net", "jira-software").cloudId));
    const e = w().events[w().events.length - 1];
    assert.deepEqual(
      [e.action, e.actor.kind, e.actor.email],
      ["user_granted_role", "admin-ui", "alex.admin@acme.example"],
    );
  });
});
