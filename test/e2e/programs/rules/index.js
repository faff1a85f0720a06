// Proves: the provider's rules reach the user through the real engine. Each check failure surfaces at preview with
// its exact message; an existing group is adopted, never duplicated; a SCIM-owned group is verified but never
// created or deleted; a group deleted out of band is re-created; the installed code, not the stored shim, answers
// a refresh (pulumi/pulumi#6490); AppAccess polls through eventually consistent role reads.
// Stack config `e2e:*` picks the variation, so every step runs this one program.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const group = new access.Group("group", {
  name: cfg.require("groupName"),
  owner: cfg.get("owner") || "pulumi",
  members: cfg.getObject("members"),
  adopt: cfg.getBoolean("adopt"),
});
const site = cfg.get("site");
if (site) {
  new access.AppAccess("access", { group: group.groupId, site, product: cfg.get("product") || "jira-software" });
}
exports.groupId = group.groupId;
