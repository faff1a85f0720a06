// createAccessClient against the sandbox: a user's role assignments, roles given to a person and the org admin role,
// and the app access settings, typed by their zod schemas; it shares the org client's gate.
import { strict as assert } from "node:assert";
import { createAccessClient } from "../../provider/clients/atlassian/access-client";
import { createOrgClient } from "../../provider/clients/atlassian/org-client";
import { isNotFound } from "../../provider/clients/errors";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { DIRECT_GRANT, OPEN_SIGNUP } from "../../sandbox/scenarios/acme-access";
import { appAccessTable, DEFAULT_APP_ROLE } from "../../sandbox/org/app-access-settings";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox";

describe("createAccessClient against the sandbox", () => {
  let sb: TestSandbox;
  let client: ReturnType<typeof createAccessClient>;
  const w = () => sb.store.world;
  const ws = (host: string, product: string) =>
    w().org.workspaces.find((x) => x.host === host && x.product === product)!;
  const user = (email: string) => w().org.users.find((u) => u.email === email)!;

  before(async () => {
    sb = await startTestSandbox();
    const opts = {
      apiUrl: sb.url,
      orgId: w().org.id,
      directoryId: w().org.directoryId,
      apiKey: SANDBOX_CREDENTIALS.orgApiKeys.pulumi,
    };
    const org = createOrgClient(opts);
    client = createAccessClient({ ...opts, gate: org.gate });
  });
  after(() => sb.close());

  it("reads a person's role assignments with how each role is held", async () => {
    const rows = await client.getUserRoleAssignments(user(DIRECT_GRANT.email).accountId);
    assert.deepEqual(
      rows.map((r) => [r.resourceId, r.resourceOwner, r.roleAssignments]),
      [
        [
          ws(DIRECT_GRANT.site, DIRECT_GRANT.product).id,
          "jira-servicedesk",
          [{ role: "atlassian/user", roleAssignmentMethods: ["direct"] }],
        ],
      ],
    );
  });

  it("gives a person a product role and takes it back", async () => {
    const ana = user("ana.arden@acme.example");
    const resource = ws("acme-eu.atlassian.net", "confluence").id;
    await client.assignUserRole(ana.accountId, { role: "atlassian/admin", resource });
    assert.deepEqual(
      (await client.getUserRoleAssignments(ana.accountId, { resourceIds: [resource] })).map((r) => r.roles),
      [["atlassian/admin"]],
    );
    await client.revokeUserRole(ana.accountId, { role: "atlassian/admin", resource });
    assert.deepEqual(await client.getUserRoleAssignments(ana.accountId, { resourceIds: [resource] }), []);
  });

  it("makes a person org admin and back, the org role on no directory", async () => {
    const ben = user("ben.arden@acme.example");
    await client.assignOrgRole(ben.accountId);
    const [row] = await client.getUserRoleAssignments(ben.accountId, { resourceOwners: ["platform"] });
    assert.deepEqual([row.roles, row.directoryId], [["atlassian/org-admin"], undefined]);
    await client.revokeOrgRole(ben.accountId);
    assert.deepEqual(await client.getUserRoleAssignments(ben.accountId, { resourceOwners: ["platform"] }), []);
  });

  it("lists every app access domain across pages, and reads one", async () => {
    for (let i = 0; i < 105; i++)
      appAccessTable(sb.store).push({
        domain: `d${String(i).padStart(3, "0")}.example`,
        adminNotifications: false,
        products: [],
      });
    const all = await client.listAppAccessSettingsDomains();
    assert.equal(all.length, 107);
    assert.deepEqual(
      all.slice(0, 2).map((d) => d.domain),
      ["acme.example", "ANYONE"],
    );
    const anyone = await client.getAppAccessSettingsDomain("ANYONE");
    assert.deepEqual(anyone.products, [
      { productId: ws(OPEN_SIGNUP.site, OPEN_SIGNUP.product).id, role: DEFAULT_APP_ROLE, adminApprovalRequired: false },
    ]);
    assert.equal(await client.findAppAccessSettingsDomain("nobody.example"), undefined);
    await assert.rejects(client.getAppAccessSettingsDomain("nobody.example"), (e) => isNotFound(e));
  });

  it("creates, replaces and upserts a domain's settings", async () => {
    const jira = { productId: ws("acme-us.atlassian.net", "jira-software").id, adminApprovalRequired: true };
    const made = await client.createAppAccessSettingsDomain({
      domain: "partner.example",
      adminNotifications: true,
      products: [jira],
    });
    assert.deepEqual(made.products, [{ ...jira, role: DEFAULT_APP_ROLE }]);
    const replaced = await client.replaceAppAccessSettingsDomain("partner.example", {
      adminNotifications: false,
      products: [],
    });
    assert.deepEqual([replaced.enabled, replaced.products], [false, []]);
    const upserted = await client.upsertAppAccessSettingsProduct("partner.example", jira);
    assert.equal(upserted.products.length, 1);
  });
});
