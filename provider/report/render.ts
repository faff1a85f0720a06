// Renders a Report as Markdown: causes first (one finding per cause, by lane, each with its consequences), then the
// resources that differ; the `github` style fits a PR comment (rows past the first few and every consequence list
// collapsed in <details>, within GitHub's comment size). JSON is json.ts's. Pure: no I/O.
import { FINDING_KINDS, isFindingKind } from "../rules/finding-kinds";
import type { Finding } from "../rules/findings";
import { isChangeOp, pendingOperations, type Report, type ReportFinding, type ReportResource } from "./model";
import { attributionCoverage } from "./coverage";

export { renderJson } from "./json";

export interface RenderOptions {
  /** GitHub PR comment: tables show their first GITHUB_ROWS rows, the rest and each cause's consequences collapsed. */
  github?: boolean;
}

/** Rows of a table a `github` report shows before folding the rest into <details>. */
export const GITHUB_ROWS = 5;
/** GitHub's limit on a comment's body, in characters; a longer `github` report is cut to fit and says so. */
export const GITHUB_LIMIT = 65_536;
/** The first line of a `github` report, so a CI job can find its earlier comment and edit it instead of adding one. */
export const GITHUB_MARKER = "<!-- atlassian-access report -->";

/** Lanes in the order a reviewer reads them, with the heading each gets. */
export const LANE_TITLES: readonly (readonly [Finding["lane"], string])[] = [
  ["pulumi", "Code (pulumi lane)"],
  ["scim", "SCIM lane"],
  ["isc", "ISC lane"],
  ["none", "No owner lane"],
];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Table cell text: `|` would end the cell, a newline the row, and `<`/`&` would be read as HTML. */
export function cell(text: string | undefined): string {
  if (text === undefined || text === "") return "—";
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, "<br>");
}

/** Text in HTML (a <summary>): only `&` and `<`/`>` need escaping. */
const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Inline code in a table cell: entities are not decoded in code spans, so only `|`, newlines and backticks matter. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 || flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function title(report: Report): string {
  const failing = report.unaccepted.length;
  const parts = [
    failing ? `${plural(failing, "cause")} to review` : "nothing to review",
    report.changes
      ? `${plural(report.changes, "resource")} ${report.changes === 1 ? "differs" : "differ"}`
      : "no resource differs",
  ];
  if (report.accepted.length) parts.push(`${report.accepted.length} accepted`);
  if (report.errors.length) parts.push(plural(report.errors.length, "preview error"));
  const pending = pendingOperations(report).length;
  if (pending) parts.push(`${plural(pending, "operation")} an interrupted update left pending`);
  return `## Atlassian access: ${parts.join(", ")}`;
}

/** A table; in the github style, rows past the first GITHUB_ROWS go into a collapsed copy of it. */
function table(header: string[], rows: string[], opts: RenderOptions, more: (n: number) => string): string[] {
  if (!opts.github || rows.length <= GITHUB_ROWS + 1) return [...header, ...rows];
  const rest = rows.slice(GITHUB_ROWS);
  return [
    ...header,
    ...rows.slice(0, GITHUB_ROWS),
    "",
    "<details>",
    `<summary>${more(rest.length)}</summary>`,
    "",
    ...header,
    ...rest,
    "",
    "</details>",
  ];
}

const evidenceCell = (f: Finding) => (f.evidence?.length ? f.evidence.map(code).join("<br>") : "—");

function causeRow(f: ReportFinding): string {
  const n = f.consequences?.length ?? 0;
  const what = `${cell(f.message)}${n ? `<br>**${plural(n, "consequence")}** listed below` : ""}`;
  return `| ${code(f.kind)} | ${cell(f.subject)} | ${what} | ${cell(f.actor)} | ${cell(f.at)} | ${evidenceCell(f)} | ${cell(f.fix)} |`;
}

const CAUSE_HEADER = [
  "| Kind | Subject | What | Actor | When | Evidence | Fix |",
  "| --- | --- | --- | --- | --- | --- | --- |",
];
const CONSEQUENCE_HEADER = ["| Consequence | What | Evidence | Fix |", "| --- | --- | --- | --- |"];

/** The findings one cause explains, each with its own id (accepted on its own, when an entry accepts it). */
function consequenceBlock(report: Report, f: ReportFinding, opts: RenderOptions): string[] {
  const list = f.consequences ?? [];
  if (!list.length) return [];
  const rows = list.map((c) => {
    const a = standingOf(report, c.id);
    const how = a && a.id.toLowerCase() !== c.id.toLowerCase() ? ` by ${code(a.id)}` : "";
    const by = a && !a.expired ? `<br>accepted${how}${a.reason ? `: ${cell(a.reason)}` : ""}` : "";
    return `| ${code(c.id)}${by} | ${cell(c.message)} | ${evidenceCell(c)} | ${cell(c.fix)} |`;
  });
  const label = `${plural(list.length, "consequence")} of`;
  if (opts.github)
    return [
      "<details>",
      `<summary>${label} <code>${html(f.id)}</code></summary>`,
      "",
      ...CONSEQUENCE_HEADER,
      ...rows,
      "",
      "</details>",
      "",
    ];
  return [`#### ${label} ${code(f.id)}`, "", ...CONSEQUENCE_HEADER, ...rows, ""];
}

