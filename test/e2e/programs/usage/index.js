// Proves direct-user-access and dormant-access through the real engine (issue #14, item 3): the split reports every
// product role acme's people hold directly (Quinn's JSM, Kim's Confluence, and one the test's admin gives), and, once
// `e2e:dormantAfterDays` is set, access unused that long, through code's group "usage-reviewers" or directly.
// `e2e:accepted` (JSON) adds reviewed findings; dept-legal's name conflict is accepted here, as it is not the story.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const split = new access.OwnershipSplit("split", {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["isc-*"] },
  pulumi: { groups: ["site-admins", "contractors", "usage-*"] },
  acceptedFindings: [
    { id: "local-group-in-scim-lane:dept-legal", reason: "legal keeps its Jira Server group" },
    ...(cfg.getObject("accepted") || []),
  ],
  dormantAfterDays: cfg.getNumber("dormantAfterDays"),
});

const reviewers = new access.Group("usage-reviewers", {
  name: "usage-reviewers",
  owner: "pulumi",
  members: ["ana.costa@acme.example"],
});
new access.AppAccess("reviewers-confluence", {
  group: reviewers.groupId,
  site: "acme-fr.atlassian.net",
  product: "confluence",
});

exports.unacceptedFindings = split.unacceptedFindings;
