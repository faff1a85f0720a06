// Proves leaver-with-access, orphan-account and credential-expiring/-expired through the real engine (issue #24 items
// 3 and 4): one split over acme's lanes; `e2e:credentials` (JSON) is its credentials input, `e2e:accepted` (JSON)
// adds reviewed findings.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const split = new access.OwnershipSplit("split", {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["isc-*"] },
  pulumi: { groups: ["jira-admins", "site-admins", "contractors"] },
  acceptedFindings: [
    { id: "local-group-in-scim-lane:dept-legal", reason: "legal keeps its Jira Server group" },
    ...(cfg.getObject("accepted") || []),
  ],
  credentials: cfg.getObject("credentials"),
});

exports.unacceptedFindings = split.unacceptedFindings;
