// Separation of duties: the one decision (sodBreaches) over plain holdings, the split's sod-conflict findings over the
// snapshot with the later grant's evidence, and the check of the split's `conflicts` input.
import { strict as assert } from "node:assert";
import {
  changeBreaches,
  checkConflicts,
  refusalText,
  sodBreaches,
  type Holding,
  type SodConflict,
} from "../../provider/rules/sod";
import { conflictsNamingAdmin, conflictsNamingRole } from "../../provider/rules/program-context";
import { sodFindings } from "../../provider/rules/sod-findings";
import { orgFindings } from "../../provider/rules/drift";
import { ADMIN, ADMIN_ACTOR, ROLE, SITE, ev, group, split, user, view } from "../helpers/builders";

const APPROVE: SodConflict = {
  name: "approve-vs-admin",
  a: { group: "jira-approvers" },
  b: { site: "acme-eu", product: "jira-software", role: "atlassian/admin" },
  reason: "who approves Jira requests must not administer Jira",
};
const ADMINS: SodConflict = {
  name: "pay-vs-site-admin",
  a: { group: "platform-payers" },
  b: { admin: "site-admin", site: "acme-eu.atlassian.net" },
  reason: "payers do not administer the site",
};

describe("sodBreaches", () => {
  const h = (email: string, held: Holding["held"], proposed?: boolean): Holding => ({ email, held, proposed });
  const approver = h("Ana@acme.example", { kind: "group", group: "JIRA-approvers" });
  const admin = h("ana@acme.example", {
    kind: "role",
    site: "acme-eu.atlassian.net",
    product: "jira-software",
    role: "atlassian/admin",
    via: "platform-admins",
  });

  it("finds a person holding both sides (names ignore case; a site by its first label), and no one holding one", () => {
    const bob = h("bob@acme.example", { kind: "group", group: "jira-approvers" });
    const [b, ...rest] = sodBreaches([APPROVE], [approver, admin, bob]);
    assert.deepEqual(rest, []);
    assert.deepEqual([b.email, b.a, b.b], ["ana@acme.example", [approver], [admin]]);
  });

  it("matches the role a side names (atlassian/user when it names none), and admin roles by site", () => {
    const user1 = { ...admin, held: { ...admin.held, role: ROLE } } as Holding;
    assert.deepEqual(sodBreaches([APPROVE], [approver, user1]), []);
    const anyUse: SodConflict = { ...APPROVE, b: { site: "acme-eu", product: "jira-software" } };
    assert.equal(sodBreaches([anyUse], [approver, user1]).length, 1);
    const payer = h("ana@acme.example", { kind: "group", group: "platform-payers" });
    const us = h("ana@acme.example", { kind: "admin", role: "site-admin", site: "acme-us.atlassian.net" });
    const eu = h("ana@acme.example", { kind: "admin", role: "site-admin", site: "acme-eu.atlassian.net" });
    assert.deepEqual(sodBreaches([ADMINS], [payer, us]), []);
    assert.equal(sodBreaches([ADMINS], [payer, us, eu]).length, 1);
  });
});

