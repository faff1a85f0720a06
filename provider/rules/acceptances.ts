// Reviewed acceptances of findings: the `acceptedFindings` entries of an OwnershipSplit, their validation, which
// finding each accepts, and when one has expired. Pure: "now" is passed in (the provider passes the server's time).
//
// An entry is a bare id (`"unclaimed-group:old-admins"`, accepted with no reason and no expiry, as before objects
// existed) or `{ id, reason, until?, ticket? }`. An id ending in `*` accepts a family: `"unclaimed-group:legacy-*"`
// (subjects starting with `legacy-`), `"unclaimed-group:*"` (the whole kind) or `"unclaimed-*"` (kinds starting with
// `unclaimed-`). A pattern accepts findings nobody has seen yet, so it must be an object with a reason.
import { FINDING_KINDS, type FindingKind } from "./finding-kinds";
import { parseFindingId, type Finding } from "./findings";

/** One reviewed acceptance. */
export interface Acceptance {
  /** A finding id (`<kind>:<subject>`), or one ending in `*` to accept a family. */
  id: string;
  /** Why the finding is accepted; required in the object form. */
  reason?: string;
  /** `YYYY-MM-DD` (through the end of that day, UTC) or an ISO-8601 time with a zone; past it, the finding shows again. */
  until?: string;
  /** The review's ticket, e.g. "ACC-12". */
  ticket?: string;
}

/** What `acceptedFindings` holds: bare ids or acceptance objects. */
export type AcceptanceEntry = string | Acceptance;

/** How one finding stands against the acceptances: the entry that accepts it (or last did), and whether it expired. */
export interface AcceptanceStanding extends Acceptance {
  /** The finding's id. */
  finding: string;
  expired: boolean;
}

/** Same shape as the provider's CheckFailure (rules/ does not import lifecycle/). */
export interface AcceptanceCheckFailure {
  property: "acceptedFindings";
  reason: string;
}

const KEYS = ["id", "reason", "until", "ticket"] as const;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const KIND_PATTERN = /^[a-z][a-z0-9-]*\*$/;

/** The kinds an OwnershipSplit reports, so the only kinds its acceptedFindings can accept. */
export const SPLIT_KINDS: readonly FindingKind[] = (Object.keys(FINDING_KINDS) as FindingKind[]).filter((k) =>
  FINDING_KINDS[k].where.startsWith("OwnershipSplit"),
);

/** A bare id as an acceptance object. */
export const asAcceptance = (e: AcceptanceEntry): Acceptance => (typeof e === "string" ? { id: e } : e);

const validDay = (y: string, m: string, d: string) => {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d);
};

