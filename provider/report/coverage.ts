// Attribution coverage of a report: one computation that the Markdown (render.ts) and the JSON (json.ts) print.
import type { Report } from "./model";

/** How many causes name who made them, and why the others do not: one computation for the Markdown and the JSON. */
export interface AttributionCoverage {
  causes: number;
  attributed: number;
  unknown: number;
  /** Why the unknown ones are unknown, each with its count. */
  because: { reason: string; count: number }[];
  /** Causes whose actor is an org API key no actorLanes entry maps. */
  unmappedKeys: number;
  /** What the provider said of the org's audit catalogue, when it lacks actions the rules read. */
  catalogue?: string;
}

/**
 * Attribution coverage: how many causes name who made them, and why the others do not (no audit event in the window,
 * an actor the log does not identify, an API key no lane maps, the org's catalogue lacking the actions). Undefined
 * when the report has no cause with an actor field and no catalogue line.
 */
export function attributionCoverage(report: Report): AttributionCoverage | undefined {
  const causes = report.findings.filter((f) => f.actor !== undefined);
  if (!causes.length && !report.catalogue) return undefined;
  const unknown = causes.filter((f) => f.actor === "unknown");
  const why = new Map<string, number>();
  for (const f of unknown) {
    const reason = f.evidence?.some((e) => e.startsWith("actor:"))
      ? "the audit log names an actor the provider does not recognise (its raw id is in the evidence)"
      : "no audit event in the window explains them";
    why.set(reason, (why.get(reason) ?? 0) + 1);
  }
  return {
    causes: causes.length,
    attributed: causes.length - unknown.length,
    unknown: unknown.length,
    because: [...why].map(([reason, count]) => ({ reason, count })),
    unmappedKeys: causes.filter((f) => f.actor?.startsWith("api-key:")).length,
    ...(report.catalogue ? { catalogue: report.catalogue } : {}),
  };
}
