// `npm run bench:mocks [-- --sizes issue22] [--delay 8000]`: the scale program's registrations (the program of
// bench:engine, test/e2e/programs/scale) under pulumi's mocks, with no engine: each registration is answered after
// `--delay` ms, and the program's heap is read after a forced GC while every registration is pending, then once all are
// answered. Seconds instead of minutes, for iterating on the program's memory (issue 22 item 2); the engine's own run
// (bench:engine) is the figure that counts. The program runs in a child node process of the built code (dist/), so that
// neither the sandbox that generated the org nor ts-node sit in the heap measured.
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import * as v8 from "node:v8";
import * as pulumi from "@pulumi/pulumi";
import { declareScale, readDeclaration, writeDeclaration } from "../test/e2e/programs/scale/program";

const mb = (b: number) => +(b / 2 ** 20).toFixed(1);

/** The child: the scale program under mocks; prints one JSON line. */
async function child(file: string, delayMs: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run the child with node --expose-gc");
  let peakRss = 0;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  let expected = Infinity;
  let answered = 0;
  let allAnswered: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allAnswered = resolve));
  await pulumi.runtime.setMocks(
    {
      newResource: (a: pulumi.runtime.MockResourceArgs) =>
        new Promise((resolve) =>
          setTimeout(() => {
            if (++answered === expected) setTimeout(allAnswered, 10);
            const state: Record<string, unknown> = { ...(a.inputs as Record<string, unknown>) };
            resolve({ id: `${a.name}-id`, state: { ...state, groupId: `gid-${a.name}`, adopted: false } });
          }, delayMs),
        ),
      call: () => ({}),
    },
    "scale",
    "mocks",
    false,
  );
  gc();
  const loaded = process.memoryUsage().heapUsed;
  const access = await import("../provider");
  const decl = readDeclaration(file);
  const t0 = performance.now();
  // Each registration is answered `delayMs` later, on a timer: none before this count is set.
  expected = declareScale(access, decl).resources;
  const registrationsMs = Math.round(performance.now() - t0);
  await new Promise((resolve) => setTimeout(resolve, delayMs / 2));
  gc();
  const pending = process.memoryUsage().heapUsed;
  await done;
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  const answeredHeap = process.memoryUsage().heapUsed;
  clearInterval(timer);
  console.log(
    JSON.stringify({
      resources: expected,
      registrationsMs,
      heapMb: { loaded: mb(loaded), pending: mb(pending), answered: mb(answeredHeap) },
      pendingKbPerResource: +((pending - loaded) / expected / 1024).toFixed(1),
      peakRssMb: mb(peakRss),
      heapLimitMb: mb(v8.getHeapStatistics().heap_size_limit),
    }),
  );
  process.exit(0);
}

/** The parent: generates the size's org and declaration (as bench:engine does), runs the child on it. */
async function main(): Promise<void> {
  const { SIZES, sizeDeclaration } = await import("./engine");
  const { startSandbox } = await import("../sandbox/server");
  const arg = (name: string, dflt: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const delay = arg("--delay", "8000");
  for (const size of arg("--sizes", "issue22").split(",")) {
    const spec = SIZES[size];
    if (!spec) throw new Error(`--sizes: unknown size "${size}"; known: ${Object.keys(SIZES).join(", ")}.`);
    const sb = await startSandbox({ scenario: spec.scenario, settings: { rateLimits: false, eventsRateLimit: false } });
    const file = writeDeclaration(sizeDeclaration(sb.store.world, spec), "bench-mocks-");
    await sb.close();
    const built = path.join(__dirname, "..", "dist", "bench", "program-mocks.js");
    const r = spawnSync(process.execPath, ["--expose-gc", built, "--child", file, delay], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`the child failed (exit ${r.status}): ${r.stderr}`);
    console.log(`${size}: ${r.stdout.trim()}`);
  }
}

const childArg = process.argv.indexOf("--child");
(childArg > 0 ? child(process.argv[childArg + 1], Number(process.argv[childArg + 2])) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
