// Separation of duties in the checks of GroupMember, AppAccess and Admins, against the acme sandbox in-process: what
// counts as a change of code's (a new edge, a new grant, an admin newly declared under enforce) and what does not (the
// same inputs again, an observe-only Admins, a resource whose program carries no conflict). The refusal's wording is
// the engine test's (test/e2e/sod.test.ts).
import { strict as assert } from "node:assert";
import { groupMemberLifecycle, type GroupMemberArgs } from "../../provider/lifecycle/group-member/lifecycle";
import { appAccessLifecycle, type AppAccessArgs } from "../../provider/lifecycle/app-access/lifecycle";
import { adminsLifecycle, type AdminsArgs } from "../../provider/lifecycle/admins/lifecycle";
import { configure, resetRunState, setContextForTests } from "../../provider/lifecycle/context";
import type { SodConflict } from "../../provider/rules/sod";
import { call, providerConfigure, startTestSandbox, type TestSandbox } from "../helpers/sandbox";

const TARA = "tara.arden@acme.example"; // site admin of acme-eu and acme-us in the seed
const KIM = "kim.novak@northwind.example"; // in "contractors" in the seed
const EU = "acme-eu.atlassian.net";
const CONTRACT: SodConflict = {
  name: "contract-vs-site-admin",
  a: { group: "contractors" },
  b: { admin: "site-admin", site: "acme-eu" },
  reason: "contractors do not administer the EU site",
};
const CONFLUENCE: SodConflict = {
  name: "eu-confluence-admin-vs-site-admin",
  a: { site: "acme-eu", product: "confluence", role: "atlassian/admin" },
  b: { admin: "site-admin", site: "acme-eu" },
  reason: "the EU site's admins do not also administer its Confluence content",
};

/** Who each failure names, and on which input. */
const named = (r: { failures?: { property: string; reason: string }[] }) =>
  (r.failures ?? []).map((f) => `${f.property}: ${f.reason.split(" ")[0]} ${/conflict "([^"]+)"/.exec(f.reason)?.[1]}`);

describe("separation of duties at check", function () {
  this.timeout(60_000);
  let sb: TestSandbox;

  before(async () => {
    sb = await startTestSandbox();
    configure(providerConfigure(sb));
  });
  beforeEach(() => resetRunState());
  after(async () => {
    setContextForTests(undefined);
    resetRunState();
    await sb.close();
  });

  it("refuses a new GroupMember that would give a site admin the contractors, and not the same edge again", async () => {
    const edge: GroupMemberArgs = { group: "contractors", email: TARA, program: { conflicts: [CONTRACT] } };
    assert.deepEqual(named(await groupMemberLifecycle.check({}, edge)), [`email: ${TARA} contract-vs-site-admin`]);
    assert.deepEqual(named(await groupMemberLifecycle.check(edge, edge)), []);
    assert.deepEqual(named(await groupMemberLifecycle.check({}, { ...edge, program: undefined })), []);
  });

  it("refuses a new AppAccess whose role a member's other side conflicts with, and not an unchanged one", async () => {
    const grant: AppAccessArgs = {
      group: "all-employees",
      site: EU,
      product: "confluence",
      role: "atlassian/admin",
      program: { conflicts: [CONFLUENCE] },
    };
    assert.deepEqual(named(await appAccessLifecycle.check({}, grant)), [
      `group: ${TARA} eu-confluence-admin-vs-site-admin`,
    ]);
    assert.deepEqual(named(await appAccessLifecycle.check(grant, grant)), []);
    // The same role to a group without a site admin of acme-eu in it.
    assert.deepEqual(named(await appAccessLifecycle.check({}, { ...grant, group: "contractors" })), []);
  });

  it("refuses a new member of a group whose role a conflict names, while they hold the other side", async () => {
    const grant = { group: "contractors", site: EU, product: "confluence", role: "atlassian/admin" };
    const control = (op: string) =>
      call(sb, "POST", "/__sandbox/admin/app-access", { body: { ...grant, op }, token: null });
    assert.equal((await control("assign")).status, 200);
    try {
      // The conflict's site as a label, and as a person pastes it from the browser: the same site.
      const pasted: SodConflict = { ...CONFLUENCE, a: { ...CONFLUENCE.a, site: " https://Acme-EU.atlassian.net/" } };
      for (const conflict of [CONFLUENCE, pasted]) {
        const edge: GroupMemberArgs = { group: "contractors", email: TARA, program: { conflicts: [conflict] } };
        const res = await groupMemberLifecycle.check({}, edge);
        assert.deepEqual(named(res), [`email: ${TARA} eu-confluence-admin-vs-site-admin`], JSON.stringify(conflict.a));
        assert.match(
          res.failures![0].reason,
          /\[atlassian\/admin on acme-eu\.atlassian\.net\/confluence through "contractors" \(this change\)\]/,
        );
      }
    } finally {
      assert.equal((await control("revoke")).status, 200);
    }
  });

  it("refuses under enforce an admin newly declared on the other side; not without enforce, nor one declared before", async () => {
    const admins: AdminsArgs = {
      enforce: true,
      orgAdmins: ["alex.admin@acme.example"],
      siteAdmins: {
        [EU]: [TARA, KIM],
        "acme-us.atlassian.net": [TARA],
        "acme-jp.atlassian.net": ["hiro.arden@acme.example"],
      },
      program: { conflicts: [CONTRACT] },
    };
    assert.deepEqual(named(await adminsLifecycle.check({}, admins)), [`siteAdmins: ${KIM} contract-vs-site-admin`]);
    assert.deepEqual(named(await adminsLifecycle.check({}, { ...admins, enforce: false })), []);
    // Enforcement started with Kim declared already: the next change adds nothing for her.
    assert.deepEqual(named(await adminsLifecycle.check(admins, admins)), []);
    // Turning enforcement on is granting every declared role.
    assert.deepEqual(named(await adminsLifecycle.check({ ...admins, enforce: false }, admins)), [
      `siteAdmins: ${KIM} contract-vs-site-admin`,
    ]);
  });
});
