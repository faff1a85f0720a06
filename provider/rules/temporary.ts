// Temporary access: members of a code-owned group that carry an end (`{ email, until }` beside plain emails, and a
// GroupMember's `until`), which of them have ended at a time, the preview's plan line, the check of each entry and of a
// Group's `maxDuration`, and the finding for a membership past its end. Pure: "now" is passed in (the provider passes
// the server's time, as for acceptances' `until`, and reads `until` the same way: rules/acceptances.ts untilMs).
import { isEmail } from "./email";
import { untilMs } from "./acceptances";
import { byActor } from "./attribution";
import { makeFinding, type Finding } from "./findings";

/** A member with an end. */
export interface TemporaryMember {
  email: string;
  /** `YYYY-MM-DD` (a member through the end of that day, UTC) or an ISO-8601 time with a zone. */
  until: string;
}

/** One entry of a Group's `members`: a plain email (permanent) or a temporary member. */
export type MemberEntry = string | TemporaryMember;

/** Same shape as the provider's CheckFailure (rules/ does not import lifecycle/). */
export interface MemberCheckFailure {
  property: "members" | "maxDuration" | "until";
  reason: string;
}

const KEYS = ["email", "until"];
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const isTemporary = (e: MemberEntry): e is TemporaryMember => typeof e === "object" && e !== null;
export const emailOf = (e: MemberEntry): string => (isTemporary(e) ? e.email : e);

/** The instant a membership ends (epoch ms); undefined for a permanent member or an unreadable until. */
export const endOf = (e: MemberEntry): number | undefined => (isTemporary(e) ? untilMs(e.until) : undefined);

/** Whether a membership has ended at `nowMs`: its until has passed (an unreadable until never counts as passed). */
export const hasEnded = (e: MemberEntry, nowMs: number): boolean => (endOf(e) ?? Infinity) <= nowMs;

/** The emails code wants in the group at `nowMs`: plain ones and temporary ones not yet ended, as written. */
export const wantedEmails = (entries: readonly MemberEntry[], nowMs: number): string[] =>
  entries.filter((e) => !hasEnded(e, nowMs)).map(emailOf);

/** The temporary members whose end has passed at `nowMs`: code no longer wants them. */
export const endedMembers = (entries: readonly MemberEntry[], nowMs: number): TemporaryMember[] =>
  entries.filter((e): e is TemporaryMember => isTemporary(e) && hasEnded(e, nowMs));

/** An instant as ISO-8601 UTC, without milliseconds when there are none: `2026-12-05T00:00:00Z`. */
export const isoOf = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, "Z");

