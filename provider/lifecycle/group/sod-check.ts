// Group's separation-of-duties check: the members its change adds, against the conflicts naming the group (./sod.ts).
import type { CheckFailure } from "../../runtime/types";
import { isUnknown } from "../../runtime/values";
import { GroupProgram, programOf } from "../../rules/program-context";
import { emailOf, type MemberEntry } from "../../rules/temporary";
import type { GroupArgs } from "./args";
import { memberRefusals } from "./sod";

const emails = (m: unknown): string[] =>
  Array.isArray(m)
    ? (m as MemberEntry[]).map((e) => (isUnknown(e) ? undefined : emailOf(e))).filter((e) => typeof e === "string")
    : [];

/** The declared members not in the last inputs' list, refused when they would hold both sides of a conflict. */
export async function groupSodFailures(olds: Partial<GroupArgs>, news: GroupArgs): Promise<CheckFailure[]> {
  const conflicts = programOf(GroupProgram, news).conflicts ?? [];
  if (!conflicts.length || news.owner !== "pulumi" || isUnknown(news.name) || isUnknown(news.members)) return [];
  const before = new Set(emails(olds.members).map((e) => e.toLowerCase()));
  const added = emails(news.members).filter((e) => !before.has(e.toLowerCase()));
  return memberRefusals("members", news.name, added, conflicts);
}
