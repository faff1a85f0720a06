// The usage part of the org snapshot, for the OwnershipSplit's direct-user-access and dormant-access rules: every
// group's product roles and the product roles people hold directly. Read once per provider process, only when the
// split asks (snapshot.ts `usage`), through the `access` command's cheap candidate logic (provider/org/direct.ts).
//
// Cost: a groups search for every group holding a product role (9 roles, one search of G'/100 pages), then the
// cheaper of one role read per such group or a search per role (9) and per site × held role (shared with the AppAccess
// reads' cache, grants.ts); a users search per product role but atlassian/user and viewer (7, their holders' pages);
// one role-assignments read per candidate (a person with a product no group of theirs gives, or a role none holds).
// The last-active times come with the users list the snapshot reads anyway (expand productAccess): no request.
import { directCandidates, readDirectGrants, readGroupGrants, type DirectApis } from "./direct";
import { GROUP_ROLES } from "../rules/roles";
import type { SnapUsage, SnapUser } from "../rules/snapshot";
import type { Context } from "../lifecycle/context";
import type { LiveWorkspace } from "./org-state";
import { grantHolders } from "./grants";

/**
 * Group product roles and the product roles held directly, over the users and sites the snapshot read. Pair searches
 * go through grantHolders, so the AppAccess reads of the same run share them; the sets are copied, so this process's
 * later writes do not change what was read.
 */
export async function loadUsage(ctx: Context, users: SnapUser[], workspaces: LiveWorkspace[]): Promise<SnapUsage> {
  const api: DirectApis = {
    org: ctx.org,
    access: ctx.access,
    holders: async (resourceId, role) => [...(await grantHolders(resourceId, role))],
  };
  const products = workspaces.map((w) => w.id);
  const memberGroups = new Set(users.flatMap((u) => u.groups));
  const groupRoles = await readGroupGrants(api, {
    memberGroups,
    scope: { products, sites: [], org: "" },
    roles: GROUP_ROLES,
  });
  const people = users.map((u) => ({
    accountId: u.accountId,
    groups: u.groups,
    productAccess: u.productAccess ?? [],
    platformRoles: [],
  }));
  const candidates = await directCandidates(api, people, groupRoles, GROUP_ROLES);
  const onProducts = new Set(products);
  const directGrants = (await readDirectGrants(api, candidates)).filter((d) => onProducts.has(d.resourceId));
  return { groupRoles, directGrants, candidates: candidates.map((c) => c.accountId) };
}
