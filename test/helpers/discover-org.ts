// A small org as discover finds it (provider/rules/discover-program.ts FoundOrg), shared by the plan and codegen tests.
import type { FoundGroup, FoundOrg } from "../../provider/rules/discover-program";

export const found = (name: string, extra: Partial<FoundGroup> = {}): FoundGroup => ({
  id: `g-${name}`,
  name,
  synced: false,
  iscGoverned: false,
  members: [],
  ...extra,
});

export const S1 = "acme-eu.atlassian.net";
export const S2 = "acme-us.atlassian.net";

/** A small org: SCIM's departments, ISC's request groups, hand-made groups; grants on two sites. */
export const ORG: FoundOrg = {
  groups: [
    found("site-admins", { description: "Site administrators", members: ["ana@acme.example", "ben@acme.example"] }),
    found("dept-b", { synced: true, members: ["ana@acme.example"] }),
    found("all-employees", { synced: true }),
    found("dept-a", { synced: true }),
    found("isc-x", { iscGoverned: true }),
    found("isc-y", { iscGoverned: true }),
    found("legacy", {}),
  ],
  grants: [
    { groupId: "g-dept-b", site: S2, product: "jira-software", role: "atlassian/user" },
    { groupId: "g-dept-b", site: S1, product: "jira-software", role: "atlassian/user" },
    { groupId: "g-isc-x", site: S1, product: "confluence", role: "atlassian/user" },
    { groupId: "g-site-admins", site: S1, product: "jira-software", role: "atlassian/admin" },
    { groupId: "g-legacy", site: S2, product: "confluence", role: "atlassian/user" },
  ],
  sites: [S2, S1],
  scimConfigured: true,
  iscConfigured: true,
};
