// Through the real Pulumi CLI: a program that takes over a generated org of ~300 resources, then the nightly drift
// check. The check must read each list of the org once, at its largest page, and nothing per resource (issue 11): a
// regression to per-resource reads (a group get, a member search or a role list per resource) fails here.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { openDeclaredStack } from "../helpers/convergence";
import { declaredResources } from "./programs/scale/program";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import { requireEngine, runCli, type TestStack, closeEngineStack } from "../helpers/stack";
import { GROUP_ROLES } from "../../provider/rules/roles";
import {
  isPerResourceRead,
  minimalReadPages,
  perResourceReads,
  requestsByEndpoint,
  scaleDeclaration,
  type ScaleDeclaration,
} from "../../sandbox/scenarios/scale-program";

const SCENARIO = "scale:groups=60,users=600,members=1200,grants=240,events=200";

describe("engine: the drift check of a generated org reads each list once", function () {
  this.timeout(600_000);
  let sb: TestSandbox;
  let t: TestStack;
  let decl: ScaleDeclaration;
  const requests = (from: number) => sb.store.world.requests.slice(from).filter((r) => r.api !== "controls");
  const writes = (from: number) =>
    requests(from).filter((r) => r.method !== "GET" && !/\/search$|\/workspaces$|\/token$/.test(r.path));

  before(async function () {
    requireEngine(this);
    sb = await startEngineSandbox({ scenario: SCENARIO });
    decl = scaleDeclaration(sb.store.world);
    t = await openDeclaredStack(sb, decl);
  });
  after(() => closeEngineStack(sb, t));

  it("takes over the org without a write: every group adopted as it is, every grant found held", async () => {
    const resources = declaredResources(decl);
    assert.ok(resources >= 290 && resources <= 320, `about 300 resources (${resources})`);
    const from = sb.store.world.requests.length;
    const up = await runCli(t, ["up", "--yes", "--skip-preview"]);
    if (process.env.SCALE_DEBUG) {
      fs.writeFileSync("/tmp/scale-up.txt", up.stdout + up.stderr);
      fs.writeFileSync("/tmp/scale-req.json", JSON.stringify(requests(from).slice(0, 400), null, 1));
    }
    assert.deepEqual(
      writes(from).map((r) => `${r.method} ${r.path}`),
      [],
    );
    const counts = requestsByEndpoint(requests(from));
    // Per resource only the lookups the state cannot answer: none.
    assert.equal(counts["org group by name"] ?? 0, 0, JSON.stringify(counts));
    assert.equal(counts["org group members"] ?? 0, 0, JSON.stringify(counts));
  });

  /** The OwnershipSplit's state as the last apply left it. */
  const split = () => {
    const state = JSON.parse(
      execFileSync(
        path.join(t.engine.binDir, "pulumi"),
        ["stack", "export", "--stack", t.stack.name, "--cwd", t.stack.workspace.workDir],
        {
          env: { ...process.env, ...t.engine.env },
          encoding: "utf8",
          maxBuffer: 256 << 20,
        },
      ),
    ) as { deployment: { resources?: { urn: string; outputs?: Record<string, unknown> }[] } };
    return state.deployment.resources?.find((r) => r.urn.endsWith("OwnershipSplit::split"));
  };

  it("checks for drift in the minimal reads: lists once at their largest page, nothing per resource", async () => {
    const from = sb.store.world.requests.length;
    // The window the check must read: from an hour before the takeover's check, kept in the split's state.
    const checkedAt = Date.parse(String(split()?.outputs?.checkedAt));
    const auditFrom = checkedAt - 3_600_000;
    const res = await runCli(t, ["preview", "--refresh", "--expect-no-changes", "--json"], [0, 7]);
    const counts = requestsByEndpoint(requests(from));
    // The split's usage read (direct-user-access, dormant-access; org/usage.ts): one search for the groups
    // holding any product role and one per role (each a page here), one users search per product role but
    // atlassian/user and viewer, and the role assignments of the people their groups do not explain: none in this
    // org, which gives roles to groups only. Its pair searches are the AppAccess reads' own ("by site and role").
    const usage = { "org groups by role": 1 + GROUP_ROLES.length, "org users by role": GROUP_ROLES.length - 2 };
    const minimal: Record<string, number> = { ...minimalReadPages(sb.store.world, decl, auditFrom), ...usage };
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const floor = Object.values(minimal).reduce((a, b) => a + b, 0);
    const perResource = perResourceReads(sb.store.world, decl, auditFrom);
    const report = JSON.stringify({ counts, minimal, total, floor, perResource });
    console.log(
      `      refresh of ${declaredResources(decl)} resources: ${total} requests (minimal ${floor}, per-resource reader ${perResource})`,
    );
    const digest = JSON.parse(res.stdout) as {
      steps?: { op: string; urn: string }[];
      diagnostics?: { message?: string }[];
    };
    const changed = (digest.steps ?? [])
      .filter((s) => s.op !== "same" && s.op !== "refresh")
      .map((s) => `${s.op} ${s.urn}`);
    const said = (digest.diagnostics ?? []).map((d) => d.message ?? "").join("\n");
    assert.equal(
      res.code,
      0,
      `no drift on an org just taken over:\n${changed.slice(0, 10).join("\n")}\n${said.slice(0, 3000)}`,
    );
    // Each list exactly once at its largest page.
    for (const k of [
      "org groups search",
      "org users search",
      "org workspaces",
      "org groups by site and role",
      ...Object.keys(usage),
    ])
      assert.equal(counts[k], minimal[k], `${k}: ${report}`);
    assert.equal(counts["org user role assignments"] ?? 0, 0, `no candidate for a direct role: ${report}`);
    // Nothing per resource: no group get, no member search, no role-assignment list.
    for (const [k, n] of Object.entries(counts))
      assert.ok(!isPerResourceRead(k), `per-resource read ${k} ×${n}: ${report}`);
    assert.ok(total <= 1.5 * floor, `at most 1.5 × the minimal read (${floor}): ${report}`);
    // The nightly check's audit read starts an hour before the takeover's check (kept in the split's state), not a
    // week back, and fits in at most 2 requests.
    const audit = requests(from).filter((r) => r.api === "audit");
    assert.ok(audit.length >= 1 && audit.length <= 2, `audit requests: ${audit.length}`);
    const windowFrom = Number(audit[0].query.from);
    assert.ok(Math.abs(windowFrom - auditFrom) < 1000, `window from ${windowFrom}, checked at ${checkedAt}`);
    assert.ok(total * 8 <= perResource, `8 × fewer than a per-resource reader (${perResource}): ${report}`);
  });
});
