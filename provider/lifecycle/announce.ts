// Findings printed to the engine's output: the provider's console.log reaches `pulumi preview` (as stack diagnostics),
// so a reviewer reads what drifted and who caused it next to the plan. Each finding is printed once per process
// (the engine calls diff twice per resource on `preview --refresh`).
import type { Finding } from "../rules/findings";

const printed = new Set<string>();

/** One line per finding: `[atlassian-access] <resource>: <kind> <subject> — <message> (by <actor> at <time>; <evidence>) Fix: <fix>`. */
export function formatFinding(resource: string, f: Finding): string {
  const cause = [
    f.actor ? `by ${f.actor}` : "",
    f.at ? `at ${f.at}` : "",
    f.evidence?.length ? f.evidence.join(", ") : "",
  ]
    .filter(Boolean)
    .join("; ");
  return `[atlassian-access] ${resource}: ${f.id} — ${f.message}${cause ? ` (${cause})` : ""} Fix: ${f.fix}`;
}

export function announce(resource: string, findings: Finding[], log: (line: string) => void = console.log): void {
  for (const f of findings) {
    const line = formatFinding(resource, f);
    if (printed.has(line)) continue;
    printed.add(line);
    log(line);
  }
}