describe("changeBreaches", () => {
  const h = (email: string, held: Holding["held"]): Holding => ({ email, held });
  const approver = h("ana@acme.example", { kind: "group", group: "jira-approvers" });
  const jiraAdmin = (via?: string) =>
    h("ana@acme.example", {
      kind: "role",
      site: "acme-eu.atlassian.net",
      product: "jira-software",
      role: "atlassian/admin",
      ...(via ? { via } : {}),
    });

  it("names each person a change would give both sides, the change's holding marked", () => {
    const [b, ...rest] = changeBreaches([APPROVE], [approver], [jiraAdmin("platform-admins")]);
    assert.deepEqual(rest, []);
    assert.deepEqual(
      [b.conflict.name, b.email, b.a, b.b],
      ["approve-vs-admin", "ana@acme.example", [{ ...approver, proposed: true }], [jiraAdmin("platform-admins")]],
    );
  });

  it("gives each kind of change its side: a group's role to its members, an admin role declared", () => {
    // An AppAccess: the role through the group, to a member who approves already.
    assert.equal(changeBreaches([APPROVE], [jiraAdmin("all-employees")], [approver]).length, 1);
    // An Admins: site admin of acme-eu to a payer.
    const payer = h("ana@acme.example", { kind: "group", group: "platform-payers" });
    const siteAdmin = h("ana@acme.example", { kind: "admin", role: "site-admin", site: "acme-eu.atlassian.net" });
    assert.equal(changeBreaches([ADMINS], [siteAdmin], [payer]).length, 1);
    const usAdmin = h("ana@acme.example", { kind: "admin", role: "site-admin", site: "acme-us.atlassian.net" });
    assert.deepEqual(changeBreaches([ADMINS], [usAdmin], [payer]), []);
  });

  it("leaves out a breach that stands without the change, and a change that gives one side only", () => {
    // Code declaring what she holds already: the split's sod-conflict finding, not this change's fault.
    assert.deepEqual(changeBreaches([APPROVE], [approver], [approver, jiraAdmin("platform-admins")]), []);
    assert.deepEqual(changeBreaches([APPROVE], [approver], []), []);
    const bob = h("bob@acme.example", { kind: "group", group: "jira-approvers" });
    assert.deepEqual(changeBreaches([APPROVE], [bob], [jiraAdmin("platform-admins")]), []);
  });

  it("words a refusal with the person, both sides, the reason, the fix and how to allow it", () => {
    const [b] = changeBreaches([APPROVE], [approver], [jiraAdmin()]);
    assert.equal(
      refusalText(b, `leave ana@acme.example out of "jira-approvers"`),
      `ana@acme.example would hold both sides of conflict "approve-vs-admin" (who approves Jira requests must not administer Jira): member of "jira-approvers" [member of "jira-approvers" (this change)] and atlassian/admin on acme-eu/jira-software [atlassian/admin on acme-eu.atlassian.net/jira-software directly]. Separation of duties (the OwnershipSplit's conflicts) refuses giving one person both: leave ana@acme.example out of "jira-approvers", or take the other side away first; if ana@acme.example must hold both, change conflict "approve-vs-admin" in the OwnershipSplit's conflicts.`,
    );
  });
});

describe("conflicts a resource's program carries", () => {
  it("gives an AppAccess the conflicts naming its role on its site's product, any site spelling", () => {
    const names = (cs: SodConflict[]) => cs.map((c) => c.name);
    const all = [APPROVE, ADMINS];
    assert.deepEqual(names(conflictsNamingRole(all, "acme-eu.atlassian.net", "jira-software", "atlassian/admin")), [
      "approve-vs-admin",
    ]);
    assert.deepEqual(names(conflictsNamingRole(all, "acme-eu.atlassian.net", "jira-software", ROLE)), []);
    assert.deepEqual(names(conflictsNamingRole(all, "acme-us.atlassian.net", "jira-software", "atlassian/admin")), []);
    assert.deepEqual(names(conflictsNamingRole(all, "ari:cloud:jira::site/1", "jira-software", "atlassian/admin")), [
      "approve-vs-admin",
    ]);
    assert.deepEqual(names(conflictsNamingAdmin(all)), ["pay-vs-site-admin"]);
  });
});

