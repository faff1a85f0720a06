// Proves: Group and AppAccess survive the real engine: the serialized shim loads the package's lifecycle,
// configure reads the stack config, and refresh/destroy work from the state alone (pulumi/pulumi#6490).
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const group = new access.Group("admins", {
  name: cfg.get("groupName") || "jira-admins-e2e",
  description: "Jira admins (e2e)",
  owner: "pulumi",
  members: cfg.getObject("members") || ["ana.arden@acme.example", "ben.arden@acme.example"],
  adopt: cfg.getBoolean("adopt") || undefined,
});
new access.AppAccess("admins-eu-jira", {
  group: group.groupId,
  site: cfg.get("site") || "acme-eu.atlassian.net",
  product: cfg.get("product") || "jira-software",
  role: "atlassian/admin",
});
exports.groupId = group.groupId;
exports.members = group.members;
