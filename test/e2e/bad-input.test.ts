// Through the real Pulumi CLI (issue 12): a bad config key, a member typo and a GroupMember in ISC's lane are refused
// at check with their own message, no JavaScript stack trace, and nothing written to the sandbox.
import { strict as assert } from "node:assert";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import { openStack, sandboxConfig, failureOf, requireEngine, type TestStack } from "../helpers/stack";
import { stackConfig } from "../../sandbox/cli";

const GROUP = "pulumi-nodejs:dynamic/atlassian:Group resource 'group'";
const MEMBER = "pulumi-nodejs:dynamic/atlassian:GroupMember resource 'm'";
/** A JavaScript stack frame as Node prints it. */
const STACK_FRAME = /\n\s+at .+[(/].*:\d+:\d+\)?/;

describe("engine: bad input refused at check (issue 12)", function () {
  this.timeout(180_000);
  let sb: TestSandbox;
  const stacks: TestStack[] = [];
  const open = async (program: string, config: Parameters<typeof openStack>[1]) => {
    const t = await openStack(program, config);
    stacks.push(t);
    return t;
  };
  const e2e = (vars: Record<string, string>) =>
    Object.fromEntries(Object.entries(vars).map(([k, v]) => [`e2e:${k}`, { value: v }]));
  /** Every org API call that changes something (searches are POSTs that read). */
  const orgWrites = () =>
    sb.store.world.requests.filter(
      (r) => r.api === "org" && r.method !== "GET" && !/\/search$|\/workspaces$/.test(r.path), // POST reads excluded
    );

  before(async function () {
    requireEngine(this);
    sb = await startEngineSandbox();
  });
  after(async () => {
    for (const t of stacks) await t.stack.workspace.removeStack(t.stack.name, { force: true }).catch(() => undefined);
    await sb?.close();
  });

  it("shows a missing orgId and a negative auditLookbackHours at preview, each with its fix, and no stack trace", async () => {
    const config = sandboxConfig(sb, {
      ...e2e({ groupName: "e2e-config" }),
      "atlassian-access:auditLookbackHours": { value: "-5" },
    });
    delete config["atlassian-access:orgId"];
    const t = await open("rules", config);
    const f = await failureOf(t.stack.preview());
    assert.equal(f.code, 1, f.text);
    assert.deepEqual(f.errors, [`error: ${GROUP} has a problem: atlassian-access configuration is invalid:`]);
    assert.ok(
      f.text.includes(
        "  - atlassian-access:orgId is missing: set it with `pulumi config set atlassian-access:orgId <value>` (or env ATLASSIAN_ACCESS_ORG_ID)",
      ),
      f.text,
    );
    assert.ok(
      f.text.includes("  - atlassian-access:auditLookbackHours is -5; set a positive number of hours."),
      f.text,
    );
    assert.doesNotMatch(f.text, STACK_FRAME);
  });

  it("refuses a member typo before the group exists: up fails at check and the sandbox has no such group", async () => {
    const t = await open(
      "rules",
      sandboxConfig(sb, e2e({ groupName: "e2e-typo", members: '["ana.arden@acme.exmaple"]' })),
    );
    const before = orgWrites().length;
    const f = await failureOf(t.stack.up());
    assert.equal(f.code, 1, f.text);
    assert.deepEqual(f.errors, [
      `error: ${GROUP}: property members value {[{ana.arden@acme.exmaple}]} has a problem: No Atlassian account has the email ana.arden@acme.exmaple: members must be existing accounts (invite them, or let SCIM provision them first), or fix the typo.`,
    ]);
    assert.doesNotMatch(f.text, STACK_FRAME);
    assert.equal(
      sb.store.world.org.groups.find((g) => g.name === "e2e-typo"),
      undefined,
    );
    assert.equal(orgWrites().length, before);
  });

  it("refuses a GroupMember on a group ISC governs, named only by its name, and writes no membership", async () => {
    const name = "isc-jira-requesters";
    const t = await open(
      "managed-by-external",
      sandboxConfig(sb, { ...stackConfig(sb.url, sb.store.world), ...e2e({ groupName: name, case: "member" }) }),
    );
    const members = [...sb.store.world.org.groups.find((g) => g.name === name)!.members];
    const before = orgWrites().length;
    const f = await failureOf(t.stack.up());
    assert.equal(f.code, 1, f.text);
    assert.deepEqual(f.errors, [
      `error: ${MEMBER}: property group value {${name}} has a problem: Group "${name}" is owned by SailPoint ISC: its membership changes only through ISC access requests, and a change made by code is a cross-lane write ISC does not govern (SailPoint ISC governs it as a requestable entitlement of its Atlassian source). Request the access for ana.arden@acme.example in ISC and drop this GroupMember.`,
    ]);
    assert.deepEqual(sb.store.world.org.groups.find((g) => g.name === name)!.members, members);
    assert.equal(orgWrites().length, before);
  });
});
