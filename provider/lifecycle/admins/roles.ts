// Who holds the org-level admin roles, read cheaply, and the writes that change them (the Admins resource's API).
//
// Cost of one read: one users search with `roleIds` [org-admin, site-admin] and `expand: ["platformRoles"]` (only the
// holders' pages, 100 a page: an org has few admins, so usually 1 request), then for site admins the fewer of one
// role-assignment read per site admin (`roleIds: [site-admin]`) or one users search per site (`roleIds` + the site's
// platform ARI); plus the workspaces list the process reads once anyway. acme: 1 + 2 (Tara and Hiro) = 3 requests.
// The read is memoized per provider process and forgotten after this process's own writes.
import { context, runPart, type OrgClient } from "../context";
import { workspaces } from "../../org/snapshot";
import type { AccessClient } from "../../clients/atlassian/access-client";
import {
  ADMIN_ROLES,
  ORG_ADMIN,
  SITE_ADMIN,
  platformScope,
  type AdminHolding,
  type PlatformScope,
} from "../../rules/admins";

/** What reading and changing admin roles needs (the org and access clients satisfy it). */
export interface AdminApi {
  org: Pick<OrgClient, "searchDirectoryUsers">;
  access: Pick<
    AccessClient,
    "getUserRoleAssignments" | "assignUserRole" | "revokeUserRole" | "assignOrgRole" | "revokeOrgRole"
  >;
}

/** This run's admin API and holdings (the run state's part). */
const runAdmins = runPart("admin holdings", (): { api: AdminApi; holdings?: Promise<AdminHolding[]> } => {
  const ctx = context();
  return { api: { org: ctx.org, access: ctx.access } };
});

function current() {
  context();
  return runAdmins();
}

/** The process's admin API: the context's org and access clients (one gate). */
export const adminApi = (): AdminApi => current().api;

/** Where roles are held in this org (sites by host), from the process's one workspaces read. */
export async function orgScope(): Promise<PlatformScope> {
  return platformScope(await workspaces(), context().config.orgId);
}

/** Every org admin and site admin, memoized per process until this process writes a role. */
export function adminHoldings(): Promise<AdminHolding[]> {
  const c = current();
  if (!c.holdings) {
    const p = orgScope().then((scope) => readAdminHoldings(c.api, scope));
    p.catch(() => {
      if (c.holdings === p) c.holdings = undefined;
    });
    c.holdings = p;
  }
  return c.holdings;
}

/** After a write: the next reader reads again. */
export function forgetAdminHoldings(): void {
  runAdmins().holdings = undefined;
}

/** The holders of org admin and of site admin on each site, through any path the API reports. */
export async function readAdminHoldings(
  api: Pick<AdminApi, "org" | "access">,
  scope: PlatformScope,
): Promise<AdminHolding[]> {
  const users = await api.org.searchDirectoryUsers({ roleIds: [...ADMIN_ROLES], expand: ["platformRoles"] });
  const email = (u: { accountId: string; email?: string | null }) => (u.email ?? u.accountId).toLowerCase();
  const out: AdminHolding[] = users
    .filter((u) => u.platformRoles?.includes(ORG_ADMIN))
    .map((u) => ({ accountId: u.accountId, email: email(u), role: ORG_ADMIN, resourceId: scope.org }));
  const siteAdmins = users.filter((u) => u.platformRoles?.includes(SITE_ADMIN));
  const siteOf = new Map(scope.sites.map((s) => [s.resourceId, s.host]));
  const add = (u: { accountId: string; email?: string | null }, resourceId: string) => {
    const site = siteOf.get(resourceId);
    if (site) out.push({ accountId: u.accountId, email: email(u), role: SITE_ADMIN, site, resourceId });
  };
  if (siteAdmins.length <= scope.sites.length) {
    const rows = await Promise.all(
      siteAdmins.map(async (u) => ({
        u,
        rows: await api.access.getUserRoleAssignments(u.accountId, { roleIds: [SITE_ADMIN] }),
      })),
    );
    for (const { u, rows: held } of rows)
      for (const r of held)
        if ((r.roles ?? r.roleAssignments?.map((a) => a.role) ?? []).includes(SITE_ADMIN)) add(u, r.resourceId);
  } else {
    const bySite = await Promise.all(
      scope.sites.map(async (s) => ({
        s,
        users: await api.org.searchDirectoryUsers({ roleIds: [SITE_ADMIN], resourceIds: [s.resourceId] }),
      })),
    );
    for (const { s, users: holders } of bySite) for (const u of holders) add(u, s.resourceId);
  }
  return out.sort(
    (a, b) =>
      a.role.localeCompare(b.role) || (a.site ?? "").localeCompare(b.site ?? "") || a.email.localeCompare(b.email),
  );
}
