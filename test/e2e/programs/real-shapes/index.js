// Three code-owned groups on acme, for attribution read from real-shaped audit events: a member added by hand, a group
// deleted with another org API key, a group deleted by a person.
const access = require("atlassian-access");

new access.OwnershipSplit("split", {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["isc-*"] },
  pulumi: { groups: ["real-*"] },
});
new access.Group("real-members", { name: "real-members", owner: "pulumi", members: ["ana.arden@acme.example"] });
new access.Group("real-by-key", { name: "real-by-key", owner: "pulumi" });
new access.Group("real-by-person", { name: "real-by-person", owner: "pulumi" });
