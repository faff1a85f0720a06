// Proves: GroupMember is additive through the real engine. A code-owned Group declared WITHOUT members, plus two
// GroupMember edges: up adds both members; a member someone adds by hand is not drift (`preview --refresh
// --expect-no-changes` passes); an edge's member removed by hand is re-added by `up --refresh`; destroying the edges
// removes only their two members. With `e2e:groupMembers` set the Group's list is authoritative, and check refuses
// both edges at preview, the one given the Group and the one given its groupId (test/e2e/program-context.test.ts).
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const group = new access.Group("team", {
  name: cfg.get("groupName") || "e2e-additive",
  description: "Additive membership (e2e)",
  owner: "pulumi",
  members: cfg.getObject("groupMembers"),
});
// One edge takes the Group itself, the other only its groupId: both forms of `group`.
const ana = new access.GroupMember("ana", { group, email: "ana.arden@acme.example" });
const ben = new access.GroupMember("ben", { group: group.groupId, email: "ben.arden@acme.example" });
exports.groupId = group.groupId;
exports.accountIds = [ana.accountId, ben.accountId];
