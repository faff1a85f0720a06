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
  // Membership grants every row of a group at once: a person's rows in one group are revoked together or kept.
  const byMembership = new Map<string, { at: Pick<ReviewProblem, "file" | "line">; row: ManifestRow; d: string }[]>();
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
    if (original.via === "group" && (decision === "keep" || decision === "revoke")) {
      const key = `${original.account_id}\n${original.group.toLowerCase()}`;
      byMembership.set(key, [...(byMembership.get(key) ?? []), { at, row: original, d: decision }]);
    }
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
  for (const rows of byMembership.values()) {
    const revoke = rows.find((r) => r.d === "revoke");
    if (!revoke) continue;
    for (const k of rows.filter((r) => r.d === "keep"))
      out.push({
        ...k.at,
        field: "decision",
        value: "keep",
        message: `${k.row.email} keeps ${k.row.site}/${k.row.product} through "${k.row.group}", but ${where(revoke.at)} revokes their ${revoke.row.site}/${revoke.row.product} through the same group, and the membership gives both: revoking removes them from the group. Decide both rows the same (revoke both; or keep both, and take the other access away by another path).`,
      });
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

/** A reviewer's revoke of a group row: the row as started, where it was decided and why. */
export interface GroupRevoke {
  file: string;
  line: number;
  reason: string;
  row: ManifestRow;
}

/** Every revoke of a row started in the review whose access comes through a group, in the files' order. */
export function groupRevokes(folder: ReviewFolder): GroupRevoke[] {
  const started = new Map(folder.manifest.rows.map((r) => [r.id, r]));
  return folder.rows.flatMap(({ file, line, row }) => {
    const m = started.get((row.id ?? "").trim());
    if (!m || m.via !== "group" || decisionOf(row) !== "revoke") return [];
    return [{ file, line, reason: (row.reason ?? "").trim(), row: m }];
  });
}

/**
 * `members` less the people the review revoked from `group` (its name, case-insensitive; emails compared
 * case-insensitively; `{ email, until }` entries by their email), in their order: what a Group's members become once
 * the review's decisions are code's.
 */
export function withoutRevoked<M extends string | { email: string }>(
  folder: ReviewFolder,
  group: string,
  members: readonly M[],
): M[] {
  const name = group.toLowerCase();
  const gone = new Set(
    groupRevokes(folder)
      .filter((r) => r.row.group.toLowerCase() === name)
      .map((r) => r.row.email.toLowerCase()),
  );
  return members.filter((m) => !gone.has((typeof m === "string" ? m : m.email).toLowerCase()));
}
