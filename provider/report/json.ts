// Renders a Report as stable JSON: fixed key order, resources by urn, findings (one per cause, consequences inside)
// by id, so the output diffs cleanly. Pure: no I/O.
import type { Finding } from "../rules/findings";
import type { Report, ReportResource } from "./model";
import { attributionCoverage } from "./coverage";

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
  if (f.consequences?.length) out.consequences = byId(f.consequences).map(findingJson);
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
    coverage: attributionCoverage(report) ?? null,
    interrupted: report.interrupted ?? null,
  };
  return `${JSON.stringify(stable, null, 2)}\n`;
}
