// Mocha root hook: after the whole run, checks every exchange of every test sandbox against the official specs.
//
// Where the exchanges come from: `startedSandboxes` (test/helpers/sandbox.ts) registers each sandbox a test starts;
// its `handle.requestLogs` holds the request log of every world it served, because `POST /__sandbox/reset` swaps
// the world (and with it `world.requests`) and pushes the new log there. Nothing is read until afterAll, so
// exchanges made after a reset count as much as those made before it. A sandbox started without the helper is
// not checked. Records are deduplicated by identity, in case a log is reachable twice.
import type { Context } from "mocha";
import { loadConformance, type Violation } from "../../sandbox/conformance";
import type { RequestRecord } from "../../sandbox/store";
import { startedSandboxes } from "./sandbox";

const SHOWN = 20;

/** Every recorded exchange of the sandboxes this run started, each once. */
export function recordedExchanges(): RequestRecord[] {
  const seen = new Set<RequestRecord>();
  for (const sb of startedSandboxes) {
    const logs = sb.handle.requestLogs?.length ? sb.handle.requestLogs : [sb.handle.store.world.requests];
    for (const log of logs) for (const rec of log) seen.add(rec);
  }
  return [...seen];
}

export function describeViolation(v: Violation): string {
  return `[${v.kind}] ${v.api} ${v.method} ${v.path} -> ${v.status}${v.operation ? ` (${v.operation})` : ""}: ${v.message}`;
}

export const mochaHooks = {
  // Serial runs call this once; `mocha --parallel` once per file in a reused worker, so each check takes the sandboxes
  // started since the last one.
  afterAll(this: Context) {
    this.timeout(120_000);
    const conformance = loadConformance(undefined, (reason) => console.log(`  ${reason}`));
    if (!conformance) return;
    const records = recordedExchanges();
    startedSandboxes.splice(0);
    const started = Date.now();
    const violations = records.flatMap((r) => conformance.check(r));
    console.log(
      `  conformance: ${records.length} exchanges checked against ${conformance.specsDir} in ${Date.now() - started} ms`,
    );
    if (violations.length) {
      const shown = violations.slice(0, SHOWN).map((v) => `  - ${describeViolation(v)}`);
      const more = violations.length > SHOWN ? [`  ... and ${violations.length - SHOWN} more`] : [];
      throw new Error(
        [
          `${violations.length} exchange(s) break the official specs; fix the sandbox, or add the spec defect to sandbox/spec-overlay.yaml with its reason:`,
          ...shown,
          ...more,
        ].join("\n"),
      );
    }
  },
};
