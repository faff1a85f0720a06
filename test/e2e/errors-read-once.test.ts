// Through the real Pulumi CLI (issue 23 item 2): a refusal or an API failure in each lifecycle path (check, diff,
// create, read, update, delete) reaches the user as its message, with no JavaScript stack frame and no install path,
// and once per failing resource in the Diagnostics, never again under the stack. What the engine itself repeats is
// pinned: its progress display shows a failed create, update, delete or read twice (the failing step and its
// "**… failed**" line) and a failed diff once, each before the Diagnostics.
import { strict as assert } from "node:assert";
import { type TestSandbox, acmePeople } from "../helpers/sandbox";
import { openEngineStack, runCli, REPO_ROOT, type TestStack, closeEngineStack } from "../helpers/stack";

const JP = "acme-jp.atlassian.net";
/** A JavaScript stack frame as Node prints it, e.g. `at guardAccessLoss (/x/access-loss.ts:91:22)`. */
const FRAME = /\bat .*\(.*:\d+:\d+\)/;

/** Occurrences of `needle` in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

/** The run's output in its parts: progress (before Diagnostics), each resource's diagnostics block by name. */
function parts(out: string): { progress: string; blocks: Map<string, string> } {
  const start = out.indexOf("\nDiagnostics:\n");
  assert.ok(start >= 0, out);
  const end = out.indexOf("\nResources:", start);
  const blocks = new Map<string, string>();
  let name = "";
  for (const line of out
    .slice(start, end < 0 ? undefined : end)
    .split("\n")
    .slice(2)) {
    const head = /^ {2}(\S+) \((.+)\):$/.exec(line);
    if (head) name = `${head[1]} ${head[2]}`;
    else if (name) blocks.set(name, `${blocks.get(name) ?? ""}${line}\n`);
  }
  return { progress: out.slice(0, start), blocks };
}

describe("engine: errors a person reads once (issue 23)", function () {
  this.timeout(300_000);
  let sb: TestSandbox;
  let t: TestStack;
  let people: string[];
  const declare = (groups: unknown[]) => t.stack.setConfig("e2e:groups", { value: JSON.stringify(groups) });
  const big = (members: string[]) => ({ name: "rm-big", members, access: [{ site: JP, product: "jira-software" }] });
  const faults = (match?: string) => {
    sb.store.world.faults = { ...sb.store.world.faults, rate5xx: match ? 1 : 0, match };
  };

  /** Runs a failing command and checks its output for frames, install paths and where `refusal` shows. */
  async function refused(
    args: string[],
    refusal: string,
    expect: { resources: string[]; progressPerResource: number; oneOf?: boolean },
  ): Promise<string> {
    const r = await runCli(t, args, [1, 255]);
    const out = `${r.stdout}\n${r.stderr}`;
    assert.doesNotMatch(out, FRAME, out);
    assert.ok(!out.includes("node_modules"), out);
    assert.ok(!out.includes(REPO_ROOT), `the install path ${REPO_ROOT} is printed:\n${out}`);
    const { progress, blocks } = parts(out);
    if (expect.oneOf) {
      // A refusal of the whole configuration shows under whichever resource the engine checked first: exactly one.
      const showing = [...blocks].filter(([, block]) => count(block, refusal) > 0).map(([name]) => name);
      assert.equal(showing.length, 1, `${showing.length} resources show it:\n${out}`);
      assert.ok(expect.resources.includes(showing[0]), `${showing[0]} shows it:\n${out}`);
      expect = { ...expect, resources: showing };
    }
    for (const [name, block] of blocks) {
      const expected = expect.resources.includes(name) ? 1 : 0;
      assert.equal(count(block, refusal), expected, `${name} shows it ${count(block, refusal)} times:\n${out}`);
    }
    for (const name of expect.resources) assert.ok(blocks.has(name), `no diagnostics for ${name}:\n${out}`);
    assert.equal(
      count(progress, refusal),
      expect.resources.length * expect.progressPerResource,
      `the progress shows it ${count(progress, refusal)} times:\n${out}`,
    );
    assert.doesNotMatch(progress, /pulumi:pulumi:Stack \S+ +(running )?\S*Error: /, out);
    return out;
  }

  before(async function () {
    ({ sb, t } = await openEngineStack(this, "removals"));
    people = acmePeople(sb, 14);
    await declare([big(people)]);
    await runCli(t, ["up", "--yes", "--skip-preview"]);
  });
  after(() => closeEngineStack(sb, t));
  afterEach(() => faults(undefined));

  const GROUP = "pulumi-nodejs:dynamic/atlassian:Group rm-big";
  const ACCESS = `pulumi-nodejs:dynamic/atlassian:AppAccess rm-big-${JP}-jira-software`;
  const SPLIT = "pulumi-nodejs:dynamic/atlassian:OwnershipSplit split";

  it("check: a config key out of range is named at preview, before anything runs", async () => {
    await t.stack.setConfig("atlassian-access:auditLookbackHours", { value: "1e12" });
    try {
      const out = await refused(
        ["preview"],
        "atlassian-access:auditLookbackHours is 1e12, more than 87600 (ten years); set a positive number of hours up to 87600.",
        { resources: [GROUP, ACCESS, SPLIT], progressPerResource: 0, oneOf: true },
      );
      assert.match(
        out,
        /resource '(rm-big|split|rm-big-\S+)' has a problem: atlassian-access configuration is invalid:/,
        out,
      );
    } finally {
      await t.stack.removeConfig("atlassian-access:auditLookbackHours");
    }
  });

  it("diff: the blast-radius guard refusing a member removal at preview", async () => {
    await declare([big(people.slice(0, 2))]);
    await refused(["preview"], `Group "rm-big": removing 12 member(s) removes access from 12 people`, {
      resources: [GROUP],
      progressPerResource: 1,
    });
    await declare([big(people)]);
  });

  it("read: an API failure during a refresh, once under each resource it fails", async () => {
    faults("groups/search");
    await refused(["refresh", "--yes", "--skip-preview"], "searchDirectoryGroups (POST ", {
      resources: [GROUP, ACCESS, SPLIT],
      progressPerResource: 2,
    });
  });

  it("create: an API failure creating a group", async () => {
    faults("^POST \\S+/groups$");
    await declare([big(people), { name: "rm-new", members: [], access: [] }]);
    await refused(["up", "--yes", "--skip-preview"], `the outcome of createGroup "rm-new"`, {
      resources: ["pulumi-nodejs:dynamic/atlassian:Group rm-new"],
      progressPerResource: 2,
    });
    await declare([big(people)]);
  });

  it("update: an API failure removing a member", async () => {
    faults("memberships");
    await declare([big(people.slice(0, 13))]);
    await refused(["up", "--yes", "--skip-preview"], "the outcome of removeGroupMembership", {
      resources: [GROUP],
      progressPerResource: 2,
    });
  });

  it("delete: the blast-radius guard refusing `pulumi destroy`", async () => {
    await refused(
      ["destroy", "--yes", "--skip-preview"],
      `AppAccess rm-big@${JP}/jira-software: revoking atlassian/user removes access from 14 people, more than the limit of 10`,
      { resources: [ACCESS], progressPerResource: 2 },
    );
  });
});
