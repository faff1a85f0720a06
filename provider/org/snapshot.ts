// The org snapshot the drift rules and every resource's read answer from, gathered once per provider process.
//
// The engine runs all dynamic resources of a stack in one process, so a refresh of 3,000 resources reads the org's
// lists once (groups and users with their groups at the API's largest pages, app access by site × role), makes one
// audit read, one SCIM read and one ISC read. This process's own writes patch the state (org-state.ts, grants.ts)
// instead of re-reading the world.
import { context, runPart, type Context } from "../lifecycle/context";
import { serverNow } from "../clients/server-clock";
import { auditEntry, resolveSites, ROLE_EVENTS, type AuditEntry, type RawEvent } from "../rules/attribution";
import {
  roleKey,
  SnapshotView,
  type IscView,
  type OrgSnapshot,
  type ScimView,
  type SnapRole,
  type SnapUsage,
  type SnapUser,
} from "../rules/snapshot";
import { liveWorkspace, OrgState, type LiveGroup, type LiveWorkspace } from "./org-state";
import { grantHolders, grantsVersion } from "./grants";
import { productAccessOf } from "./direct";
import { loadUsage } from "./usage";
import { appAccessSettings, settingsVersion } from "./settings";
import { withProgress } from "../runtime/progress";

/**
 * The org read's progress (pages read of about how many) when it lasts over 10 s, printed through the engine's log
 * as the findings are (runtime/announce.ts): the org's, SCIM's, ISC's and the audit log's reads share one line.
 */
function readProgress<T>(work: () => Promise<T>): Promise<T> {
  const sink = (line: string) => console.log(`[atlassian-access] ${line}`);
  return withProgress({ sink, afterMs: 10_000, everyMs: 10_000 }, work);
}

interface Cache {
  ctx: Context;
  org?: Promise<OrgState>;
  workspaces?: Promise<LiveWorkspace[]>;
  events?: Promise<AuditEntry[]>;
  scim?: Promise<ScimView | undefined>;
  isc?: Promise<IscView | undefined>;
  usage?: Promise<SnapUsage>;
  view?: { key: string; view: SnapshotView };
  /** Group ids a create of this process adopted: a replacement's delete of the same id must not delete it. */
  adopted?: Set<string>;
  /** Server time of the last successful apply, from the OwnershipSplit's state: the audit window starts there. */
  auditSince?: number;
}

/** This run's reads (the run state's part; a new context starts a new run, and with it a new cache). */
const runCache = runPart("org snapshot", (): Cache => ({ ctx: context() }));

function current(): Cache {
  context();
  return runCache();
}

