// How far V8 lets the heap of our processes grow past what is live before it collects.
//
// A Pulumi program registers every resource at once, and pulumi keeps each property of each resource as an Output of
// promises until the engine answers (about 7 KB per property, measured under its mocks). V8's default growth then lets
// the heap reach two to three times what is live before a full collection: at 3,401 resources the program peaked at
// 957 MB with about 420 MB live. A fixed growth of 20 % keeps it near what is live (661 MB measured, for 37 to 75 %
// more of the program's CPU, and more where the live heap is large; docs/benchmarks.md). Set once per process: by the
// package's entry when it runs under Pulumi's language host (the user's program), by the dynamic provider's
// `configure` and by the CLI; a process that merely imports the package keeps V8's policy.
// `ATLASSIAN_ACCESS_HEAP_GROWTH=default` keeps V8's own policy; a number from 5 to 100 sets another.
import * as v8 from "node:v8";

export const HEAP_GROWTH_ENV = "ATLASSIAN_ACCESS_HEAP_GROWTH";
/** The growth, in percent of the live heap, unless the environment says otherwise. */
export const DEFAULT_HEAP_GROWTH = 20;

/**
 * What was applied in this process (a percent, "default" for V8's own, or undefined before the first call), kept on
 * the process's global object: every copy of this module in a process (the built package and its sources, two
 * installed versions) shares the one V8 setting, so they share what was applied.
 */
const APPLIED = Symbol.for("atlassian-access.heapGrowth");
type Applied = number | "default" | undefined;
const store = globalThis as { [APPLIED]?: Applied };

/** The growth `env` asks for; an unreadable value is refused, naming the variable, the value and the fix. */
export function heapGrowth(env: NodeJS.ProcessEnv = process.env): number | "default" {
  const raw = env[HEAP_GROWTH_ENV]?.trim();
  if (raw === undefined || raw === "") return DEFAULT_HEAP_GROWTH;
  if (raw === "default") return "default";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 5 || n > 100) {
    throw new Error(
      `${HEAP_GROWTH_ENV}="${raw}" is not a heap growth: give a whole percent from 5 to 100 (e.g. 20), or "default" ` +
        `to keep V8's own policy.`,
    );
  }
  return n;
}

/** The growth `env` asks for, set through `setFlags` (V8's; reads it at each collection, so it applies after start). */
export function applyHeapGrowth(env: NodeJS.ProcessEnv, setFlags: (flags: string) => void): number | "default" {
  const growth = heapGrowth(env);
  if (growth !== "default") setFlags(`--heap-growing-percent=${growth}`);
  return growth;
}

/**
 * Sets this process's heap growth from its environment, once (later calls return what was applied). An unreadable
 * value is reported on stderr in one line and V8's own policy kept: a tuning knob does not stop a deployment.
 */
export function leanHeap(): number | "default" {
  const was = store[APPLIED];
  if (was !== undefined) return was;
  let applied: number | "default";
  try {
    applied = applyHeapGrowth(process.env, v8.setFlagsFromString);
  } catch (e) {
    process.stderr.write(`atlassian-access: ${(e as Error).message} V8's own policy is kept.\n`);
    applied = "default";
  }
  store[APPLIED] = applied;
  return applied;
}

/** Whether this process runs a Pulumi program: the language host's run script names its monitor in the environment. */
export function underPulumiLanguageHost(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.PULUMI_NODEJS_MONITOR;
}

/** What leanHeap applied in this process (undefined: not called). */
export function heapGrowthApplied(): Applied {
  return store[APPLIED];
}
