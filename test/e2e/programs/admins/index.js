// Proves the Admins resource through the real engine (issue #14, item 4): it adopts acme's admins, reports a site admin
// granted by hand with its actor, refuses bad input at preview, and with enforce revokes the undeclared and grants the
// declared. `e2e:admins` (JSON: the Admins arguments) is what each step of test/e2e/admins.test.ts sets.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");

const admins = new access.Admins("admins", new pulumi.Config("e2e").requireObject("admins"));
exports.held = admins.held;
exports.findings = admins.findings;
