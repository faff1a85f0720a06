// Reads what the access review needs, and no more: sites, groups, people with their groups, product access and admin
// roles (one users search), which groups hold which role where, the role assignments of the people whose access
// their groups do not explain, and the audit window. Reads only.
//
// Cost of a whole-org review (the org's pages, not its grants): workspaces 1; users U/100; groups G/100; group roles:
// one search for every group holding any role (2 × G'/100 pages), then the fewer of one role read per such group, or
// a search per role (12) and per resource × role held; a users search per role but atlassian/user and viewer (10, their
// holders' pages); the role assignments of the candidates (directCandidates); the audit window from events-stream
// (500 a page). With --person: their users search, their groups (10 a search), one role read per group and per person.
import type { OrgClient } from "../clients/atlassian/org-client";
import type { AccessClient } from "../clients/atlassian/access-client";
import type { AuditClient } from "../clients/atlassian/audit-client";
import type { MultiDirectoryUser } from "../clients/atlassian/schemas";
import { auditEntry, type RawEvent } from "../rules/attribution";
import { isSynced, type Lane } from "../rules/ownership";
import { DEFAULT_ROLE, GROUP_ROLES } from "../rules/roles";
import type { Split } from "../rules/split";
import { laneOfGroup, type AccessSnapshot, type DirectGrant, type GroupGrant } from "../rules/access-review";
import { liveWorkspace } from "../lifecycle/org-state";
import { serverNow } from "../clients/server-clock";
import { ADMIN_ROLES, platformScope, resourcesFor, type PlatformScope } from "../rules/admins";

/** Every role a group or a person can hold: product roles, then the admin and AI roles the roleIds filter takes. */
export const REVIEW_ROLES = [...GROUP_ROLES, ...ADMIN_ROLES, "atlassian/ai-access"];

const GROUP_ARI = /^ari:cloud:identity::group\//;
const EXPAND = ["groups", "productAccess", "platformRoles"] as const;

export interface AccessApis {
  orgId: string;
  org: Pick<
    OrgClient,
    "queryWorkspaces" | "searchDirectoryGroups" | "searchDirectoryUsers" | "getGroupRoleAssignments"
  >;
  access: Pick<AccessClient, "getUserRoleAssignments">;
  audit?: Pick<AuditClient, "streamEvents">;
  /** Whether ISC governs a group (requestable entitlement of its Atlassian source); absent without ISC config. */
  iscGoverned?: (g: { id: string; name: string }) => Promise<boolean>;
}

export interface ReadOptions {
  /** Only these people (emails): their role assignments are read exactly. */
  persons?: string[];
  /** Read every person's role assignments, so a direct grant a group duplicates is found too. */
  exact?: boolean;
  /** Start of the audit window, epoch ms. */
  auditFrom: number;
  split?: Pick<Split, Lane>;
  progress: (line: string) => void;
}

