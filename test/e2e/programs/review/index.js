// Proves the access-review cycle through the real engine (issue #24, item 1): code owns "review-approvers" (members
// from `e2e:approvers`, JSON) and grants it and the IdP's "dept-hr" Confluence on acme-fr. Once the test has started
// a review, `e2e:reviewDir` names its folder (absolute: it lives in a temp git repository) and the program declares
// the AccessReview, due `e2e:due`; its check refuses a revoke in "review-approvers" while the members still list the
// person, and its findings name the IdP's revoke (scim lane) and the overdue file.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const approvers = new access.Group("review-approvers", {
  name: "review-approvers",
  owner: "pulumi",
  members: cfg.getObject("approvers") || ["ana.costa@acme.example", "ben.costa@acme.example"],
});
const hr = new access.Group("dept-hr", { name: "dept-hr", owner: "scim" });
new access.AppAccess("approvers-fr", {
  group: approvers.groupId,
  site: "acme-fr.atlassian.net",
  product: "confluence",
});
new access.AppAccess("hr-fr", { group: hr.groupId, site: "acme-fr.atlassian.net", product: "confluence" });

const folder = cfg.get("reviewDir");
const review = folder
  ? new access.AccessReview("review", {
      name: "2026-q4",
      due: cfg.get("due"),
      folder,
      reviewers: { groups: { "review-approvers": "rita.reviewer@acme.example", "dept-*": "sam.hr@acme.example" } },
    })
  : undefined;

exports.tally = review && review.tally;
