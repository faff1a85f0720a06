// Proves AppAccessSettings and open-self-signup through the real engine (issue #14, items 3 and 4): one domain's
// self-signup declared in code (adopted or refused, drift named with its actor and restored by up, destroy forgets it)
// and the split's open-self-signup for ANYONE and undeclared domains. Stack config `e2e:*` drives each step of
// test/e2e/self-signup.test.ts: `accepted` (JSON list), `adopt` (boolean), `bad` (JSON list of AppAccessSettings args,
// each declared as its own resource, for check's refusals).
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const cfg = new pulumi.Config("e2e");
const split = new access.OwnershipSplit("split", {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["isc-*"] },
  pulumi: { groups: ["jira-admins", "site-admins", "contractors"] },
  acceptedFindings: cfg.getObject("accepted") || [],
});
const partner = new access.AppAccessSettings("partner", {
  domain: "partner.example",
  adopt: cfg.getBoolean("adopt"),
  products: [
    { site: "acme-eu.atlassian.net", product: "confluence" },
    { site: "acme-us.atlassian.net", product: "jira-software", adminApprovalRequired: false },
  ],
});
(cfg.getObject("bad") || []).forEach((args, i) => new access.AppAccessSettings(`bad-${i}`, args));
exports.unacceptedFindings = split.unacceptedFindings;
exports.partnerAdopted = partner.adopted;
