// A slim acme for the drift stories: the split, SCIM- and ISC-owned groups, a code-owned admin group, and app access
// on two sites. `e2e:accepted` lists the findings the test has reviewed so far.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const split = new access.OwnershipSplit("split", {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["isc-*"] },
  pulumi: { groups: ["jira-admins", "site-admins", "contractors"] },
  acceptedFindings: cfg.getObject("accepted") || [],
});
const engineering = new access.Group("dept-engineering", { name: "dept-engineering", owner: "scim" });
const support = new access.Group("dept-support", { name: "dept-support", owner: "scim" });
const requesters = new access.Group("isc-jira-requesters", { name: "isc-jira-requesters", owner: "isc" });
const admins = new access.Group("jira-admins", {
  name: "jira-admins",
  owner: "pulumi",
  members: ["ana.arden@acme.example", "ben.arden@acme.example"],
});
for (const region of ["eu", "us"]) {
  const site = `acme-${region}.atlassian.net`;
  new access.AppAccess(`${region}-eng-jira`, { group: engineering.groupId, site, product: "jira-software" });
  new access.AppAccess(`${region}-support-jsm`, { group: support.groupId, site, product: "jira-servicedesk" });
  new access.AppAccess(`${region}-requesters-jira`, { group: requesters.groupId, site, product: "jira-software" });
  new access.AppAccess(`${region}-admins-jira`, {
    group: admins.groupId,
    site,
    product: "jira-software",
    role: "atlassian/admin",
  });
}
exports.unacceptedFindings = split.unacceptedFindings;
