// The org snapshot the drift rules read, gathered once per provider process and shared by every resource.
//
// The engine runs all dynamic resources of a stack in one process, so a refresh of 300 resources makes one audit read
// (the events API allows 10 requests a minute), one SCIM read and one ISC read. The Atlassian part is re-read after
// this process writes (`invalidateOrgView`), so `up` evaluates the split against what it just applied.
import { context, type Context } from "./context";
import { serverNow } from "../clients/server-clock";
import { auditEntry, type AuditEntry, type RawEvent } from "../rules/attribution";
import { isSynced } from "../rules/ownership";
import type { IscView, OrgSnapshot, ScimView, SnapGroup, SnapRole, SnapUser } from "../rules/snapshot";

interface Cache {
  ctx: Context;
  org?: Promise<Pick<OrgSnapshot, "groups" | "users" | "workspaces">>;
  roles?: Promise<SnapRole[]>;
  events?: Promise<AuditEntry[]>;
  scim?: Promise<ScimView | undefined>;
  isc?: Promise<IscView | undefined>;
}

let cache: Cache | undefined;

function current(): Cache {
  const ctx = context();
  if (!cache || cache.ctx !== ctx) cache = { ctx };
  return cache;
}

/** Memoizes a read; a failed read is forgotten so the next caller retries it. */
function once<K extends "org" | "roles" | "events" | "scim" | "isc">(
  c: Cache,
  key: K,
  load: () => NonNullable<Cache[K]>,
): NonNullable<Cache[K]> {
  if (!c[key]) {
    const p = load();
    (p as Promise<unknown>).catch(() => {
      if (c[key] === p) c[key] = undefined;
    });
    c[key] = p;
  }
  return c[key]!;
}

/** After a write by this process: the next snapshot re-reads Atlassian (events, SCIM and ISC are not ours to change). */
export function invalidateOrgView(): void {
  if (cache) {
    cache.org = undefined;
    cache.roles = undefined;
  }
}

/** Test hook. */
export function resetSnapshotCache(): void {
  cache = undefined;
}