const chunks = <T>(xs: T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** `fn` over every item, a few at a time (the client's gate paces the requests themselves). */
async function each<T, R>(items: T[], fn: (item: T) => Promise<R>, width = 8): Promise<R[]> {
  const out: R[] = [];
  for (const batch of chunks(items, width)) out.push(...(await Promise.all(batch.map(fn))));
  return out;
}

export async function readAccess(api: AccessApis, opts: ReadOptions): Promise<AccessSnapshot> {
  const say = opts.progress;
  const workspaces = (await api.org.queryWorkspaces()).map(liveWorkspace);
  say(`sites and products: ${workspaces.length}`);

  const users = await readUsers(api, opts.persons);
  say(`people: ${users.length}${opts.persons ? ` of ${opts.persons.length} asked for` : ""}`);

  // The named people's groups only (10 ids a search), else every group.
  const memberGroups = new Set(users.flatMap((u) => u.groups));
  const liveGroups = opts.persons
    ? (await each(chunks([...memberGroups], 10), (groupIds) => api.org.searchDirectoryGroups({ groupIds }))).flat()
    : await api.org.searchDirectoryGroups({});
  const groups = await Promise.all(
    liveGroups.map(async (g) => ({
      id: g.id,
      name: g.name,
      lane: laneOfGroup(
        { name: g.name, synced: isSynced(g) },
        { split: opts.split, iscGoverned: api.iscGoverned ? await api.iscGoverned(g) : false },
      ),
    })),
  );
  say(`groups: ${groups.length}`);

  const scope = platformScope(workspaces, api.orgId);
  const groupGrants = await readGroupGrants(api, memberGroups, scope, Boolean(opts.persons), say);

  const candidates = await directCandidates(api, users, groupGrants, opts);
  const directGrants: DirectGrant[] = (
    await each(candidates, async (u) =>
      (await api.access.getUserRoleAssignments(u.accountId)).flatMap((row) =>
        (row.roleAssignments ?? [])
          .filter((ra) => ra.roleAssignmentMethods?.includes("direct"))
          .map((ra) => ({ accountId: u.accountId, resourceId: row.resourceId, role: ra.role })),
      ),
    )
  ).flat();
  say(
    `role assignments of ${candidates.length} ${candidates.length === 1 ? "person" : "people"}: ${directGrants.length} held directly`,
  );

  const events = api.audit
    ? (await api.audit.streamEvents({ from: opts.auditFrom })).map((e) => auditEntry(e as unknown as RawEvent))
    : [];
  const auditFrom = new Date(opts.auditFrom).toISOString();
  say(api.audit ? `audit log since ${auditFrom}: ${events.length} events` : "audit log: not read");

  return {
    takenAt: new Date(serverNow()).toISOString(),
    orgId: api.orgId,
    workspaces,
    groups,
    users: users.map(({ platformRoles: _p, ...u }) => u),
    groupGrants,
    directGrants,
    events,
    auditFrom,
  };
}

type ReadUser = ReturnType<typeof toUser>;

/**
 * The people who may hold a role directly, whose role assignments are then read: everyone with --exact or --person;
 * otherwise whoever has an admin role, a product no group of theirs gives, or a role other than atlassian/user that
 * no group of theirs holds anywhere (one users search per such role: holders through any path). What stays unseen is a
 * direct grant of a role the person's groups already give somewhere, on a product they already give.
 */
async function directCandidates(
  api: AccessApis,
  users: ReadUser[],
  grants: GroupGrant[],
  opts: ReadOptions,
): Promise<ReadUser[]> {
  if (opts.exact || opts.persons) return users;
  const products = new Map<string, Set<string>>();
  const roles = new Map<string, Set<string>>();
  for (const g of grants) {
    products.set(g.groupId, (products.get(g.groupId) ?? new Set()).add(g.resourceId));
    roles.set(g.groupId, (roles.get(g.groupId) ?? new Set()).add(g.role));
  }
  // The users search's roleIds enum has no atlassian/viewer, which groups may hold.
  const holders = await each(
    REVIEW_ROLES.filter((r) => r !== DEFAULT_ROLE && r !== "atlassian/viewer"),
    async (role) => ({
      role,
      ids: new Set((await api.org.searchDirectoryUsers({ roleIds: [role] })).map((u) => u.accountId)),
    }),
  );
  return users.filter((u) => {
    if (u.platformRoles.length) return true;
    const covered = new Set(u.groups.flatMap((g) => [...(products.get(g) ?? [])]));
    if (u.productAccess.some((p) => !covered.has(p.resourceId))) return true;
    const held = new Set(u.groups.flatMap((g) => [...(roles.get(g) ?? [])]));
    return holders.some((h) => h.ids.has(u.accountId) && !held.has(h.role));
  });
}

function toUser(u: MultiDirectoryUser) {
  return {
    accountId: u.accountId,
    email: u.email ?? u.accountId,
    name: u.name ?? undefined,
    groups: (u.groups ?? []).map((g) => g.id.replace(GROUP_ARI, "")),
    productAccess: (u.productAccess ?? [])
      .filter((p) => p.id)
      .map((p) => ({ resourceId: p.id!, ...(p.lastActiveTimestamp ? { lastActive: p.lastActiveTimestamp } : {}) })),
    platformRoles: u.platformRoles ?? [],
  };
}

async function readUsers(api: AccessApis, persons?: string[]) {
  const expand = [...EXPAND];
  if (!persons) return (await api.org.searchDirectoryUsers({ expand })).map(toUser);
  const found = await each(chunks(persons, 100), (emails) => api.org.searchDirectoryUsers({ emails, expand }));
  return found.flat().map(toUser);
}

/**
 * Which groups hold which role where. One search finds every group holding any role; then the cheaper of one role
 * read per group or one search per role (to learn which are held) and per resource × held role.
 */
async function readGroupGrants(
  api: AccessApis,
  memberGroups: Set<string>,
  scope: PlatformScope,
  few: boolean,
  say: (line: string) => void,
): Promise<GroupGrant[]> {
  const holding = new Set<string>(few ? memberGroups : []);
  if (!few)
    for (const roleIds of chunks(REVIEW_ROLES, 10))
      for (const g of await api.org.searchDirectoryGroups({ roleIds })) if (memberGroups.has(g.id)) holding.add(g.id);
  const groupIds = [...holding];
  // Per role and resource costs the roles (11) and the resources of each role held; per group, one read each.
  if (few || groupIds.length <= REVIEW_ROLES.length + scope.products.length) {
    const rows = await each(groupIds, async (groupId) =>
      (await api.org.getGroupRoleAssignments(groupId)).flatMap((r) =>
        r.roles.map((role) => ({ groupId, resourceId: r.resourceId, role })),
      ),
    );
    say(`app access: ${groupIds.length} groups${few ? "" : " hold a role,"} read one by one`);
    return rows.flat();
  }
  const held = await each(REVIEW_ROLES, async (role) => ({
    role,
    groups: await api.org.searchDirectoryGroups({ roleIds: [role] }),
  }));
  const pairs = held
    .filter(({ groups }) => groups.some((g) => memberGroups.has(g.id)))
    .flatMap(({ role }) => resourcesFor(role, scope).map((resourceId) => ({ role, resourceId })));
  const rows = await each(pairs, async ({ role, resourceId }) =>
    (await api.org.searchDirectoryGroups({ roleIds: [role], resourceIds: [resourceId] }))
      .filter((g) => memberGroups.has(g.id))
      .map((g) => ({ groupId: g.id, resourceId, role })),
  );
  say(`app access: ${groupIds.length} groups hold a role; read by site × role (${pairs.length} searches)`);
  return rows.flat();
}
