// Through the real Pulumi CLI (issue 12 item 7): a program of more than 500 operations (30 new groups, their 180
// members and 300 grants over 10 sites, over a generated org code takes over) applied while the sandbox answers 20 %
// of requests with 429, 10 % with a 5xx and loses the answer of 10 % of the mutations it applies, with latency. It must
// converge in at most 2 `up`s and then preview clean, leaving 0 duplicates, 0 orphans, no missing or extra member or
// grant, and no write by code's key into a SCIM or ISC object.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import { requireEngine, runCli, type TestStack, closeEngineStack } from "../helpers/stack";
import { scaleDeclaration, type ScaleDeclaration } from "../../sandbox/scenarios/scale-program";
import { convergence, stateGroupIds, openDeclaredStack, CONVERGED, STORM } from "../helpers/convergence";

const SCENARIO = "scale:groups=24,users=240,members=360,grants=48,events=40";

describe("engine: a 500-operation program converges through a storm of 429s, 5xx and lost answers", function () {
  this.timeout(900_000);
  let sb: TestSandbox;
  let t: TestStack;
  let decl: ScaleDeclaration;

  before(async function () {
    requireEngine(this);
    sb = await startEngineSandbox({ scenario: SCENARIO });
    decl = scaleDeclaration(sb.store.world, { create: 30, newMembers: 6, newGrantSites: 10 });
    t = await openDeclaredStack(sb, decl);
  });
  after(() => closeEngineStack(sb, t));

  it("converges in at most 2 ups, previews clean, and leaves the org exactly as declared", async () => {
    const created = decl.groups.filter((g) => g.name.startsWith("new-"));
    const operations =
      created.length +
      created.reduce((n, g) => n + (g.members?.length ?? 0), 0) +
      decl.grants.filter((a) => a.group.startsWith("new-")).length;
    assert.ok(operations >= 500, `at least 500 operations (${operations})`);
    sb.store.world.faults = { ...sb.store.world.faults, ...STORM };
    const runs: number[] = [];
    for (let i = 0; i < 2; i++) {
      const up = await runCli(t, ["up", "--yes", "--skip-preview"], [0, 1, 255]);
      runs.push(up.code);
      if (process.env.FAULT_DEBUG) fs.writeFileSync(`/tmp/fault-up-${i}.txt`, up.stdout + up.stderr);
      assert.doesNotMatch(up.stdout, /already exists/);
      if (up.code === 0) break;
    }
    assert.equal(runs[runs.length - 1], 0, `converged within 2 ups (exit codes ${runs.join(", ")})`);
    const injected = sb.store.world.requests.filter((r) => r.status === 429 || r.status >= 500).length;
    assert.ok(injected > 100, `the storm happened (${injected} refusals and failures)`);
    const preview = await runCli(t, ["preview", "--refresh", "--expect-no-changes", "--diff"], [0, 7]);
    assert.equal(preview.code, 0, preview.stdout.slice(-3000));
    assert.deepEqual(convergence(sb.store.world, decl, await stateGroupIds(t)), CONVERGED);
  });
});
