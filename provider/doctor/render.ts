// Doctor's output: one line per check (ok / warn / fail) with its fix and details indented under it, or stable JSON.
import type { Check } from "./types";

export function counts(checks: Check[]): Record<Check["status"], number> {
  const c = { ok: 0, warn: 0, fail: 0 };
  for (const x of checks) c[x.status]++;
  return c;
}

export const exitCodeOf = (checks: Check[]): number => (checks.some((c) => c.status === "fail") ? 1 : 0);

export function renderText(checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.id.length));
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${c.status.padEnd(4)}  ${c.id.padEnd(width)}  ${c.summary}`);
    const indent = " ".repeat(width + 8);
    for (const d of c.details ?? []) lines.push(`${indent}- ${d}`);
    if (c.fix) lines.push(`${indent}fix: ${c.fix}`);
  }
  const n = counts(checks);
  lines.push("", `${n.ok} ok, ${n.warn} warn, ${n.fail} fail`);
  return `${lines.join("\n")}\n`;
}

export function renderJson(checks: Check[]): string {
  return `${JSON.stringify({ checks, counts: counts(checks), exitCode: exitCodeOf(checks) }, null, 2)}\n`;
}
