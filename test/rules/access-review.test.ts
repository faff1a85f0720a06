import { strict as assert } from "node:assert";
import {
  accessRows,
  describeResource,
  filterRows,
  laneOfGroup,
  summarize,
  type AccessSnapshot,
} from "../../provider/rules/access-review";
import type { AuditEntry } from "../../provider/rules/attribution";

const JIRA_EU = "ari:cloud:jira-software::site/c-eu";
const CONF_EU = "ari:cloud:confluence::site/c-eu";
const JSM_DE = "ari:cloud:jira-servicedesk::site/c-de";

function snapshot(events: AuditEntry[] = []): AccessSnapshot {
  return {
    takenAt: "2026-11-23T15:00:00.000Z",
    orgId: "org-1",
    workspaces: [
      { id: JIRA_EU, host: "acme-eu.atlassian.net", product: "jira-software" },
      { id: CONF_EU, host: "acme-eu.atlassian.net", product: "confluence" },
      { id: JSM_DE, host: "acme-de.atlassian.net", product: "jira-servicedesk" },
    ],
    groups: [
      { id: "g-eng", name: "dept-engineering", lane: "scim" },
      { id: "g-admins", name: "jira-admins", lane: "pulumi" },
    ],
    users: [
      {
        accountId: "a-quinn",
        email: "Quinn.Arden@acme.example",
        name: "Quinn Arden",
        groups: ["g-eng"],
        productAccess: [{ resourceId: JIRA_EU, lastActive: "2026-11-20T08:00:00.000Z" }, { resourceId: JSM_DE }],
      },
      { accountId: "a-ana", email: "ana.arden@acme.example", groups: ["g-eng", "g-admins"], productAccess: [] },
      { accountId: "a-alex", email: "alex.admin@acme.example", groups: [], productAccess: [] },
    ],
    groupGrants: [
      { groupId: "g-eng", resourceId: JIRA_EU, role: "atlassian/user" },
      { groupId: "g-eng", resourceId: CONF_EU, role: "atlassian/user" },
      { groupId: "g-admins", resourceId: JIRA_EU, role: "atlassian/admin" },
    ],
    directGrants: [
      { accountId: "a-quinn", resourceId: JSM_DE, role: "atlassian/user" },
      { accountId: "a-alex", resourceId: "ari:cloud:platform::org/org-1", role: "atlassian/org-admin" },
      { accountId: "a-alex", resourceId: "ari:cloud:platform::site/c-de", role: "atlassian/site-admin" },
    ],
    events,
  };
}

const event = (e: Partial<AuditEntry> & Pick<AuditEntry, "id" | "action">): AuditEntry => ({
  time: "2026-11-21T14:30:00.000Z",
  actor: { id: "alex", email: "alex.admin@acme.example" },
  ...e,
});

describe("accessRows", () => {
  it("lists each group grant once per member and each direct grant once, sorted by site, product, role, person", () => {
    const rows = accessRows(snapshot());
    assert.deepEqual(
      rows.map((r) => [r.site, r.product, r.role, r.email, r.via, r.group ?? "-", r.lane ?? "-"]),
      [
        ["(org)", "platform", "atlassian/org-admin", "alex.admin@acme.example", "direct", "-", "-"],
        ["acme-de.atlassian.net", "jira-servicedesk", "atlassian/user", "quinn.arden@acme.example", "direct", "-", "-"],
        ["acme-de.atlassian.net", "platform", "atlassian/site-admin", "alex.admin@acme.example", "direct", "-", "-"],
        [
          "acme-eu.atlassian.net",
          "confluence",
          "atlassian/user",
          "ana.arden@acme.example",
          "group",
          "dept-engineering",
          "scim",
        ],
        [
          "acme-eu.atlassian.net",
          "confluence",
          "atlassian/user",
          "quinn.arden@acme.example",
          "group",
          "dept-engineering",
          "scim",
        ],
        [
          "acme-eu.atlassian.net",
          "jira-software",
          "atlassian/admin",
          "ana.arden@acme.example",
          "group",
          "jira-admins",
          "pulumi",
        ],
        [
          "acme-eu.atlassian.net",
          "jira-software",
          "atlassian/user",
          "ana.arden@acme.example",
          "group",
          "dept-engineering",
          "scim",
        ],
        [
          "acme-eu.atlassian.net",
          "jira-software",
          "atlassian/user",
          "quinn.arden@acme.example",
          "group",
          "dept-engineering",
          "scim",
        ],
      ],
    );
    const quinnJira = rows.find((r) => r.email === "quinn.arden@acme.example" && r.resourceId === JIRA_EU)!;
    assert.equal(quinnJira.lastActive, "2026-11-20T08:00:00.000Z");
    assert.equal(rows.find((r) => r.resourceId === JSM_DE)!.lastActive, undefined);
  });

  it("names who added the person to the group, and who gave a role directly, from the audit window", () => {
    const rows = accessRows(
      snapshot([
        event({
          id: "e-1",
          action: "user_added_to_group",
          groupId: "g-eng",
          accountId: "a-quinn",
          actor: { id: "scim:dir", authType: "container-token" },
          time: "2026-11-23T14:30:00.000Z",
        }),
        event({
          id: "e-2",
          action: "user_granted_role",
          accountId: "a-quinn",
          resourceId: JSM_DE,
          role: "atlassian/user",
        }),
        // Another role on the same product is not this grant's cause.
        event({
          id: "e-3",
          action: "user_granted_role",
          accountId: "a-quinn",
          resourceId: JSM_DE,
          role: "atlassian/admin",
        }),
      ]),
    );
    const quinn = rows.filter((r) => r.email === "quinn.arden@acme.example");
    assert.deepEqual(
      quinn.map((r) => [r.product, r.via, r.addedBy, r.addedAt, r.evidence]),
      [
        ["jira-servicedesk", "direct", "person:alex.admin@acme.example", "2026-11-21T14:30:00.000Z", ["event:e-2"]],
        ["confluence", "group", "scim", "2026-11-23T14:30:00.000Z", ["event:e-1"]],
        ["jira-software", "group", "scim", "2026-11-23T14:30:00.000Z", ["event:e-1"]],
      ],
    );
    assert.deepEqual(
      rows.filter((r) => r.email === "ana.arden@acme.example").map((r) => [r.addedBy, r.evidence]),
      [
        [undefined, []],
        [undefined, []],
        [undefined, []],
      ],
    );
  });
});

