// `npm run bench:engine [-- --sizes small,medium,large] [--runs up,preview] [--node-options FLAGS]`: the provider through the real Pulumi CLI against generated
// orgs, with the sandbox's published rate limits on. Per size and run (`up` from scratch, `preview --refresh` with
// nothing changed, `up --refresh`): requests by endpoint, the minimal page count for that org, the ratio, what a
// per-resource reader would send (computed), 429s, wall time and the provider process's peak RSS. Figures, not
// assertions (test/e2e/scale-refresh.test.ts asserts the counts); written to bench/results/engine.json.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { startSandbox } from "../sandbox/server";
import { stackConfig } from "../sandbox/cli";
import {
  minimalReadPages,
  perResourceReads,
  perResourceReadCount,
  requestsByEndpoint,
  scaleDeclaration,
  type ScaleDeclaration,
} from "../sandbox/scenarios/scale-program";
import type { World } from "../sandbox/store";
import { declaredResources, writeDeclaration } from "../test/e2e/programs/scale/program";
import { FAST_WAITS, openStack, runCli } from "../test/helpers/stack";
import { envName } from "../provider/config";
import { breakdown, ProcessWatch, stateFileKb, type Breakdown } from "./breakdown";
import { quotaFloor } from "./quota";
import { spawn } from "node:child_process";

/** Each size: the generated org, the program's new groups (each granted Jira on `sites` sites), and what it adopts. */
interface Size {
  scenario: string;
  create: number;
  sites: number;
  maxGroups?: number;
  maxGrants?: number;
  /** Also run discover, access and report (the built CLI) on the org after the runs. */
  commands?: boolean;
  /** The sandbox's published rate limits off (default on). */
  quotasOff?: boolean;
}
export const SIZES: Record<string, Size> = {
  small: { scenario: "scale:groups=60,users=600,members=1200,grants=240,events=200", create: 6, sites: 10 },
  medium: { scenario: "scale:groups=200,users=2000,members=3600,grants=600,events=600", create: 20, sites: 10 },
  // The issue's large org: 20,000 people, 36,000 memberships; the program adopts 600 groups and creates 200.
  large: { scenario: "scale:groups=1500,users=20000,members=36000,grants=1500,events=3000", create: 200, sites: 1 },
  // Issue 22's program-memory org, quotas off: 1,500 groups adopted and 200 created (1,700 Groups), 1,500 grants and
  // 200 new ones on one site (1,700 AppAccess) and the split: 3,401 resources.
  issue22: {
    scenario: "scale:groups=2000,users=20000,members=36000,grants=2800,events=3000",
    create: 200,
    sites: 1,
    maxGroups: 1500,
    maxGrants: 1500,
    quotasOff: true,
  },
  // Pacing at the quota (issue 22 item 4): a medium org whose audit log holds 60,000 events in the hour before the
  // program's `up`, so the preview's read of the events-stream (120 pages, 50 a minute) is what the quotas hold back.
  quota: {
    scenario: "scale:groups=200,users=2000,members=3600,grants=600,events=60000,auditHours=1",
    create: 0,
    sites: 0,
  },
  // Issue 22's XL org: 100,000 people, 10,000 groups, 200,000 memberships over 10 sites × 3 products; the program
  // adopts 5,000 groups with their members and declares 5,000 AppAccess, creating nothing.
  xl: {
    scenario: "scale:groups=10000,users=100000,members=200000,grants=5000,events=3000",
    create: 0,
    sites: 0,
    maxGroups: 5000,
    maxGrants: 5000,
    commands: true,
  },
};

/** The scale program's declaration over a size's generated org: what bench:engine and bench:mocks both run. */
export function sizeDeclaration(world: World, spec: Size): ScaleDeclaration {
  return scaleDeclaration(world, {
    create: spec.create,
    newMembers: 5,
    newGrantSites: spec.sites,
    maxGroups: spec.maxGroups,
    maxGrants: spec.maxGrants,
  });
}

const fmtRow = (r: Record<string, unknown>, b: Breakdown, p: { peakMb: object; cpuSeconds: object }) =>
  `    time: program ${b.program} s, provider ${b.provider} s (` +
  Object.entries(b.calls)
    .filter(([, c]) => c.count)
    .map(([k, c]) => `${k} ${c.count}× ${c.seconds} s`)
    .join(", ") +
  `), HTTP ${b.http.count}× ${b.http.seconds} s, engine (the rest) ${b.engine} s of ${String(r.wallSeconds)} s\n` +
  `    peak RSS MB: ${Object.entries(p.peakMb)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}; CPU s: ${Object.entries(p.cpuSeconds)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}; state file ${String(r.stateFileKb)} KB`;

