// Proves reviewed acceptances through the real engine (issue #13, item 3): acceptedFindings entries as objects
// { id, reason, until?, ticket? }, a trailing-* family, an acceptance that expires in the sandbox's (the server's)
// time, and check's refusals. The split leaves ISC's request groups unclaimed on purpose, so they form a family of
// `unclaimed-group` findings. `e2e:accepted` (JSON) is the list under review; each step of
// test/e2e/acceptances.test.ts sets it.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const split = new access.OwnershipSplit("split", {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["isc-none"] },
  pulumi: { groups: ["site-admins", "contractors"] },
  acceptedFindings: new pulumi.Config("e2e").getObject("accepted") || [],
});
exports.unacceptedFindings = split.unacceptedFindings;
