// Proves: the preview counts, and refuses past the limit, what removing a Group or an AppAccess from the program
// deletes or revokes (issue 12 item 4), though the engine shows deletes to no provider at preview.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
new access.OwnershipSplit("split", {
  accountCreator: "scim",
  scim: { groups: [] },
  isc: { groups: [] },
  pulumi: { groups: ["rm-*"] },
});
// [{ name, members, allowAccessLoss?, adopt?, access: [{ site, product }] }]
for (const g of cfg.requireObject("groups")) {
  const group = new access.Group(g.name, {
    name: g.name,
    owner: "pulumi",
    members: g.members,
    allowAccessLoss: g.allowAccessLoss,
    adopt: g.adopt,
  });
  for (const a of g.access)
    new access.AppAccess(`${g.name}-${a.site}-${a.product}`, {
      group: group.groupId,
      site: a.site,
      product: a.product,
      allowAccessLoss: g.allowAccessLoss,
    });
}
