// What the AccessReview checks in the review folder's files at preview: each row still the row `review start` wrote
// (its id, and the fields that identify it), a decision of keep or revoke, a reason for each revoke, no row added or
// lost. Pure: each problem names the file, the line, the field, the value and the fix.
import { DECISIONS, ROW_IDENTITY, rowId, type FiledRow, type ManifestRow, type ReviewFolder } from "./review";

/** One problem with one row of a reviewer's file. */
export interface ReviewProblem {
  file: string;
  /** 1-based, the header being line 1; 0 for a row missing from every file. */
  line: number;
  field: string;
  value: string;
  message: string;
}

const where = (p: Pick<ReviewProblem, "file" | "line">) => (p.line > 0 ? `${p.file} line ${p.line}` : p.file);

/** A problem as a person reads it: where, the field and its value, what is wrong and the fix. */
export const problemText = (folder: string, p: ReviewProblem): string =>
  `${folder}/${where(p)}: ${p.field} ${JSON.stringify(p.value)}: ${p.message}`;

/** The decision a row holds: keep, revoke, or undefined while the cell is empty. */
export const decisionOf = (row: Record<string, string>): "keep" | "revoke" | undefined => {
  const d = (row.decision ?? "").trim();
  return d === "keep" || d === "revoke" ? d : undefined;
};

/** Every problem of the folder's rows, in file and line order; empty when the review is well-formed. */
export function checkReviewFolder(folder: ReviewFolder): ReviewProblem[] {
  const started = new Map(folder.manifest.rows.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const out: ReviewProblem[] = [];
  const rows = [...folder.rows].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  for (const filed of rows as FiledRow[]) {
    const { file, line, row } = filed;
    const at = { file, line };
    const id = (row.id ?? "").trim();
    const original = started.get(id);
    if (!original) {
      out.push({
        ...at,
        field: "id",
        value: id,
        message: `no row with this id was started in review "${folder.manifest.name}": rows cannot be added to a review. Delete the line (a new access is reviewed in the next review), or restore the id \`review start\` wrote.`,
      });
      continue;
    }
    if (seen.has(id)) {
      out.push({
        ...at,
        field: "id",
        value: id,
        message: `this row appears twice in the review: keep one line per id and delete the other.`,
      });
      continue;
    }
    seen.add(id);
    const edited = editedField(row, original);
    if (edited) {
      out.push({
        ...at,
        field: edited.field,
        value: edited.value,
        message: `row ${id} was started with ${edited.field} ${JSON.stringify(edited.was)}: only decision and reason are the reviewer's to edit. Restore ${JSON.stringify(edited.was)}; to review other access, start a new review.`,
      });
      continue;
    }
    const decision = (row.decision ?? "").trim();
    if (decision !== "" && !(DECISIONS as readonly string[]).includes(decision)) {
      out.push({
        ...at,
        field: "decision",
        value: row.decision,
        message: `decision must be ${DECISIONS.map((d) => `"${d}"`).join(" or ")} (lower-case), or empty while undecided.`,
      });
    } else if (decision === "revoke" && (row.reason ?? "").trim() === "") {
      out.push({
        ...at,
        field: "reason",
        value: row.reason ?? "",
        message: `a revoke needs a reason (row ${id}: ${row.email} on ${row.site}/${row.product} via ${row.via === "direct" ? "a direct grant" : `"${row.group}"`}): say why in the reason column.`,
      });
    }
  }
  for (const r of folder.manifest.rows)
    if (!seen.has(r.id))
      out.push({
        file: r.file,
        line: 0,
        field: "id",
        value: r.id,
        message: `row ${r.id} (${r.email} on ${r.site}/${r.product} via ${r.via === "direct" ? "a direct grant" : `"${r.group}"`}) is missing: every started row stays in the review. Restore its line from the commit that started the review and decide it.`,
      });
  return out;
}

/** The first identifying field a row no longer holds as started (the id, then each field); undefined when intact. */
function editedField(
  row: Record<string, string>,
  original: ManifestRow,
): { field: string; value: string; was: string } | undefined {
  for (const f of ROW_IDENTITY) {
    const value = row[f] ?? "";
    const was = original[f];
    if (value !== was) return { field: f, value, was };
  }
  const asStarted = rowId(original);
  if (asStarted !== original.id) return { field: "id", value: original.id, was: asStarted };
  return undefined;
}
