// The heap growth our processes run with (provider/runtime/heap.ts): what the environment asks for, and that the
// program's entry, the dynamic provider's configure and the CLI each set it (observed in a fresh node process of the
// built code: what it applied, or the one-line warning an unreadable value gives).
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { applyHeapGrowth, DEFAULT_HEAP_GROWTH, HEAP_GROWTH_ENV, heapGrowth } from "../../provider/runtime/heap";

const DIST = path.join(__dirname, "..", "..", "dist", "provider");

/** A fresh node process running `script` against the built code, with the variable set (or not). */
function inNode(script: string, value: string | undefined, extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env[HEAP_GROWTH_ENV];
  if (value !== undefined) env[HEAP_GROWTH_ENV] = value;
  const r = spawnSync(process.execPath, ["-e", script], { env, encoding: "utf8", cwd: path.join(DIST, "..", "..") });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

describe("heap growth (runtime/heap.ts)", () => {
  it("defaults to 20 %, keeps V8's own policy on `default`, takes a whole percent from 5 to 100", () => {
    assert.equal(DEFAULT_HEAP_GROWTH, 20);
    assert.equal(heapGrowth({}), 20);
    assert.equal(heapGrowth({ [HEAP_GROWTH_ENV]: " " }), 20);
    assert.equal(heapGrowth({ [HEAP_GROWTH_ENV]: "default" }), "default");
    assert.equal(heapGrowth({ [HEAP_GROWTH_ENV]: "35" }), 35);
    assert.equal(heapGrowth({ [HEAP_GROWTH_ENV]: "5" }), 5);
    assert.equal(heapGrowth({ [HEAP_GROWTH_ENV]: "100" }), 100);
  });

  it("refuses an unreadable value, naming the variable, the value and the fix", () => {
    for (const bad of ["abc", "4", "101", "20.5", "20%"]) {
      assert.throws(
        () => heapGrowth({ [HEAP_GROWTH_ENV]: bad }),
        (e: Error) =>
          e.message.startsWith(`${HEAP_GROWTH_ENV}="${bad}" is not a heap growth`) &&
          e.message.includes("whole percent from 5 to 100") &&
          e.message.includes('"default"'),
      );
    }
  });

  it("sets V8's --heap-growing-percent, and nothing for `default`", () => {
    const set: string[] = [];
    assert.equal(
      applyHeapGrowth({}, (f) => set.push(f)),
      20,
    );
    assert.equal(
      applyHeapGrowth({ [HEAP_GROWTH_ENV]: "30" }, (f) => set.push(f)),
      30,
    );
    assert.equal(
      applyHeapGrowth({ [HEAP_GROWTH_ENV]: "default" }, (f) => set.push(f)),
      "default",
    );
    assert.deepEqual(set, ["--heap-growing-percent=20", "--heap-growing-percent=30"]);
  });

  it("the package's entry applies it at load under Pulumi's language host (the user's program), and only there", () => {
    const script =
      `require(${JSON.stringify(DIST)});` +
      `process.stdout.write(String(require(${JSON.stringify(path.join(DIST, "runtime", "heap"))}).heapGrowthApplied()))`;
    // The run script of pulumi's language host names its monitor in the environment (cmd/run/index.js).
    const host = { PULUMI_NODEJS_MONITOR: "127.0.0.1:1" };
    assert.equal(inNode(script, undefined, host).stdout, "20");
    assert.equal(inNode(script, "40", host).stdout, "40");
    assert.equal(inNode(script, "default", host).stdout, "default");
    assert.equal(
      inNode(script, undefined).stdout,
      "undefined",
      "a process that only imports the package is left alone",
    );
    const bad = inNode(script, "lots", host);
    assert.equal(bad.status, 0, "an unreadable value does not stop the program");
    assert.equal(bad.stdout, "default");
    assert.equal(
      bad.stderr,
      `atlassian-access: ${HEAP_GROWTH_ENV}="lots" is not a heap growth: give a whole percent from 5 to 100 (e.g. 20), ` +
        `or "default" to keep V8's own policy. V8's own policy is kept.`,
    );
  });

  it("the dynamic provider applies it when the engine configures it", () => {
    const heap = JSON.stringify(path.join(DIST, "runtime", "heap"));
    const script =
      `const h = require(${heap}); const before = String(h.heapGrowthApplied());` +
      `require(${JSON.stringify(path.join(DIST, "lifecycle", "context"))}).configure(undefined);` +
      `process.stdout.write(before + " " + String(h.heapGrowthApplied()))`;
    assert.equal(inNode(script, undefined).stdout, "undefined 20");
    assert.equal(inNode(script, "default").stdout, "undefined default");
  });

  it("every copy of the module in a process shares what was applied (the sources and the built package)", () => {
    const script =
      `const src = require(${JSON.stringify(path.join(__dirname, "..", "..", "provider", "runtime", "heap.ts"))});` +
      `const built = require(${JSON.stringify(path.join(DIST, "runtime", "heap"))});` +
      `src.leanHeap(); process.stdout.write(String(built.heapGrowthApplied()) + " " + String(built.leanHeap()))`;
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      env: { ...process.env, [HEAP_GROWTH_ENV]: "default" },
      encoding: "utf8",
      cwd: path.join(DIST, "..", ".."),
    });
    assert.equal(r.stdout.trim(), "default default", r.stderr);
  });

  it("the CLI applies it before running a command", () => {
    const r = spawnSync(process.execPath, [path.join(DIST, "cli", "main.js"), "--help"], {
      env: { ...process.env, [HEAP_GROWTH_ENV]: "huge" },
      encoding: "utf8",
    });
    assert.match(r.stderr, new RegExp(`^atlassian-access: ${HEAP_GROWTH_ENV}="huge" is not a heap growth`, "m"));
  });
});
