// Access reviews as code (issue #24 item 1): the rows `review start` writes (one per person × site × product × role ×
// path, from the `access` command's rows), their stable ids, who reviews each, and the shapes of the review folder.
// Pure: provider/review/ reads and writes the files, the AccessReview resource checks them (rules/review-check.ts).
import { createHash } from "node:crypto";
import { z } from "zod";
import { ACCESS_LANES, type AccessRow } from "./access-review";
import { globMatch } from "./ownership";

/** A reviewer's decision on one row; empty while undecided. */
export const DECISIONS = ["keep", "revoke"] as const;
export type Decision = (typeof DECISIONS)[number];

/** The lanes a reviewer mapping may name an owner for: the access lanes, and `direct` for roles given to a person. */
export const REVIEW_LANES = [...ACCESS_LANES, "direct"] as const;
export type ReviewLane = (typeof REVIEW_LANES)[number];

const Email = z.string().regex(/^[^@\s]+@[^@\s]+$/, { message: "must be an email address" });

/**
 * Who reviews what: the one type of the reviewer mapping, for `review start --reviewers FILE` (JSON) and the
 * AccessReview's `reviewers` input. A row goes to the first `groups` entry whose name or glob pattern (`*`, `?`,
 * case-insensitive) matches its group, else to the owner of its lane in `lanes` (`direct` for a role given to the
 * person), else to a file named after its lane (`lane-<lane>`), for CODEOWNERS to route.
 */
export const ReviewReviewers = z.object({
  /** Group name or glob pattern → reviewer email; the first matching entry wins. */
  groups: z.record(z.string().min(1), Email).optional(),
  /** Lane → its owner's email: the reviewer of rows no `groups` entry matches. */
  lanes: z.partialRecord(z.enum(REVIEW_LANES), Email).optional(),
});
export type ReviewReviewers = z.infer<typeof ReviewReviewers>;

/** What identifies a row: a change to any of these makes it another row (its id no longer matches). */
export const ROW_IDENTITY = ["account_id", "site", "product", "role", "via", "group"] as const;

/** One row of a reviewer's file, as the file's columns name it (CSV header, in order). */
export const REVIEW_COLUMNS = [
  "id",
  "site",
  "product",
  "role",
  "email",
  "name",
  "account_id",
  "via",
  "group",
  "lane",
  "added_by",
  "added_at",
  "last_active",
  "decision",
  "reason",
] as const;
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];
export type ReviewRow = Record<ReviewColumn, string>;

/** A row as one of the review folder's files holds it, with where: its file (in the folder) and its line (1-based). */
export interface FiledRow {
  file: string;
  line: number;
  row: ReviewRow;
}

/** A row of the manifest: what `review start` wrote, so later edits are matched against it. */
export const ManifestRow = z.object({
  id: z.string(),
  file: z.string(),
  account_id: z.string(),
  email: z.string(),
  site: z.string(),
  product: z.string(),
  role: z.string(),
  via: z.enum(["group", "direct"]),
  group: z.string(),
  lane: z.string(),
  /** The group's id (a group row) and the product instance's ARI: what evidence looks up in the audit log. */
  groupId: z.string().optional(),
  resourceId: z.string(),
});
export type ManifestRow = z.infer<typeof ManifestRow>;

/** The review folder's manifest.json: the review's name and scope, its reviewers' files, and every row it started with. */
export const ReviewManifest = z.object({
  name: z.string().min(1),
  startedAt: z.string(),
  due: z.string().optional(),
  orgId: z.string(),
  filters: z.record(z.string(), z.array(z.string())),
  /** Reviewer (email, or `lane-<lane>`) → the file of their rows. */
  files: z.record(z.string(), z.string()),
  rows: z.array(ManifestRow),
});
export type ReviewManifest = z.infer<typeof ReviewManifest>;