/** The instant an acceptance stops counting (epoch ms): the end of a `YYYY-MM-DD` day (UTC), or the time given. */
export function untilMs(until: string): number | undefined {
  const day = DAY.exec(until);
  if (day) return validDay(day[1], day[2], day[3]) ? Date.UTC(+day[1], +day[2] - 1, +day[3] + 1) : undefined;
  const time = TIME.exec(until);
  if (!time || !validDay(time[1], time[2], time[3])) return undefined;
  const ms = Date.parse(until);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Whether an acceptance has expired at `nowMs`; one without `until` never does. */
export const isExpiredAt = (a: Acceptance, nowMs: number): boolean =>
  a.until !== undefined && (untilMs(a.until) ?? -Infinity) <= nowMs;

/** Whether an acceptance id (exact, or ending in `*`) matches a finding id; case-insensitive, like group names. */
export function acceptanceMatches(id: string, findingId: string): boolean {
  const a = id.toLowerCase();
  const f = findingId.toLowerCase();
  return a.endsWith("*") ? f.startsWith(a.slice(0, -1)) : a === f;
}

/** The entry that settles a finding: an unexpired one first, then exact before pattern, then the longer pattern. */
function bestOf(matching: Acceptance[], expired: (a: Acceptance) => boolean): Acceptance | undefined {
  const rank = (a: Acceptance) => [expired(a) ? 1 : 0, a.id.endsWith("*") ? 1 : 0, -a.id.length];
  return [...matching].sort((x, y) => {
    const [rx, ry] = [rank(x), rank(y)];
    return rx[0] - ry[0] || rx[1] - ry[1] || rx[2] - ry[2];
  })[0];
}

export interface Judgement {
  /** The findings, an expired acceptance named in the message and fix of the finding it no longer accepts. */
  findings: Finding[];
  /** Ids of findings no unexpired acceptance matches, in the findings' order. */
  unaccepted: string[];
  /** One standing per finding some entry matches, in the findings' order (a cause's, then its consequences'). */
  standings: AcceptanceStanding[];
}

/**
 * Judges findings against acceptedFindings; `expired` says whether an entry has expired (isExpiredAt, server time).
 * A cause (a finding with consequences) is accepted by an entry matching its own id, or when every one of its
 * consequences is accepted by its own (how they were accepted before they were gathered under one cause).
 */
export function judgeAcceptances(
  findings: Finding[],
  entries: readonly AcceptanceEntry[] | undefined,
  expired: (a: Acceptance) => boolean,
): Judgement {
  const list = (entries ?? []).map(asAcceptance).filter((a) => typeof a?.id === "string");
  const out: Judgement = { findings: [], unaccepted: [], standings: [] };
  for (const f of findings) {
    const best = bestOf(
      list.filter((a) => acceptanceMatches(a.id, f.id)),
      expired,
    );
    const gone = best !== undefined && expired(best);
    if (best && !gone) {
      out.standings.push(standing(f.id, best, false));
      out.findings.push(f);
      continue;
    }
    const inner = f.consequences?.length ? judgeAcceptances(f.consequences, entries, expired) : undefined;
    if (inner && inner.unaccepted.length === 0) {
      out.standings.push(...inner.standings);
      out.findings.push({ ...f, consequences: inner.findings });
      continue;
    }
    if (best) out.standings.push(standing(f.id, best, true));
    if (inner) out.standings.push(...inner.standings);
    out.unaccepted.push(f.id);
    const judged = inner ? { ...f, consequences: inner.findings } : f;
    out.findings.push(
      gone ? { ...judged, message: `${f.message} ${expiryNote(best)}`, fix: `${f.fix} ${RENEW}` } : judged,
    );
  }
  return out;
}

const RENEW = "To keep accepting it, review it again and set a later until on its acceptedFindings entry.";

/** The sentence an expired acceptance adds to its finding's message. */
export function expiryNote(a: Acceptance): string {
  const details = [a.reason ? `reason: ${JSON.stringify(a.reason)}` : "", a.ticket ? `ticket ${a.ticket}` : ""]
    .filter(Boolean)
    .join("; ");
  return `Its acceptance "${a.id}" expired on ${a.until}${details ? ` (${details})` : ""}.`;
}

function standing(finding: string, a: Acceptance, expired: boolean): AcceptanceStanding {
  const s: AcceptanceStanding = { finding, id: a.id, expired };
  if (a.reason !== undefined) s.reason = a.reason;
  if (a.until !== undefined) s.until = a.until;
  if (a.ticket !== undefined) s.ticket = a.ticket;
  return s;
}

/** A canonical text of the list (order, id case and key order ignored), to tell whether two lists differ. */
export function acceptancesKey(entries: readonly AcceptanceEntry[] | undefined): string {
  const norm = (entries ?? [])
    .map(asAcceptance)
    .map((a) => JSON.stringify(KEYS.map((k) => (k === "id" ? String(a.id).toLowerCase() : (a[k] ?? null)))));
  return JSON.stringify([...new Set(norm)].sort());
}

const entryName = (i: number, id: unknown) => `acceptedFindings[${i}]${typeof id === "string" ? ` "${id}"` : ""}`;

/** Validation of acceptedFindings; `kinds` are those the split reports (SPLIT_KINDS). Unknown preview values pass. */
export function checkAcceptances(
  value: unknown,
  opts: { isUnknown?: (v: unknown) => boolean; kinds?: readonly string[] } = {},
): AcceptanceCheckFailure[] {
  const unknown = opts.isUnknown ?? (() => false);
  const kinds = opts.kinds ?? SPLIT_KINDS;
  const fail = (reason: string): AcceptanceCheckFailure => ({ property: "acceptedFindings", reason });
  if (value === undefined || unknown(value)) return [];
  if (!Array.isArray(value))
    return [fail("acceptedFindings must be a list of finding ids or { id, reason, until?, ticket? } objects.")];
  const failures: AcceptanceCheckFailure[] = [];
  const seen = new Map<string, number>();
  value.forEach((entry: unknown, i: number) => {
    if (unknown(entry)) return;
    const bare = typeof entry === "string";
    if (!bare && (typeof entry !== "object" || entry === null || Array.isArray(entry))) {
      failures.push(
        fail(
          `acceptedFindings[${i}] must be a finding id or an object { id, reason, until?, ticket? }; got ${JSON.stringify(entry)}.`,
        ),
      );
      return;
    }
    const a = (bare ? { id: entry } : entry) as Record<string, unknown>;
    const at = entryName(i, a.id);
    for (const k of Object.keys(a))
      if (!(KEYS as readonly string[]).includes(k))
        failures.push(fail(`${at} has an unknown key "${k}"; an acceptance takes id, reason, until and ticket.`));
    if (!unknown(a.id)) {
      const problem = idProblem(a.id, kinds);
      if (problem) failures.push(fail(`${at} ${problem}`));
      else if (bare && String(a.id).endsWith("*"))
        failures.push(
          fail(
            `${at} is a pattern, and a pattern accepts findings nobody has reviewed yet: write it as { id: "${String(a.id)}", reason: "<why this family is accepted>" }.`,
          ),
        );
      else {
        const key = String(a.id).toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) failures.push(fail(`${at} is listed again (first at [${first}]); list each id once.`));
        else seen.set(key, i);
      }
    }
    if (bare) return;
    if (!unknown(a.reason) && (typeof a.reason !== "string" || a.reason.trim() === ""))
      failures.push(
        fail(
          `${at} has no reason: an acceptance says why the finding may stand, e.g. { id: ${JSON.stringify(a.id ?? "unclaimed-group:old-admins")}, reason: "kept until the Jira Server migration ends", until: "2027-03-31" }.`,
        ),
      );
    if (a.until !== undefined && !unknown(a.until) && (typeof a.until !== "string" || untilMs(a.until) === undefined))
      failures.push(
        fail(
          `${at} until ${JSON.stringify(a.until)} is not a date: write YYYY-MM-DD (accepted through the end of that day, UTC) or an ISO-8601 time with a zone, e.g. "2027-03-31" or "2027-03-31T17:00:00Z".`,
        ),
      );
    if (a.ticket !== undefined && !unknown(a.ticket) && (typeof a.ticket !== "string" || a.ticket.trim() === ""))
      failures.push(fail(`${at} ticket must be a non-empty string such as "ACC-12"; got ${JSON.stringify(a.ticket)}.`));
  });
  return failures;
}

