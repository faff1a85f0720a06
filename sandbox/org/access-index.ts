// Who holds which role where, through any path (a group or the account itself), as reads see it now: the one place
// users search (resourceIds/roleIds filters, productAccess, platformRoles) and a user's role assignments answer from.
//
// Sandbox choices (the spec leaves these open; docs/guides/sandbox.md repeats them):
// - Resources: a product instance is its workspace ARI; site admin is held on `ari:cloud:platform::site/<cloudId>`,
//   org admin on `ari:cloud:platform::org/<orgId>` (the spec's v1 role example uses the platform site ARI).
// - `platformRoles` lists the account's org-admin, site-admin and user-access-admin roles, whatever the path.
// - `productAccess` lists every product instance the account holds a role on that gives access (any role but
//   user-access-admin, which the spec says gives none), with `lastActiveTimestamp` only once the account has used it.
// - The resourceIds and roleIds filters match one assignment: with both, the role must be held on one of the resources.
// - A role reached both directly and through groups lists both methods; the sandbox never infers roles (`inferred`).
import type { Group, RoleAssignment, Store, UserRoleAssignment, Workspace } from "../store";
import { visibleRoles } from "./ops";

export type AssignmentMethod = "direct" | "group_direct";

/** Roles that administer rather than use a product: never product access (RoleId descriptions in the spec). */
const NO_PRODUCT_ACCESS = new Set(["atlassian/user-access-admin", "atlassian/org-admin", "atlassian/site-admin"]);
export const PLATFORM_ROLES = ["atlassian/org-admin", "atlassian/site-admin", "atlassian/user-access-admin"];

export const orgAri = (orgId: string) => `ari:cloud:platform::org/${orgId}`;
export const platformSiteAri = (cloudId: string) => `ari:cloud:platform::site/${cloudId}`;

export function userRoleTable(store: Store): UserRoleAssignment[] {
  return (store.world.org.userRoles ??= []);
}

/** What a resource id names in this org: a product instance, a site (platform), the org, or nothing. */
export function resourceOf(
  store: Store,
  resourceId: string,
): { kind: "product"; ws: Workspace } | { kind: "site"; cloudId: string; host: string } | { kind: "org" } | undefined {
  const w = store.world.org;
  if (resourceId === orgAri(w.id)) return { kind: "org" };
  const ws = w.workspaces.find((x) => x.id === resourceId);
  if (ws) return { kind: "product", ws };
  const site = /^ari:cloud:platform::site\/(.+)$/.exec(resourceId)?.[1];
  const host = site ? w.workspaces.find((x) => x.cloudId === site)?.host : undefined;
  return site && host ? { kind: "site", cloudId: site, host } : undefined;
}

/** The `resourceOwner` a role assignment names: the product key, or `platform` for sites and the org. */
export function resourceOwner(store: Store, resourceId: string): string {
  const r = resourceOf(store, resourceId);
  return r?.kind === "product" ? r.ws.product : "platform";
}

/** User role assignments as reads see them now (eventual consistency applied). */
export function visibleUserRoles(store: Store, accountId?: string): UserRoleAssignment[] {
  const now = store.nowMs();
  return userRoleTable(store).filter(
    (r) =>
      (accountId === undefined || r.accountId === accountId) &&
      r.visibleFrom <= now &&
      (r.hiddenFrom === undefined || r.hiddenFrom > now),
  );
}

/** Every member's groups, in one pass over the memberships: rendering a page of users costs the page, not users × groups. */
export function groupsByMember(store: Store): Map<string, Group[]> {
  const byMember = new Map<string, Group[]>();
  for (const g of store.world.org.groups) {
    for (const m of g.members) {
      const list = byMember.get(m);
      if (list) list.push(g);
      else byMember.set(m, [g]);
    }
  }
  return byMember;
}

