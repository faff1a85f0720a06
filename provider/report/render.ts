// Renders a Report as a Markdown PR comment or as stable JSON. Pure: no I/O.
import { FINDING_KINDS, isFindingKind } from "../rules/finding-kinds";
import type { Finding } from "../rules/findings";
import type { Report, ReportFinding, ReportResource } from "./collect";

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
    failing ? plural(failing, "unaccepted finding") : "no unaccepted findings",
    report.changes
      ? `${plural(report.changes, "resource")} ${report.changes === 1 ? "differs" : "differ"}`
      : "no resource differs",
  ];
  if (report.accepted.length) parts.push(`${report.accepted.length} accepted`);
  if (report.errors.length) parts.push(plural(report.errors.length, "preview error"));
  return `## Atlassian access: ${parts.join(", ")}`;
}

function findingsTable(findings: ReportFinding[]): string[] {
  const rows = findings.map(
    (f) =>
      `| ${code(f.kind)} | ${cell(f.subject)} | ${cell(f.message)} | ${cell(f.actor)} | ${cell(f.at)} | ${
        f.evidence?.length ? f.evidence.map(code).join("<br>") : "—"
      } | ${cell(f.fix)} |`,
  );
  return [
    "| Kind | Subject | What | Actor | When | Evidence | Fix |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ];
}

function laneSections(findings: ReportFinding[]): string[] {
  const out: string[] = [];
  for (const [lane, heading] of LANE_TITLES) {
    const inLane = findings.filter((f) => f.lane === lane);
    if (!inLane.length) continue;
    out.push(`### ${heading}: ${plural(inLane.length, "finding")}`, "", ...findingsTable(inLane), "");
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

function resourceSection(report: Report): string[] {
  const differing = report.resources.filter((r) => !["same", "read", "refresh"].includes(r.op));
  if (!differing.length) return [];
  const unaccepted = new Set(report.unaccepted);
  return [
    `### Resources that differ: ${differing.length}`,
    "",
    "| Resource | Type | Op | What differs |",
    "| --- | --- | --- | --- |",
    ...differing.map(
      (r) => `| ${cell(r.name)} | ${cell(shortType(r.type))} | ${cell(r.op)} | ${whatDiffers(r, unaccepted)} |`,
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

/** What each kind in the report means, from the one catalogue (rules/finding-kinds.ts). */
function kindsLegend(findings: ReportFinding[]): string[] {
  const kinds = [...new Set(findings.map((f) => f.kind))].filter(isFindingKind).sort();
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

export function renderMarkdown(report: Report): string {
  const unaccepted = new Set(report.unaccepted);
  const failing = report.findings.filter((f) => unaccepted.has(f.id));
  const clean = !failing.length && !report.changes && !report.errors.length;
  const lines = [
    title(report),
    "",
    ...(clean ? ["Atlassian matches the code; no finding needs review.", ""] : []),
    ...errorSection(report),
    ...laneSections(failing),
    ...expiredSection(report),
    ...resourceSection(report),
    ...kindsLegend(failing),
    ...acceptedSection(report),
  ];
  return lines.join("\n").replace(/\n+$/, "\n");
}

function findingJson(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.id,
    kind: f.kind,
    subject: f.subject,
    lane: f.lane,
    message: f.message,
    fix: f.fix,
  };
  if (f.actor !== undefined) out.actor = f.actor;
  if (f.at !== undefined) out.at = f.at;
  if (f.evidence !== undefined) out.evidence = f.evidence;
  return out;
}

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const byUrn = (xs: ReportResource[]) => [...xs].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));

/** The model as JSON with a fixed key order, resources by urn and findings by id, so output diffs cleanly. */
export function renderJson(report: Report): string {
  const stable = {
    resources: byUrn(report.resources).map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      op: r.op,
      diffs: r.diffs,
      findings: byId(r.findings).map(findingJson),
      gone: r.gone,
    })),
    findings: byId(report.findings).map((f) => ({ ...findingJson(f), resource: f.resource })),
    accepted: [...report.accepted].sort(),
    unaccepted: [...report.unaccepted].sort(),
    acceptances: [...report.acceptances]
      .sort((a, b) => (a.finding < b.finding ? -1 : a.finding > b.finding ? 1 : 0))
      .map((a) => ({
        finding: a.finding,
        id: a.id,
        reason: a.reason ?? null,
        until: a.until ?? null,
        ticket: a.ticket ?? null,
        expired: a.expired,
      })),
    changes: report.changes,
    errors: report.errors,
  };
  return `${JSON.stringify(stable, null, 2)}\n`;
}