/** Memoizes a read; a failed read is forgotten so the next caller retries it. */
function once<K extends "org" | "workspaces" | "events" | "scim" | "isc" | "usage">(
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

/** Group ids adopted by a create in this provider process (one engine run). */
export function adoptedThisRun(): Set<string> {
  const c = current();
  return (c.adopted ??= new Set());
}

const GROUP_ARI = /^ari:cloud:identity::group\//;

function loadOrg(ctx: Context): Promise<OrgState> {
  return Promise.all([
    ctx.org.searchDirectoryGroups({}),
    // productAccess costs no request (the same pages): the split's usage rules read it, and the last-active times.
    ctx.org.searchDirectoryUsers({ expand: ["groups", "productAccess"] }),
    workspaces(),
  ]).then(
    ([groups, users, workspaces]) =>
      new OrgState(
        groups.map((g): LiveGroup => ({
          id: g.id,
          name: g.name,
          description: g.description ?? undefined,
          externalSynced: g.externalSynced,
          managedBy: g.managedBy,
        })),
        users.filter((u) => u.email).map(snapUser),
        workspaces,
      ),
  );
}

/** The org's sites and products, read once per process (a check of many AppAccess needs no more). */
export function workspaces(): Promise<LiveWorkspace[]> {
  const c = current();
  return once(c, "workspaces", () => c.ctx.org.queryWorkspaces().then((ws) => ws.map(liveWorkspace)));
}

/** A user as the org API lists it, for the snapshot. */
export function snapUser(u: {
  accountId: string;
  email?: string | null;
  name?: string | null;
  managementSource?: string | null;
  accountStatus?: string;
  addedToOrg?: string | null;
  groups?: { id: string }[] | null;
  productAccess?: { id?: string | null; lastActiveTimestamp?: string | null }[] | null;
}): SnapUser {
  return {
    accountId: u.accountId,
    email: u.email!,
    name: u.name ?? undefined,
    managementSource: (u.managementSource ?? undefined) as SnapUser["managementSource"],
    accountStatus: u.accountStatus,
    groups: (u.groups ?? []).map((g) => g.id.replace(GROUP_ARI, "")),
    ...(u.productAccess ? { productAccess: productAccessOf(u.productAccess) } : {}),
    ...(u.addedToOrg ? { addedToOrg: u.addedToOrg } : {}),
  };
}

/** The Atlassian org as this process knows it: read on first use, then patched by this process's writes. */
export function orgState(): Promise<OrgState> {
  const c = current();
  return once(c, "org", () => readProgress(() => loadOrg(c.ctx)));
}

/**
 * Account ids by lower-case email, from the org state: only emails it does not know (accounts made since it was read)
 * cost a search, 100 a request, and the accounts found join the state. An email no account has is absent.
 */
export async function accountsByEmail(
  emails: string[],
  api: { searchDirectoryUsers(body: { emails: string[] }): Promise<{ accountId: string; email?: string | null }[]> },
): Promise<Map<string, string>> {
  const state = await orgState();
  const byEmail = new Map<string, string>();
  const unknown: string[] = [];
  for (const e of emails) {
    const u = state.userByEmail(e);
    if (u) byEmail.set(e.toLowerCase(), u.accountId);
    else unknown.push(e);
  }
  for (let i = 0; i < unknown.length; i += 100) {
    for (const u of await api.searchDirectoryUsers({ emails: unknown.slice(i, i + 100) })) {
      if (!u.email) continue;
      byEmail.set(u.email.toLowerCase(), u.accountId);
      if (!state.user(u.accountId)) state.addUser(snapUser({ ...u, groups: [] }));
    }
  }
  return byEmail;
}

/** Role assignments for the site × role pairs the window's role events name: what the app-access rules ask about. */
async function loadRoles(events: AuditEntry[]): Promise<{ roles: SnapRole[]; pairs: string[] }> {
  const pairs = new Map<string, { resourceId: string; role: string }>();
  for (const e of events) {
    // Group role events only: a role given to a person, or a self-signup setting, names a site but no group to ask about.
    if (ROLE_EVENTS.includes(e.action) && e.resourceId && e.role)
      pairs.set(roleKey(e.resourceId, e.role), { resourceId: e.resourceId, role: e.role });
  }
  const roles = await Promise.all(
    [...pairs.values()].map(async ({ resourceId, role }) =>
      [...(await grantHolders(resourceId, role))].map((groupId): SnapRole => ({ groupId, resourceId, role })),
    ),
  );
  return { roles: roles.flat(), pairs: [...pairs.keys()] };
}

/** Where the audit and ISC activity window starts: `auditLookbackHours` back from the server's time. */
/** An hour before the last apply: events processed late, and clocks that disagree, still fall in the window. */
const AUDIT_SLACK_MS = 3_600_000;

/**
 * Where the audit and ISC activity window starts: the last successful apply (less AUDIT_SLACK_MS) when the split's
 * state tells it, never further back than `auditLookbackHours` from the server's time. A nightly check reads a day.
 */
function windowStart(c: Cache): number {
  const floor = serverNow() - c.ctx.config.auditLookbackHours * 3_600_000;
  return c.auditSince === undefined ? floor : Math.max(floor, c.auditSince - AUDIT_SLACK_MS);
}

/**
 * The OwnershipSplit's read and update say when code last applied, before the snapshot is read. The window is fixed
 * by the first audit read of the process: a Group read explaining its drift first reads the full lookback.
 */
export function auditWindowSince(appliedAtMs: number | undefined): void {
  const c = current();
  if (appliedAtMs !== undefined && Number.isFinite(appliedAtMs) && !c.events) c.auditSince = appliedAtMs;
}

async function loadEvents(c: Cache): Promise<AuditEntry[]> {
  const { audit } = c.ctx;
  if (!audit) return [];
  if (process.env.ATLASSIAN_ACCESS_DEBUG_SNAPSHOT)
    console.log(`[atlassian-access] debug: audit read in pid ${process.pid}`);
  const events = await audit.streamEvents({ from: windowStart(c) });
  // Role events name a site (its cloud id and host); the org's product instances tell which product ARI it is.
  return resolveSites(
    events.map((e) => auditEntry(e as unknown as RawEvent)),
    await workspaces(),
  );
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

/** `windowKnown`: settles once the server's time is known (the org read), which the activity window starts from. */
async function loadIsc(c: Cache, windowKnown: Promise<unknown>): Promise<IscView | undefined> {
  const { ctx } = c;
  const sourceId = ctx.config.iscSourceId;
  if (!ctx.isc || !sourceId) return undefined;
  const isc = ctx.isc;
  const after = <T>(load: () => Promise<T>) => windowKnown.then(load, load);
  const [accounts, activities] = await Promise.all([
    isc.listAccounts({ sourceId }),
    after(() => isc.listAccountActivities({ since: new Date(windowStart(c)) })),
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
        ...(a.disabled ? { disabled: true } : {}),
        ...(a.modified ? { modified: a.modified } : {}),
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

/** SCIM's record of the directory's users and groups, read once per run; undefined without SCIM's configuration. */
export function scimView(): Promise<ScimView | undefined> {
  const c = current();
  return once(c, "scim", () => readProgress(() => loadScim(c.ctx)));
}

/**
 * ISC's record of its Atlassian source (accounts, activities), read once per run; undefined without ISC's configuration.
 * The accounts are read at once; the activities once `windowKnown` settles (the first caller's promise counts).
 */
export function iscView(windowKnown: Promise<unknown> = Promise.resolve()): Promise<IscView | undefined> {
  const c = current();
  return once(c, "isc", () => readProgress(() => loadIsc(c, windowKnown)));
}

/**
 * Starts the org, SCIM and ISC reads together, each API through its own gate, so none waits for another's pages
 * (the org lists' quota wait included); the audit read and ISC's activities wait for the org read, which tells the
 * server's time their windows start from.
 */
function startReads(c: Cache, opts: SnapshotOptions) {
  const org = orgState();
  const afterOrg = <T>(load: () => Promise<T>) => org.then(load, load);
  return {
    org,
    scim: scimView(),
    isc: iscView(org),
    events:
      opts.events === false
        ? Promise.resolve([])
        : once(c, "events", () => afterOrg(() => readProgress(() => loadEvents(c)))),
  };
}

/**
 * Starts the snapshot's reads without waiting for them: a resource's read that will ask for the snapshot calls it
 * first, so SCIM's and ISC's pages go while the org lists that every other read waits on are still coming.
 */
export function startSnapshotReads(opts: SnapshotOptions = {}): void {
  // Each read is memoized with a handler (once): a failure surfaces to whoever awaits it, not here.
  startReads(current(), opts);
}

export interface SnapshotOptions {
  /** Role assignments the window's role events name (the org-wide split's rules ask about them). */
  roles?: boolean;
  /** false: no audit events (a first pass that only needs to know whether there is drift to explain). */
  events?: false;
  /** Group product roles and roles held directly (org/usage.ts): the split's usage rules ask for them. */
  usage?: boolean;
  /** The app access settings (self-signup) of every domain that applies to a product (org/settings.ts). */
  settings?: boolean;
}

/** The org as it is now, with the audit window and the provisioners' records; shared by every resource in the process. */
export async function orgSnapshot(opts: SnapshotOptions = {}): Promise<OrgSnapshot> {
  const c = current();
  const reads = startReads(c, opts);
  const [state, events, scim, isc] = await Promise.all([reads.org, reads.events, reads.scim, reads.isc]);
  const roles = opts.roles ? await loadRoles(events) : undefined;
  const usage = opts.usage
    ? await once(c, "usage", () => loadUsage(c.ctx, state.snapshot().users, state.workspaces))
    : undefined;
  const appAccess = opts.settings ? await appAccessSettings() : undefined;
  return {
    takenAt: new Date(serverNow()).toISOString(),
    ...state.snapshot(),
    roles: roles?.roles,
    rolePairs: roles?.pairs,
    ...(usage ? { usage } : {}),
    appAccessSettings: appAccess,
    events,
    scim,
    isc,
  };
}

/**
 * The rules' lookups over the snapshot, built once per state of the org: 3,000 resource reads share one view, and a
 * write by this process makes the next caller rebuild it.
 */
export async function snapshotView(opts: SnapshotOptions = {}): Promise<SnapshotView> {
  const c = current();
  // Not after the org read: SCIM's and ISC's pages go while the org's lists are read (startReads).
  const state = await startReads(c, opts).org;
  const key = `${state.version}:${grantsVersion()}:${opts.roles ? "roles" : ""}:${opts.events ?? "events"}:${opts.usage ? "usage" : ""}:${opts.settings ? settingsVersion() : ""}`;
  if (c.view?.key === key) return c.view.view;
  const view = new SnapshotView(await orgSnapshot(opts), c.ctx.config.actorLanes);
  c.view = { key, view };
  return view;
}
