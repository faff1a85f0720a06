// Takes over a generated org: the declaration (sandbox/scenarios/scale-program.ts) names the split, the groups and
// every grant. `e2e:declaration` is the path of its JSON file. The body is program.ts (built into dist/), which the
// mocks bench (bench/program-mocks.ts) runs too.
const pulumi = require("@pulumi/pulumi");
const access = require("atlassian-access");
const { declareScale, readDeclaration } = require("atlassian-access/dist/test/e2e/programs/scale/program");
// The bench's breakdown (ATLASSIAN_ACCESS_PROFILE): the program's registrations, timed like the provider's calls.
const profile = require("atlassian-access/dist/provider/runtime/profile");
const started = profile.clock();

const decl = readDeclaration(new pulumi.Config("e2e").require("declaration"));
const { split, resources } = declareScale(access, decl);
exports.unaccepted = split.unacceptedFindings;
profile.record("program", "registrations", started, profile.clock(), { resources });
