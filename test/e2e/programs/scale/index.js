// Takes over a generated org: the declaration (sandbox/scenarios/scale-program.ts) names the split, the groups and
// every grant. `e2e:declaration` is the path of its JSON file.
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");
// The bench's breakdown (ATLASSIAN_ACCESS_PROFILE): the program's registrations, timed like the provider's calls.
const profile = require("atlassian-access/dist/provider/runtime/profile");
const started = profile.clock();

const decl = JSON.parse(fs.readFileSync(new pulumi.Config("e2e").require("declaration"), "utf8"));
const split = new access.OwnershipSplit("split", decl.split);
const groups = new Map();
for (const g of decl.groups) groups.set(g.name, new access.Group(g.name, g));
for (const a of decl.grants) {
  const group = groups.get(a.group);
  new access.AppAccess(`${a.group}@${a.site}/${a.product}/${a.role}`, {
    group: group ? group.groupId : a.group,
    site: a.site,
    product: a.product,
    role: a.role,
  });
}
exports.unaccepted = split.unacceptedFindings;
profile.record("program", "registrations", started, profile.clock(), {
  resources: 1 + decl.groups.length + decl.grants.length,
});
