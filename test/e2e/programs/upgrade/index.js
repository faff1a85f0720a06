// Proves upgrade safety (test/e2e/upgrade.test.ts, issue 21 item 7): a user's program written against the pinned
// release (test/fixtures/releases), using every resource kind and every input, and making the resource classes send
// every program-wide hint they send today. The test copies it into a temp folder whose node_modules/atlassian-access is
// first that release, then this checkout, and requires the upgraded preview to show no change. So it may only use what
// the pinned release accepts, and must stay a valid program for every build after it (users do not rewrite theirs).
//
// Hints the classes send (provider/resources/*.ts), and where they get a value here:
//   Group           splitLanes, splitPatterns      every Group (the split claims each one's name)
//   GroupMember     groupOwner, splitLanes/Patterns every GroupMember (by the Group, by its groupId, by a name)
//                   groupMaxDuration                "temp-ana" and "temp-ben" (upg-temps has maxDuration)
//                   groupMembersManaged             "temp-ana" (false: the Group itself, which declares no members)
//   OwnershipSplit  declared, selfSignupDomains     the program's Groups and AppAccess; the AppAccessSettings' domain
//   Group sameNameAs, AppAccess and Admins duplicateOf, AppAccessSettings sameDomainAs: sent by every resource of the
//   kind, but only ever with a value in a program check refuses, so no stack can hold one: absent here as everywhere.
// Sandbox: acme (sandbox/scenarios), whose clock starts 2026-11-23; the untils are in December 2026, within P30D.
const access = require("atlassian-access");

const UNTIL = "2026-12-10";
const SITE = "acme-eu.atlassian.net";

new access.OwnershipSplit("split", {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["isc-*"] },
  pulumi: { groups: ["upg-*", "contractors", "site-admins"] },
  dormantAfterDays: 90,
  // acme's seed findings (test/e2e/acme-example.test.ts), in each form an acceptance takes.
  acceptedFindings: [
    "group-name-conflict:dept-legal",
    {
      id: "duplicate-person:m.garcia@acme.example",
      reason: "Maria's hand-invited account is merged in ACC-7",
      until: "2027-06-30",
      ticket: "ACC-7",
    },
    { id: "direct-user-access:*", reason: "direct grants are reviewed quarterly" },
    {
      id: "dormant-access:kim.novak@northwind.example/*",
      reason: "Kim's contract ends this year",
      until: "2027-01-31T00:00:00Z",
    },
    "open-self-signup:ANYONE@acme-br.atlassian.net/jira-software",
  ],
});

// Code's group: plain and temporary members, and a blast-radius allowance; deleteOnDestroy on a group code creates.
const admins = new access.Group("upg-admins", {
  name: "upg-admins",
  description: "Upgrade test admins",
  owner: "pulumi",
  members: ["ana.arden@acme.example", { email: "ben.arden@acme.example", until: UNTIL }],
  deleteOnDestroy: true,
  allowAccessLoss: true,
});
// Code's additive group with a maxDuration: its members come from GroupMembers, each with an until.
const temps = new access.Group("upg-temps", {
  name: "upg-temps",
  owner: "pulumi",
  maxDuration: "P30D",
  allowAccessLoss: 5,
});
// adopt: an existing hand-made group taken over (destroy forgets it), and one that did not exist (code creates it).
new access.Group("contractors", { name: "contractors", owner: "pulumi", adopt: true, deleteOnDestroy: false });
new access.Group("upg-adopted", {
  name: "upg-adopted",
  owner: "pulumi",
  adopt: true,
  members: ["chloe.arden@acme.example"],
});
// The other lanes' groups: verified, never written.
const engineering = new access.Group("dept-engineering", { name: "dept-engineering", owner: "scim" });
new access.Group("isc-jira-requesters", {
  name: "isc-jira-requesters",
  owner: "isc",
  description: "Requested through SailPoint ISC",
});

// GroupMember: by the Group itself, by its groupId, and by the name of a Group of this program.
new access.GroupMember("temp-ana", { group: temps, email: "ana.brooks@acme.example", until: UNTIL });
new access.GroupMember("temp-ben", {
  group: temps.groupId,
  email: "ben.brooks@acme.example",
  until: "2026-12-01T17:00:00Z",
});
new access.GroupMember("contractor-chloe", { group: "contractors", email: "chloe.brooks@acme.example" });

// AppAccess: by a Group's groupId (with a role and an allowance) and by a group name.
new access.AppAccess("admins-jira", {
  group: admins.groupId,
  site: SITE,
  product: "jira-software",
  role: "atlassian/admin",
  allowAccessLoss: true,
});
new access.AppAccess("engineering-confluence", {
  group: engineering.groupId,
  site: SITE,
  product: "confluence",
  allowAccessLoss: 100,
});
new access.AppAccess("requesters-jira", {
  group: "isc-jira-requesters",
  site: SITE,
  product: "jira-software",
  allowAccessLoss: true,
});

// acme's admins as they are (observed, not enforced).
new access.Admins("admins", {
  orgAdmins: ["alex.admin@acme.example"],
  siteAdmins: {
    "acme-eu": ["tara.arden@acme.example"],
    "acme-us.atlassian.net": ["tara.arden@acme.example"],
    "acme-jp": ["hiro.arden@acme.example"],
  },
  enforce: false,
});

// acme's own domain may ask to join Confluence on acme-eu (set up by hand in 2025): adopted, forgotten on destroy.
new access.AppAccessSettings("acme-domain", {
  domain: "acme.example",
  adopt: true,
  deleteOnDestroy: false,
  adminNotifications: true,
  products: [{ site: SITE, product: "confluence", role: "member", adminApprovalRequired: true }],
});
