// The access review as Markdown (a table for a ticket or PR), CSV (one grant a line, header row) or JSON.
import { stringify } from "csv-stringify/sync";
import { summarize, type AccessFilters, type AccessRow } from "../rules/access-review";

export interface ReviewMeta {
  takenAt: string;
  auditFrom?: string;
  filters: AccessFilters;
}

/** CSV columns, in order; `evidence` is space-separated. */
export const CSV_COLUMNS = [
  "site",
  "product",
  "role",
  "email",
  "name",
  "via",
  "group",
  "lane",
  "added_by",
  "added_at",
  "last_active",
  "evidence",
  "finding",
] as const;

export function renderCsv(rows: AccessRow[]): string {
  const records = rows.map((r) => [
    r.site,
    r.product,
    r.role,
    r.email,
    r.name ?? "",
    r.via,
    r.group ?? "",
    r.lane ?? "",
    r.addedBy ?? "",
    r.addedAt ?? "",
    r.lastActive ?? "",
    r.evidence.join(" "),
    r.flag?.finding ?? "",
  ]);
  return stringify(records, { header: true, columns: [...CSV_COLUMNS] });
}

export function renderJson(rows: AccessRow[], meta: ReviewMeta): string {
  return JSON.stringify({ ...meta, summary: summarize(rows), grants: rows }, null, 2) + "\n";
}

const cell = (v: string) => v.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const minute = (iso?: string) => (iso ? iso.replace(/:\d{2}(\.\d+)?Z$/, "Z") : "");

function filterLine(f: AccessFilters): string {
  const parts = [
    f.sites?.length ? `site ${f.sites.join(", ")}` : "",
    f.products?.length ? `product ${f.products.join(", ")}` : "",
    f.persons?.length ? `person ${f.persons.join(", ")}` : "",
    f.lanes?.length ? `lane ${f.lanes.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? `Filtered to ${parts.join("; ")}.\n\n` : "";
}

/** The people the leaver and orphan views name, one line each: the finding, why, and when they were last active. */
function peopleList(rows: AccessRow[]): string {
  const byPerson = new Map<string, AccessRow[]>();
  for (const r of rows) if (r.flag) byPerson.set(r.accountId, [...(byPerson.get(r.accountId) ?? []), r]);
  if (!byPerson.size) return "";
  const lines = [...byPerson.values()]
    .map((rs) => {
      const last = rs
        .map((r) => r.lastActive ?? "")
        .sort()
        .at(-1);
      return `- **${rs[0].email}** \`${rs[0].flag!.finding}\`: ${rs[0].flag!.why}; last active ${minute(last) || "never"}.`;
    })
    .sort();
  return `${lines.join("\n")}\n\n`;
}

export function renderMarkdown(rows: AccessRow[], meta: ReviewMeta): string {
  const s = summarize(rows);
  const head =
    `## Atlassian access review\n\n` +
    `${s.grants} ${s.grants === 1 ? "grant" : "grants"} to ${s.people} ${s.people === 1 ? "person" : "people"} on ` +
    `${s.sites} ${s.sites === 1 ? "site" : "sites"}; ${s.direct} held directly, outside every group. ` +
    `Read ${minute(meta.takenAt)}${meta.auditFrom ? `; who added whom comes from the audit log since ${minute(meta.auditFrom)}` : ""}.\n\n` +
    filterLine(meta.filters);
  if (!rows.length) return `${head}No grants match.\n`;
  const people = peopleList(rows);
  const lines = rows.map((r) =>
    [
      r.site,
      r.product,
      r.role,
      r.email,
      r.via === "direct" ? "**direct**" : `group \`${r.group}\``,
      r.lane ?? "—",
      r.addedBy ?? "—",
      minute(r.addedAt) || "—",
      r.product === "platform" ? "—" : minute(r.lastActive) || "no record",
    ]
      .map(cell)
      .join(" | "),
  );
  return (
    head +
    people +
    `| Site | Product | Role | Person | Through | Lane | Added by | Added | Last active |\n` +
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n` +
    lines.map((l) => `| ${l} |`).join("\n") +
    "\n"
  );
}
