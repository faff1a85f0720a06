// Through the real Pulumi CLI: the dynamic provider survives serialization, refresh, drift and destroy.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { visibleRoles } from "../../sandbox/org/ops";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import {
  openStack,
  sandboxConfig,
  requireEngine,
  pulumiVersion,
  exitCodeOf,
  outputOf,
  runCli,
  type TestStack,
  closeEngineStack,
} from "../helpers/stack";

describe("engine: Group and AppAccess through the Pulumi CLI", function () {
  this.timeout(240_000);
  let sb: TestSandbox;
  let t: TestStack;

  before(async function () {
    requireEngine(this);
    console.log(`    pulumi version: ${pulumiVersion()}`);
    sb = await startEngineSandbox();
    t = await openStack("basic", sandboxConfig(sb));
  });
  after(() => closeEngineStack(sb, t));

  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

  const group = () => sb.store.world.org.groups.find((g) => g.name.toLowerCase() === "jira-admins-e2e");
  const emailsOf = (ids: string[]) =>
    ids.map((id) => sb.store.world.org.users.find((u) => u.accountId === id)!.email).sort();

  it("creates the group, its members and its app access on up", async () => {
    const res = await t.stack.up();
    assert.equal(res.summary.result, "succeeded");
    const g = group();
    assert.ok(g, "group created in the sandbox");
    assert.equal(res.outputs.groupId.value, g.id);
    assert.deepEqual(emailsOf(g.members), ["ana.arden@acme.example", "ben.arden@acme.example"]);
    const roles = visibleRoles(sb.store, g.id);
    assert.equal(roles.length, 1);
    assert.equal(roles[0].roleId, "atlassian/admin");
  });

  it("keeps the API key out of the state files in clear text", async () => {
    const files = walk(t.engine.backendDir);
    assert.ok(
      files.some((f) => f.endsWith(".json")),
      "the file backend holds the stack's state",
    );
    for (const f of files)
      assert.ok(!fs.readFileSync(f, "utf8").includes("sandbox-org-key-pulumi-ci"), `API key in clear text in ${f}`);
  });

  it("previews no changes right after up", async () => {
    const res = await t.stack.preview({ refresh: true, expectNoChanges: true });
    assert.equal(res.changeSummary.update ?? 0, 0);
  });

  it("exits 7 on a refresh preview when a person added a member by hand", async () => {
    const ctl = await fetch(`${sb.url}/__sandbox/admin/group-members`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ group: "jira-admins-e2e", email: "chloe.arden@acme.example" }),
    });
    assert.equal(ctl.status, 200);
    let code: number | undefined;
    let text = "";
    try {
      await t.stack.preview({ refresh: true, expectNoChanges: true, diff: true });
    } catch (e) {
      code = exitCodeOf(e);
      text = outputOf(e);
    }
    assert.equal(code, 7, text);
    assert.match(text, /chloe\.arden@acme\.example/);
  });

  it("exits 7 on refresh --preview-only --expect-no-changes for the same drift, without writing state", async () => {
    const before = JSON.stringify((await t.stack.exportStack()).deployment.resources);
    let code: number | undefined;
    let text = "";
    try {
      await t.stack.previewRefresh({ expectNoChanges: true });
    } catch (e) {
      code = exitCodeOf(e);
      text = outputOf(e);
    }
    assert.equal(code, 7, text);
    assert.equal(JSON.stringify((await t.stack.exportStack()).deployment.resources), before);
  });

  it("repairs the drift on up, removing the hand-added member", async () => {
    await t.stack.up({ refresh: true });
    assert.deepEqual(emailsOf(group()!.members), ["ana.arden@acme.example", "ben.arden@acme.example"]);
  });

  it("re-creates app access revoked out of band", async () => {
    const g = group()!;
    sb.store.world.org.roles = sb.store.world.org.roles.filter((r) => r.groupId !== g.id); // revoked behind the API's back
    await t.stack.up({ refresh: true });
    assert.equal(visibleRoles(sb.store, g.id).length, 1);
  });

  it("renames the group by case only: the plan says so, the old one goes first, members and access come back", async () => {
    await t.stack.setConfig("e2e:groupName", { value: "JIRA-ADMINS-E2E" });
    const plan = await runCli(t, ["preview", "--diff"]);
    assert.match(
      plan.stdout + plan.stderr,
      /Group "jira-admins-e2e" → "JIRA-ADMINS-E2E": replaced \(Atlassian cannot rename a group\): "jira-admins-e2e" is deleted first/,
    );
    const up = await runCli(t, ["up", "--yes", "--skip-preview"]);
    assert.doesNotMatch(up.stdout, /already exists|409/);
    const named = sb.store.world.org.groups.filter((g) => g.name.toLowerCase() === "jira-admins-e2e");
    assert.deepEqual(
      named.map((g) => g.name),
      ["JIRA-ADMINS-E2E"],
    );
    assert.deepEqual(emailsOf(named[0].members), ["ana.arden@acme.example", "ben.arden@acme.example"]);
    assert.equal(visibleRoles(sb.store, named[0].id).length, 1);
    assert.equal((await runCli(t, ["preview", "--refresh", "--expect-no-changes"], [0, 7])).code, 0);
  });

  it("refreshes and destroys from the state alone in a new workspace", async () => {
    const reopened = await t.reopen();
    const refresh = await reopened.refresh();
    assert.equal(refresh.summary.result, "succeeded");
    const destroy = await reopened.destroy();
    assert.equal(destroy.summary.result, "succeeded");
    assert.equal(group(), undefined);
  });
});
