// The review folder on disk: `review start` writes one CSV per reviewer, manifest.json (the review's scope and every
// row as started) and a README; the program (AccessReview) and `review evidence` read it back. The only module that
// touches the folder; csv-parse is a runtime dependency for this reason.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { REVIEW_COLUMNS, ReviewManifest, type FiledRow, type ReviewFolder, type ReviewRow } from "../rules/review";

export const MANIFEST = "manifest.json";

/** One reviewer's rows as the CSV they edit: the header, then one row a line. A cell a spreadsheet would run as a
 * formula (a display or group name starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written behind a
 * `'` (csv-stringify's escape_formulas); `readReviewCsv` takes it off again. */
export const reviewCsv = (rows: ReviewRow[]): string =>
  stringify(
    rows.map((r) => REVIEW_COLUMNS.map((c) => r[c])),
    { header: true, columns: [...REVIEW_COLUMNS], escape_formulas: true },
  );

/** The characters after which csv-stringify's escape_formulas adds a `'` (its list, full-width forms included). */
const FORMULA_START = /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A cell as it was before escape_formulas: the `'` it put before a formula's first character taken off. */
export const unescapeFormula = (cell: string): string => (FORMULA_START.test(cell) ? cell.slice(1) : cell);

/** The folder's README: what the review covers and how to decide, for the reviewer who opens it in a pull request. */
export function reviewReadme(m: ReviewManifest): string {
  const filters = Object.entries(m.filters)
    .filter(([, v]) => v.length)
    .map(([k, v]) => `${k} ${v.join(", ")}`);
  const files = Object.entries(m.files).map(
    ([who, file]) => `| ${who} | [${file}](${encodeURI(file)}) | ${m.rows.filter((r) => r.file === file).length} |`,
  );
  return [
    `# Access review ${m.name}`,
    "",
    `Started ${m.startedAt} by \`atlassian-access review start\`${m.due ? `; due ${m.due}` : ""}.`,
    `Scope: ${filters.length ? filters.join("; ") : "every access of the org"} (${m.rows.length} rows).`,
    "",
    "Each reviewer decides their file's rows in a pull request: `keep` or `revoke` in the `decision` column, and a",
    "`reason` for each revoke. Edit only those two columns; the other columns identify the row (its `id` is a hash of",
    "them) and `pulumi preview` refuses a row that no longer matches. `manifest.json` is the review as started.",
    "",
    "| reviewer | file | rows |",
    "|---|---|---|",
    ...files,
    "",
  ].join("\n");
}

/** Throws when the review folder exists: a review is started once. */
export function refuseExisting(dir: string): void {
  if (fs.existsSync(dir))
    throw new Error(
      `${dir} exists: a review is started once. Pick another --name, or delete the folder to start over.`,
    );
}

/** Writes a new review folder; refuses one that exists. */
export function writeReviewFolder(dir: string, manifest: ReviewManifest, files: Map<string, ReviewRow[]>): void {
  refuseExisting(dir);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, rows] of files) fs.writeFileSync(path.join(dir, file), reviewCsv(rows));
  fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "README.md"), reviewReadme(manifest));
}

/** One CSV's rows with their line numbers (the header is line 1); every cell a string. */
export function readReviewCsv(file: string, text: string): FiledRow[] {
  const records: { record: Record<string, string>; info: { lines: number } }[] = parse(text, {
    columns: true,
    skip_empty_lines: true,
    info: true,
    relax_column_count: true,
  });
  return records.map(({ record, info }) => ({
    file,
    line: info.lines,
    row: Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k, typeof v === "string" ? unescapeFormula(v) : v]),
    ) as ReviewRow,
  }));
}

/**
 * The folder as the AccessReview receives it: the manifest and every row of its reviewers' files (and of any other
 * `.csv` in the folder, so a row moved to a new file is still seen). Throws one line naming the file on a folder that
 * is not a review.
 */
export function readReviewFolder(dir: string): ReviewFolder {
  const manifestFile = path.join(dir, MANIFEST);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  } catch (err) {
    throw new Error(
      `${manifestFile} cannot be read (${(err as Error).message.split("\n")[0]}): start the review with \`atlassian-access review start\`, or point folder at its folder.`,
      { cause: err },
    );
  }
  const parsed = ReviewManifest.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `${manifestFile} is not a review manifest (${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}): restore it from the commit that started the review.`,
    );
  const csvs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .sort();
  const rows = csvs.flatMap((f) => readReviewCsv(f, fs.readFileSync(path.join(dir, f), "utf8")));
  return { manifest: parsed.data, rows };
}
