// Through the real Pulumi CLI (issue 12 items 1 and 7): `pulumi up` killed with SIGKILL (its whole process group) while
// groups are being created leaves the stack locked and some creates pending. The recovery the README documents
// (`pulumi cancel --yes`, `pulumi refresh --clear-pending-creates --yes`, `pulumi up`) must converge like an
// uninterrupted run, under the same storm of faults: the groups code's key created before the kill are taken over with
// a line saying so (never refused as "already exists", never made twice), and the org ends exactly as declared.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { execFile, spawn } from "node:child_process";
import * as os from "node:os";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import {
  closeEngineStack,
  removeEmptyStateSidecars,
  REPO_ROOT,
  requireEngine,
  runCli,
  stackSidecar,
  type TestStack,
} from "../helpers/stack";
import { eventsByApiKey } from "../helpers/audit-events";
import { scaleDeclaration, type ScaleDeclaration } from "../../sandbox/scenarios/scale-program";
import { convergence, exportStack, stateGroupIds, openDeclaredStack, CONVERGED, STORM } from "../helpers/convergence";

/** The package's CLI as installed (`bin` in package.json): the built one, as the engine tests' programs load it. */
const CLI = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
const SCENARIO = "scale:groups=10,users=120,members=120,grants=12,events=10";
const NO_FAULTS = { rate429: 0, rate5xx: 0, dropAfterCommit: 0, latencyMs: 0 };

