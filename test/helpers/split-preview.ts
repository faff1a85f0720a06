// What the engine tests of the split's findings read: `pulumi preview --refresh --expect-no-changes --json`, the
// split's (or another reporting resource's) refreshed findings of the kinds a test is about, and the provider's
// printed lines; and a sandbox control.
import { strict as assert } from "node:assert";
import type { TestSandbox } from "./sandbox";
import { runCli, type TestStack } from "./stack";

/** A finding as the split keeps it in its `findings` output. */
export interface SplitFinding {
  id: string;
  kind: string;
  lane: string;
  actor?: string;
  at?: string;
  evidence?: string[];
  message: string;
}

/**
 * The refresh preview (exit 0 or 7): the findings of `kinds` by id that the resource whose URN ends with `resource`
 * keeps (the split by default), every `[atlassian-access]` line.
 */
export async function splitPreview(t: TestStack, kinds: readonly string[], resource = "OwnershipSplit::split") {
  const { code, stdout } = await runCli(t, ["preview", "--refresh", "--expect-no-changes", "--json"], [0, 7]);
  const digest = JSON.parse(stdout) as {
    steps?: { op: string; urn: string; oldState?: { outputs?: { findings?: SplitFinding[] } } }[];
    diagnostics?: { message?: string }[];
  };
  const findings = new Map<string, SplitFinding>();
  for (const s of digest.steps ?? [])
    if (s.op !== "refresh" && s.urn.endsWith(resource))
      for (const f of s.oldState?.outputs?.findings ?? []) if (kinds.includes(f.kind)) findings.set(f.id, f);
  const lines = (digest.diagnostics ?? [])
    .flatMap((d) => (d.message ?? "").split("\n"))
    .map((l) => l.trim())
    .filter((l) => l.startsWith("[atlassian-access]"));
  return { code, findings, lines, line: (id: string) => lines.find((l) => l.includes(` ${id} — `)) };
}

/** POSTs a sandbox control (`/__sandbox<route>`), asserts it answered 200, and returns its JSON answer. */
export async function sandboxControl(sb: TestSandbox, route: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sb.url}/__sandbox${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${route}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}
