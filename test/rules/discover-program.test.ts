// discover's plan of the adopting program (provider/rules/discover-program.ts): lanes, declared groups, grants, the
// org's findings accepted, and the drift a program cannot accept.
import { strict as assert } from "node:assert";
import { planProgram, type FoundOrg } from "../../provider/rules/discover-program";
import type { IscView, OrgSnapshot } from "../../provider/rules/snapshot";
import { group, user, view } from "../helpers/builders";
import { found, ORG, S1, S2 } from "../helpers/discover-org";

const DAY = "2026-11-23";
const snapOf = (org: FoundOrg, parts: Partial<OrgSnapshot> = {}) =>
  view({
    groups: org.groups.map((g) => group(g.name, g.synced)),
    users: [
      user("ana@acme.example", [group("site-admins"), group("dept-b", true)]),
      user("ben@acme.example", [group("site-admins")]),
    ],
    ...parts,
  });

describe("planProgram", () => {
  it("claims each lane's groups, declares code's with members and the others that hold app access", () => {
    const plan = planProgram(ORG, snapOf(ORG), { lanes: ["pulumi", "scim", "isc"], claim: "pulumi", day: DAY });
    assert.deepEqual(plan.split, {
      accountCreator: "scim",
      scim: { groups: ["all-employees", "dept-*"] },
      isc: { groups: ["isc-*"] },
      pulumi: { groups: ["legacy", "site-admins"] },
      acceptedFindings: [],
    });
    assert.deepEqual(plan.groups, [
      { name: "dept-b", owner: "scim", referenced: true },
      { name: "isc-x", owner: "isc", referenced: true },
      { name: "legacy", owner: "pulumi", members: [], referenced: true },
      {
        name: "site-admins",
        owner: "pulumi",
        description: "Site administrators",
        members: ["ana@acme.example", "ben@acme.example"],
        referenced: true,
      },
    ]);
    assert.deepEqual(
      plan.grants.map((a) => `${a.group}${a.declared ? "" : " (by name)"} ${a.site} ${a.product} ${a.role}`),
      [
        `dept-b ${S1} jira-software atlassian/user`,
        `dept-b ${S2} jira-software atlassian/user`,
        `isc-x ${S1} confluence atlassian/user`,
        `legacy ${S2} confluence atlassian/user`,
        `site-admins ${S1} jira-software atlassian/admin`,
      ],
    );
    assert.deepEqual(plan.sites, [S1, S2]);
    assert.deepEqual(plan.warnings, []);
  });

  it("leaves the rest unclaimed with claim none: accepted unclaimed-group findings, grants by group name", () => {
    const plan = planProgram(ORG, snapOf(ORG), { lanes: ["pulumi", "scim", "isc"], claim: "none", day: DAY });
    assert.equal(plan.split.pulumi, undefined);
    assert.deepEqual(plan.split.acceptedFindings, [
      { id: "unclaimed-group:legacy", reason: "found at adoption on 2026-11-23" },
      { id: "unclaimed-group:site-admins", reason: "found at adoption on 2026-11-23" },
    ]);
    assert.deepEqual(
      plan.groups.map((g) => g.name),
      ["dept-b", "isc-x"],
    );
    assert.deepEqual(
      plan.grants.filter((a) => !a.declared).map((a) => a.group),
      ["legacy", "site-admins"],
    );
  });

  it("declares only the lanes asked for, while the split still claims every lane", () => {
    const plan = planProgram(ORG, snapOf(ORG), { lanes: ["scim"], claim: "pulumi", day: DAY });
    assert.deepEqual(
      plan.groups.map((g) => `${g.owner} ${g.name}`),
      ["scim dept-b"],
    );
    assert.deepEqual(
      plan.grants.map((a) => a.group),
      ["dept-b", "dept-b"],
    );
    assert.deepEqual(plan.split.pulumi, { groups: ["legacy", "site-admins"] });
  });

  it("accepts every finding the split's rules find over the snapshot, with the day of adoption as reason", () => {
    // Entra ID pushes a group named like the local legacy group: a name conflict only an admin can settle.
    const scim = { users: [], groups: [{ id: "sg-1", displayName: "legacy" }] };
    const plan = planProgram(ORG, snapOf(ORG, { scim }), { lanes: ["pulumi"], claim: "pulumi", day: DAY });
    assert.deepEqual(plan.split.acceptedFindings, [
      { id: "group-name-conflict:legacy", reason: "found at adoption on 2026-11-23" },
    ]);
    assert.deepEqual(
      plan.findings.map((f) => f.id),
      ["group-name-conflict:legacy"],
    );
  });

  it("warns of a declared group's own drift, which acceptedFindings cannot accept", () => {
    // ISC's record has nobody in isc-x, but ana is in it: added outside ISC, so the Group stays changed.
    const isc: IscView = { sourceId: "src", accounts: [], activities: [] };
    const org: FoundOrg = {
      ...ORG,
      groups: ORG.groups.map((g) => (g.name === "isc-x" ? { ...g, members: ["ana@acme.example"] } : g)),
    };
    const v = snapOf(org, { isc, users: [user("ana@acme.example", [group("isc-x")])] });
    const plan = planProgram(org, v, { lanes: ["isc"], claim: "pulumi", day: DAY });
    assert.deepEqual(plan.warnings, [
      'Group "isc-x" has drift its lane must fix before a clean preview: isc-group-member-added:isc-x/ana@acme.example — ana@acme.example is in ISC-owned group "isc-x" but ISC granted no such entitlement; added by an unknown actor (no audit event in the window, or an actor the audit log does not identify).',
    ]);
  });

  it("warns when a group name holding a glob character makes the split claim another group twice", () => {
    const org: FoundOrg = { ...ORG, groups: [found("ops?"), found("opsx", { synced: true })], grants: [] };
    const plan = planProgram(org, snapOf(org), { lanes: ["pulumi"], claim: "pulumi", day: DAY });
    assert.deepEqual(
      plan.split.acceptedFindings.map((a) => a.id),
      ["group-claimed-twice:opsx"],
    );
    assert.deepEqual(plan.warnings, [
      'Group "opsx" is claimed by pulumi ("ops?") and scim ("opsx"); a group has exactly one owner lane. A name holding * or ? is a pattern in the split: rename the group or edit the split.',
    ]);
  });

  it("does not declare a group whose name Atlassian's checks refuse, and says so", () => {
    const org: FoundOrg = { ...ORG, groups: [...ORG.groups, found(" padded ")] };
    const plan = planProgram(org, snapOf(org), { lanes: ["pulumi"], claim: "pulumi", day: DAY });
    assert.ok(!plan.groups.some((g) => g.name === " padded "));
    assert.match(
      plan.warnings[0],
      /^Group " padded " is not declared \(its grants name it instead\): name " padded " starts and ends with white space/,
    );
  });
});
