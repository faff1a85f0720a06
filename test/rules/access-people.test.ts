// The access review's people views (`access --lane leaver|orphan`): the people the split's leaver-with-access and
// orphan-account findings name, found by the same decisions over what the `access` command read.
import { strict as assert } from "node:assert";
import { accessRows, filterRows, type AccessSnapshot } from "../../provider/rules/access-review";
import { peopleFlags, withFlags } from "../../provider/rules/access-people";
import { leaversWithAccess, orphanAccounts } from "../../provider/rules/leavers";
import { SnapshotView } from "../../provider/rules/snapshot";

const JIRA_EU = "ari:cloud:jira-software::site/c-eu";
const CONF_EU = "ari:cloud:confluence::site/c-eu";
const LAST = "2026-10-01T08:00:00.000Z";

function snapshot(): AccessSnapshot {
  return {
    takenAt: "2026-11-23T15:00:00.000Z",
    orgId: "org-1",
    workspaces: [
      { id: JIRA_EU, host: "acme-eu.atlassian.net", product: "jira-software" },
      { id: CONF_EU, host: "acme-eu.atlassian.net", product: "confluence" },
    ],
    groups: [
      { id: "g-eng", name: "dept-engineering", lane: "scim", synced: true },
      { id: "g-tools", name: "legacy-tools", lane: "none", synced: false },
    ],
    users: [
      // Pushed by the IdP, whose record is gone: a leaver, in a SCIM group and with a role given directly.
      {
        accountId: "a-pat",
        email: "Pat@acme.example",
        groups: ["g-eng"],
        managementSource: "synced",
        accountStatus: "active",
        productAccess: [{ resourceId: JIRA_EU, lastActive: LAST }],
      },
      // Pushed and linked: neither.
      {
        accountId: "a-ana",
        email: "ana@acme.example",
        groups: ["g-eng"],
        managementSource: "synced",
        accountStatus: "active",
        productAccess: [],
      },
      // Invited, in a group no lane claims: an orphan.
      {
        accountId: "a-vic",
        email: "vic@partner.example",
        groups: ["g-tools"],
        managementSource: "invited",
        accountStatus: "active",
        productAccess: [],
      },
    ],
    groupGrants: [
      { groupId: "g-eng", resourceId: JIRA_EU, role: "atlassian/user" },
      { groupId: "g-tools", resourceId: CONF_EU, role: "atlassian/user" },
    ],
    directGrants: [{ accountId: "a-pat", resourceId: CONF_EU, role: "atlassian/user" }],
    events: [],
  };
}

const scim = {
  users: [{ id: "s-ana", userName: "ana@acme.example", email: "ana@acme.example", active: true, accountId: "a-ana" }],
  groups: [],
};
const split = { scim: { groups: ["dept-*"] }, isc: { groups: ["isc-*"] } };

describe("peopleFlags", () => {
  it("flags the people the split's leaver-with-access and orphan-account findings name, with those ids", () => {
    const snap = snapshot();
    const flags = peopleFlags(snap, { scim }, { split });
    assert.deepEqual(
      [...flags.entries()],
      [
        [
          "a-pat",
          {
            view: "leaver",
            finding: "leaver-with-access:pat@acme.example",
            why: "left: the IdP deactivated or deleted its SCIM record: the account is IdP-managed, but no active SCIM record links it",
          },
        ],
        [
          "a-vic",
          {
            view: "orphan",
            finding: "orphan-account:vic@partner.example",
            why: "no lane manages the account: not linked to SCIM, not correlated in ISC, in no group a lane claims",
          },
        ],
      ],
    );
    // The same decision as the split's: the findings over the same records name the same people.
    const view = new SnapshotView({
      takenAt: snap.takenAt,
      groups: snap.groups.map((g) => ({ id: g.id, name: g.name, synced: g.synced! })),
      users: snap.users,
      workspaces: snap.workspaces,
      usage: { groupRoles: snap.groupGrants, directGrants: snap.directGrants, candidates: [] },
      scim,
      events: [],
    });
    const ids = [...leaversWithAccess(view, split), ...orphanAccounts(view, split)].map((f) => f.id);
    assert.deepEqual(
      ids,
      [...flags.values()].map((f) => f.finding),
    );
  });

  it("judges no orphan without SCIM's or ISC's record, and counts a group the split claims", () => {
    assert.deepEqual([...peopleFlags(snapshot(), {}, { split }).keys()], []);
    const claimed = { ...split, pulumi: { groups: ["legacy-*"] } };
    assert.deepEqual([...peopleFlags(snapshot(), { scim }, { split: claimed }).keys()], ["a-pat"]);
  });
});

describe("filterRows with the people views", () => {
  const snap = snapshot();
  const rows = withFlags(accessRows(snap), peopleFlags(snap, { scim }, { split }));
  const lines = (lanes: string[]) =>
    filterRows(rows, { lanes }).map((r) => `${r.email} ${r.product} ${r.via} ${r.lastActive ?? "-"} ${r.flag?.view}`);

  it("lists every grant of each leaver, through any path, with when they last used it", () => {
    assert.deepEqual(lines(["leaver"]), [
      "pat@acme.example confluence direct - leaver",
      `pat@acme.example jira-software group ${LAST} leaver`,
    ]);
  });

  it("lists the orphans' grants, and any of several views", () => {
    assert.deepEqual(lines(["orphan"]), ["vic@partner.example confluence group - orphan"]);
    assert.deepEqual(lines(["orphan", "leaver"]).length, 3);
    // A lane view still matches by the group's lane alone.
    assert.deepEqual(lines(["scim"]), [
      `ana@acme.example jira-software group - undefined`,
      `pat@acme.example jira-software group ${LAST} leaver`,
    ]);
  });
});