/** Causes by lane: one row each, then the consequences of those that have any. */
function laneSections(report: Report, findings: ReportFinding[], opts: RenderOptions): string[] {
  const out: string[] = [];
  for (const [lane, heading] of LANE_TITLES) {
    const inLane = findings.filter((f) => f.lane === lane);
    if (!inLane.length) continue;
    out.push(
      `### ${heading}: ${plural(inLane.length, "cause")}`,
      "",
      ...table(CAUSE_HEADER, inLane.map(causeRow), opts, (n) => `${plural(n, "more cause")} in this lane`),
      "",
      ...inLane.flatMap((f) => consequenceBlock(report, f, opts)),
    );
  }
  return out;
}

const shortType = (type: string) => type.split(":").pop() ?? type;

function whatDiffers(r: ReportResource, unaccepted: Set<string>): string {
  if (r.gone) return "gone from Atlassian; the plan re-creates it";
  if (r.diffs.length) return r.diffs.map(code).join(", ");
  if (r.findings.some((f) => unaccepted.has(f.id))) return "unaccepted findings";
  return "—";
}

function resourceSection(report: Report, opts: RenderOptions): string[] {
  const differing = report.resources.filter((r) => isChangeOp(r.op));
  if (!differing.length) return [];
  const unaccepted = new Set(report.unaccepted);
  return [
    `### Resources that differ: ${differing.length}`,
    "",
    ...table(
      ["| Resource | Type | Op | What differs |", "| --- | --- | --- | --- |"],
      differing.map(
        (r) => `| ${cell(r.name)} | ${cell(shortType(r.type))} | ${cell(r.op)} | ${whatDiffers(r, unaccepted)} |`,
      ),
      opts,
      (n) => `${plural(n, "more resource")}`,
    ),
    "",
  ];
}

/** The entry that accepts (or accepted) each finding: its id when it is a pattern, reason, ticket and until. */
const standingOf = (report: Report, id: string) => report.acceptances.find((a) => a.finding === id);

function acceptedSection(report: Report): string[] {
  const accepted = new Set(report.accepted);
  const findings = report.findings.filter((f) => accepted.has(f.id));
  if (!findings.length) return [];
  const row = (f: ReportFinding) => {
    const a = standingOf(report, f.id);
    const by = a && a.id.toLowerCase() !== f.id.toLowerCase() ? `<br>by ${code(a.id)}` : "";
    return `| ${code(f.id)}${by} | ${cell(f.lane)} | ${cell(a?.reason)} | ${cell(a?.ticket)} | ${cell(a?.until)} | ${cell(f.message)} |`;
  };
  return [
    "<details>",
    `<summary>${plural(findings.length, "accepted finding")}</summary>`,
    "",
    "| Id | Lane | Reason | Ticket | Until | What |",
    "| --- | --- | --- | --- | --- | --- |",
    ...findings.map(row),
    "",
    "</details>",
    "",
  ];
}

/** Acceptances past their until: not collapsed, since each one's finding fails the check again. */
function expiredSection(report: Report): string[] {
  const expired = report.acceptances.filter((a) => a.expired);
  if (!expired.length) return [];
  return [
    `### Expired acceptances: ${expired.length}`,
    "",
    "| Finding | Accepted by | Until | Reason | Ticket |",
    "| --- | --- | --- | --- | --- |",
    ...expired.map(
      (a) => `| ${code(a.finding)} | ${code(a.id)} | ${cell(a.until)} | ${cell(a.reason)} | ${cell(a.ticket)} |`,
    ),
    "",
  ];
}

/** What each kind in the report means (causes' and their consequences'), from the one catalogue (rules/finding-kinds.ts). */
function kindsLegend(findings: ReportFinding[]): string[] {
  const all = findings.flatMap((f) => [f, ...(f.consequences ?? [])]);
  const kinds = [...new Set(all.map((f) => f.kind))].filter(isFindingKind).sort();
  if (!kinds.length) return [];
  return [
    "<details>",
    `<summary>What the ${plural(kinds.length, "kind")} mean${kinds.length === 1 ? "s" : ""}</summary>`,
    "",
    ...kinds.map((k) => `- ${code(k)} (${FINDING_KINDS[k].lane}): ${cell(FINDING_KINDS[k].meaning)}`),
    "",
    "</details>",
    "",
  ];
}

