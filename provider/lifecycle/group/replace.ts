// Replacing a code-owned group without destroying what it holds. Atlassian cannot rename a group or change its
// description, and its names are case-insensitive and unique: a new name is created first and the old group deleted
// after (members come from the declaration, grants from the AppAccess resources, replaced with it); a case-only rename
// deletes first (both cannot exist at once); a description change on the same name cannot be made at all, so check
// refuses it instead of deleting and re-creating the group.
import { runPart } from "../context";
import type { CheckFailure } from "../../runtime/types";
import type { GroupArgs, GroupOutputs } from "./args";
import { isUnknown } from "../../runtime/values";
import { orgState } from "../../org/snapshot";
import { guardAccessLoss, lossFromGroup } from "../../runtime/access-loss";
import { knownEntries, wantedNow } from "./temporary";
import { emailOf } from "../../rules/temporary";

/**
 * Case-only renames this process's diff planned, as `old name → new name`: the engine checks a replacement again with
 * no old inputs, and that check must not call the resource's own old group a clash.
 */
const plannedCaseRenames = runPart("planned case renames", () => new Set<string>());

export const planCaseRename = (from: string, to: string) => plannedCaseRenames().add(`${from}\u0000${to}`);
export const isPlannedCaseRename = (from: string, to: string) => plannedCaseRenames().has(`${from}\u0000${to}`);

/** Groups this process's diff is replacing by a rename: their delete is the replacement's, not a loss of access. */
const replacing = runPart("planned replacements", () => new Set<string>());
export const planReplacement = (id: string) => replacing().add(id);
export const isPlannedReplacement = (id: string) => replacing().has(id);

/**
 * diff: members code declared before and no longer does are removed by this change; past the limit (or emptying the
 * group) it is refused here, at preview, before any write. Removing members someone added by hand is drift repair,
 * reported as a finding, and not counted.
 */
export async function guardMemberRemoval(id: string, olds: GroupOutputs, news: GroupArgs): Promise<void> {
  if (news.owner !== "pulumi" || olds.owner !== "pulumi" || !Array.isArray(news.members)) return;
  const entries = knownEntries(news.members);
  if (!entries || isUnknown(news.allowAccessLoss)) return;
  const before = (olds.declaredMembers ?? (olds.membersManaged ? olds.members : undefined) ?? []).map(emailOf);
  // A temporary member still listed but past its until leaves too: not counted here (announceExpiryLoss).
  const keep = new Set(entries.map((e) => emailOf(e).toLowerCase()));
  const live = (await orgState()).memberAccounts(id);
  const losing = before
    .filter((e) => !keep.has(e.toLowerCase()))
    .map((e) => live.get(e.toLowerCase()))
    .filter((a): a is string => a !== undefined);
  if (losing.length === 0) return;
  guardAccessLoss(`Group "${news.name}"`, `removing ${losing.length} member(s)`, await lossFromGroup(id, losing), {
    allow: news.allowAccessLoss,
    group: news.name,
    emptied: wantedNow(entries).length === 0 && live.size > 0,
  });
}

/** check: a declared description changed while the name stays (Atlassian cannot hold two groups of one name). */
export function replacementFailures(olds: Partial<GroupArgs>, news: GroupArgs): CheckFailure[] {
  if (news.owner !== "pulumi" || olds.owner !== "pulumi") return [];
  if (isUnknown(news.name) || isUnknown(news.description) || olds.name !== news.name) return [];
  if (olds.description === undefined || news.description === undefined || olds.description === news.description)
    return [];
  return [
    {
      property: "description",
      reason:
        `Group "${news.name}": Atlassian cannot change a group's description, and a new group of the same name cannot ` +
        `be made beside the old one, so this change would have to delete the group (its members and app access) and ` +
        `make it again. Keep the description "${olds.description}", or rename the group too: the new name is created ` +
        `first with the declared members and app access, and "${news.name}" deleted after.`,
    },
  ];
}

/** diff: a case-only rename of a group code adopted deletes it, which adopted groups only allow with deleteOnDestroy. */
export function caseRenameOfAdopted(olds: GroupOutputs, newName: string): string {
  return (
    `Group "${olds.name}" → "${newName}": a case-only rename must delete "${olds.name}" before "${newName}" can ` +
    `exist (Atlassian's group names are case-insensitive and cannot be renamed), and code adopted this group, so it is ` +
    `not code's to delete. Keep the name "${olds.name}", or set deleteOnDestroy: true on the Group, run \`pulumi up\`, ` +
    `then rename.`
  );
}

/** diff: what the replacement does to members and grants, printed in the preview. */
export function replacementPlan(olds: GroupOutputs, newName: string, caseOnly: boolean, members: number): string {
  const declared = olds.membersManaged ? `its declared members` : `no members (code declares none)`;
  const order = caseOnly
    ? `"${olds.name}" is deleted first (a case-only rename: both names cannot exist at once), then "${newName}" is ` +
      `created with ${declared}; app access lapses until the AppAccess resources on it grant it again`
    : `"${newName}" is created first with ${declared}, the AppAccess resources on it grant its access, then ` +
      (olds.adopted && !olds.deleteOnDestroy
        ? `code forgets "${olds.name}" (adopted: it stays in Atlassian with its members and app access)`
        : `"${olds.name}" is deleted`);
  return (
    `[atlassian-access] Group "${olds.name}" → "${newName}": replaced (Atlassian cannot rename a group): ${order}. ` +
    `"${olds.name}" has ${members} member(s) now; grants not declared as AppAccess go with it.`
  );
}