/** `in 3 days`, `in 5 hours`, `in 12 minutes`: how far away an end is, rounded. */
export function timeUntil(ms: number): string {
  if (Math.round(ms / DAY) >= 2) return `in ${Math.round(ms / DAY)} days`;
  if (Math.round(ms / HOUR) >= 2) return `in ${Math.round(ms / HOUR)} hours`;
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** `a@x.example until 2026-12-05T00:00:00Z (in 3 days)`; a day is read through its end, UTC, and says so. */
function endWords(m: TemporaryMember, nowMs: number): string {
  const end = untilMs(m.until)!;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(m.until);
  return day
    ? `${m.email} until ${m.until} (through that day UTC: ends ${isoOf(end)}, ${timeUntil(end - nowMs)})`
    : `${m.email} until ${isoOf(end)} (${timeUntil(end - nowMs)})`;
}

/**
 * The preview's plan line: when each temporary membership still running ends, soonest first; undefined when none
 * runs. `subject` names the resource, e.g. `Group "contractors"`.
 */
export function temporaryPlanLine(subject: string, entries: readonly MemberEntry[], nowMs: number): string | undefined {
  const running = entries
    .filter((e): e is TemporaryMember => isTemporary(e) && endOf(e) !== undefined && !hasEnded(e, nowMs))
    .sort((a, b) => endOf(a)! - endOf(b)! || (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  if (running.length === 0) return undefined;
  const n = running.length;
  return `[atlassian-access] ${subject}: ${n} temporary member${n === 1 ? "" : "s"}: ${running.map((m) => endWords(m, nowMs)).join(", ")}.`;
}

/** A membership past its until that is still in the group; `where` names what declares it (members, a GroupMember). */
export function expiredMemberFinding(
  group: string,
  m: TemporaryMember,
  where: "members" | "GroupMember",
  cause?: { actor?: string; at?: string; evidence?: string[] },
): Finding {
  const end = isoOf(untilMs(m.until)!);
  const email = m.email.toLowerCase();
  const declared = where === "members" ? "the Group's members entry" : "its GroupMember";
  return makeFinding(
    "temporary-member-expired",
    `${group}/${email}`,
    "pulumi",
    `${email}'s temporary membership of code-owned group "${group}" ended at ${end} (until "${m.until}" on ${declared}), and they are still a member${cause?.actor ? `, added by ${byActor(cause.actor)}` : ""}.`,
    `\`pulumi up\` removes them; to extend the access, set a later until on ${declared} (a reviewed change).`,
    cause,
  );
}

/** An ISO-8601 duration of weeks, days, hours, minutes and seconds (`P30D`, `P2W`, `PT8H`) in ms; undefined otherwise. */
export function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return (w * 7 + d) * DAY + h * HOUR + min * MINUTE + s * 1000;
}

/** Why a maxDuration is not usable; undefined when it is. */
export function maxDurationProblem(value: unknown): string | undefined {
  const ms = typeof value === "string" ? durationMs(value) : undefined;
  if (ms !== undefined && ms > 0) return undefined;
  const got = JSON.stringify(value);
  if (typeof value === "string" && /^P[^T]*[YM]/.test(value))
    return `maxDuration ${got} uses years or months, whose length varies: write it in weeks, days or hours, e.g. "P90D".`;
  return `maxDuration must be a positive ISO-8601 duration in weeks, days, hours or minutes, e.g. "P30D" (30 days), "P2W" or "PT8H"; got ${got}.`;
}

const entryName = (i: number, e: unknown) => {
  const email = isTemporaryShape(e) ? e.email : e;
  return `members[${i}]${typeof email === "string" ? ` "${email}"` : ""}`;
};
const isTemporaryShape = (e: unknown): e is Record<string, unknown> =>
  typeof e === "object" && e !== null && !Array.isArray(e);

/** Why an until is unreadable, as the end of a sentence; undefined when it reads. */
export function untilProblem(until: unknown): string | undefined {
  if (typeof until === "string" && untilMs(until) !== undefined) return undefined;
  return `until ${JSON.stringify(until)} is not a date: write YYYY-MM-DD (a member through the end of that day, UTC) or an ISO-8601 time with a zone, e.g. "2026-12-31" or "2026-12-31T17:00:00Z".`;
}

/**
 * The shape of each entry of `members`, without the clock: a plain email, or `{ email, until }` with a readable until;
 * a member listed twice where either carries an until (which end counts would be unclear). Unknown preview values pass.
 */
export function memberEntryProblems(
  value: readonly unknown[],
  isUnknown: (v: unknown) => boolean,
): MemberCheckFailure[] {
  const out: MemberCheckFailure[] = [];
  const fail = (reason: string) => out.push({ property: "members", reason });
  const seen = new Map<string, { i: number; temporary: boolean }>();
  value.forEach((e, i) => {
    if (isUnknown(e)) return;
    if (typeof e === "string") {
      if (!isEmail(e)) fail(`"${e}" is not an email address; members are listed by email.`);
    } else if (!isTemporaryShape(e)) {
      fail(`members[${i}] must be an email or { email, until }; got ${JSON.stringify(e)}.`);
      return;
    } else {
      const at = entryName(i, e);
      for (const k of Object.keys(e))
        if (!KEYS.includes(k)) fail(`${at} has an unknown key "${k}"; a temporary member takes email and until.`);
      if (!isUnknown(e.email) && (typeof e.email !== "string" || !isEmail(e.email)))
        fail(`${at} email ${JSON.stringify(e.email)} is not an email address; members are listed by email.`);
      if (e.until === undefined)
        fail(
          `${at} has no until: write the plain email for a permanent member, or add an end, e.g. { email: ${JSON.stringify(e.email ?? "ana@acme.example")}, until: "2026-12-31" }.`,
        );
      else if (!isUnknown(e.until)) {
        const problem = untilProblem(e.until);
        if (problem) fail(`${at} ${problem}`);
      }
    }
    const email = typeof e === "string" ? e : e.email;
    if (typeof email !== "string" || isUnknown(email)) return;
    const key = email.toLowerCase();
    const first = seen.get(key);
    const temporary = typeof e !== "string";
    if (first && (first.temporary || temporary))
      fail(
        `${entryName(i, e)} is listed again (first at members[${first.i}]); list each member once, with until when the access is temporary.`,
      );
    else if (!first) seen.set(key, { i, temporary });
  });
  return out;
}

/** What the clock-dependent checks of one group's members need. */
export interface MemberTimeCheck {
  /** Server time now (epoch ms): serverNow() once a response has told it, else the local clock. */
  nowMs: number;
  /** Lower-case emails code declared before this change (old inputs): their end passing is the expiry, not an error. */
  before: ReadonlySet<string>;
  /** The Group's maxDuration, already validated; undefined for none. */
  maxDuration?: string;
  /** The group's name, for messages. */
  group: string;
  /** Where the members are declared: a Group's members list or one GroupMember. */
  where?: "members" | "GroupMember";
}

/**
 * The checks that need the clock: a new member whose until has already passed (it would be removed at once), and
 * with maxDuration, a member with no until or whose until lies further away than now + maxDuration. Entries must have
 * passed memberEntryProblems.
 */
export function memberTimeProblems(entries: readonly MemberEntry[], c: MemberTimeCheck): MemberCheckFailure[] {
  const out: MemberCheckFailure[] = [];
  const member = c.where === "GroupMember";
  const property = member ? "until" : "members";
  const max = c.maxDuration !== undefined ? durationMs(c.maxDuration) : undefined;
  // Messages name times to the second (the servers' `Date` header is no finer).
  const latest = max !== undefined ? Math.floor((c.nowMs + max) / 1000) * 1000 : undefined;
  const maxWords = `maxDuration "${c.maxDuration}" (${durationWords(max ?? 0)})`;
  entries.forEach((e, i) => {
    const at = member ? `GroupMember ${emailOf(e)} in group "${c.group}"` : `members[${i}] "${emailOf(e)}"`;
    const end = endOf(e);
    if (!isTemporary(e) || end === undefined) {
      if (latest !== undefined)
        out.push({
          property,
          reason: `${at} has no until, but group "${c.group}" has ${maxWords}: every member must end within it. Give it an until no later than ${isoOf(latest)}${member ? "" : `, e.g. { email: "${emailOf(e)}", until: "${isoOf(latest)}" }`}, or remove maxDuration from the Group.`,
        });
      return;
    }
    if (end <= c.nowMs) {
      if (!c.before.has(e.email.toLowerCase()))
        out.push({
          property,
          reason: `${at} until "${e.until}" has already passed (server time ${isoOf(Math.floor(c.nowMs / 1000) * 1000)}): a new member would be removed at once. Set a later until, or drop the ${member ? "GroupMember" : "entry"}.`,
        });
      return;
    }
    if (latest !== undefined && end > latest)
      out.push({
        property,
        reason: `${at} until "${e.until}" ends ${timeUntil(end - c.nowMs)}, further away than group "${c.group}"'s ${maxWords} allows: set until no later than ${isoOf(latest)}, or raise maxDuration on the Group.`,
      });
  });
  return out;
}

/** `30 days`, `2 weeks`, `8 hours`, `90 minutes`: a duration as a reviewer reads it. */
export function durationWords(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (ms % DAY === 0)
    return ms % (7 * DAY) === 0 && ms >= 7 * DAY ? plural(ms / (7 * DAY), "week") : plural(ms / DAY, "day");
  if (ms % HOUR === 0) return plural(ms / HOUR, "hour");
  if (ms % MINUTE === 0) return plural(ms / MINUTE, "minute");
  return plural(Math.round(ms / 1000), "second");
}

/**
 * A refresh's members input: the emails observed in the group, each declared temporary member as its entry, and the
 * temporary members code already removed at their until (so the next check knows them as declared before, not new).
 */
export function refreshedMembers(
  observed: readonly string[],
  declared: readonly MemberEntry[] | undefined,
  nowMs: number,
): MemberEntry[] {
  const temporary = new Map((declared ?? []).filter(isTemporary).map((m) => [m.email.toLowerCase(), m]));
  const seen = new Set(observed.map((e) => e.toLowerCase()));
  const ended = [...temporary.values()].filter((m) => hasEnded(m, nowMs) && !seen.has(m.email.toLowerCase()));
  return [...observed.map((e) => temporary.get(e.toLowerCase()) ?? e), ...ended];
}
