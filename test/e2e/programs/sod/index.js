// Proves separation of duties through the real engine (issue #24, item 2): the split declares that no contractor may
// be site admin of acme-eu, and that no one approving in code's "sod-approvers" may be either. An admin adding Tara
// (site admin of acme-eu) to "contractors" by hand is a sod-conflict naming the admin; `e2e:approvers` (JSON list)
// sets the code-owned group's members, so the test can make a change of code's that preview must refuse; so do
// `e2e:member` (a GroupMember { group, email }), `e2e:grant` (an AppAccess { group, site, product, role }) and
// `e2e:admins` (an Admins's inputs), each declared only when set.
// `e2e:accepted` (JSON) adds reviewed findings; the seed's other findings are accepted by family here.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const seed = (kind) => ({ id: `${kind}:*`, reason: "the acme seed's story, told by its own test" });
const split = new access.OwnershipSplit("split", {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["isc-*"] },
  pulumi: { groups: ["site-admins", "contractors", "sod-*"] },
  acceptedFindings: [
    { id: "local-group-in-scim-lane:dept-legal", reason: "legal keeps its Jira Server group" },
    ...["direct-user-access", "open-self-signup", "invited-unlinked", "duplicate-person"].map(seed),
    ...(cfg.getObject("accepted") || []),
  ],
  conflicts: [
    {
      name: "contract-vs-site-admin",
      a: { group: "contractors" },
      b: { admin: "site-admin", site: "acme-eu" },
      reason: "contractors do not administer the EU site",
    },
    {
      name: "approve-vs-site-admin",
      a: { group: "sod-approvers" },
      b: { admin: "site-admin", site: "acme-eu.atlassian.net" },
      reason: "who approves access requests must not administer the site",
    },
    {
      name: "eu-confluence-admin-vs-site-admin",
      a: { site: "acme-eu", product: "confluence", role: "atlassian/admin" },
      b: { admin: "site-admin", site: "acme-eu" },
      reason: "the EU site's admins do not also administer its Confluence content",
    },
  ],
});

new access.Group("sod-approvers", {
  name: "sod-approvers",
  owner: "pulumi",
  members: cfg.getObject("approvers") || ["ana.costa@acme.example"],
});

const member = cfg.getObject("member");
if (member) new access.GroupMember("sod-member", member);
const grant = cfg.getObject("grant");
if (grant) new access.AppAccess("sod-grant", grant);
const admins = cfg.getObject("admins");
if (admins) new access.Admins("sod-admins", admins);

exports.unacceptedFindings = split.unacceptedFindings;
