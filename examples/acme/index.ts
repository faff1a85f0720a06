// The seed customer: 10 sites; SCIM owns department groups, ISC owns request groups, code owns admin groups and app access.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as access from "atlassian-access";

const SITES = ["eu", "us", "uk", "de", "fr", "jp", "br", "ca", "au", "in"].map((r) => `acme-${r}.atlassian.net`);

// Who owns what: Entra ID creates accounts and owns the department groups, ISC owns the request groups, code owns the
// admin groups. Everything else the org holds is reported as a finding until its lane fixes it or a reviewer accepts
// it in `acme:acceptedFindings` (a JSON list of ids, or of { id, reason, until?, ticket? }: docs/resources/ownership-split.md).
// Access nobody used for 90 days is reported as dormant-access (the seed's contractor Kim Novak, last seen in May 2025).
const split = new access.OwnershipSplit("ownership", {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["isc-*"] },
  pulumi: { groups: ["jira-admins", "site-admins", "contractors"] },
  dormantAfterDays: 90,
  acceptedFindings:
    new pulumi.Config("acme").getObject<(string | access.OwnershipSplitAcceptanceArgs)[]>("acceptedFindings") ?? [],
});

// Entra ID pushes these by SCIM: code only verifies them and grants them app access.
const engineering = new access.Group("dept-engineering", { name: "dept-engineering", owner: "scim" });
const support = new access.Group("dept-support", { name: "dept-support", owner: "scim" });

// ISC grants these as entitlements; code never touches their membership.
const jiraRequesters = new access.Group("isc-jira-requesters", { name: "isc-jira-requesters", owner: "isc" });

// The quarterly access review, once `atlassian-access review start` has written its folder and the reviewers have
// decided in a pull request: `acme:review` names the folder (its last segment is the review's name). Code's groups take
// their members through `review.kept`, so a revoke committed in the folder is applied by `up` with no edit of the list.
const reviewFolder = new pulumi.Config("acme").get("review");
const review = reviewFolder
  ? new access.AccessReview("access-review", { name: path.basename(reviewFolder), folder: reviewFolder })
  : undefined;
const reviewed = (group: string, members: string[]) => (review ? review.kept(group, members) : members);

// Code owns the admin group outright, members included.
const jiraAdmins = new access.Group("jira-admins", {
  name: "jira-admins",
  description: "Jira administrators on every site (managed by atlassian-access)",
  owner: "pulumi",
  members: reviewed("jira-admins", ["ana.arden@acme.example", "ben.arden@acme.example"]),
});

for (const site of SITES) {
  const short = site.split(".")[0];
  new access.AppAccess(`${short}-eng-jira`, { group: engineering.groupId, site, product: "jira-software" });
  new access.AppAccess(`${short}-eng-confluence`, { group: engineering.groupId, site, product: "confluence" });
  new access.AppAccess(`${short}-support-jsm`, { group: support.groupId, site, product: "jira-servicedesk" });
  new access.AppAccess(`${short}-requesters-jira`, { group: jiraRequesters.groupId, site, product: "jira-software" });
  new access.AppAccess(`${short}-admins-jira`, {
    group: jiraAdmins.groupId,
    site,
    product: "jira-software",
    role: "atlassian/admin",
  });
}

// Who may administer the org and its sites. Observed, not enforced: anyone else holding org or site admin is an
// `undeclared-admin` finding (declaring the person accepts it); `enforce: true` would let `up` revoke and grant.
new access.Admins("admins", {
  orgAdmins: ["alex.admin@acme.example"],
  siteAdmins: {
    "acme-eu": ["tara.arden@acme.example"],
    "acme-us": ["tara.arden@acme.example"],
    "acme-jp": ["hiro.arden@acme.example"],
  },
});

// Self-signup: people at acme's own domain may ask to join Confluence on acme-eu, an admin approves (set up by hand in
// 2025, adopted). Any other domain that may join without approval (acme-br's ANYONE) is the split's open-self-signup.
new access.AppAccessSettings("acme-domain", {
  domain: "acme.example",
  adopt: true,
  adminNotifications: true,
  products: [{ site: "acme-eu.atlassian.net", product: "confluence" }],
});

export const adminGroupId = jiraAdmins.groupId;
export const unacceptedFindings = split.unacceptedFindings;