function loadOrg(ctx: Context) {
  return Promise.all([
    ctx.org.searchDirectoryGroups({}),
    ctx.org.searchDirectoryUsers({ expand: ["groups"] }),
    ctx.org.queryWorkspaces(),
  ]).then(([groups, users, workspaces]) => ({
    groups: groups.map((g): SnapGroup => ({ id: g.id, name: g.name, synced: isSynced(g) })),
    users: users
      .filter((u) => u.email)
      .map((u): SnapUser => ({
        accountId: u.accountId,
        email: u.email!,
        name: u.name ?? undefined,
        managementSource: u.managementSource ?? undefined,
        accountStatus: u.accountStatus,
        groups: (u.groups ?? []).map((g) => g.id.replace(/^ari:cloud:identity::group\//, "")),
      })),
    workspaces: workspaces.map((w) => ({
      id: w.id,
      host: String(w.attributes?.hostUrl ?? "").replace(/^https?:\/\//, ""),
      product: String(w.attributes?.typeKey ?? ""),
    })),
  }));
}

async function loadRoles(ctx: Context, groups: SnapGroup[]): Promise<SnapRole[]> {
  const per = await Promise.all(groups.map(async (g) => ({ g, rs: await ctx.org.getGroupRoleAssignments(g.id) })));
  return per.flatMap(({ g, rs }) =>
    rs.flatMap((r) => (r.roles ?? []).map((role) => ({ groupId: g.id, resourceId: r.resourceId, role }))),
  );
}

/** Where the audit and ISC activity window starts: `auditLookbackHours` back from the server's time. */
const windowStart = (ctx: Context): number => serverNow() - ctx.config.auditLookbackHours * 3_600_000;

async function loadEvents(ctx: Context): Promise<AuditEntry[]> {
  if (!ctx.audit) return [];
  if (process.env.ATLASSIAN_ACCESS_DEBUG_SNAPSHOT)
    console.log(`[atlassian-access] debug: audit read in pid ${process.pid}`);
  const events = await ctx.audit.getEvents({ from: windowStart(ctx) });
  return events.map((e) => auditEntry(e as unknown as RawEvent));
}

async function loadScim(ctx: Context): Promise<ScimView | undefined> {
  if (!ctx.scim) return undefined;
  const [users, groups] = await Promise.all([ctx.scim.listUsers(), ctx.scim.listGroups()]);
  return {
    users: users.map((u) => ({
      id: u.id,
      userName: u.userName,
      email: (u.emails?.find((e) => e.primary) ?? u.emails?.[0])?.value ?? u.userName,
      displayName: u.displayName ?? undefined,
      active: u.active !== false,
      accountId: u["urn:scim:schemas:extension:atlassian-external:1.0"]?.atlassianAccountId ?? undefined,
    })),
    groups: groups.map((g) => ({ id: g.id, displayName: g.displayName })),
  };
}

async function loadIsc(ctx: Context): Promise<IscView | undefined> {
  const sourceId = ctx.config.iscSourceId;
  if (!ctx.isc || !sourceId) return undefined;
  const isc = ctx.isc;
  const since = new Date(windowStart(ctx));
  const [accounts, activities] = await Promise.all([
    isc.listAccounts({ sourceId }),
    isc.listAccountActivities({ since }),
  ]);
  const withGroups = await Promise.all(
    accounts.map(async (a) => {
      const attr = a.attributes?.groups;
      // The Atlassian connector's account schema carries the group ids; otherwise ask ISC for the account's entitlements.
      const groups = Array.isArray(attr)
        ? attr.map(String)
        : a.hasEntitlements === false
          ? []
          : (await isc.getAccountEntitlements(a.id)).map((e) => e.value ?? "").filter(Boolean);
      return {
        id: a.id,
        nativeIdentity: a.nativeIdentity,
        name: a.name ?? undefined,
        identityId: a.identityId ?? a.identity?.id ?? undefined,
        uncorrelated: Boolean(a.uncorrelated),
        groups,
      };
    }),
  );
  return {
    sourceId,
    accounts: withGroups,
    activities: activities
      .filter((act) => (act.items ?? []).some((i) => (i.sourceId ?? sourceId) === sourceId))
      .map((act) => ({
        id: act.id,
        created: act.created ?? undefined,
        completionStatus: act.completionStatus ?? undefined,
        targetName: act.targetIdentitySummary?.name ?? undefined,
        errors: act.errors ?? [],
        items: (act.items ?? []).map((i) => ({
          operation: i.operation ?? undefined,
          provisioningStatus: i.provisioningStatus ?? undefined,
          value: i.value ?? undefined,
          nativeIdentity: i.nativeIdentity ?? undefined,
          sourceId: i.sourceId ?? undefined,
          requestedName: i.accountRequestInfo?.requestedObjectName ?? undefined,
        })),
      })),
  };
}

export interface SnapshotOptions {
  /** Read every group's role assignments (one request per group): only the org-wide split needs them. */
  roles?: boolean;
}

/** The org as it is now, with the audit window and the provisioners' records; shared by every resource in the process. */
export async function orgSnapshot(opts: SnapshotOptions = {}): Promise<OrgSnapshot> {
  const c = current();
  const org = once(c, "org", () => loadOrg(c.ctx));
  // The audit and ISC windows start from the server's time, which the org read's responses tell.
  const afterOrg = <T>(load: () => Promise<T>) => org.then(load, load);
  const [base, events, scim, isc] = await Promise.all([
    org,
    once(c, "events", () => afterOrg(() => loadEvents(c.ctx))),
    once(c, "scim", () => loadScim(c.ctx)),
    once(c, "isc", () => afterOrg(() => loadIsc(c.ctx))),
  ]);
  const roles = opts.roles ? await once(c, "roles", () => org.then((o) => loadRoles(c.ctx, o.groups))) : undefined;
  return { takenAt: new Date(serverNow()).toISOString(), ...base, roles, events, scim, isc };
}
