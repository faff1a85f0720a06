// Through the real Pulumi CLI: the provider's rules reach the user, and it never duplicates or destroys what it does not own.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { alreadyExistsReason } from "../../provider/org/creations";
import type { Stack } from "@pulumi/pulumi/automation";
import { SANDBOX_CREDENTIALS, SITES } from "../../sandbox/scenarios/empty";
import { visibleRoles } from "../../sandbox/org/ops";
import { call, orgPath, startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import { byApiKey, namesGroup } from "../helpers/audit-events";
import {
  openStack,
  sandboxConfig,
  pulumiBinDir,
  failureOf,
  REPO_ROOT,
  type TestStack,
  closeEngineStack,
} from "../helpers/stack";

const GROUP = "pulumi-nodejs:dynamic/atlassian:Group resource 'group'";
const ACCESS = "pulumi-nodejs:dynamic/atlassian:AppAccess resource 'access'";
const ACCESS_DUP = "pulumi-nodejs:dynamic/atlassian:AppAccess resource 'access-dup'";
const MEMBER = "pulumi-nodejs:dynamic/atlassian:GroupMember resource 'member'";

const RULES_DIR = path.join(REPO_ROOT, "test/e2e/programs/rules");
/** The installed lifecycle registry the engine's plugin loads: resolved from the program's folder, as the shim does. */
const registryPath = () => require.resolve("atlassian-access/dist/provider/lifecycle/registry", { paths: [RULES_DIR] });
const MARK =
  "// e2e code-v2 wrapper (test/e2e/provider-rules.test.ts): everything from here on is removed after the test";
/**
 * "Version 2" of the package: the built registry plus this block, which marks every read (log line and output key).
 * Only providers running for programs/rules take it, so the engine tests beside this one (mocha --parallel) keep v1.
 */
const WRAPPER = `${MARK}
if (process.cwd() === ${JSON.stringify(RULES_DIR)}) {
  const v1 = exports.lifecycleOf;
  exports.lifecycleOf = (kind) => {
    const l = v1(kind);
    return { ...l, async read(id, props) {
      const r = await l.read(id, props);
      console.log("code-v2 read " + kind + " " + id);
      return r.props ? { ...r, props: { ...r.props, codeVersion: "v2" } } : r;
    } };
  };
}
`;

/** Cuts the wrapper off dist again; also heals a copy left by a run killed mid-test. */
function unwrapRegistry(): void {
  const file = registryPath();
  const text = fs.readFileSync(file, "utf8");
  const at = text.indexOf("\n" + MARK);
  if (at >= 0) fs.writeFileSync(file, text.slice(0, at));
}

/** Sets the program's `e2e:*` config: defined values are set, undefined ones removed. */
async function useConfig(t: TestStack, vars: Record<string, string | undefined>): Promise<void> {
  const set = Object.entries(vars).filter(([, v]) => v !== undefined);
  const unset = Object.entries(vars).filter(([, v]) => v === undefined);
  await t.stack.setAllConfig(Object.fromEntries(set.map(([k, v]) => [`e2e:${k}`, { value: v! }])));
  if (unset.length) await t.stack.removeAllConfig(unset.map(([k]) => `e2e:${k}`));
}

/** Skips the suite when no Pulumi CLI exists (fails in CI), then starts a sandbox and a stack of programs/rules. */
async function openRulesStack(
  ctx: Mocha.Context,
  vars: Record<string, string>,
): Promise<{ sb: TestSandbox; t: TestStack }> {
  if (!pulumiBinDir()) {
    if (process.env.CI === "true")
      throw new Error("No Pulumi CLI in CI: scripts/build-pulumi.sh must run before the tests.");
    ctx.skip();
  }
  const sb = await startEngineSandbox();
  const t = await openStack(
    "rules",
    sandboxConfig(sb, Object.fromEntries(Object.entries(vars).map(([k, v]) => [`e2e:${k}`, { value: v }]))),
  );
  return { sb, t };
}

describe("engine: provider rules through the Pulumi CLI", function () {
  this.timeout(120_000);
  let sb: TestSandbox;
  let t: TestStack;
  const groupsNamed = (name: string) => sb.store.world.org.groups.filter((g) => g.name === name);
  /** The Group's record in the stack's state (inputs, outputs, the serialized shim). */
  const groupState = async (stack: Stack) =>
    (await stack.exportStack()).deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/atlassian:Group",
    );

  before(async function () {
    ({ sb, t } = await openRulesStack(this, { groupName: "e2e-checks" }));
    unwrapRegistry();
  });
  after(() => closeEngineStack(sb, t));

  describe("check failures reach the user at preview", () => {
    const members = '["ana.arden@acme.example"]';
    const cases: { it: string; vars: Record<string, string | undefined>; error: string }[] = [
      {
        it: "refuses members on a SCIM-owned group",
        vars: { groupName: "dept-engineering", owner: "scim", members },
        error: `${GROUP}: property members value {[{ana.arden@acme.example}]} has a problem: members can only be declared on a group owned by "pulumi"; group "dept-engineering" is owned by "scim", whose membership only the identity provider changes. Remove members, or change owner to "pulumi".`,
      },
      {
        it: "refuses members on an ISC-owned group",
        vars: { groupName: "isc-jira-requesters", owner: "isc", members },
        error: `${GROUP}: property members value {[{ana.arden@acme.example}]} has a problem: members can only be declared on a group owned by "pulumi"; group "isc-jira-requesters" is owned by "isc", whose membership only SailPoint ISC changes. Remove members, or change owner to "pulumi".`,
      },
      {
        it: "refuses a member that is not an email address",
        vars: { groupName: "e2e-checks", owner: undefined, members: '["ana.arden@acme.example","ben.arden at acme"]' },
        error: `${GROUP}: property members value {[{ana.arden@acme.example} {ben.arden at acme}]} has a problem: "ben.arden at acme" is not an email address; members are listed by email.`,
      },
      {
        it: "refuses app access on a site the organization does not have",
        vars: { members: undefined, site: "acme-xx.atlassian.net" },
        error: `${ACCESS}: property site value {acme-xx.atlassian.net} has a problem: Unknown site "acme-xx.atlassian.net": the organization has ${[...SITES].sort().join(", ")}.`,
      },
      {
        it: "refuses a product the site does not have",
        vars: { site: "acme-eu.atlassian.net", product: "bitbucket" },
        error: `${ACCESS}: property product value {bitbucket} has a problem: Site acme-eu.atlassian.net has no product "bitbucket"; it has confluence, jira-servicedesk, jira-software.`,
      },
    ];
    for (const c of cases) {
      it(`${c.it}, exiting 1 with the exact message and changing nothing`, async () => {
        await useConfig(t, c.vars);
        const events = sb.store.world.events.length;
        const f = await failureOf(t.stack.preview());
        assert.equal(f.code, 1, f.text);
        assert.deepEqual(f.errors, [`error: ${c.error}`]);
        assert.equal(sb.store.world.events.length, events, "a preview changes nothing in the org");
      });
    }
  });

  describe("check failures that need the whole program reach the user at preview", () => {
    const split = (pulumiLane: string[]) => JSON.stringify({ scim: ["dept-*"], isc: ["isc-*"], pulumi: pulumiLane });
    const cases: { it: string; vars: Record<string, string | undefined>; error: string }[] = [
      {
        it: "refuses a Group whose owner contradicts the OwnershipSplit declared after it",
        vars: {
          site: undefined,
          product: undefined,
          groupName: "isc-jira-requesters",
          owner: "pulumi",
          split: split(["e2e-*"]),
        },
        error: `${GROUP}: property owner value {pulumi} has a problem: Group "isc-jira-requesters" has owner "pulumi" but the OwnershipSplit gives it to isc (pattern "isc-*"). Set owner: "isc", or change the split.`,
      },
      {
        it: "refuses a Group two lanes of the OwnershipSplit claim",
        vars: { owner: "isc", split: split(["*-requesters"]) },
        error:
          `${GROUP}: property owner value {isc} has a problem: Group "isc-jira-requesters" is claimed by 2 lanes of the OwnershipSplit: pulumi (pattern "*-requesters") and isc (pattern "isc-*"); ` +
          "a group has exactly one owner lane. Narrow the split's patterns so that only one lane claims it.",
      },
      {
        it: "refuses a second AppAccess with the same group × site × product × role, naming the first",
        vars: {
          split: undefined,
          owner: undefined,
          groupName: "e2e-checks",
          site: "acme-eu.atlassian.net",
          product: "jira-software",
          duplicateAccess: "true",
        },
        error:
          `${ACCESS_DUP}: property group value {e2e-checks} has a problem: AppAccess "access" already declares this access (group "e2e-checks", site acme-eu.atlassian.net, product jira-software, role atlassian/user): ` +
          "one role assignment declared twice has two owners, and destroying either revokes it for both. Remove one of the two AppAccess declarations.",
      },
      {
        it: "refuses a GroupMember naming a group whose Group (declared after it) lists members",
        vars: {
          duplicateAccess: undefined,
          site: undefined,
          product: undefined,
          members: '["ana.arden@acme.example"]',
          memberByName: "ben.arden@acme.example",
        },
        error:
          `${MEMBER}: property group value {e2e-checks} has a problem: group "e2e-checks" declares \`members\` on its Group, and that list is authoritative: the Group's next update would remove this member. ` +
          'Remove `members` from Group "e2e-checks" or drop this GroupMember.',
      },
    ];
    after(async () => {
      await useConfig(t, { split: undefined, duplicateAccess: undefined, memberByName: undefined, members: undefined });
    });
    for (const c of cases) {
      it(`${c.it}, exiting 1 with the exact message and changing nothing`, async () => {
        await useConfig(t, c.vars);
        const events = sb.store.world.events.length;
        const f = await failureOf(t.stack.preview());
        assert.equal(f.code, 1, f.text);
        assert.deepEqual(f.errors, [`error: ${c.error}`]);
        assert.equal(sb.store.world.events.length, events, "a preview changes nothing in the org");
      });
    }
  });

  describe("a code-owned group whose name already exists", () => {
    let handMade: string;

    before(async () => {
      await useConfig(t, {
        groupName: "e2e-adopted",
        owner: undefined,
        members: undefined,
        site: undefined,
        product: undefined,
      });
      const res = await call(sb, "POST", orgPath(sb, "/groups"), {
        body: { name: "e2e-adopted" },
        token: SANDBOX_CREDENTIALS.orgApiKeys.admin,
      });
      assert.equal(res.status, 201);
      handMade = groupsNamed("e2e-adopted")[0].id;
    });

    /**
     * The group_created event of `name` as the provider reads it: the admin script's API key, which no actorLanes entry
     * maps, so it is named by its label (`api-key:admin-script`; the real log names the key's bot account).
     */
    const createdBy = (name: string) => {
      const e = sb.store.world.events.find((x) => x.action === "group_created" && namesGroup(x, name));
      assert.ok(e, `no group_created event names "${name}"`);
      assert.ok(byApiKey(sb.store.world, e, "admin-script"), `made by ${JSON.stringify(e.actor)}`);
      return { actor: "api-key:admin-script", at: e.time, token: "admin-script", eventId: e.id };
    };

    it("fails up with the adopt message, naming who made the group, instead of creating a duplicate", async () => {
      const f = await failureOf(t.stack.up());
      assert.equal(f.code, 1, f.text);
      assert.deepEqual(
        f.errors,
        [
          `error: ${alreadyExistsReason("e2e-adopted", handMade, createdBy("e2e-adopted"))}`,
          "error: update failed",
        ].sort(),
      );
      assert.deepEqual(
        groupsNamed("e2e-adopted").map((g) => g.id),
        [handMade],
      );
    });

    it("adopts it with adopt: true, leaving exactly one group of that name", async () => {
      await useConfig(t, { adopt: "true" });
      const res = await t.stack.up();
      assert.equal(res.summary.result, "succeeded");
      assert.equal(res.outputs.groupId.value, handMade);
      assert.equal((await groupState(t.stack)).outputs.adopted, true);
      assert.deepEqual(
        groupsNamed("e2e-adopted").map((g) => g.id),
        [handMade],
      );
    });
  });

  describe("a code-owned group deleted out of band", () => {
    let oldId: string;

    before(async () => {
      oldId = groupsNamed("e2e-adopted")[0].id;
      const res = await call(sb, "DELETE", orgPath(sb, `/groups/${oldId}`));
      assert.equal(res.status, 204);
      assert.equal(groupsNamed("e2e-adopted").length, 0);
    });

    it("shows as a change: preview --refresh --expect-no-changes exits 7 planning a create", async () => {
      const f = await failureOf(t.stack.preview({ refresh: true, expectNoChanges: true }));
      assert.equal(f.code, 7, f.text);
      assert.match(f.text, /\+ {2}pulumi-nodejs:dynamic\/atlassian:Group group create/);
      assert.match(f.text, /\+ 1 to create/);
      assert.equal(groupsNamed("e2e-adopted").length, 0, "a preview re-creates nothing");
    });

    it("is re-created by up --refresh under a new id, exactly once", async () => {
      const res = await t.stack.up({ refresh: true });
      assert.equal(res.summary.result, "succeeded");
      assert.deepEqual(res.summary.resourceChanges, { create: 1, same: 1 });
      const now = groupsNamed("e2e-adopted");
      assert.equal(now.length, 1);
      assert.notEqual(now[0].id, oldId);
      assert.equal(res.outputs.groupId.value, now[0].id);
      assert.equal((await groupState(t.stack)).outputs.adopted, false, "created, not adopted, this time");
    });
  });

  describe("a provider code change (pulumi/pulumi#6490)", () => {
    let registry: string;
    let original: string;
    before(() => {
      registry = registryPath();
      original = fs.readFileSync(registry, "utf8");
      process.once("exit", unwrapRegistry); // even a crash that skips after() leaves dist as built
    });
    after(() => {
      unwrapRegistry();
      process.off("exit", unwrapRegistry);
      assert.equal(fs.readFileSync(registry, "utf8"), original, "dist is back to the built file");
    });

    it("runs the installed code on the next refresh while the shim stored in state stays the same", async () => {
      const stored = (await groupState(t.stack)).outputs.__provider;
      const golden = fs.readFileSync(path.join(REPO_ROOT, "test", "resources", "shim.golden.js"), "utf8");
      assert.equal(stored, golden, "the engine stores exactly the pinned shim (test/resources/shim.golden.js)");
      fs.writeFileSync(registry, original + "\n" + WRAPPER);
      try {
        const reopened = await t.reopen();
        const res = await reopened.refresh();
        assert.deepEqual(res.summary.resourceChanges, { same: 2 });
        assert.match(res.stdout, new RegExp(`code-v2 read group ${groupsNamed("e2e-adopted")[0].id}`));
        const g = await groupState(reopened);
        assert.equal(g.outputs.codeVersion, "v2");
        assert.equal(g.outputs.__provider, stored, "the serialized shim in state is unchanged");
      } finally {
        unwrapRegistry();
      }
      assert.equal(fs.readFileSync(registry, "utf8"), original);
    });

    it("runs the original code again on the refresh after the package is restored", async () => {
      const res = await (await t.reopen()).refresh();
      assert.doesNotMatch(res.stdout, /code-v2/);
      assert.equal((await groupState(t.stack)).outputs.codeVersion, undefined);
    });
  });

  describe("app access under eventually consistent role reads", () => {
    before(() => {
      // Hidden for 500 ms of sandbox time: several of the provider's 20 ms-and-doubling polls (pollIntervalMs in
      // sandboxConfig) see nothing; the stack allows 5000 (roleConsistencyTimeoutMs).
      sb.store.world.settings.roleConsistencyMs = 500;
    });
    after(() => {
      sb.store.world.settings.roleConsistencyMs = 0;
    });

    it("converges on up: the lifecycle polls until reads show the assignment", async () => {
      await useConfig(t, { site: "acme-eu.atlassian.net", product: "jira-software" });
      const seq = sb.store.world.requests.length;
      const res = await t.stack.up();
      assert.equal(res.summary.result, "succeeded");
      assert.deepEqual(res.summary.resourceChanges, { create: 1, same: 2 });
      const groupId = groupsNamed("e2e-adopted")[0].id;
      const ws = sb.store.world.org.workspaces.find(
        (w) => w.host === "acme-eu.atlassian.net" && w.product === "jira-software",
      )!;
      const polls = sb.store.world.requests
        .slice(seq)
        .filter((r) => r.method === "GET" && r.path === orgPath(sb, `/groups/${groupId}/role-assignments`))
        .map((r) =>
          (r.responseBody as { data: { resourceId: string; roles: string[] }[] }).data.some(
            (row) => row.resourceId === ws.id && row.roles.includes("atlassian/user"),
          ),
        );
      assert.ok(polls.length >= 2, `polled ${polls.length} time(s)`);
      assert.deepEqual(polls, [...polls.slice(0, -1).map(() => false), true], "hidden on every read but the last");
      assert.deepEqual(
        visibleRoles(sb.store, groupId).map((r) => [r.resourceId, r.roleId]),
        [[ws.id, "atlassian/user"]],
      );
    });

    it("previews no changes afterwards, refresh included", async () => {
      const res = await t.stack.preview({ refresh: true, expectNoChanges: true });
      assert.deepEqual(res.changeSummary, { same: 3 });
    });
  });

  describe("a SCIM-owned declaration", () => {
    let fresh: TestStack;
    before(async () => {
      fresh = await openStack(
        "rules",
        sandboxConfig(sb, { "e2e:groupName": { value: "dept-legal" }, "e2e:owner": { value: "scim" } }),
      );
    });
    after(async () => {
      await fresh?.stack.workspace.removeStack(fresh.stack.name, { force: true }).catch(() => undefined);
    });

    it("fails up on dept-legal, the local group blocking the IdP's (group name conflict)", async () => {
      const legal = structuredClone(groupsNamed("dept-legal"));
      assert.deepEqual(
        legal.map((g) => g.externalSynced),
        [false],
        "the acme scenario's local dept-legal",
      );
      const f = await failureOf(fresh.stack.up());
      assert.equal(f.code, 1, f.text);
      assert.deepEqual(
        f.errors,
        [
          `error: Group "dept-legal" exists but is a local group, not synced from the identity provider: a same-named local group blocks the IdP's group (group name conflict). Accept or reject the sync in Atlassian admin, or rename the local group.`,
          "error: update failed",
        ].sort(),
      );
      assert.deepEqual(groupsNamed("dept-legal"), legal, "the local group is left as it was");
    });

    it("verifies dept-engineering on up and leaves it in place on destroy", async () => {
      const [eng] = groupsNamed("dept-engineering");
      const seen = { id: eng.id, members: [...eng.members] };
      await fresh.stack.setConfig("e2e:groupName", { value: "dept-engineering" });
      const up = await fresh.stack.up();
      assert.equal(up.summary.result, "succeeded");
      assert.equal(up.outputs.groupId.value, eng.id);
      const destroy = await fresh.stack.destroy();
      assert.equal(destroy.summary.result, "succeeded");
      assert.deepEqual(destroy.summary.resourceChanges, { delete: 2 });
      const after = groupsNamed("dept-engineering");
      assert.deepEqual(
        after.map((g) => ({ id: g.id, members: g.members, synced: g.externalSynced })),
        [{ ...seen, synced: true }],
      );
    });
  });
});
