// The AccessReview's findings: a revoke a reviewer decided that the org still holds (`review-revoke-pending`, for the
// lane that owns the path: code's own revokes are carried out by the Group that declares the member), and rows still
// undecided after the due date (`review-overdue`, one per reviewer's file). Pure, over the review folder and a
// predicate saying whether a row's access is still held.
import { untilMs } from "./acceptances";
import { makeFinding, sortFindings, type Finding } from "./findings";
import { decisionOf } from "./review-check";
import type { ManifestRow, ReviewFolder } from "./review";
import type { Lane } from "./ownership";
import { removal } from "./usage";

export interface ReviewFindingsInput {
  /** The review's name (its findings' subjects start with it). */
  name: string;
  /** The folder as the program names it, for messages. */
  folder: string;
  review: ReviewFolder;
  /** `YYYY-MM-DD` (through the end of that day, UTC) or an ISO-8601 time; absent: never overdue. */
  due?: string;
  /** Server time, epoch ms. */
  now: number;
  /** Whether the org still grants this row's access (the membership, or the role given directly). */
  held: (row: ManifestRow) => boolean;
  /** Names (lower-case) of the groups the program declares with members: their rows are code's (lane pulumi). */
  codeGroups?: ReadonlySet<string>;
}

const laneOf = (r: ManifestRow): Lane | "none" =>
  r.via === "direct" ? "none" : r.lane === "pulumi" || r.lane === "scim" || r.lane === "isc" ? r.lane : "none";

const pathText = (r: ManifestRow) => (r.via === "direct" ? `the ${r.role} role given directly` : `"${r.group}"`);

/** How the lane that owns a revoked row's path takes it away; `declared`: a Group of the program lists the members. */
export function revokeStep(r: ManifestRow, declared = false): string {
  if (declared) return `run \`pulumi up\`: the Group of "${r.group}" no longer lists ${r.email}, so up removes them`;
  if (r.via === "direct")
    return `revoke ${r.email}'s ${r.role} role on ${r.site}/${r.product} in Atlassian admin (it was given to the person directly)`;
  // The same steps the usage findings give for a group's path (rules/usage.ts): one wording per lane.
  return removal(r.email, { name: r.group, lane: laneOf(r) });
}

/** Every finding of one review, sorted by id. */
export function reviewFindings(input: ReviewFindingsInput): Finding[] {
  const { name, folder, review } = input;
  const started = new Map(review.manifest.rows.map((r) => [r.id, r]));
  const out: Finding[] = [];
  const undecided = new Map<string, number[]>();
  for (const { file, line, row } of review.rows) {
    const m = started.get((row.id ?? "").trim());
    if (!m) continue; // check refuses it
    const declared = m.via === "group" && input.codeGroups?.has(m.group.toLowerCase()) === true;
    const r = declared ? { ...m, lane: "pulumi" } : m;
    const decision = decisionOf(row);
    if (decision === undefined) undecided.set(file, [...(undecided.get(file) ?? []), line]);
    if (decision !== "revoke" || !input.held(r)) continue;
    out.push(
      makeFinding(
        "review-revoke-pending",
        `${name}/${r.id}`,
        laneOf(r),
        `Review "${name}" revoked ${r.email}'s ${r.role} on ${r.site}/${r.product} through ${pathText(r)} (${r.via === "direct" ? "no lane" : `${r.lane} lane`}; ${folder}/${file} line ${line}, reason: ${(row.reason ?? "").trim()}), and the org still grants it.`,
        `${revokeStep(r, declared)}; the finding clears once the access is gone.`,
      ),
    );
  }
  const dueMs = input.due === undefined ? undefined : untilMs(input.due);
  if (dueMs !== undefined && input.now >= dueMs)
    for (const [file, lines] of undecided) {
      const reviewer = Object.entries(review.manifest.files).find(([, f]) => f === file)?.[0] ?? file;
      const all = review.rows.filter((r) => r.file === file).length;
      out.push(
        makeFinding(
          "review-overdue",
          `${name}/${reviewer}`,
          "none",
          `Review "${name}" was due ${input.due}; ${reviewer} has left ${lines.length} of ${all} rows undecided in ${folder}/${file} (line${lines.length === 1 ? "" : "s"} ${lines.sort((a, b) => a - b).join(", ")}).`,
          `Decide each row in a pull request: keep, or revoke with a reason, in the decision and reason columns; or, with a reason, move the AccessReview's due date.`,
        ),
      );
    }
  return sortFindings(out);
}
