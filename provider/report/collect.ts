// Turns `pulumi preview --refresh --json` output, or Automation API engine events, into one report model. Pure: no I/O.
//
// Where the refreshed state lives (checked against CLI v3.259): in a preview, a refresh step's newState is the *old*
// state (preview does not write the refresh), and the refreshed state shows up as the oldState of the resource's plan
// step. Engine events carry it in the refresh step's resOutputsEvent (`new`, absent when the object is gone). So the
// plan step's old state comes first, then the refresh outputs event, then the refresh step's newState as a last resort.
import { z } from "zod";
import type { FindingKind } from "../rules/finding-kinds";
import type { Finding } from "../rules/findings";
import { isLane } from "../rules/ownership";
import { isChangeOp, isInfrastructure, type Report, type ReportFinding, type ReportResource } from "./model";
import {
  isExpiredAt,
  judgeAcceptances,
  type Acceptance,
  type AcceptanceEntry,
  type AcceptanceStanding,
} from "../rules/acceptances";

export class ReportInputError extends Error {}

// Loose schemas: only the fields read here are checked; anything else passes through untouched.
const Props = z.record(z.string(), z.unknown());
const State = z.looseObject({ type: z.string().optional(), inputs: Props.nullish(), outputs: Props.nullish() });
type State = z.infer<typeof State>;
const Keys = z.array(z.string()).nullish();
const DetailedDiff = z.record(z.string(), z.unknown()).nullish();

const DigestStep = z.looseObject({
  op: z.string(),
  urn: z.string(),
  oldState: State.nullish(),
  newState: State.nullish(),
  diffReasons: Keys,
  replaceReasons: Keys,
  detailedDiff: DetailedDiff,
});
const Diagnostic = z.looseObject({
  message: z.string().optional(),
  severity: z.string().optional(),
  urn: z.string().optional(),
});
const Digest = z.looseObject({ steps: z.array(DigestStep).nullish(), diagnostics: z.array(Diagnostic).nullish() });
export type PreviewDigest = z.infer<typeof Digest>;

const Metadata = z.looseObject({
  op: z.string(),
  urn: z.string(),
  type: z.string().optional(),
  old: State.nullish(),
  new: State.nullish(),
  diffs: Keys,
  keys: Keys,
  detailedDiff: DetailedDiff,
});
const EngineEvent = z.looseObject({
  resourcePreEvent: z.looseObject({ metadata: Metadata }).optional(),
  resOutputsEvent: z.looseObject({ metadata: Metadata }).optional(),
  diagnosticEvent: Diagnostic.optional(),
});
export type EngineEventLike = z.infer<typeof EngineEvent>;

/** What one urn's steps say, before it becomes a ReportResource. */
interface Observed {
  urn: string;
  type?: string;
  ops: string[];
  refreshSeen: boolean;
  /** The refresh step's result: a state, or null when refresh found the object gone. */
  refreshed?: State | null;
  planOld?: State;
  planNew?: State;
  reported: string[];
}

const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced"]);
const ENGINE_KEYS = new Set(["__provider", "findings", "unacceptedFindings", "acceptances"]);

export interface CollectOptions {
  /** Judges an acceptance the provider has not judged (one only the code's new list has); default the local clock. */
  nowMs?: number;
}

/** Accepts a PreviewDigest object or an array of engine events. */
export function collect(input: unknown, opts: CollectOptions = {}): Report {
  if (Array.isArray(input)) return collectEvents(input, opts);
  if (input && typeof input === "object" && "steps" in input) return collectDigest(input, opts);
  throw new ReportInputError(
    "input is neither `pulumi preview --json` output (an object with steps) nor a list of engine events",
  );
}

export function collectDigest(input: unknown, opts: CollectOptions = {}): Report {
  const parsed = Digest.safeParse(input);
  if (!parsed.success)
    throw new ReportInputError(`preview JSON: ${z.prettifyError(parsed.error).split("\n").join(" ")}`);
  const seen = new Map<string, Observed>();
  for (const s of parsed.data.steps ?? []) {
    const o = observe(seen, s.urn, s.oldState?.type ?? s.newState?.type);
    if (s.op === "refresh") {
      o.refreshSeen = true;
      if (o.refreshed === undefined) o.refreshed = s.newState ?? null;
    } else {
      plan(o, s.op, s.oldState, s.newState, [...(s.diffReasons ?? []), ...(s.replaceReasons ?? [])], s.detailedDiff);
    }
  }
  const diags = parsed.data.diagnostics ?? [];
  return { ...build([...seen.values()], errorsOf(diags), opts), ...catalogueOf(diags) };
}