describe("filterRows", () => {
  const rows = accessRows(snapshot());
  it("keeps the rows every filter lets through: a site by its first label, a product, a person in any case", () => {
    const picked = filterRows(rows, {
      sites: ["acme-eu"],
      products: ["jira-software"],
      persons: ["QUINN.ARDEN@acme.example"],
    });
    assert.deepEqual(
      picked.map((r) => [r.site, r.role, r.email]),
      [["acme-eu.atlassian.net", "atlassian/user", "quinn.arden@acme.example"]],
    );
  });

  it("selects by lane, and `direct` selects the roles given to people directly", () => {
    assert.deepEqual(
      filterRows(rows, { lanes: ["direct"] }).map((r) => r.role),
      ["atlassian/org-admin", "atlassian/user", "atlassian/site-admin"],
    );
    assert.deepEqual(
      filterRows(rows, { lanes: ["pulumi"] }).map((r) => [r.group, r.email]),
      [["jira-admins", "ana.arden@acme.example"]],
    );
  });

  it("counts grants, people, direct grants and sites", () => {
    assert.deepEqual(summarize(rows), { grants: 8, people: 3, direct: 3, sites: 3 });
  });
});

describe("laneOfGroup", () => {
  const split = { scim: { groups: ["dept-*"] }, isc: { groups: ["isc-*"] }, pulumi: { groups: ["jira-admins"] } };
  it("puts a synced group in scim whatever the split says, and an ISC-governed group in isc", () => {
    assert.equal(laneOfGroup({ name: "jira-admins", synced: true }, { split }), "scim");
    assert.equal(laneOfGroup({ name: "requesters", synced: false }, { iscGoverned: true }), "isc");
  });

  it("follows the split's claim, and calls a local group no lane claims none", () => {
    assert.equal(laneOfGroup({ name: "jira-admins", synced: false }, { split }), "pulumi");
    assert.equal(laneOfGroup({ name: "isc-jsm", synced: false }, { split }), "isc");
    assert.equal(laneOfGroup({ name: "contractors", synced: false }, { split }), "none");
    assert.equal(laneOfGroup({ name: "jira-admins", synced: false }), "none");
  });
});

describe("describeResource", () => {
  it("names a product on a site, a site for admin roles, the org, and leaves an unknown ARI as it is", () => {
    const snap = snapshot();
    assert.deepEqual(describeResource(CONF_EU, snap), { site: "acme-eu.atlassian.net", product: "confluence" });
    assert.deepEqual(describeResource("ari:cloud:platform::site/c-de", snap), {
      site: "acme-de.atlassian.net",
      product: "platform",
    });
    assert.deepEqual(describeResource("ari:cloud:platform::org/org-1", snap), { site: "(org)", product: "platform" });
    assert.deepEqual(describeResource("ari:cloud:loom::site/x", snap), {
      site: "ari:cloud:loom::site/x",
      product: "?",
    });
  });
});
