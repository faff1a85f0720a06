// Roles held outside groups, read cheaply: which groups hold which role where, which people their groups do not
// explain (the candidates), and those people's role assignments. Shared by the `access` command (read.ts) and the
// OwnershipSplit's drift read (org/usage.ts). Reads only.
import type { OrgClient } from "../clients/atlassian/org-client";
import type { AccessClient } from "../clients/atlassian/access-client";
import { DEFAULT_ROLE, GROUP_ROLES } from "../rules/roles";
import type { AccessUser, DirectGrant, GroupGrant } from "../rules/access-review";
import { ADMIN_ROLES, resourcesFor, type PlatformScope } from "../rules/admins";

/** Every role a group or a person can hold: product roles, then the admin and AI roles the roleIds filter takes. */
export const REVIEW_ROLES = [...GROUP_ROLES, ...ADMIN_ROLES, "atlassian/ai-access"];

export interface DirectApis {
  org: Pick<OrgClient, "searchDirectoryGroups" | "searchDirectoryUsers" | "getGroupRoleAssignments">;
  access: Pick<AccessClient, "getUserRoleAssignments">;
  /** Ids of the groups holding `role` on `resourceId` (default: a groups search; the provider passes its cache). */
  holders?: (resourceId: string, role: string) => Promise<Iterable<string>>;
}

/** What the candidate rule reads of a person: their groups, the products they can use and their admin roles. */
export interface CandidateUser {
  accountId: string;
  groups: string[];
  productAccess: { resourceId: string }[];
  /** Admin roles (expand platformRoles); empty when not read. */
  platformRoles: string[];
}

/** A users search's `productAccess` (expand) as plain data: product instance and, once used, when it last was. */
export function productAccessOf(
  list: { id?: string | null; lastActiveTimestamp?: string | null }[] | null | undefined,
): AccessUser["productAccess"] {
  return (list ?? [])
    .filter((p) => p.id)
    .map((p) => ({ resourceId: p.id!, ...(p.lastActiveTimestamp ? { lastActive: p.lastActiveTimestamp } : {}) }));
}

export const chunks = <T>(xs: T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** `fn` over every item, a few at a time (the client's gate paces the requests themselves). */
export async function each<T, R>(items: T[], fn: (item: T) => Promise<R>, width = 8): Promise<R[]> {
  const out: R[] = [];
  for (const batch of chunks(items, width)) out.push(...(await Promise.all(batch.map(fn))));
  return out;
}

export interface GroupGrantOptions {
  /** Only these groups' grants are wanted (the people's groups). */
  memberGroups: Set<string>;
  scope: PlatformScope;
  /** A few named groups: read each one's role assignments, without the searches that find who holds any role. */
  few?: boolean;
  /** The roles to look for (default REVIEW_ROLES; the drift read asks for product roles only). */
  roles?: readonly string[];
  say?: (line: string) => void;
}

/**
 * Which groups hold which role where. One search (per 10 roles) finds every group holding any of `roles`; then the
 * cheaper of one role read per such group, or one search per role (to learn which are held) and per resource × held
 * role.
 */
export async function readGroupGrants(api: DirectApis, opts: GroupGrantOptions): Promise<GroupGrant[]> {
  const { memberGroups, scope, few = false } = opts;
  const roles = opts.roles ?? REVIEW_ROLES;
  const say = opts.say ?? (() => undefined);
  const holding = new Set<string>(few ? memberGroups : []);
  if (!few)
    for (const roleIds of chunks([...roles], 10))
      for (const g of await api.org.searchDirectoryGroups({ roleIds })) if (memberGroups.has(g.id)) holding.add(g.id);
  const groupIds = [...holding];
  // Per role and resource costs the roles and the resources of each role held; per group, one read each.
  if (few || groupIds.length <= roles.length + scope.products.length) {
    const wanted = opts.roles && new Set(opts.roles);
    const rows = await each(groupIds, async (groupId) =>
      (await api.org.getGroupRoleAssignments(groupId)).flatMap((r) =>
        r.roles
          .filter((role) => !wanted || wanted.has(role))
          .map((role) => ({ groupId, resourceId: r.resourceId, role })),
      ),
    );
    say(`app access: ${groupIds.length} groups${few ? "" : " hold a role,"} read one by one`);
    return rows.flat();
  }
  const held = await each([...roles], async (role) => ({
    role,
    groups: await api.org.searchDirectoryGroups({ roleIds: [role] }),
  }));
  const pairs = held
    .filter(({ groups }) => groups.some((g) => memberGroups.has(g.id)))
    .flatMap(({ role }) => resourcesFor(role, scope).map((resourceId) => ({ role, resourceId })));
  const holders =
    api.holders ??
    (async (resourceId: string, role: string) =>
      (await api.org.searchDirectoryGroups({ roleIds: [role], resourceIds: [resourceId] })).map((g) => g.id));
  const rows = await each(pairs, async ({ role, resourceId }) =>
    [...(await holders(resourceId, role))]
      .filter((groupId) => memberGroups.has(groupId))
      .map((groupId) => ({ groupId, resourceId, role })),
  );
  say(`app access: ${groupIds.length} groups hold a role; read by site × role (${pairs.length} searches)`);
  return rows.flat();
}

/**
 * The people who may hold a role directly, whose role assignments are then read: whoever has an admin role, a product
 * no group of theirs gives, or one of `roles` other than atlassian/user that no group of theirs holds anywhere (one
 * users search per such role: holders through any path). What stays unseen is a direct grant of a role the person's
 * groups already give somewhere, on a product they already give.
 */
export async function directCandidates<U extends CandidateUser>(
  api: Pick<DirectApis, "org">,
  users: U[],
  grants: GroupGrant[],
  roles: readonly string[] = REVIEW_ROLES,
): Promise<U[]> {
  const products = new Map<string, Set<string>>();
  const held = new Map<string, Set<string>>();
  for (const g of grants) {
    products.set(g.groupId, (products.get(g.groupId) ?? new Set()).add(g.resourceId));
    held.set(g.groupId, (held.get(g.groupId) ?? new Set()).add(g.role));
  }
  // The users search's roleIds enum has no atlassian/viewer, which groups may hold.
  const holders = await each(
    roles.filter((r) => r !== DEFAULT_ROLE && r !== "atlassian/viewer"),
    async (role) => ({
      role,
      ids: new Set((await api.org.searchDirectoryUsers({ roleIds: [role] })).map((u) => u.accountId)),
    }),
  );
  return users.filter((u) => {
    if (u.platformRoles.length) return true;
    const covered = new Set(u.groups.flatMap((g) => [...(products.get(g) ?? [])]));
    if (u.productAccess.some((p) => !covered.has(p.resourceId))) return true;
    const mine = new Set(u.groups.flatMap((g) => [...(held.get(g) ?? [])]));
    return holders.some((h) => h.ids.has(u.accountId) && !mine.has(h.role));
  });
}

/** The roles each account holds itself (`roleAssignmentMethods` includes `direct`): one role-assignments read each. */
export async function readDirectGrants(
  api: Pick<DirectApis, "access">,
  accounts: { accountId: string }[],
): Promise<DirectGrant[]> {
  const rows = await each(accounts, async (u) =>
    (await api.access.getUserRoleAssignments(u.accountId)).flatMap((row) =>
      (row.roleAssignments ?? [])
        .filter((ra) => ra.roleAssignmentMethods?.includes("direct"))
        .map((ra) => ({ accountId: u.accountId, resourceId: row.resourceId, role: ra.role })),
    ),
  );
  return rows.flat();
}
