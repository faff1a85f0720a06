// Admins lifecycle against the acme sandbox in-process: check's refusals, the cheap read of who holds admin, findings
// with the grant's actor, and enforce (refusal before any write, grants and revokes checked in the sandbox's state).
import { strict as assert } from "node:assert";
import { adminsLifecycle, type AdminsArgs } from "../../provider/lifecycle/admins/lifecycle";
import { configure, setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { readAdminHoldings, type AdminApi } from "../../provider/lifecycle/admins/roles";
import { platformScope } from "../../provider/rules/admins";
import { UNKNOWN } from "../../provider/runtime/values";
import { visibleUserRoles } from "../../sandbox/org/access-index";
import { call, providerConfigure, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { eventsByApiKey } from "../helpers/audit-events";

const ALEX = "alex.admin@acme.example";
const TARA = "tara.arden@acme.example";
const HIRO = "hiro.arden@acme.example";
const QUINN = "quinn.arden@acme.example";
/** acme's admins as the seed holds them (sandbox/scenarios/acme-access.ts). */
const ACME: AdminsArgs = {
  orgAdmins: [ALEX],
  siteAdmins: { "acme-eu": [TARA], "acme-us.atlassian.net": [TARA], "acme-jp": [HIRO] },
};
const NORMALISED = {
  orgAdmins: [ALEX],
  siteAdmins: {
    "acme-eu.atlassian.net": [TARA],
    "acme-jp.atlassian.net": [HIRO],
    "acme-us.atlassian.net": [TARA],
  },
};

describe("adminsLifecycle", function () {
  this.timeout(60_000);
  let sb: TestSandbox;

  const fresh = () => {
    resetRunState();
  };
  const requests = () => sb.store.world.requests.length;
  const orgCalls = (from: number) =>
    sb.store.world.requests
      .slice(from)
      .filter((r) => r.api === "org")
      .map((r) => `${r.method} ${r.path.replace(/^\/admin\/v[12]\/orgs\/[^/]+(\/directories\/[^/]+)?/, "")}`);
  const check = async (args: AdminsArgs) => adminsLifecycle.check({}, args);
  /** Roles held directly, as the sandbox stores them: `email role host|org`. */
  const sandboxAdmins = () =>
    visibleUserRoles(sb.store)
      .filter((r) => r.roleId === "atlassian/org-admin" || r.roleId === "atlassian/site-admin")
      .map((r) => {
        const email = sb.store.world.org.users.find((u) => u.accountId === r.accountId)!.email;
        const cloudId = /::site\/(.+)$/.exec(r.resourceId)?.[1];
        const host = cloudId ? sb.store.world.org.workspaces.find((w) => w.cloudId === cloudId)!.host : "org";
        return `${email} ${r.roleId.replace("atlassian/", "")} ${host}`;
      })
      .sort();
  const grantSiteAdmin = async (email: string, site: string, op = "assign") => {
    const res = await call(sb, "POST", "/__sandbox/admin/user-role", {
      body: { email, role: "atlassian/site-admin", site, op },
      token: null,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  beforeEach(async () => {
    sb = await startTestSandbox();
    configure(providerConfigure(sb));
    fresh();
  });
  afterEach(async () => {
    setContextForTests(undefined);
    fresh();
    await sb.close();
  });

  describe("check", () => {
    it("normalises sites to their hosts and emails to lower case", async () => {
      const res = await check({ ...ACME, orgAdmins: ["Alex.Admin@acme.example"] });
      assert.deepEqual(res, { inputs: NORMALISED });
    });

    it("refuses a malformed email, a site the org does not have and an email no account has", async () => {
      const res = await check({
        orgAdmins: ["not-an-email"],
        siteAdmins: { "acme-xx": [TARA] },
      });
      assert.deepEqual(res.failures, [
        {
          property: "orgAdmins",
          reason: 'orgAdmins: "not-an-email" is not an email address; admins are listed by email.',
        },
      ]);
      const live = await check({ orgAdmins: ["nobody@acme.example"], siteAdmins: { "acme-xx": [TARA] } });
      assert.equal(live.failures?.length, 2);
      assert.match(
        live.failures[0].reason,
        /^siteAdmins: "acme-xx" is not a site of this organization; its sites: acme-eu\.atlassian\.net, /,
      );
      assert.deepEqual(live.failures[1], {
        property: "orgAdmins",
        reason:
          "No Atlassian account of this organization has the email nobody@acme.example: admins must be existing accounts (invite them first), or fix the typo.",
      });
    });

    it("refuses an empty orgAdmins under enforce, and a second Admins of the program", async () => {
      const res = await check({ orgAdmins: [], enforce: true, program: { duplicateOf: "admins" } });
      assert.deepEqual(
        res.failures?.map((f) => f.reason),
        [
          'Admins "admins" of this program already declares the org\'s admins; one org has one list of admins. Declare one Admins resource.',
          "orgAdmins is empty with enforce: true, which would revoke every org admin; an organization keeps at least one. List at least one account, or leave orgAdmins out so that org admins are not judged.",
        ],
      );
    });

    it("lets unknown preview values through without reading", async () => {
      const from = requests();
      assert.deepEqual(await check({ orgAdmins: [UNKNOWN] }), { inputs: { orgAdmins: [UNKNOWN] } });
      assert.deepEqual(orgCalls(from), []);
    });
  });

  describe("create and read (observe)", () => {
    it("records who holds admin with 3 requests and no write, and reports nothing when all are declared", async () => {
      const { inputs } = await check(ACME);
      const from = requests();
      const { id, outs } = await adminsLifecycle.create(inputs!);
      assert.equal(id, `admins:${sb.store.world.org.id}`);
      assert.deepEqual(outs, {
        ...NORMALISED,
        held: NORMALISED,
        missing: [],
        findings: [],
      });
      // One users search (roleIds org-admin + site-admin, platformRoles), one role read per site admin (Tara, Hiro).
      const calls = orgCalls(from);
      assert.equal(calls.length, 3, calls.join("\n"));
      assert.equal(calls.filter((c) => c.startsWith("POST /users/search")).length, 1);
      assert.equal(calls.filter((c) => /GET \/users\/[^/]+\/role-assignments/.test(c)).length, 2);
    });

    it("reports a site admin granted by hand as undeclared-admin naming the person, and keeps the resource changed", async () => {
      const { inputs } = await check(ACME);
      const { id, outs } = await adminsLifecycle.create(inputs!);
      await grantSiteAdmin(QUINN, "acme-de.atlassian.net");
      fresh();
      const read = await adminsLifecycle.read(id, outs);
      const f = read.props!.findings;
      assert.deepEqual(
        f.map((x) => [x.id, x.actor]),
        [[`undeclared-admin:${QUINN}/site-admin/acme-de.atlassian.net`, `person:${ALEX}`]],
      );
      assert.deepEqual(read.inputs, NORMALISED);
      assert.equal((await adminsLifecycle.diff(id, read.props!, inputs!)).changes, true);
      // Declaring the person is the acceptance.
      const declared = (await check({ ...ACME, siteAdmins: { ...ACME.siteAdmins, "acme-de": [QUINN] } })).inputs!;
      const updated = await adminsLifecycle.update(id, read.props!, declared);
      assert.deepEqual(updated.outs.findings, []);
      assert.equal((await adminsLifecycle.diff(id, updated.outs, declared)).changes, false);
    });
  });

  describe("enforce", () => {
    it("refuses, writing nothing, to revoke admins that predate enforcement unless adopt is set", async () => {
      const { inputs } = await check({ orgAdmins: [ALEX], siteAdmins: { "acme-eu": [TARA] }, enforce: true });
      const before = sandboxAdmins();
      await assert.rejects(
        adminsLifecycle.create(inputs!),
        (e: Error) =>
          e.message ===
          `Admins: enforce would revoke 2 admin role(s) held before code managed admins: ${HIRO}/site-admin/acme-jp.atlassian.net, ${TARA}/site-admin/acme-us.atlassian.net. Declare them in orgAdmins/siteAdmins to keep them, or set adopt: true to revoke them (run \`pulumi preview --refresh\` first: each is an undeclared-admin finding naming who granted it). Nothing was granted or revoked.`,
      );
      assert.deepEqual(sandboxAdmins(), before);
    });

    it("with adopt, grants the declared and revokes the undeclared, checked in the sandbox", async () => {
      const { inputs } = await check({
        orgAdmins: [ALEX],
        siteAdmins: { "acme-eu": [TARA], "acme-de": [QUINN] },
        enforce: true,
        adopt: true,
      });
      const { outs } = await adminsLifecycle.create(inputs!);
      assert.deepEqual(sandboxAdmins(), [
        `${ALEX} org-admin org`,
        `${QUINN} site-admin acme-de.atlassian.net`,
        `${TARA} site-admin acme-eu.atlassian.net`,
      ]);
      assert.deepEqual([outs.findings, outs.missing], [[], []]);
      assert.deepEqual(outs.held.siteAdmins, { "acme-de.atlassian.net": [QUINN], "acme-eu.atlassian.net": [TARA] });
    });

    it("sends each grant and revoke once though every answer is lost, settling each by reading", async () => {
      configure(providerConfigure(sb, { retryBaseDelayMs: "1", retryMaxDelayMs: "5", pollIntervalMs: "5" }));
      sb.store.world.faults.dropAfterCommit = 1;
      const { inputs } = await check({
        orgAdmins: [ALEX],
        siteAdmins: { "acme-eu": [TARA], "acme-de": [QUINN] },
        enforce: true,
        adopt: true,
      });
      await adminsLifecycle.create(inputs!);
      // An applied write records its event (its answer was then lost); an answered one (a re-send) is in the log.
      const sent = (action: string, op: string) =>
        eventsByApiKey(sb.store.world, action, "pulumi-ci").length +
        sb.store.world.requests.filter((r) => r.api === "org" && r.path.endsWith(`/roles/${op}`)).length;
      assert.deepEqual([sent("user_granted_role", "assign"), sent("user_revoked_role", "revoke")], [1, 2]);
      assert.deepEqual(sandboxAdmins(), [
        `${ALEX} org-admin org`,
        `${QUINN} site-admin acme-de.atlassian.net`,
        `${TARA} site-admin acme-eu.atlassian.net`,
      ]);
    });

    it("revokes on a later up, without adopt, a site admin granted by hand, and re-grants a declared one revoked", async () => {
      const { inputs } = await check({ ...ACME, enforce: true });
      const { id, outs } = await adminsLifecycle.create(inputs!);
      await grantSiteAdmin(QUINN, "acme-de.atlassian.net");
      await grantSiteAdmin(HIRO, "acme-jp.atlassian.net", "revoke");
      fresh();
      const read = await adminsLifecycle.read(id, outs);
      assert.deepEqual(read.props!.missing, [`${HIRO}/site-admin/acme-jp.atlassian.net`]);
      const from = requests();
      const updated = await adminsLifecycle.update(id, read.props!, inputs!);
      const writes = orgCalls(from).filter((c) => c.includes("/roles/"));
      assert.deepEqual(writes.length, 2, writes.join("\n"));
      assert.deepEqual(sandboxAdmins(), [
        `${ALEX} org-admin org`,
        `${HIRO} site-admin acme-jp.atlassian.net`,
        `${TARA} site-admin acme-eu.atlassian.net`,
        `${TARA} site-admin acme-us.atlassian.net`,
      ]);
      assert.deepEqual([updated.outs.findings, updated.outs.missing], [[], []]);
    });
  });
});

describe("readAdminHoldings", () => {
  const scope = platformScope(
    [
      { id: "ari:cloud:jira-software::site/c-eu", host: "acme-eu.atlassian.net" },
      { id: "ari:cloud:jira-software::site/c-us", host: "acme-us.atlassian.net" },
    ],
    "o1",
  );
  const EU = "ari:cloud:platform::site/c-eu";
  const US = "ari:cloud:platform::site/c-us";
  /** Three site admins on two sites, and one org admin; every call recorded. */
  function fake(calls: string[]): Pick<AdminApi, "org" | "access"> {
    const holders = [
      { accountId: "a1", email: "Alex@acme.example", platformRoles: ["atlassian/org-admin"], sites: [] as string[] },
      { accountId: "a2", email: "tara@acme.example", platformRoles: ["atlassian/site-admin"], sites: [EU, US] },
      { accountId: "a3", email: "hiro@acme.example", platformRoles: ["atlassian/site-admin"], sites: [US] },
      { accountId: "a4", email: "kai@acme.example", platformRoles: ["atlassian/site-admin"], sites: [EU] },
    ];
    const org = {
      searchDirectoryUsers: async (body: { roleIds?: string[]; resourceIds?: string[] }) => {
        calls.push(`search ${body.roleIds?.join("+")}${body.resourceIds ? ` on ${body.resourceIds.join()}` : ""}`);
        return holders.filter((h) => !body.resourceIds || body.resourceIds.some((r) => h.sites.includes(r)));
      },
    };
    const access = {
      getUserRoleAssignments: async (accountId: string) => {
        calls.push(`roles of ${accountId}`);
        return holders
          .find((h) => h.accountId === accountId)!
          .sites.map((resourceId) => ({ resourceId, roles: ["atlassian/site-admin"] }));
      },
    };
    return { org, access } as unknown as Pick<AdminApi, "org" | "access">;
  }

  it("searches once per site when there are more site admins than sites", async () => {
    const calls: string[] = [];
    const held = await readAdminHoldings(fake(calls), scope);
    assert.deepEqual(calls, [
      "search atlassian/org-admin+atlassian/site-admin",
      `search atlassian/site-admin on ${EU}`,
      `search atlassian/site-admin on ${US}`,
    ]);
    assert.deepEqual(
      held.map((h) => `${h.email} ${h.role} ${h.site ?? ""}`.trim()),
      [
        "alex@acme.example atlassian/org-admin",
        "kai@acme.example atlassian/site-admin acme-eu.atlassian.net",
        "tara@acme.example atlassian/site-admin acme-eu.atlassian.net",
        "hiro@acme.example atlassian/site-admin acme-us.atlassian.net",
        "tara@acme.example atlassian/site-admin acme-us.atlassian.net",
      ],
    );
  });

  it("reads each site admin's role assignments when they are no more than the sites", async () => {
    const calls: string[] = [];
    const three = platformScope(
      [
        { id: "ari:cloud:jira-software::site/c-eu", host: "acme-eu.atlassian.net" },
        { id: "ari:cloud:jira-software::site/c-us", host: "acme-us.atlassian.net" },
        { id: "ari:cloud:jira-software::site/c-jp", host: "acme-jp.atlassian.net" },
      ],
      "o1",
    );
    await readAdminHoldings(fake(calls), three);
    assert.deepEqual(calls, [
      "search atlassian/org-admin+atlassian/site-admin",
      "roles of a2",
      "roles of a3",
      "roles of a4",
    ]);
  });
});