/** The review folder as the program reads it and passes it to the AccessReview: the manifest and every file's rows. */
export const ReviewFolder = z.object({
  manifest: ReviewManifest,
  rows: z.array(
    z.object({
      file: z.string(),
      line: z.number().int(),
      row: z.record(z.string(), z.string()),
    }),
  ),
});
export type ReviewFolder = z.infer<typeof ReviewFolder>;

/** A row's path: `group:<name>` or `direct`. */
export const pathOf = (r: Pick<ReviewRow, "via" | "group">): string =>
  r.via === "direct" ? "direct" : `group:${r.group}`;

/**
 * A row's stable id: 12 hex characters of the SHA-256 of account id, site, product, role and path. The same grant
 * gets the same id in every review, so a row moved between files or reordered is still matched.
 */
export function rowId(r: Pick<ReviewRow, "account_id" | "site" | "product" | "role" | "via" | "group">): string {
  const key = [r.account_id, r.site.toLowerCase(), r.product, r.role, pathOf(r).toLowerCase()].join("\n");
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

/** An access row as a review row: undecided. */
export function reviewRow(a: AccessRow): ReviewRow {
  const r = {
    site: a.site,
    product: a.product,
    role: a.role,
    email: a.email,
    name: a.name ?? "",
    account_id: a.accountId,
    via: a.via,
    group: a.group ?? "",
    lane: a.via === "direct" ? "direct" : (a.lane ?? "none"),
    added_by: a.addedBy ?? "",
    added_at: a.addedAt ?? "",
    last_active: a.lastActive ?? "",
    decision: "",
    reason: "",
  };
  return { id: rowId(r), ...r };
}

/** Who reviews a row: the first matching group entry, else its lane's owner, else `lane-<lane>` (a file to route). */
export function reviewerOf(r: Pick<ReviewRow, "via" | "group" | "lane">, reviewers: ReviewReviewers = {}): string {
  if (r.via === "group")
    for (const [pattern, email] of Object.entries(reviewers.groups ?? {}))
      if (globMatch(pattern, r.group)) return email.toLowerCase();
  const lane = (r.via === "direct" ? "direct" : r.lane) as ReviewLane;
  const owner = reviewers.lanes?.[lane];
  return owner ? owner.toLowerCase() : `lane-${lane}`;
}

/** A reviewer's file name: their email (or `lane-<lane>`), safe as a path segment, `.csv`. */
export const reviewFileOf = (reviewer: string): string => `${reviewer.replace(/[^A-Za-z0-9@._+-]/g, "_")}.csv`;

/** Two reviewers whose files would be one (`a!b@x` and `a_b@x` are both `a_b@x.csv`), and that file; undefined when
 * each reviewer has a file of their own. Reviewers compared as `reviewerOf` answers them (lower-case). */
export function reviewFileClash(reviewers: Iterable<string>): { a: string; b: string; file: string } | undefined {
  const whose = new Map<string, string>();
  for (const who of new Set([...reviewers].map((r) => r.toLowerCase()))) {
    const file = reviewFileOf(who);
    const other = whose.get(file);
    if (other !== undefined) return { a: other, b: who, file };
    whose.set(file, who);
  }
  return undefined;
}

/** Rows grouped by reviewer, each reviewer's rows in the access listing's order; reviewers sorted. */
export function routeRows(rows: ReviewRow[], reviewers: ReviewReviewers = {}): Map<string, ReviewRow[]> {
  const out = new Map<string, ReviewRow[]>();
  for (const r of rows) {
    const who = reviewerOf(r, reviewers);
    out.set(who, [...(out.get(who) ?? []), r]);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** The manifest row of a review row. */
export const manifestRow = (
  r: ReviewRow,
  file: string,
  ids: { groupId?: string; resourceId: string },
): ManifestRow => ({
  id: r.id,
  file,
  account_id: r.account_id,
  email: r.email,
  site: r.site,
  product: r.product,
  role: r.role,
  via: r.via as "group" | "direct",
  group: r.group,
  lane: r.lane,
  ...(ids.groupId ? { groupId: ids.groupId } : {}),
  resourceId: ids.resourceId,
});
