// The blast-radius guard (rules/blast-radius.ts) fed from the org state: a group's grants (one role-assignment read,
// only when a change takes something away), the other groups holding each (the shared site × role searches) and their
// members, then the role assignments of the people who would lose something (a role they hold directly stays). A
// change past the limit is refused before any write, with the numbers; one under it prints them.
import { context } from "../lifecycle/context";
import { grantHolders } from "../org/grants";
import { orgState, workspaces } from "../org/snapshot";
import { roleKey } from "../rules/snapshot";
import { accessLoss, lossLine, lossRefusal, peopleLosing, type AccessLoss, type Grant } from "../rules/blast-radius";

/**
 * Most people whose own role assignments one change reads (one request each): past it, the rest are counted as losing
 * what their groups gave, which can only overstate the loss. Ten times the default limit.
 */
export const DIRECT_READ_CAP = 100;

async function labelOf(resourceId: string, role: string): Promise<string> {
  const ws = (await workspaces()).find((w) => w.id === resourceId);
  return `${ws ? `${ws.host}/${ws.product}` : resourceId} (${role})`;
}

async function lossOver(groupId: string, losing: string[], grants: { resourceId: string; role: string }[]) {
  if (losing.length === 0 || grants.length === 0) return [];
  const state = await orgState();
  const holders = new Map<string, Set<string>>();
  const list: Grant[] = [];
  for (const g of grants) {
    const key = roleKey(g.resourceId, g.role);
    holders.set(key, await grantHolders(g.resourceId, g.role));
    list.push({ key, label: await labelOf(g.resourceId, g.role) });
  }
  const membersOf = (id: string) => new Set(state.memberAccounts(id).values());
  const byGroups = accessLoss({ groupId, losing, grants: list, holders, membersOf });
  if (peopleLosing(byGroups) === 0) return byGroups;
  const direct = await directlyHeld(
    byGroups.flatMap((l) => l.people),
    grants.map((g) => g.resourceId),
  );
  const heldDirectly = (accountId: string, key: string) => direct.has(`${accountId} ${key}`);
  return accessLoss({ groupId, losing, grants: list, holders, membersOf, heldDirectly });
}

/** `accountId roleKey` of every role these people hold directly on these resources (their role assignments). */
async function directlyHeld(people: string[], resourceIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const asked = [...new Set(people)].sort().slice(0, DIRECT_READ_CAP);
  const resources = [...new Set(resourceIds)];
  await Promise.all(
    asked.map(async (accountId) => {
      for (const row of await context().access.getUserRoleAssignments(accountId, { resourceIds: resources }))
        for (const ra of row.roleAssignments ?? [])
          if (ra.roleAssignmentMethods?.includes("direct")) out.add(`${accountId} ${roleKey(row.resourceId, ra.role)}`);
    }),
  );
  return out;
}

/** What the people in `losing` lose by leaving group `groupId` (or by its deletion): every grant it holds. */
export async function lossFromGroup(groupId: string, losing: string[]): Promise<AccessLoss[]> {
  if (losing.length === 0) return [];
  const rows = await context().org.getGroupRoleAssignments(groupId);
  const grants = rows.flatMap((r) => (r.roles ?? []).map((role) => ({ resourceId: r.resourceId, role })));
  return lossOver(groupId, losing, grants);
}

/** What the group's members lose when its role on one site's product is revoked. */
export async function lossFromGrant(groupId: string, resourceId: string, role: string): Promise<AccessLoss[]> {
  const members = [...(await orgState()).memberAccounts(groupId).values()];
  return lossOver(groupId, members, [{ resourceId, role }]);
}

/**
 * Refuses (throws) a change past the limit or emptying a group unless allowed; otherwise prints its numbers.
 * `allow` is the resource's allowAccessLoss; `group` is matched against config accessLossAllowed.
 */
export function guardAccessLoss(
  subject: string,
  what: string,
  losses: AccessLoss[],
  opts: { allow?: boolean | number; group: string; emptied?: boolean },
): void {
  const { accessLossLimit, accessLossAllowed } = context().config;
  const allowedByConfig = accessLossAllowed.some((g) => g.toLowerCase() === opts.group.toLowerCase());
  const refusal = lossRefusal(
    subject,
    what,
    losses,
    { limit: accessLossLimit, allow: opts.allow, allowedByConfig },
    opts.emptied,
  );
  if (refusal) throw new Error(refusal);
  const line = lossLine(subject, what, losses);
  if (line) console.log(line);
}