/** Visible role assignments by group, in one pass. */
export function rolesByGroup(store: Store): Map<string, RoleAssignment[]> {
  const byGroup = new Map<string, RoleAssignment[]>();
  for (const r of visibleRoles(store)) {
    const list = byGroup.get(r.groupId);
    if (list) list.push(r);
    else byGroup.set(r.groupId, [r]);
  }
  return byGroup;
}

export interface HeldRole {
  resourceId: string;
  roleId: string;
  methods: AssignmentMethod[];
}

/** One read's view of who holds what: built once per request, in time linear in memberships and assignments. */
export class AccessIndex {
  readonly memberOf: Map<string, Group[]>;
  private readonly groupRoles: Map<string, RoleAssignment[]>;
  private readonly direct = new Map<string, UserRoleAssignment[]>();
  private lastActive?: Map<string, string>;

  constructor(private readonly store: Store) {
    this.memberOf = groupsByMember(store);
    this.groupRoles = rolesByGroup(store);
    for (const r of visibleUserRoles(store)) {
      const list = this.direct.get(r.accountId);
      if (list) list.push(r);
      else this.direct.set(r.accountId, [r]);
    }
  }

  /** Every role the account holds, one entry per resource × role, with how it holds it; sorted. */
  rolesOf(accountId: string): HeldRole[] {
    const held = new Map<string, HeldRole>();
    const add = (resourceId: string, roleId: string, method: AssignmentMethod) => {
      const key = `${resourceId} ${roleId}`;
      const h = held.get(key) ?? { resourceId, roleId, methods: [] };
      if (!h.methods.includes(method)) h.methods.push(method);
      held.set(key, h);
    };
    for (const r of this.direct.get(accountId) ?? []) add(r.resourceId, r.roleId, "direct");
    for (const g of this.memberOf.get(accountId) ?? [])
      for (const r of this.groupRoles.get(g.id) ?? []) add(r.resourceId, r.roleId, "group_direct");
    return [...held.values()].sort(
      (a, b) => a.resourceId.localeCompare(b.resourceId) || a.roleId.localeCompare(b.roleId),
    );
  }

  /** Accounts holding a role matching both filters on one assignment (an absent filter matches any). */
  holders(resourceIds?: string[], roleIds?: string[]): Set<string> {
    const hit = (resourceId: string, roleId: string) =>
      (!resourceIds || resourceIds.includes(resourceId)) && (!roleIds || roleIds.includes(roleId));
    const out = new Set<string>();
    for (const [accountId, roles] of this.direct)
      if (roles.some((r) => hit(r.resourceId, r.roleId))) out.add(accountId);
    for (const g of this.store.world.org.groups) {
      if (!(this.groupRoles.get(g.id) ?? []).some((r) => hit(r.resourceId, r.roleId))) continue;
      for (const m of g.members) out.add(m);
    }
    return out;
  }

  platformRoles(accountId: string): string[] {
    return [...new Set(this.rolesOf(accountId).map((r) => r.roleId))].filter((r) => PLATFORM_ROLES.includes(r)).sort();
  }

  /** Product instances the account can use, with the product key and when it last did (expand `productAccess`). */
  productAccess(accountId: string): { id: string; key: string; lastActiveTimestamp?: string }[] {
    const ids = new Set(
      this.rolesOf(accountId)
        .filter((r) => !NO_PRODUCT_ACCESS.has(r.roleId))
        .map((r) => r.resourceId),
    );
    this.lastActive ??= new Map(
      (this.store.world.org.activity ?? []).map((a) => [`${a.accountId} ${a.resourceId}`, a.lastActive]),
    );
    return [...ids].sort().flatMap((id) => {
      const r = resourceOf(this.store, id);
      if (r?.kind !== "product") return [];
      const last = this.lastActive!.get(`${accountId} ${id}`);
      return [{ id, key: r.ws.product, ...(last ? { lastActiveTimestamp: last } : {}) }];
    });
  }

  /** Distinct resources the account holds any role on (expand `counts.resources`). */
  resourceCount(accountId: string): number {
    return new Set(this.rolesOf(accountId).map((r) => r.resourceId)).size;
  }
}
