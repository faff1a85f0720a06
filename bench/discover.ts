// `npm run bench:discover [-- --scenario scale:...] [--up]`: `atlassian-access discover` against a generated org with
// the sandbox's published rate limits on (the org quota, ISC's 100 per 10 s, the audit events-stream's 50 a minute).
// Figures, not assertions (test/e2e/discover.test.ts asserts the counts on a smaller org): requests by endpoint, the
// org quota's use, 429s waited out, writes (none), wall time, and the size of the program written. With `--up`, also
// `pulumi up` of that program (writes, requests) and the preview after it. Written to bench/results/discover.json.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { startSandbox } from "../sandbox/server";
import { stackConfig } from "../sandbox/cli";
import { LIMITS } from "../sandbox/faults";
import { requestsByEndpoint } from "../sandbox/scenarios/scale-program";
import { envName } from "../provider/config";
import { FAST_WAITS, openStack, runCli } from "../test/helpers/stack";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");
/** The scale issue's large org (bench/engine.ts "large"). */
const LARGE = "scale:groups=1500,users=20000,members=36000,grants=1500,events=3000";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

async function main() {
  const scenario = arg("--scenario") ?? LARGE;
  console.log(`node ${process.version}, ${os.cpus().length} cores; ${scenario}`);
  const sb = await startSandbox({ scenario, settings: { rateLimits: true, eventsRateLimit: true } });
  try {
    const config = { ...stackConfig(sb.url, sb.store.world), "atlassian-access:retryMaxDelayMs": { value: "60000" } };
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) env[envName(k.replace("atlassian-access:", ""))] = v.value;
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-discover-")), "adopted");
    const from = sb.store.world.requests.length;
    const t0 = performance.now();
    const res = await run(process.execPath, [path.join(ROOT, "dist/provider/cli/main.js"), "discover", "--out", dir], {
      env: { ...process.env, ...env },
      maxBuffer: 256 << 20,
    });
    const wallSeconds = +((performance.now() - t0) / 1000).toFixed(1);
    const log = sb.store.world.requests.slice(from).filter((r) => r.api !== "controls");
    const org = log.filter((r) => r.api === "org");
    const first = Date.parse(org[0]?.time ?? ""),
      last = Date.parse(org[org.length - 1]?.time ?? "");
    const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    const row: Record<string, unknown> = {
      scenario,
      requests: log.length,
      writes: log.filter((r) => r.method !== "GET" && !/\/search$|\/workspaces$|\/token$/.test(r.path)).length,
      http429: log.filter((r) => r.status === 429).length,
      orgRequests: org.length,
      orgQuota: `${LIMITS.org.max} per ${LIMITS.org.windowMs / 1000} s`,
      orgRequestsPerMinute:
        Number.isFinite(last - first) && last > first ? Math.round((org.length * 60_000) / (last - first)) : org.length,
      wallSeconds,
      byEndpoint: requestsByEndpoint(log),
      program: {
        lines: index.split("\n").length,
        groups: (index.match(/new access\.Group\(/g) ?? []).length,
        appAccess: (index.match(/new access\.AppAccess\(/g) ?? []).length,
        accepted: (index.match(/reason: "found at adoption on/g) ?? []).length,
      },
      summary: res.stdout.split("\n").slice(0, 4),
    };
    console.log(JSON.stringify(row, null, 2));
    if (process.argv.includes("--up")) {
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
      process.env.PULUMI_SKIP_CHECKPOINTS ??= "true";
      const t = await openStack(dir, {
        ...config,
        ...FAST_WAITS,
        "atlassian-access:retryMaxDelayMs": { value: "60000" },
      });
      try {
        for (const [label, argv, allow] of [
          ["up", ["up", "--yes", "--skip-preview"], [0]],
          ["preview --refresh", ["preview", "--refresh", "--expect-no-changes"], [0, 7]],
        ] as const) {
          const at = sb.store.world.requests.length;
          const t1 = performance.now();
          const r = await runCli(t, [...argv], [...allow]);
          const l = sb.store.world.requests.slice(at).filter((x) => x.api !== "controls");
          row[label] = {
            exit: r.code,
            requests: l.length,
            writes: l.filter((x) => x.method !== "GET" && !/\/search$|\/workspaces$|\/token$/.test(x.path)).length,
            http429: l.filter((x) => x.status === 429).length,
            wallSeconds: +((performance.now() - t1) / 1000).toFixed(1),
          };
          console.log(label, JSON.stringify(row[label]));
        }
      } finally {
        await t.stack.workspace.removeStack(t.stack.name, { force: true }).catch(() => undefined);
      }
    }
    // One entry per scenario: a run replaces the last one of its scenario and keeps the others.
    const out = path.join(__dirname, "results", "discover.json");
    const kept = fs.existsSync(out)
      ? ((JSON.parse(fs.readFileSync(out, "utf8")) as { runs?: { scenario: string }[] }).runs ?? [])
      : [];
    const entry = { at: new Date().toISOString(), node: process.version, ...row };
    fs.writeFileSync(
      out,
      JSON.stringify({ runs: [...kept.filter((r) => r.scenario !== scenario), entry] }, null, 2) + "\n",
    );
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    await sb.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
