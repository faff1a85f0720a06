// Through the real Pulumi CLI (issue 12 item 4): the engine shows no provider the deletes of resources removed from the
// program at preview, so the OwnershipSplit carries the program's Groups and AppAccess in its state and counts, at the
// next preview, who loses access by each removal; past the limit the preview fails, before `up` deletes anything.
import { strict as assert } from "node:assert";
import { startEngineSandbox, type TestSandbox, acmePeople } from "../helpers/sandbox";
import { openStack, runCli, sandboxConfig, requireEngine, type TestStack, closeEngineStack } from "../helpers/stack";

const JP = "acme-jp.atlassian.net";
const CA = "acme-ca.atlassian.net";

describe("engine: removals from the program counted at preview (issue 12)", function () {
  this.timeout(300_000);
  let sb: TestSandbox;
  let t: TestStack;
  let people: string[];

  const writes = (from: number) =>
    sb.store.world.requests
      .slice(from)
      .filter((r) => r.api === "org" && r.method !== "GET" && !/\/search$|\/workspaces$/.test(r.path)).length;
  const declare = (groups: unknown[]) => t.stack.setConfig("e2e:groups", { value: JSON.stringify(groups) });
  const big = (extra: object = {}) => ({
    name: "rm-big",
    members: people.slice(0, 14),
    access: [{ site: JP, product: "jira-software" }],
    ...extra,
  });
  const small = (products: string[]) => ({
    name: "rm-small",
    members: people.slice(0, 3),
    access: products.map((product) => ({ site: CA, product })),
  });
  const group = (name: string) => sb.store.world.org.groups.find((g) => g.name === name);

  before(async function () {
    requireEngine(this);
    sb = await startEngineSandbox();
    people = acmePeople(sb, 14);
    t = await openStack("removals", sandboxConfig(sb));
  });
  after(() => closeEngineStack(sb, t));

  it("refuses at preview deleting a removed 14-member group, naming the numbers, and writes nothing", async () => {
    await declare([big(), small(["jira-software", "confluence"])]);
    await runCli(t, ["up", "--yes", "--skip-preview"]);
    await declare([small(["jira-software", "confluence"])]);
    const from = sb.store.world.requests.length;
    const refused = await runCli(t, ["preview"], [255, 1]);
    const text = refused.stdout + refused.stderr;
    // The grant goes first at `up`, so its refusal is the one the preview stops at; the group would be refused next.
    assert.ok(
      text.includes(
        `AppAccess rm-big@${JP}/jira-software: revoking atlassian/user (removed from the program) removes access from 14 people, more than the limit of 10 (atlassian-access:accessLossLimit) (${JP}/jira-software (atlassian/user): 14).`,
      ),
      text,
    );
    assert.ok(!text.includes(`Group "rm-big": deleting it (removed from the program)`), text);
    assert.equal(writes(from), 0);
    // `up` stops at the same point: the group and its grant are still there.
    await runCli(t, ["up", "--yes"], [255, 1]);
    assert.ok(group("rm-big"), "rm-big must still exist");
  });

  it("prints the numbers of removals under the limit or allowed, and `up` then deletes and revokes them", async () => {
    // The allowance a removed Group's delete runs with is the one the last `up` stored: apply it first.
    await declare([big({ allowAccessLoss: true }), small(["jira-software", "confluence"])]);
    await runCli(t, ["up", "--yes", "--skip-preview"]);
    await declare([small(["jira-software"])]);
    const preview = await runCli(t, ["preview"]);
    const text = preview.stdout + preview.stderr;
    assert.ok(
      text.includes(
        `[atlassian-access] Group "rm-big": deleting it (removed from the program) removes access from 14 person(s): ${JP}/jira-software (atlassian/user) 14.`,
      ),
      text,
    );
    assert.ok(
      text.includes(
        `[atlassian-access] AppAccess rm-small@${CA}/confluence: revoking atlassian/user (removed from the program) removes access from 3 person(s): ${CA}/confluence (atlassian/user) 3.`,
      ),
      text,
    );
    // The removed group's own grant is revoked first, under its AppAccess's own guard, as `up` will.
    assert.ok(
      text.includes(
        `[atlassian-access] AppAccess rm-big@${JP}/jira-software: revoking atlassian/user (removed from the program) removes access from 14 person(s): ${JP}/jira-software (atlassian/user) 14.`,
      ),
      text,
    );
    await runCli(t, ["up", "--yes", "--skip-preview"]);
    assert.equal(group("rm-big"), undefined);
    const w = sb.store.world.org;
    const smallGrants = w.roles
      .filter((r) => r.groupId === group("rm-small")!.id && r.hiddenFrom === undefined)
      .map((r) => w.workspaces.find((x) => x.id === r.resourceId)!.product);
    assert.deepEqual(smallGrants, ["jira-software"]);
    // The next preview has nothing left to count.
    const again = await runCli(t, ["preview"]);
    assert.doesNotMatch(again.stdout + again.stderr, /removed from the program/);
  });

  it("counts as a delete the removal of an `adopt: true` Group that found nothing and created its group (issue 21)", async () => {
    // adopt only says what to do when the group exists; this one did not, so code created it and destroy deletes it.
    const adopting = {
      name: "rm-adopt",
      members: people.slice(0, 12),
      adopt: true,
      allowAccessLoss: true,
      access: [{ site: JP, product: "confluence" }],
    };
    await declare([small(["jira-software"]), adopting]);
    await runCli(t, ["up", "--yes", "--skip-preview"]);
    assert.ok(group("rm-adopt"), "code created rm-adopt");
    await declare([small(["jira-software"])]);
    const preview = await runCli(t, ["preview"]);
    const text = preview.stdout + preview.stderr;
    assert.ok(
      text.includes(
        `[atlassian-access] Group "rm-adopt": deleting it (removed from the program) removes access from 12 person(s): ${JP}/confluence (atlassian/user) 12.`,
      ),
      text,
    );
    await runCli(t, ["up", "--yes", "--skip-preview"]);
    assert.equal(group("rm-adopt"), undefined, "and up deletes it, as the preview said");
  });
});