export function collectEvents(input: unknown[], opts: CollectOptions = {}): Report {
  const seen = new Map<string, Observed>();
  const diagnostics: z.infer<typeof Diagnostic>[] = [];
  for (const raw of input) {
    const parsed = EngineEvent.safeParse(raw);
    if (!parsed.success) continue; // other event kinds (prelude, summary, policy...) carry nothing the report needs
    const e = parsed.data;
    if (e.diagnosticEvent) diagnostics.push(e.diagnosticEvent);
    const pre = e.resourcePreEvent?.metadata;
    if (pre) {
      const o = observe(seen, pre.urn, pre.type);
      if (pre.op === "refresh") o.refreshSeen = true;
      else plan(o, pre.op, pre.old, pre.new, [...(pre.diffs ?? []), ...(pre.keys ?? [])], pre.detailedDiff);
    }
    const out = e.resOutputsEvent?.metadata;
    if (out?.op === "refresh") {
      const o = observe(seen, out.urn, out.type);
      o.refreshSeen = true;
      o.refreshed = out.new ?? null;
    }
  }
  return { ...build([...seen.values()], errorsOf(diagnostics), opts), ...catalogueOf(diagnostics) };
}

function observe(seen: Map<string, Observed>, urn: string, type?: string): Observed {
  let o = seen.get(urn);
  if (!o) {
    o = { urn, ops: [], refreshSeen: false, reported: [] };
    seen.set(urn, o);
  }
  o.type ??= type;
  return o;
}

function plan(
  o: Observed,
  op: string,
  old: State | null | undefined,
  next: State | null | undefined,
  keys: string[],
  detailed: Record<string, unknown> | null | undefined,
) {
  o.ops.push(op);
  o.planOld ??= old ?? undefined;
  o.planNew ??= next ?? undefined;
  o.reported.push(...keys, ...Object.keys(detailed ?? {}));
}

/** The provider's line about the org's audit catalogue (announce.ts announceCatalogue), when it printed one. */
function catalogueOf(diagnostics: z.infer<typeof Diagnostic>[]): { catalogue?: string } {
  const line = diagnostics.map((d) => d.message ?? "").find((m) => m.includes("audit catalogue (event-actions)"));
  return line ? { catalogue: line.trim().replace(/^\[atlassian-access\]\s*/, "") } : {};
}