/** Why an id is malformed or accepts nothing, as the end of a sentence starting with the entry; undefined when fine. */
function idProblem(id: unknown, kinds: readonly string[]): string | undefined {
  const shape =
    'ids look like "<kind>:<subject>", e.g. "unclaimed-group:old-admins", as listed in the unacceptedFindings output; end one with * to accept a family, e.g. "unclaimed-group:legacy-*".';
  if (typeof id !== "string" || id.trim() === "") return `has no id: ${shape}`;
  if (id === "*")
    return 'would accept every finding, including ones nobody has seen; accept a kind ("unclaimed-group:*") or a family ("unclaimed-group:legacy-*") instead.';
  if (id.indexOf("*") >= 0 && id.indexOf("*") < id.length - 1)
    return 'has a * before its end: only a trailing * is a wildcard, e.g. "unclaimed-group:legacy-*".';
  const splitKinds = `the OwnershipSplit reports ${kinds.join(", ")}.`;
  if (KIND_PATTERN.test(id) && !id.includes(":")) {
    const prefix = id.slice(0, -1);
    return kinds.some((k) => k.startsWith(prefix))
      ? undefined
      : `matches no kind the OwnershipSplit reports, so it would accept nothing; ${splitKinds}`;
  }
  const parsed = parseFindingId(id);
  if (!parsed) return `is not a finding id: ${shape}`;
  if (!kinds.includes(parsed.kind)) {
    const elsewhere = Object.hasOwn(FINDING_KINDS, parsed.kind)
      ? ` (a ${FINDING_KINDS[parsed.kind as FindingKind].where} reports it, until its lane fixes the drift)`
      : "";
    return `has kind "${parsed.kind}", which the OwnershipSplit does not report${elsewhere}, so it would accept nothing; ${splitKinds}`;
  }
  return undefined;
}
