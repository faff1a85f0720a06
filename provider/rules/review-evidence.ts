// What an auditor asks of an access review: each row, its decision, who decided it and when (the commit that last
// changed the row's line, from git blame), and when a revoked access ended (the removal in the audit log after the
// decision). Pure: review/evidence.ts reads git and the audit log.
import { stringify } from "csv-stringify/sync";
import { actorOf, MEMBER_REMOVED, type ActorLanes, type AuditEntry, type EventIndex } from "./attribution";
import { ACTIONS } from "./audit-actions";
import { decisionOf } from "./review-check";
import type { ManifestRow, ReviewFolder } from "./review";

/** The commit that last changed one line of a reviewer's file (git blame --porcelain). */
export interface BlameLine {
  commit: string;
  author: string;
  mail: string;
  /** ISO-8601. */
  time: string;
  summary: string;
}

export interface EvidenceRow {
  id: string;
  site: string;
  product: string;
  role: string;
  email: string;
  via: string;
  group: string;
  lane: string;
  reviewer: string;
  decision: string;
  reason: string;
  decided_by: string;
  decided_at: string;
  commit: string;
  /** `kept`, `undecided`, `pending` (revoked and still granted, as far as the audit log tells), `unknown` (revoked, no
   * audit log to tell), or when it ended. */
  ended: string;
  ended_by: string;
  ended_event: string;
}

export const EVIDENCE_COLUMNS: readonly (keyof EvidenceRow)[] = [
  "id",
  "site",
  "product",
  "role",
  "email",
  "via",
  "group",
  "lane",
  "reviewer",
  "decision",
  "reason",
  "decided_by",
  "decided_at",
  "commit",
  "ended",
  "ended_by",
  "ended_event",
];

const USER_ROLE_REVOKED: readonly string[] = ACTIONS.userRoleRevoked;

/** The first removal of the row's access at or after `after` (ISO-8601): the member removed, or the role revoked. */
export function removalOf(index: EventIndex, r: ManifestRow, after: string): AuditEntry | undefined {
  const found =
    r.via === "group"
      ? r.groupId
        ? index.all(`member:${r.groupId}/${r.account_id}`).filter((e) => MEMBER_REMOVED.includes(e.action))
        : []
      : index
          .all(`account:${r.account_id}`)
          .filter((e) => USER_ROLE_REVOKED.includes(e.action) && e.resourceId === r.resourceId && e.role === r.role);
  // Newest first in the index: the earliest removal since `after` is the last of those after it.
  return found.filter((e) => e.time >= after).at(-1);
}

export interface EvidenceInput {
  review: ReviewFolder;
  /** The commit of a file's line; undefined when the line is not committed. */
  blame: (file: string, line: number) => BlameLine | undefined;
  /** The audit log since the review started; undefined when none is configured (a revoke's end is then `unknown`). */
  index: EventIndex | undefined;
  lanes: ActorLanes;
}

/** The actions whose events can end a revoked access: what `review evidence` keeps of the audit log it reads. */
export const REMOVAL_ACTIONS: readonly string[] = [...MEMBER_REMOVED, ...USER_ROLE_REVOKED];

/** The review's totals: rows, kept, revoked (ended, pending, unknown) and undecided. */
export function evidenceTotals(rows: EvidenceRow[]) {
  const count = (p: (r: EvidenceRow) => boolean) => rows.filter(p).length;
  const revoked = count((r) => r.decision === "revoke");
  const pending = count((r) => r.ended === "pending");
  const unknown = count((r) => r.decision === "revoke" && r.ended === "unknown");
  return {
    rows: rows.length,
    kept: count((r) => r.decision === "keep"),
    revoked,
    ended: revoked - pending - unknown,
    pending,
    unknown,
    undecided: count((r) => r.ended === "undecided"),
  };
}

/** One evidence row per started row, in the manifest's order (reviewer, then the access listing's order). */
export function evidenceRows(input: EvidenceInput): EvidenceRow[] {
  const { review } = input;
  const filed = new Map(review.rows.map((f) => [(f.row.id ?? "").trim(), f]));
  const reviewerOf = new Map(Object.entries(review.manifest.files).map(([who, file]) => [file, who]));
  return review.manifest.rows.map((r) => {
    const f = filed.get(r.id);
    const decision = f ? decisionOf(f.row) : undefined;
    const b = f && decision ? input.blame(f.file, f.line) : undefined;
    const base = {
      id: r.id,
      site: r.site,
      product: r.product,
      role: r.role,
      email: r.email,
      via: r.via,
      group: r.group,
      lane: r.lane,
      reviewer: reviewerOf.get(r.file) ?? "",
      decision: decision ?? "",
      reason: decision ? (f?.row.reason ?? "").trim() : "",
      decided_by: b ? `${b.author} <${b.mail}>` : decision ? "(not committed)" : "",
      decided_at: b?.time ?? "",
      commit: b?.commit ?? "",
      ended: "",
      ended_by: "",
      ended_event: "",
    };
    if (decision === undefined) return { ...base, ended: "undecided" };
    if (decision === "keep") return { ...base, ended: "kept" };
    // From the review's start, not the blame's time: a later commit (a reason's typo fixed) moves the blame past the
    // removal it led to. The blame dates the decision only.
    if (!input.index) return { ...base, ended: "unknown" };
    const removed = removalOf(input.index, r, review.manifest.startedAt);
    if (!removed) return { ...base, ended: "pending" };
    return { ...base, ended: removed.time, ended_by: actorOf(removed, input.lanes), ended_event: removed.id };
  });
}

export const evidenceCsv = (rows: EvidenceRow[]): string =>
  stringify(
    rows.map((r) => EVIDENCE_COLUMNS.map((c) => r[c])),
    // A name or reason a spreadsheet would run as a formula is written behind a `'` (the file is read, not parsed back).
    { header: true, columns: [...EVIDENCE_COLUMNS], escape_formulas: true },
  );

const cell = (v: string) => v.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The evidence as Markdown: the review's scope and totals, then one table row per access. */
export function evidenceMarkdown(review: ReviewFolder, rows: EvidenceRow[], exportedAt: string): string {
  const m = review.manifest;
  const t = evidenceTotals(rows);
  const filters = Object.entries(m.filters).map(([k, v]) => `${k} ${v.join(", ")}`);
  const lines = [
    `# Access review ${m.name}: evidence`,
    "",
    `Started ${m.startedAt}${m.due ? `, due ${m.due}` : ""}; scope: ${filters.length ? filters.join("; ") : "the whole org"}. Exported ${exportedAt}.`,
    "",
    `${t.rows} rows: ${t.kept} kept, ${t.revoked} revoked (${t.ended} ended, ${t.pending} pending${t.unknown ? `, ${t.unknown} unknown: no audit log` : ""}), ${t.undecided} undecided.`,
    "",
    "| access | person | via | decision | reason | decided by | at | commit | ended |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows
      .map((r) =>
        [
          `${r.site}/${r.product} (${r.role})`,
          r.email,
          r.via === "direct" ? "direct" : `${r.group} (${r.lane})`,
          r.decision || "—",
          r.reason,
          r.decided_by,
          r.decided_at,
          r.commit.slice(0, 12),
          r.ended_event ? `${r.ended} by ${r.ended_by} (event ${r.ended_event})` : r.ended,
        ]
          .map(cell)
          .join(" | "),
      )
      .map((l) => `| ${l} |`),
    "",
  ];
  return lines.join("\n");
}
