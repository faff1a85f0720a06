// Findings printed to the engine's output: the provider's console.log reaches `pulumi preview` (as stack diagnostics),
// so a reviewer reads what drifted and who caused it next to the plan. Each finding is printed once per process
// (the engine calls diff twice per resource on `preview --refresh`, and several resources may see the same cause).
import { context, runPart } from "../lifecycle/context";
import { reportersOf } from "../rules/finding-kinds";
import { unattributableKinds, unattributableLine } from "../rules/audit-actions";
import { catalogueOnce } from "../clients/atlassian/catalogue";
import type { Finding } from "../rules/findings";
import { ReadingProblems, readingProblems } from "../clients/reading-problems";

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
  announceReadingProblems(log);
  for (const f of findings) {
    const shared = Boolean(f.consequences?.length) || reportersOf(f.kind).length > 1;
    const line = formatFinding(shared ? undefined : resource, f);
    if (printed().has(line)) continue;
    printed().add(line);
    log(line);
  }
}

/** Items the clients skipped as unreadable since the last call (clients/reading-problems.ts), one line each, once. */
export function announceReadingProblems(log: (line: string) => void = console.log): void {
  const problems = readingProblems.drain();
  if (!problems.length) return;
  log(`[atlassian-access] ${problems.length} item(s) the APIs sent could not be read and were left out:`);
  for (const line of ReadingProblems.lines(problems)) log(`[atlassian-access]   ${line}`);
}

/** Whether this run said what the org's audit catalogue lacks (the run state's part). */
const catalogueSaid = runPart("announced catalogue", () => ({ done: false }));

/**
 * Says once per process which kinds of finding cannot be attributed on this org: those whose audit actions the org's
 * event-actions catalogue lacks (rules/audit-actions.ts). Silent when the catalogue has them all or there is no audit.
 */
export async function announceCatalogue(log: (line: string) => void = console.log): Promise<void> {
  const audit = context().audit;
  if (catalogueSaid().done || typeof audit?.eventActions !== "function") return;
  catalogueSaid().done = true;
  const c = await catalogueOnce(audit);
  if ("error" in c) {
    log(
      `[atlassian-access] The org's audit catalogue (event-actions) could not be read, so which findings can name their actor is not known: ${c.error}`,
    );
    return;
  }
  const line = unattributableLine(unattributableKinds(c.keys));
  if (line) log(`[atlassian-access] ${line}`);
}
