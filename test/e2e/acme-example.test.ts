// The README's example (examples/acme, the repo's Pulumi.yaml) through the real CLI: converge, stay clean, destroy only code's.
import { strict as assert } from "node:assert";
import { stackConfig } from "../../sandbox/cli";
import { visibleRoles } from "../../sandbox/org/ops";
import type { TestSandbox } from "../helpers/sandbox";
import { openEngineStack, runCli, sandboxConfig, REPO_ROOT, type TestStack, closeEngineStack } from "../helpers/stack";

const SEED_FINDINGS = [
  "group-name-conflict:dept-legal",
  "duplicate-person:m.garcia@acme.example",
  // The access stories (sandbox/scenarios/acme-access.ts): two roles given to people directly, and the contractor's
  // Confluence she has not used since May 2025 (the example sets dormantAfterDays: 90).
  "direct-user-access:quinn.arden@acme.example/acme-de.atlassian.net/jira-servicedesk/atlassian/user",
  "direct-user-access:kim.novak@northwind.example/acme-uk.atlassian.net/confluence/atlassian/user",
  "dormant-access:kim.novak@northwind.example/acme-uk.atlassian.net/confluence",
  "open-self-signup:ANYONE@acme-br.atlassian.net/jira-software",
];

describe("engine: the acme example", function () {
  this.timeout(600_000);
  let sb: TestSandbox;
  let t: TestStack;

  before(async function () {
    // The seed's own findings (../shared/domain.md), reviewed: the local dept-legal that blocks the IdP's group,
    // Maria Garcia's hand-invited second account, the access stories, and anyone let into Jira on acme-br without
    // approval. Anything else the split finds fails below.
    ({ sb, t } = await openEngineStack(this, REPO_ROOT, (s) =>
      sandboxConfig(s, {
        // Every connection the demo configures (SCIM, ISC, actorLanes), as `npm run sandbox -- --config-out` writes it.
        ...stackConfig(s.url, s.store.world),
        "acme:acceptedFindings": { value: JSON.stringify(SEED_FINDINGS) },
      }),
    ));
  });
  after(() => closeEngineStack(sb, t));

  const groupNamed = (name: string) => sb.store.world.org.groups.find((g) => g.name === name);

  it("converges on up: the admin group is created and 50 app access grants exist", async () => {
    const before = sb.store.world.org.groups.length;
    const res = await t.stack.up();
    assert.equal(res.summary.result, "succeeded");
    assert.equal(sb.store.world.org.groups.length, before + 1);
    assert.equal(visibleRoles(sb.store).length, 50);
    assert.equal(res.outputs.adminGroupId.value, groupNamed("jira-admins")!.id);
  });

  it("previews no changes afterwards: the split reads the whole org and finds only the reviewed seed findings", async () => {
    const res = await t.stack.preview({ refresh: true, expectNoChanges: true });
    assert.equal(res.changeSummary.create ?? 0, 0);
    const outputs = await t.stack.outputs();
    assert.deepEqual(outputs.unacceptedFindings.value, []);
    const state = await t.stack.exportStack();
    const split = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::ownership"));
    assert.deepEqual(split.outputs.findings.map((f: { id: string }) => f.id).sort(), [...SEED_FINDINGS].sort());
  });

  it("refuses a destroy that would take app access from whole departments, naming the numbers (blast radius)", async () => {
    const destroy = await runCli(t, ["destroy", "--yes", "--skip-preview"], [1, 255]);
    assert.match(
      destroy.stdout,
      /AppAccess dept-engineering@\S+: revoking atlassian\/user removes access from \d+ people, more than the limit of 10 \(atlassian-access:accessLossLimit\)/,
    );
    assert.ok(groupNamed("dept-engineering") && visibleRoles(sb.store, groupNamed("dept-engineering")!.id).length > 0);
  });

  it("destroys only what code owns once allowed: SCIM and ISC groups stay, the code-owned group goes", async () => {
    // A destroy runs with the provider config the last up stored: the raised limit is stored by an up first.
    await t.stack.setConfig("atlassian-access:accessLossLimit", { value: "100000" });
    await t.stack.up();
    await t.stack.destroy();
    assert.equal(groupNamed("jira-admins"), undefined);
    assert.ok(groupNamed("dept-engineering")?.externalSynced);
    assert.ok(groupNamed("isc-jira-requesters"));
    assert.equal(visibleRoles(sb.store).length, 0);
    // acme's own domain's self-signup was adopted: destroy forgets it, it stays as it was.
    const domain = sb.store.world.org.appAccess?.find((d) => d.domain === "acme.example");
    assert.deepEqual(
      domain?.products.map((p) => p.adminApprovalRequired),
      [true],
    );
  });
});