describe("engine: a killed up recovers by the documented steps and converges", function () {
  this.timeout(600_000);
  let sb: TestSandbox;
  let t: TestStack;
  let decl: ScaleDeclaration;
  const createdByCode = () => eventsByApiKey(sb.store.world, "group_created", "pulumi-ci").length;

  before(async function () {
    requireEngine(this);
    sb = await startEngineSandbox({ scenario: SCENARIO });
    decl = scaleDeclaration(sb.store.world, { create: 20, newMembers: 4, newGrantSites: 3 });
    t = await openDeclaredStack(sb, decl);
  });
  after(() => closeEngineStack(sb, t));

  it("takes over what the killed run created, clears its pending creates and ends as declared", async () => {
    // The sixth group create is applied and never answered: the kill lands while it is in flight, whatever the
    // machine's load (a race with a slow answer left nothing pending when the engine had recorded every create).
    sb.store.world.faults = { ...NO_FAULTS, match: "^POST \\S+/groups$", holdAfterCommits: 5 };
    const child = spawn(
      path.join(t.engine.binDir, "pulumi"),
      [
        "up",
        "--yes",
        "--skip-preview",
        "--stack",
        t.stack.name,
        "--cwd",
        t.stack.workspace.workDir,
        "--non-interactive",
      ],
      { env: { ...process.env, ...t.engine.env }, detached: true, stdio: "ignore" },
    );
    const exited = new Promise((r) => child.on("exit", r));
    while (createdByCode() < 6) await new Promise((r) => setTimeout(r, 10));
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    // The kill may land while the file backend rewrites a sidecar (the state's own, or its backup's: that one breaks
    // nothing); the documented step removes every empty one.
    if (fs.statSync(stackSidecar(t.engine.backendDir, t.stack.name)).size === 0) {
      const broken = await runCli(t, ["stack", "export"], [255, 1]);
      assert.match(broken.stderr, /failed to load checkpoint: EOF/);
    }
    removeEmptyStateSidecars(t.engine.backendDir);
    const before = await exportStack(t);
    const inState = await stateGroupIds(t);
    const createdBeforeKill = sb.store.world.org.groups.filter((g) => g.name.startsWith("new-"));
    const leftovers = createdBeforeKill.filter((g) => !inState.has(g.id)).map((g) => g.name);
    assert.ok(leftovers.length > 0, "the kill left groups the state does not hold");
    assert.ok((before.deployment.pending_operations ?? []).length > 0, "the kill left pending operations");

    // The nightly drift check on the killed stack (a preview takes no lock) says the last update did not finish, with
    // the Group creates it left pending, before the resources that show as to create again.
    const reports = fs.mkdtempSync(path.join(os.tmpdir(), "killed-drift-"));
    // Asynchronously: the sandbox answers from this process.
    const drift = await driftCli(t, reports);
    assert.equal(drift.status, 7, `${drift.stdout}\n${drift.stderr}`);
    assert.match(
      drift.stdout,
      /\nthe last update did not finish \(\d+ creating\); recover before reviewing: pulumi cancel/,
    );
    const interrupted = (
      JSON.parse(fs.readFileSync(path.join(reports, "report.json"), "utf8")) as {
        interrupted: { operations: { name: string; type: string; op: string }[] };
      }
    ).interrupted;
    const pendingGroups = interrupted.operations.filter((op) => op.type.endsWith(":Group")).map((op) => op.name);
    for (const name of leftovers) assert.ok(pendingGroups.includes(name), `${name} is pending in the report`);
    assert.match(
      fs.readFileSync(path.join(reports, "report.md"), "utf8"),
      /### The last update did not finish: \d+ operations? pending/,
    );

    // As killed, the stack is locked: an up refuses until `pulumi cancel` removes the lock.
    const locked = await runCli(t, ["up", "--yes", "--skip-preview"], [255, 1]);
    assert.match(locked.stderr + locked.stdout, /currently locked/);

    sb.store.world.faults = { ...NO_FAULTS, ...STORM };
    await runCli(t, ["cancel", "--yes"]);
    await runCli(t, ["refresh", "--clear-pending-creates", "--yes", "--skip-preview"]);
    const runs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const up = await runCli(t, ["up", "--yes", "--skip-preview"], [0, 1, 255]);
      runs.push(up.stdout);
      if (up.code === 0) break;
    }
    const out = runs.join("\n");
    assert.doesNotMatch(out, /already exists/);
    const takenOver = new Set(
      [...out.matchAll(/Group "(new-\d+)" \([0-9a-f-]{36}\): taken over: code's API token/g)].map((m) => m[1]),
    );
    assert.deepEqual([...takenOver].sort(), leftovers.sort());
    assert.match(runs[runs.length - 1], /Resources:/);

    sb.store.world.faults = { ...NO_FAULTS };
    const preview = await runCli(t, ["preview", "--refresh", "--expect-no-changes"], [0, 7]);
    assert.equal(preview.code, 0, preview.stdout.slice(-3000));
    const after = await exportStack(t);
    assert.deepEqual(after.deployment.pending_operations ?? [], []);
    assert.deepEqual(convergence(sb.store.world, decl, await stateGroupIds(t)), CONVERGED);
  });

  it("loads the state again once the empty sidecar a kill can leave is removed, as the guide says", async () => {
    // gocloud's fileblob writes `<stack>.json.attrs` in place (create, then encode), not through a renamed temp file
    // as it does the state itself: a kill between the two leaves it empty, and every command then fails to load.
    const sidecar = stackSidecar(t.engine.backendDir, t.stack.name);
    fs.writeFileSync(sidecar, "");
    for (const args of [
      ["stack", "export"],
      ["cancel", "--yes"],
    ]) {
      const broken = await runCli(t, args, [255, 1]);
      assert.match(broken.stderr, /failed to load checkpoint: EOF/, args.join(" "));
    }
    // The nightly check cannot load it either: exit 1, with the fix in its one line.
    const drift = await driftCli(t, fs.mkdtempSync(path.join(os.tmpdir(), "killed-drift-")));
    assert.equal(drift.status, 1, `${drift.stdout}\n${drift.stderr}`);
    assert.match(
      drift.stderr,
      /failed to load checkpoint: EOF\. A run killed while it saved the state .* -size 0 -print -delete/,
    );
    assert.deepEqual(removeEmptyStateSidecars(t.engine.backendDir), [sidecar]);
    // The state the sidecar's loss hid is all there: the converged stack of the test before, with nothing pending.
    const state = await exportStack(t);
    assert.deepEqual(state.deployment.pending_operations ?? [], []);
    assert.deepEqual(convergence(sb.store.world, decl, await stateGroupIds(t)), CONVERGED);
  });
});

/** `atlassian-access drift` of the built package, as a nightly job runs it; asynchronously, since the sandbox answers from this process. */
function driftCli(t: TestStack, out: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, "drift", "--stack", t.stack.name, "--cwd", t.stack.workspace.workDir, "--out", out],
      { env: { ...process.env, ...t.engine.env }, encoding: "utf8" },
      (err, stdout, stderr) =>
        resolve({ status: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}