/** The built CLI (`atlassian-access <command>`) as a user runs it, configured from env; its exit code and wall time. */
async function command(args: string[], env: Record<string, string>, out: string) {
  const t0 = performance.now();
  const watch = new ProcessWatch().start();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, "..", "dist/provider/cli/main.js"), ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", fs.openSync(out, "w"), "pipe"],
    });
    let err = "";
    child.stderr!.on("data", (d: Buffer) => void (err = (err + d.toString()).slice(-2000)));
    child.on("close", (c) => {
      if (c !== 0 && c !== 7) console.log(`    ${args[0]} exited ${c}: ${err}`);
      resolve(c ?? -1);
    });
  });
  const { peakMb } = watch.stop();
  return { exit: code, wallSeconds: +((performance.now() - t0) / 1000).toFixed(1), peakRssMb: peakMb.program ?? 0 };
}

async function benchSize(name: string, spec: Size, only?: string[]) {
  // Published limits on (org quota, ISC 100/10 s, events and events-stream); the sandbox clock runs in real time.
  const tBuild = performance.now();
  const limits = !spec.quotasOff;
  const sb = await startSandbox({ scenario: spec.scenario, settings: { rateLimits: limits, eventsRateLimit: limits } });
  const buildSeconds = +((performance.now() - tBuild) / 1000).toFixed(1);
  console.log(`${name}: sandbox built in ${buildSeconds} s (${spec.scenario})`);
  try {
    const decl = sizeDeclaration(sb.store.world, spec);
    const file = writeDeclaration(decl, "bench-engine-");
    const dir = path.dirname(file);
    const config = {
      ...stackConfig(sb.url, sb.store.world),
      ...FAST_WAITS,
      "atlassian-access:retryMaxDelayMs": { value: "60000" },
      // The clients pace to the published quotas the sandbox enforces.
      "atlassian-access:paceToQuotas": { value: String(limits) },
    };
    const t = await openStack("scale", { ...config, "e2e:declaration": { value: file } });
    const resources = declaredResources(decl);
    const runs: Record<string, unknown>[] = [];
    try {
      for (const [label, args, allow] of [
        ["up", ["up", "--yes", "--skip-preview"], [0]],
        ["preview --refresh", ["preview", "--refresh", "--expect-no-changes", "--json", "--show-sames"], [0, 7]],
        ["up --refresh", ["up", "--refresh", "--yes", "--skip-preview"], [0]],
      ] as const) {
        if (name === "xl" && label === "up --refresh") continue; // the preview's figures, without many more minutes
        if (only && !only.includes(label)) continue;
        const from = sb.store.world.requests.length;
        const auditFrom = sb.store.nowMs() - 168 * 3_600_000;
        const profile = path.join(dir, `profile-${label.replace(/\W+/g, "-")}.jsonl`);
        process.env.ATLASSIAN_ACCESS_PROFILE = profile;
        const t0 = performance.now();
        const watch = new ProcessWatch().start();
        const previewFile = path.join(dir, "preview.json");
        const toFile = label === "preview --refresh" ? previewFile : undefined;
        const result = await runCli(t, [...args], [...allow], toFile);
        const procs = watch.stop();
        delete process.env.ATLASSIAN_ACCESS_PROFILE;
        const wallS = (performance.now() - t0) / 1000;
        const log = sb.store.world.requests.slice(from).filter((r) => r.api !== "controls");
        const isWrite = (r: (typeof log)[number]) =>
          r.method !== "GET" && !/\/search$|\/workspaces$|\/token$/.test(r.path);
        const writes = log.filter((r) => isWrite(r) && r.status < 400).length;
        const minimal = minimalReadPages(sb.store.world, decl, auditFrom);
        const floor = Object.values(minimal).reduce((a, b) => a + b, 0);
        const b = breakdown(profile, wallS);
        // The drift check's time: the provider's HTTP busy time (some request sent or waiting on the gate), against
        // what the quotas allow for the requests it sent.
        const allowed = quotaFloor(log);
        const quota = {
          ...allowed,
          checkSeconds: b.http.seconds,
          ratio: allowed.seconds ? +(b.http.seconds / allowed.seconds).toFixed(2) : undefined,
        };
        const row = {
          size: name,
          scenario: spec.scenario,
          sandboxBuildSeconds: buildSeconds,
          run: label,
          exit: result.code,
          resources,
          requests: log.length,
          requestsPerResource: +(log.length / resources).toFixed(2),
          // Reads that addressed one resource (isPerResourceRead): what would grow with the program; the others page
          // the org's lists, which grow with the org.
          readsOfOneResource: perResourceReadCount(requestsByEndpoint(log.filter((r) => !isWrite(r)))),
          writes,
          minimalRead: floor,
          ratio: +(log.length / (floor + (label.startsWith("up") ? writes : 0))).toFixed(2),
          perResourceReader: perResourceReads(sb.store.world, decl, auditFrom),
          http429: log.filter((r) => r.status === 429).length,
          wallSeconds: +wallS.toFixed(1),
          peakProviderRssMb: procs.peakMb.provider ?? 0,
          peakRssMb: procs.peakMb,
          cpuSeconds: procs.cpuSeconds,
          stateFileKb: stateFileKb(t.engine.backendDir, t.stack.name),
          breakdown: b,
          quota,
          byEndpoint: requestsByEndpoint(log),
          minimalByEndpoint: minimal,
        };
        runs.push(row);
        console.log(
          `${name.padEnd(6)} ${label.padEnd(18)} ${String(resources).padStart(5)} resources  ${String(row.requests).padStart(6)} requests ` +
            `(${row.writes} writes, minimal read ${floor}, ratio ${row.ratio}, per-resource reader ${row.perResourceReader}; ` +
            `${row.readsOfOneResource} reads addressed one resource)  ` +
            `429s ${row.http429}  ${row.wallSeconds} s  exit ${result.code}\n${fmtRow(row, b, procs)}\n` +
            `    quota: requests take ${quota.checkSeconds} s of HTTP (first to last ${b.http.spanSeconds} s); the quotas allow ` +
            `${quota.seconds} s (${Object.entries(quota.buckets)
              .map(([k, v]) => `${k} ${v.requests} at ${v.max}/${v.windowSeconds} s: ${v.seconds} s`)
              .join(", ")})${quota.ratio ? `, ratio ${quota.ratio}` : ""}`,
        );
      }
      if (spec.commands) {
        const env: Record<string, string> = {};
        for (const [k, v] of Object.entries(config)) env[envName(k.replace("atlassian-access:", ""))] = String(v.value);
        for (const [label, args] of [
          ["discover", ["discover", "--out", path.join(dir, "discovered")]],
          ["access", ["access", "--format", "json"]],
          ["report", ["report", "--preview-json", path.join(dir, "preview.json")]],
        ] as const) {
          if (only && !only.includes(label)) continue;
          const from = sb.store.world.requests.length;
          const r = await command([...args], env, path.join(dir, `${label}.out`));
          const requests = sb.store.world.requests.slice(from).filter((q) => q.api !== "controls").length;
          runs.push({ size: name, run: label, ...r, requests });
          console.log(
            `${name.padEnd(6)} ${label.padEnd(18)} exit ${r.exit}  ${requests} requests  ${r.wallSeconds} s  peak RSS ${r.peakRssMb} MB`,
          );
        }
      }
    } finally {
      await t.stack.workspace.removeStack(t.stack.name, { force: true }).catch(() => undefined);
    }
    return runs;
  } finally {
    await sb.close();
  }
}

