// Proves (issue 10): a group the org API marks as synced only by `managedBy: "external"` (externalSynced false) is
// read-only to every part of the provider. `e2e:case` picks the declaration:
//   code   - owner "pulumi" with adopt and members: refused, and no membership write is sent;
//   member - a GroupMember on it by name: refused, and no membership write is sent;
//   scim   - owner "scim": verified as the IdP's group (before the fix it was called a local group).
// test/e2e/bad-input.test.ts (issue 12) runs `member` on a group ISC governs: refused at check, nothing written.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const name = cfg.require("groupName");
const kase = cfg.require("case");
if (kase === "code") {
  new access.Group("g", { name, owner: "pulumi", adopt: true, members: ["ana.arden@acme.example"] });
} else if (kase === "member") {
  new access.GroupMember("m", { group: name, email: "ana.arden@acme.example" });
} else {
  const g = new access.Group("g", { name, owner: "scim" });
  exports.synced = g.synced;
  exports.groupId = g.groupId;
}
