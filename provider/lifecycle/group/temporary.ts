// Temporary members of a code-owned Group (rules/temporary.ts) in its lifecycle: the clock (the server's), the checks
// that need it, the preview's plan line, and the blast radius of memberships whose until has passed.
import { runPart } from "../context";
import type { CheckFailure } from "../../runtime/types";
import type { GroupArgs, GroupOutputs } from "./args";
import { isUnknown } from "../../runtime/values";
import { orgState } from "../../org/snapshot";
import { serverNow } from "../../clients/server-clock";
import { guardAccessLoss, lossFromGroup } from "../../runtime/access-loss";
import {
  emailOf,
  endedMembers,
  isTemporary,
  memberTimeProblems,
  temporaryPlanLine,
  wantedEmails,
  type MemberEntry,
} from "../../rules/temporary";

/** An entry whose email or until is still unknown (a preview of what it depends on). */
const unknownEntry = (e: unknown) =>
  isUnknown(e) || (typeof e === "object" && e !== null && Object.values(e).some((v) => isUnknown(v)));

/** The entries when every one is known; undefined while any is unknown (preview). */
export function knownEntries(members: unknown): MemberEntry[] | undefined {
  if (!Array.isArray(members) || isUnknown(members) || members.some(unknownEntry)) return undefined;
  return members as MemberEntry[];
}

/**
 * The server's time for a check. The org state's first read (which check's live failures make) has told the provider
 * the servers' clock by their `Date` header; when it could not be read, the local clock stands in (serverNow).
 */
export async function checkNow(): Promise<number> {
  await orgState().catch(() => undefined);
  return serverNow();
}

/** check: a new member already past its until, and maxDuration (rules/temporary.ts memberTimeProblems). */
export async function temporaryFailures(olds: Partial<GroupArgs>, news: GroupArgs): Promise<CheckFailure[]> {
  const entries = knownEntries(news.members);
  if (news.owner !== "pulumi" || !entries || isUnknown(news.maxDuration) || isUnknown(news.name)) return [];
  if (!entries.some(isTemporary) && news.maxDuration === undefined) return [];
  const before = new Set(
    (Array.isArray(olds.members) ? olds.members : []).map((e) => String(emailOf(e)).toLowerCase()),
  );
  return memberTimeProblems(entries, {
    nowMs: await checkNow(),
    before,
    maxDuration: news.maxDuration,
    group: news.name,
  });
}

/** The emails code wants in the group now (server time): plain members and temporary ones not yet ended. */
export const wantedNow = (entries: MemberEntry[]): string[] => wantedEmails(entries, serverNow());

/** The plan lines this run printed (the run state's part). */
const planned = runPart("group temporary plan lines", () => new Set<string>());

/** diff: the preview's line saying when each running temporary membership ends; printed once per process. */
export function printTemporaryPlan(news: GroupArgs): void {
  const entries = knownEntries(news.members);
  if (news.owner !== "pulumi" || !entries || isUnknown(news.name)) return;
  const line = temporaryPlanLine(`Group "${news.name}"`, entries, serverNow());
  if (!line || planned().has(line)) return;
  planned().add(line);
  console.log(line);
}

/** A canonical text of the temporary entries (email and until), to tell whether an until changed. */
export function temporaryKey(members: unknown): string {
  const entries = knownEntries(members) ?? [];
  return JSON.stringify(
    entries
      .filter(isTemporary)
      .map((m) => `${m.email.toLowerCase()} ${m.until}`)
      .sort(),
  );
}

/**
 * diff: members still in the group whose until has passed leave it with this change. Their end was declared (and
 * reviewed) in code, so the blast-radius limit does not refuse it (refusing would keep access past its approved end);
 * the numbers are printed as for any removal.
 */
export async function announceExpiryLoss(id: string, olds: GroupOutputs, news: GroupArgs): Promise<void> {
  const entries = knownEntries(news.members);
  if (news.owner !== "pulumi" || olds.owner !== "pulumi" || !entries || isUnknown(news.name)) return;
  const live = (await orgState()).memberAccounts(id);
  const losing = endedMembers(entries, serverNow())
    .map((m) => live.get(m.email.toLowerCase()))
    .filter((a): a is string => a !== undefined);
  if (losing.length === 0) return;
  guardAccessLoss(
    `Group "${news.name}"`,
    `removing ${losing.length} member(s) whose until has passed`,
    await lossFromGroup(id, losing),
    { allow: true, group: news.name },
  );
}
