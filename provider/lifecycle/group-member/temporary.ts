// A GroupMember with `until` (rules/temporary.ts): its checks on the server's clock, its drift past the until, and the
// write that ends it (or, when a later until extends it, adds it back). A GroupMember without until is untouched here.
import { runPart } from "../context";
import type { CheckFailure } from "../../runtime/types";
import type { GroupMemberArgs, GroupMemberOutputs } from "./args";
import { isUnknown } from "../../runtime/values";
import { orgState } from "../../org/snapshot";
import { serverNow } from "../../clients/server-clock";
import { addMembership, removeMembership, type MembershipApi } from "../../runtime/memberships";
import { announce } from "../../runtime/announce";
import { checkNow } from "../group/temporary";
import { guardAccessLoss, lossFromGroup } from "../../runtime/access-loss";
import {
  expiredMemberFinding,
  hasEnded,
  maxDurationProblem,
  memberTimeProblems,
  temporaryPlanLine,
  untilProblem,
  type MemberEntry,
} from "../../rules/temporary";
import type { Finding } from "../../rules/findings";

const entryOf = (m: { email: string; until?: string }): MemberEntry =>
  m.until === undefined ? m.email : { email: m.email, until: m.until };

/** Whether the membership has ended now (server time); one without until never does. */
const endedNow = (m: { email: string; until?: string }) => m.until !== undefined && hasEnded(entryOf(m), serverNow());

/**
 * check: an unreadable until; then, on the server's clock, a new GroupMember already past its until and the group's
 * maxDuration (from this program's Group, in the GroupMember's program context). The same resource keeps its past until: that is its expiry.
 */
export async function memberFailures(
  olds: Partial<GroupMemberArgs>,
  news: GroupMemberArgs,
  groupName: (group: string) => Promise<string>,
  /** The maxDuration of this program's Group for the group (the GroupMember's program context). */
  maxDuration?: string,
): Promise<CheckFailure[]> {
  if (isUnknown(news.until) || isUnknown(news.email) || isUnknown(news.group)) return [];
  if (news.until !== undefined) {
    const problem = untilProblem(news.until);
    if (problem) return [{ property: "until", reason: `GroupMember ${news.email}: ${problem}` }];
  }
  const max = maxDuration;
  if (news.until === undefined && (max === undefined || maxDurationProblem(max))) return [];
  const same = olds.email?.toLowerCase() === news.email.toLowerCase() && olds.group === news.group;
  return memberTimeProblems([entryOf(news)], {
    nowMs: await checkNow(),
    before: new Set(same ? [news.email.toLowerCase()] : []),
    maxDuration: max && !maxDurationProblem(max) ? max : undefined,
    group: await groupName(news.group),
    where: "GroupMember",
  });
}

/** diff: an until changed, the end passed with the membership still there, or a later until bringing it back. */
export async function temporaryChanged(olds: GroupMemberOutputs, news: GroupMemberArgs): Promise<boolean> {
  if (isUnknown(news.until) || isUnknown(news.email)) return news.until !== olds.until;
  if (olds.until === undefined && news.until === undefined) return false;
  const line = temporaryPlanLine(`GroupMember ${news.email}`, [entryOf(news)], await checkNow());
  if (line) printOnce(line);
  return news.until !== olds.until || endedNow(news) !== Boolean(olds.expired) || (olds.findings ?? []).length > 0;
}

/** The plan lines this run printed (the run state's part). */
const printed = runPart("member temporary plan lines", () => new Set<string>());
function printOnce(line: string): void {
  if (printed().has(line)) return;
  printed().add(line);
  console.log(line);
}

/**
 * read: what a temporary membership adds to the refreshed outputs; undefined when the edge is gone and the resource
 * with it (as for any GroupMember). Past its until and still a member, it is a temporary-member-expired finding.
 */
export function memberFindings(
  groupName: string,
  props: GroupMemberOutputs,
  present: boolean,
): { expired?: boolean; findings?: Finding[] } | undefined {
  if (props.until === undefined) return present ? {} : undefined;
  const ended = endedNow(props);
  if (!present) return ended ? { expired: true, findings: [] } : undefined;
  const findings = ended
    ? [expiredMemberFinding(groupName, { email: props.email, until: props.until }, "GroupMember")]
    : [];
  announce(`GroupMember ${props.email}`, findings);
  return { expired: undefined, findings };
}

/**
 * update: a temporary edge past its until is removed (its end was declared in code: the blast-radius numbers are
 * printed, never refused); one a later until extends is added back. Returns the outputs it changes.
 */
export async function settleTemporary(
  api: MembershipApi,
  olds: GroupMemberOutputs,
  news: GroupMemberArgs,
): Promise<{ expired?: boolean; findings?: Finding[] }> {
  if (olds.until === undefined && news.until === undefined) return {};
  const state = await orgState();
  const { groupId, accountId } = olds;
  const group = state.group(groupId)?.name ?? groupId;
  const present = state.isMember(groupId, accountId);
  if (endedNow(news)) {
    if (present) {
      guardAccessLoss(
        `GroupMember ${news.email}`,
        `removing it at its until`,
        await lossFromGroup(groupId, [accountId]),
        {
          allow: true,
          group,
        },
      );
      await removeMembership(api, groupId, accountId);
      state.removeMember(groupId, accountId);
    }
    return { expired: true, findings: [] };
  }
  if (!present) {
    await addMembership(api, groupId, accountId, { email: news.email, group });
    state.addMember(groupId, accountId);
  }
  return { expired: undefined, findings: news.until === undefined ? undefined : [] };
}