/** Error diagnostics, one line each; `info#err` lines are the provider's stderr (stack traces), not errors. */
function errorsOf(diagnostics: z.infer<typeof Diagnostic>[]): string[] {
  return diagnostics
    .filter((d) => d.severity === "error" && d.message)
    .map((d) =>
      d
        .message!.trim()
        .replace(/^error:\s*/, "")
        .replace(/\s*\n\s*/g, " "),
    )
    .filter((m, i, all) => m !== "" && all.indexOf(m) === i);
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>` → type and name. */
export function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const chain = parts[2] ?? "";
  return { type: chain.split("$").pop() ?? chain, name: parts.slice(3).join("::") || urn };
}

function planOp(ops: string[]): string {
  if (ops.some((op) => REPLACE_OPS.has(op))) return "replace";
  return ops.find(isChangeOp) ?? ops[0] ?? "same";
}

/** The refreshed state: see the comment at the top of this file. */
function refreshedState(o: Observed): State | undefined {
  return o.planOld ?? o.refreshed ?? undefined;
}

function isGone(o: Observed, op: string): boolean {
  return o.refreshed === null || (op === "create" && o.refreshSeen);
}

function build(observed: Observed[], errors: string[], opts: CollectOptions): Report {
  const resources: ReportResource[] = [];
  const entries: AcceptanceEntry[] = [];
  /** The provider's verdicts (in server time), by entry: `<id lowercased> <until>` → expired. */
  const verdicts = new Map<string, boolean>();
  for (const o of observed) {
    const type = o.type ?? parseUrn(o.urn).type;
    if (isInfrastructure(type)) continue;
    const op = planOp(o.ops);
    const gone = isGone(o, op);
    const state = gone ? undefined : refreshedState(o);
    if (type.includes("OwnershipSplit")) {
      // The code's list (the plan's new inputs) is what holds once the PR merges; without a plan step, the state's.
      const list =
        o.planNew?.inputs?.acceptedFindings ?? state?.outputs?.acceptedFindings ?? state?.inputs?.acceptedFindings;
      entries.push(...acceptanceEntries(list));
      for (const v of standingsOf(state?.outputs?.acceptances)) verdicts.set(verdictKey(v), v.expired);
    }
    const differs = isChangeOp(op);
    resources.push({
      urn: o.urn,
      type,
      name: parseUrn(o.urn).name,
      op,
      diffs: differs && !gone ? diffsOf(o, state) : [],
      findings: sortById(findingsOf(state?.outputs?.findings)),
      gone,
    });
  }
  resources.sort((a, b) => compare(a.urn, b.urn));

  const byId = new Map<string, ReportFinding>();
  for (const r of resources) for (const f of r.findings) if (!byId.has(f.id)) byId.set(f.id, { ...f, resource: r.urn });
  const findings = sortById([...byId.values()]);
  // The provider judged expiry in the server's time; an entry it has not seen (new in the code) is judged here.
  const now = opts.nowMs ?? Date.now();
  const expired = (a: Acceptance) => verdicts.get(verdictKey(a)) ?? isExpiredAt(a, now);
  const judged = judgeAcceptances(findings, entries, expired);
  const unaccepted = new Set(judged.unaccepted);
  return {
    resources,
    findings,
    accepted: findings.map((f) => f.id).filter((id) => !unaccepted.has(id)),
    unaccepted: judged.unaccepted,
    acceptances: judged.standings,
    changes: resources.filter((r) => isChangeOp(r.op)).length,
    errors,
  };
}

/** Reported keys when the provider gave any; otherwise the code's inputs against the refreshed outputs. */
function diffsOf(o: Observed, refreshed: State | undefined): string[] {
  const reported = o.reported.filter((k) => !ENGINE_KEYS.has(k));
  if (reported.length) return unique(reported);
  // Our providers answer diff with `changes` only, so the engine has no keys to report; derive them.
  const next = o.planNew?.inputs ?? {};
  const oldInputs = refreshed?.inputs ?? {};
  const outputs = refreshed?.outputs ?? {};
  if (!refreshed) return unique(Object.keys(next).filter((k) => !ENGINE_KEYS.has(k)));
  const keys = new Set([...Object.keys(next), ...Object.keys(oldInputs)]);
  return unique(
    [...keys].filter((k) => !ENGINE_KEYS.has(k) && (k in next ? !sameValue(next[k], outputs[k]) : k in oldInputs)),
  );
}

const FindingIn = z.looseObject({
  id: z.string(),
  kind: z.string().optional(),
  subject: z.string().optional(),
  lane: z.string().optional(),
  message: z.string().optional(),
  fix: z.string().optional(),
  actor: z.string().optional(),
  at: z.string().optional(),
  evidence: z.array(z.string()).optional(),
  consequences: z.array(z.unknown()).optional(),
});

/** Findings in a fixed key order, a cause's consequences too; an entry without an id is not a finding and is skipped. */
function findingsOf(value: unknown): Finding[] {
  if (!Array.isArray(value)) return [];
  const out: Finding[] = [];
  for (const raw of value) {
    const p = FindingIn.safeParse(raw);
    if (!p.success) continue;
    const f = p.data;
    const [kind, ...rest] = f.id.split(":");
    const finding: Finding = {
      id: f.id,
      // A kind from another release of the provider passes through as written: the report shows what state holds.
      kind: (f.kind ?? kind) as FindingKind,
      subject: f.subject ?? rest.join(":"),
      lane: isLane(f.lane) ? f.lane : "none",
      message: f.message ?? "",
      fix: f.fix ?? "",
    };
    if (f.actor) finding.actor = f.actor;
    if (f.at) finding.at = f.at;
    if (f.evidence?.length) finding.evidence = f.evidence;
    const consequences = sortById(findingsOf(f.consequences));
    if (consequences.length) finding.consequences = consequences;
    out.push(finding);
  }
  return out;
}

const verdictKey = (a: Acceptance) => `${a.id.toLowerCase()} ${a.until ?? ""}`;

const AcceptanceIn = z.looseObject({
  id: z.string(),
  reason: z.string().optional(),
  until: z.string().optional(),
  ticket: z.string().optional(),
});
const StandingIn = AcceptanceIn.extend({ finding: z.string(), expired: z.boolean() });

/** acceptedFindings entries as the state or plan holds them; anything else is skipped. */
function acceptanceEntries(v: unknown): AcceptanceEntry[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x): AcceptanceEntry[] => {
    if (typeof x === "string") return [x];
    const p = AcceptanceIn.safeParse(x);
    return p.success ? [{ id: p.data.id, reason: p.data.reason, until: p.data.until, ticket: p.data.ticket }] : [];
  });
}

function standingsOf(v: unknown): AcceptanceStanding[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => {
    const p = StandingIn.safeParse(x);
    return p.success ? [p.data] : [];
  });
}
const sortById = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => compare(a.id, b.id));
const unique = (xs: string[]) => [...new Set(xs)].sort(compare);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Deep equality through key-sorted JSON, so key order does not count as a difference. */
function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(v) ?? "undefined";
}
