// Findings printed to the engine's output: the provider's console.log reaches `pulumi preview` (as stack diagnostics),
// so a reviewer reads what drifted and who caused it next to the plan. Each finding is printed once per process
// (the engine calls diff twice per resource on `preview --refresh`, and several resources may see the same cause).
import { runPart } from "../lifecycle/context";
import { reportersOf } from "../rules/finding-kinds";
import type { Finding } from "../rules/findings";

/** The lines this run printed (the run state's part). */
const printed = runPart("announced findings", () => new Set<string>());

/** `Consequences: 10 × app-access-lost-with-group.` for a cause; empty for a finding that is its own only consequence. */
function consequencesNote(f: Finding): string {
  if (!f.consequences?.length) return "";
  const byKind = new Map<string, number>();
  for (const c of f.consequences) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  return ` Consequences: ${[...byKind].map(([k, n]) => `${n} × ${k}`).join(", ")}.`;
}

/**
 * One line per finding: `[atlassian-access] <resource>: <id> — <message> (by <actor>; at <time>; <evidence>) Fix: <fix>`.
 * Without `resource` (a kind several resources report) the line names none, so it reads the same whoever prints it.
 */
export function formatFinding(resource: string | undefined, f: Finding): string {
  const cause = [
    f.actor ? `by ${f.actor}` : "",
    f.at ? `at ${f.at}` : "",
    f.evidence?.length ? f.evidence.join(", ") : "",
  ]
    .filter(Boolean)
    .join("; ");
  const where = resource ? `${resource}: ` : "";
  return `[atlassian-access] ${where}${f.id} — ${f.message}${cause ? ` (${cause})` : ""} Fix: ${f.fix}${consequencesNote(f)}`;
}

/**
 * Prints each finding once per process. A cause, or a kind more than one resource reports (the split and each AppAccess
 * its group's deletion took: the catalogue's `where`), is printed without the resource's name, so the first resource
 * to see it prints it and the others' identical line is skipped.
 */
export function announce(resource: string, findings: Finding[], log: (line: string) => void = console.log): void {
  for (const f of findings) {
    const shared = Boolean(f.consequences?.length) || reportersOf(f.kind).length > 1;
    const line = formatFinding(shared ? undefined : resource, f);
    if (printed().has(line)) continue;
    printed().add(line);
    log(line);
  }
}
