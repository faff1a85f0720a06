// `npm run bench:engine [-- --sizes small,medium,large]`: the provider through the real Pulumi CLI against generated
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
  requestsByEndpoint,
  scaleDeclaration,
} from "../sandbox/scenarios/scale-program";
import { FAST_WAITS, openStack, runCli } from "../test/helpers/stack";

/** Each size: the generated org, and the program's new groups (each granted Jira on `sites` sites). */
const SIZES: Record<string, { scenario: string; create: number; sites: number }> = {
  small: { scenario: "scale:groups=60,users=600,members=1200,grants=240,events=200", create: 6, sites: 10 },
  medium: { scenario: "scale:groups=200,users=2000,members=3600,grants=600,events=600", create: 20, sites: 10 },
  // The large org: 20,000 people, 36,000 memberships; the program adopts 600 groups and creates 200.
  large: { scenario: "scale:groups=1500,users=20000,members=36000,grants=1500,events=3000", create: 200, sites: 1 },
};

/** Peak RSS (VmHWM) of the CLI's dynamic-provider processes while `run` lasts, polled every 100 ms. */
async function withPeakRss<T>(run: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = 0;
  const poll = () => {
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider")) continue;
        const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {
        /* the process ended between the listing and the read */
      }
    }
  };
  const timer = setInterval(poll, 100);
  try {
    const result = await run();
    return { result, peakRssMb: Math.round(peak / 1024) };
  } finally {
    clearInterval(timer);
  }
}

async function benchSize(name: string, spec: { scenario: string; create: number; sites: number }) {
  // Published limits on (org quota, ISC 100/10 s, events and events-stream); the sandbox clock runs in real time.
  const sb = await startSandbox({ scenario: spec.scenario, settings: { rateLimits: true, eventsRateLimit: true } });
  try {
    const decl = scaleDeclaration(sb.store.world, { create: spec.create, newMembers: 5, newGrantSites: spec.sites });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-engine-"));
    const file = path.join(dir, "declaration.json");
    fs.writeFileSync(file, JSON.stringify(decl));
    const t = await openStack("scale", {
      ...stackConfig(sb.url, sb.store.world),
      ...FAST_WAITS,
      "atlassian-access:retryMaxDelayMs": { value: "60000" },
      "e2e:declaration": { value: file },
    });
    const resources = 1 + decl.groups.length + decl.grants.length;
    const runs: Record<string, unknown>[] = [];
    try {
      for (const [label, args, allow] of [
        ["up", ["up", "--yes", "--skip-preview"], [0]],
        ["preview --refresh", ["preview", "--refresh", "--expect-no-changes"], [0, 7]],
        ["up --refresh", ["up", "--refresh", "--yes", "--skip-preview"], [0]],
      ] as const) {
        const from = sb.store.world.requests.length;
        const auditFrom = sb.store.nowMs() - 168 * 3_600_000;
        const t0 = performance.now();
        const { result, peakRssMb } = await withPeakRss(() => runCli(t, [...args], [...allow]));
        const wallS = (performance.now() - t0) / 1000;
        const log = sb.store.world.requests.slice(from).filter((r) => r.api !== "controls");
        const writes = log.filter(
          (r) => r.method !== "GET" && !/\/search$|\/workspaces$|\/token$/.test(r.path) && r.status < 400,
        ).length;
        const minimal = minimalReadPages(sb.store.world, decl, auditFrom);
        const floor = Object.values(minimal).reduce((a, b) => a + b, 0);
        const row = {
          size: name,
          run: label,
          exit: result.code,
          resources,
          requests: log.length,
          requestsPerResource: +(log.length / resources).toFixed(2),
          writes,
          minimalRead: floor,
          ratio: +(log.length / (floor + (label.startsWith("up") ? writes : 0))).toFixed(2),
          perResourceReader: perResourceReads(sb.store.world, decl, auditFrom),
          http429: log.filter((r) => r.status === 429).length,
          wallSeconds: +wallS.toFixed(1),
          peakProviderRssMb: peakRssMb,
          byEndpoint: requestsByEndpoint(log),
          minimalByEndpoint: minimal,
        };
        runs.push(row);
        console.log(
          `${name.padEnd(6)} ${label.padEnd(18)} ${String(resources).padStart(5)} resources  ${String(row.requests).padStart(6)} requests ` +
            `(${row.writes} writes, minimal read ${floor}, ratio ${row.ratio}, per-resource reader ${row.perResourceReader})  ` +
            `429s ${row.http429}  ${row.wallSeconds} s  provider peak RSS ${peakRssMb} MB  exit ${result.code}`,
        );
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
  for (const s of sizes) all.push(...(await benchSize(s, SIZES[s])));
  const out = path.join(__dirname, "results", "engine.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, runs: all }, null, 2));
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
