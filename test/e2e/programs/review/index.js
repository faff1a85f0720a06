// Proves the access-review cycle through the real engine (issue #24, item 1): code owns "review-approvers" (Ana and Ben)
// and grants it and the IdP's "dept-hr" Confluence on acme-fr. Once the test has started a review, `e2e:reviewDir`
// names its folder (absolute: it lives in a temp git repository) and the program declares the AccessReview, due
// `e2e:due`; its check refuses a revoke in "review-approvers" while the members still list the person. With
// `e2e:membersFromReview` true the Group's members go through `review.kept(...)`: the committed decisions drive the
// list, with no edit of it, and `up` removes whom the review revoked. Its findings name the IdP's revoke (scim lane)
// and the overdue file.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const folder = cfg.get("reviewDir");
const review = folder
  ? new access.AccessReview("review", {
      name: "2026-q4",
      due: cfg.get("due"),
      folder,
      reviewers: { groups: { "review-approvers": "rita.reviewer@acme.example", "dept-*": "sam.hr@acme.example" } },
    })
  : undefined;

const members = ["ana.costa@acme.example", "ben.costa@acme.example"];
const approvers = new access.Group("review-approvers", {
  name: "review-approvers",
  owner: "pulumi",
  members: review && cfg.getBoolean("membersFromReview") ? review.kept("review-approvers", members) : members,
});
const hr = new access.Group("dept-hr", { name: "dept-hr", owner: "scim" });
new access.AppAccess("approvers-fr", {
  group: approvers.groupId,
  site: "acme-fr.atlassian.net",
  product: "confluence",
});
new access.AppAccess("hr-fr", { group: hr.groupId, site: "acme-fr.atlassian.net", product: "confluence" });

exports.tally = review && review.tally;
