// Replacing a code-owned group without destroying what it holds. Atlassian cannot rename a group or change its
// description, and its names are case-insensitive and unique: a new name is created first and the old group deleted
// after (members come from the declaration, grants from the AppAccess resources, replaced with it); a case-only rename
// deletes first (both cannot exist at once); a description change on the same name cannot be made at all, so check
// refuses it instead of deleting and re-creating the group.
import type { CheckFailure } from "./types";
import type { GroupArgs, GroupOutputs } from "./group";
import { isUnknown } from "./values";

/**
 * Case-only renames this process's diff planned, as `old name → new name`: the engine checks a replacement again with
 * no old inputs, and that check must not call the resource's own old group a clash.
 */
const plannedCaseRenames = new Set<string>();

export const planCaseRename = (from: string, to: string) => plannedCaseRenames.add(`${from}\u0000${to}`);
export const isPlannedCaseRename = (from: string, to: string) => plannedCaseRenames.has(`${from}\u0000${to}`);

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