function errorSection(report: Report): string[] {
  if (!report.errors.length) return [];
  return [
    "### Preview errors",
    "",
    "The preview did not finish; this report may be incomplete.",
    "",
    ...report.errors.map((e) => `- ${cell(e)}`),
    "",
  ];
}

/** The commands that recover a stack an update was killed in (docs/guides/failure-and-recovery.md). */
export const RECOVERY = "`pulumi cancel --yes`, then `pulumi refresh --clear-pending-creates --yes`, then `pulumi up`";

/**
 * An update that did not finish: what it was doing to which resource. Its creates may exist in Atlassian though the
 * state lacks them, so the resources below can show as created again; the recovery comes before the review.
 */
function interruptedSection(report: Report, opts: RenderOptions): string[] {
  const i = report.interrupted;
  if (!i) return [];
  if ("unreadable" in i)
    return [
      "### Whether the last update finished is unknown",
      "",
      `The preview proposed changes, and the stack's state could not be read to tell whether an interrupted update left them: ${cell(i.unreadable)}.`,
      "",
    ];
  if (!i.operations.length) return [];
  const rows = i.operations.map((op) => `| ${cell(op.name)} | ${cell(shortType(op.type))} | ${cell(op.op)} |`);
  return [
    `### The last update did not finish: ${plural(i.operations.length, "operation")} pending`,
    "",
    "A `pulumi up` or `destroy` stopped (killed, or its runner cancelled) while these were under way. What it made " +
      "may exist in Atlassian though the state lacks it, so resources below can show as to create. Recover first: " +
      `${RECOVERY}; code's own groups are taken over, not made twice.`,
    "",
    ...table(
      ["| Resource | Type | Interrupted while |", "| --- | --- | --- |"],
      rows,
      opts,
      (n) => `${plural(n, "more operation")}`,
    ),
    "",
  ];
}

/** Attribution coverage, last in the Markdown report: "N of M causes attributed; K unknown, because …". */
export function coverageSection(report: Report): string[] {
  const c = attributionCoverage(report);
  if (!c) return [];
  const because = c.because.map((b) => `${b.reason} (${b.count})`);
  if (c.catalogue) because.push(c.catalogue);
  return [
    "## Attribution coverage",
    "",
    `${c.attributed} of ${c.causes} causes attributed; ${c.unknown} unknown${because.length ? `, because: ${because.join("; ")}` : "."}` +
      (c.unmappedKeys
        ? ` ${c.unmappedKeys} name an API key atlassian-access:actorLanes does not map (map its label to a lane).`
        : ""),
    "",
  ];
}

/**
 * The report as Markdown: title, errors, an update that did not finish, causes by lane, expired acceptances,
 * resources, kinds, accepted findings, attribution coverage.
 */
export function renderMarkdown(report: Report, opts: RenderOptions = {}): string {
  const unaccepted = new Set(report.unaccepted);
  const failing = report.findings.filter((f) => unaccepted.has(f.id));
  const unfinished = report.interrupted && ("unreadable" in report.interrupted || pendingOperations(report).length > 0);
  const clean = !failing.length && !report.changes && !report.errors.length && !unfinished;
  const lines = [
    ...(opts.github ? [GITHUB_MARKER] : []),
    title(report),
    "",
    ...(clean ? ["Atlassian matches the code; no finding needs review.", ""] : []),
    ...errorSection(report),
    ...interruptedSection(report, opts),
    ...laneSections(report, failing, opts),
    ...expiredSection(report),
    ...resourceSection(report, opts),
    ...kindsLegend(failing),
    ...acceptedSection(report),
    ...coverageSection(report),
  ];
  const text = lines.join("\n").replace(/\n+$/, "\n");
  return opts.github ? fitComment(text) : text;
}

/** The github report as a PR comment: Markdown with folded tables, cut to GitHub's comment size when it is longer. */
export const renderGithub = (report: Report): string => renderMarkdown(report, { github: true });

/** Cuts a report to GITHUB_LIMIT at a line boundary, closes an open <details>, and says where the rest is. */
function fitComment(text: string, limit = GITHUB_LIMIT): string {
  if (text.length <= limit) return text;
  const note =
    "\n_The report is longer than a GitHub comment allows and was cut here; `--format json` has all of it._\n";
  const lines = text.split("\n");
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > limit - note.length - 40) break;
    kept.push(line);
    size += line.length + 1;
  }
  const open = kept.filter((l) => l === "<details>").length - kept.filter((l) => l === "</details>").length;
  return [...kept, ...(open > 0 ? ["", ...Array<string>(open).fill("</details>")] : []), note].join("\n");
}
