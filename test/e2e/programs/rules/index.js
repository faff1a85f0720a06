// Proves: the provider's rules reach the user through the real engine. Each check failure surfaces at preview with
// its exact message; an existing group is adopted, never duplicated; a SCIM-owned group is verified but never
// created or deleted; a group deleted out of band is re-created; the installed code, not the stored shim, answers
// a refresh (pulumi/pulumi#6490); AppAccess polls through eventually consistent role reads. The rules that need the
// whole program also reach preview: `e2e:split` adds an OwnershipSplit (declared after the Group: order does not
// matter), `e2e:duplicateAccess` a second AppAccess with the same key (by group name), `e2e:memberByName` a
// GroupMember naming the group (declared before the Group).
// Stack config `e2e:*` picks the variation, so every step runs this one program.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const memberByName = cfg.get("memberByName");
const others = []; // every resource but the Group, for the stack outputs below
if (memberByName) {
  others.push(new access.GroupMember("member", { group: cfg.require("groupName"), email: memberByName }));
}
const group = new access.Group("group", {
  name: cfg.require("groupName"),
  owner: cfg.get("owner") || "pulumi",
  members: cfg.getObject("members"),
  adopt: cfg.getBoolean("adopt"),
});
const site = cfg.get("site");
if (site) {
  const product = cfg.get("product") || "jira-software";
  others.push(new access.AppAccess("access", { group: group.groupId, site, product }));
  if (cfg.getBoolean("duplicateAccess")) {
    others.push(new access.AppAccess("access-dup", { group: cfg.require("groupName"), site, product }));
  }
}
const split = cfg.getObject("split"); // { scim: string[], isc: string[], pulumi?: string[] }
if (split) {
  others.push(
    new access.OwnershipSplit("split", {
      accountCreator: "scim",
      scim: { groups: split.scim },
      isc: { groups: split.isc },
      pulumi: split.pulumi ? { groups: split.pulumi } : undefined,
    }),
  );
}
// The stack's outputs wait for every resource. Sent earlier, they can still be in flight when a check failure stops
// the engine, and the SDK then prints an unhandled "Channel has been shut down" beside the check's own error.
exports.groupId = pulumi.all([group.groupId, ...others.map((r) => r.urn)]).apply(([id]) => id);