describe("sodFindings", () => {
  const approvers = group("jira-approvers");
  const admins = group("platform-admins");
  const grant = { groupId: admins.id, resourceId: SITE.id, role: "atlassian/admin" };
  const usage = (extra = {}) => ({ groupRoles: [grant], directGrants: [], candidates: [], ...extra });

  it("reports a person in both, with the later grant's actor, time and event, in that group's lane", () => {
    const ana = user("ana@acme.example", [approvers, admins]);
    const old = ev(1, "user_added_to_group", ADMIN, { group: admins, user: ana });
    const later = ev(5, "user_added_to_group", ADMIN, { group: approvers, user: ana });
    const v = view({ users: [ana], groups: [approvers, admins], usage: usage(), events: [later, old] });
    const [f, ...rest] = sodFindings(v, split, [APPROVE]);
    assert.deepEqual(rest, []);
    assert.equal(f.id, "sod-conflict:approve-vs-admin/ana@acme.example");
    assert.equal(f.lane, "isc", "jira-* is the isc lane's in the builders' split");
    assert.deepEqual([f.actor, f.at, f.evidence], [ADMIN_ACTOR, later.time, [`event:${later.id}`]]);
    assert.equal(
      f.message,
      `ana@acme.example holds both sides of conflict "approve-vs-admin" (who approves Jira requests must not administer Jira): member of "jira-approvers" (member of "jira-approvers") and atlassian/admin on acme-eu/jira-software (atlassian/admin on acme-eu.atlassian.net/jira-software through "platform-admins"); the later grant is member of "jira-approvers".`,
    );
    assert.match(f.fix, /revoke ana@acme\.example's "jira-approvers" entitlement in SailPoint ISC \(the later grant\)/);
  });

  it("takes a role given directly and an admin role as sides; the later grant may be the role", () => {
    const payers = group("platform-payers");
    const ana = user("ana@acme.example", [payers]);
    const joined = ev(1, "user_added_to_group", ADMIN, { group: payers, user: ana });
    const made = ev(9, "user_granted_role", ADMIN, { user: ana });
    Object.assign(made, { resourceId: "ari:cloud:platform::site/eu", role: "atlassian/site-admin" });
    const v = view({ users: [ana], groups: [payers], events: [joined, made] });
    const held = [
      {
        accountId: ana.accountId,
        email: "ana@acme.example",
        role: "atlassian/site-admin" as const,
        site: "acme-eu.atlassian.net",
        resourceId: "ari:cloud:platform::site/eu",
      },
    ];
    const [f] = sodFindings(v, split, [ADMINS], held);
    assert.deepEqual([f.lane, f.at, f.evidence], ["pulumi", made.time, [`event:${made.id}`]]);
    assert.match(f.message, /the later grant is site admin of acme-eu\.atlassian\.net\.$/);
    const direct = { accountId: ana.accountId, resourceId: SITE.id, role: "atlassian/admin" };
    const approver = user("ana@acme.example", [approvers]);
    const v2 = view({
      users: [approver],
      groups: [approvers],
      usage: usage({ groupRoles: [], directGrants: [direct] }),
    });
    const [d] = sodFindings(v2, split, [APPROVE]);
    assert.match(d.message, /atlassian\/admin on acme-eu\.atlassian\.net\/jira-software directly/);
  });

  it("is part of the split's org findings, and nothing without conflicts", () => {
    const ana = user("ana@acme.example", [approvers, admins]);
    const v = view({ users: [ana], groups: [approvers, admins], usage: usage() });
    const kinds = (fs: { kind: string }[]) => fs.filter((f) => f.kind === "sod-conflict").length;
    assert.equal(kinds(orgFindings(v, split, { conflicts: [APPROVE] })), 1);
    assert.equal(kinds(orgFindings(v, split)), 0);
  });
});

describe("checkConflicts", () => {
  it("accepts the three kinds of side and refuses malformed ones, naming each", () => {
    assert.deepEqual(checkConflicts([APPROVE, ADMINS, { ...APPROVE, name: "org", a: { admin: "org-admin" } }]), []);
    assert.deepEqual(
      checkConflicts([
        { name: "x y", a: { group: "" }, b: { admin: "unit-admin" }, reason: "" },
        APPROVE,
        { ...APPROVE, b: { site: "acme-eu" } },
      ]).map((f) => f.reason),
      [
        `conflicts[0].name must be a name of letters, digits, '.', '_' or '-'; got "x y".`,
        "conflicts[0].reason must say why the two sides must not meet.",
        `conflicts[0].a { group } takes one non-empty group name; got {"group":""}.`,
        `conflicts[0].b admin must be "org-admin" or "site-admin"; got {"admin":"unit-admin"}.`,
        `conflicts[2].name "approve-vs-admin" is used twice.`,
        `conflicts[2].b { site, product, role? } needs a site and a product; got {"site":"acme-eu"}.`,
      ],
    );
  });
});
