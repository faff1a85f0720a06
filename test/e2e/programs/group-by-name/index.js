// Proves (issue 21, item 3): a resource that names a Group of the same program by its name depends on that Group as it
// would through its groupId, so the first `up` creates the Group first. The AppAccess and the GroupMember are declared
// before the Group on purpose: nothing but the name ties them to it.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const name = cfg.get("groupName") || "nr-ops";
const grant = new access.AppAccess("ops-jira", {
  group: name,
  site: "acme-eu.atlassian.net",
  product: "jira-software",
});
const member = new access.GroupMember("ops-ana", { group: name, email: "ana.arden@acme.example" });
const group = new access.Group("ops", { name, owner: "pulumi" });
exports.groupId = group.groupId;
exports.grantGroupId = grant.groupId;
exports.memberGroupId = member.groupId;