async function main() {
  // The file backend rewrites the whole state after every step (quadratic in resources); the engine's own switch
  // saves it once at the end instead. It changes nothing the provider sends, only the engine's wall time.
  process.env.PULUMI_SKIP_CHECKPOINTS ??= "true";
  const arg = process.argv.indexOf("--sizes");
  const sizes = (arg > 0 ? process.argv[arg + 1] : "small,medium").split(",");
  for (const s of sizes)
    if (!SIZES[s]) throw new Error(`--sizes: unknown size "${s}"; known: ${Object.keys(SIZES).join(", ")}.`);
  console.log(`node ${process.version}, ${os.cpus().length} cores; sizes ${sizes.join(", ")}`);
  const all = [];
  // `--runs up,preview`: only those runs (by the label's first word and flags, e.g. "preview --refresh").
  const runsArg = process.argv.indexOf("--runs");
  const only =
    runsArg > 0
      ? process.argv[runsArg + 1].split(",").map((r) => (r === "preview" ? "preview --refresh" : r))
      : undefined;
  // `--node-options "--max-old-space-size=512"`: NODE_OPTIONS for the CLI's node processes only (the program and the
  // provider), set after this process (and its in-process sandbox) started; recorded with the results.
  const nodeArg = process.argv.indexOf("--node-options");
  const nodeOptions = nodeArg > 0 ? process.argv[nodeArg + 1] : undefined;
  if (nodeOptions) process.env.NODE_OPTIONS = nodeOptions;
  for (const s of sizes) all.push(...(await benchSize(s, SIZES[s], only)));
  // One file per set of sizes (and apart with --node-options), so a run of one size keeps the others' figures.
  const out = path.join(__dirname, "results", `engine-${sizes.join("-")}${nodeOptions ? "-node-options" : ""}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GB, shared`;
  fs.writeFileSync(
    out,
    JSON.stringify({ at: new Date().toISOString(), node: process.version, machine, nodeOptions, runs: all }, null, 2),
  );
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

// Run, unless imported for SIZES (bench/program-mocks.ts).
if (require.main === module)
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
