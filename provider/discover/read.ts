// `discover`'s read of the live org, read-only: the provider's own org snapshot (org/snapshot.ts: groups, users
// with their groups, sites, the audit window, SCIM's and ISC's records), every group role assignment on the sites in
// scope, and which groups ISC governs. Nothing here writes; the provider's clients pace and retry every request.
import { context } from "../lifecycle/context";
import { orgState, snapshotView, workspaces } from "../org/snapshot";
import { grantHolders } from "../org/grants";
import type { LiveWorkspace } from "../org/org-state";
import { GROUP_ROLES } from "../rules/roles";
import { iscGovernedKeys } from "../rules/ownership";
import { byText } from "../rules/discover-lanes";
import type { FoundGrant, FoundGroup, FoundOrg } from "../rules/discover-program";
import type { SnapshotView } from "../rules/snapshot";

/** A request discover cannot serve as asked (an unknown site): exit 2, like a usage error. */
export class DiscoverInputError extends Error {}

export interface ReadResult {
  org: FoundOrg;
  /** The snapshot the split's rules read, as the provider reads it in a `pulumi up`. */
  view: SnapshotView;
}

/** The search's `resourceIds` takes at most 20 ids (MultiDirectoryGroupSearchRequest). */
const RESOURCE_BATCH = 20;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Reads the org; `sites` (hosts) narrows the app access read, and must all be sites of the org. */
export async function readOrg(opts: { sites?: string[]; progress: (line: string) => void }): Promise<ReadResult> {
  const { progress } = opts;
  const ctx = context();
  progress("reading the org: groups, users with their groups, sites");
  const [state, all] = await Promise.all([orgState(), workspaces()]);
  const hosts = [...new Set(all.map((w) => w.host))].sort(byText);
  const unknown = (opts.sites ?? []).filter((s) => !hosts.includes(s));
  if (unknown.length)
    throw new DiscoverInputError(
      `--sites names ${unknown.map((s) => `"${s}"`).join(", ")}, not a site of the org; its sites: ${hosts.join(", ")}.`,
    );
  const sites = opts.sites ? hosts.filter((h) => opts.sites!.includes(h)) : hosts;
  const scope = all.filter((w) => sites.includes(w.host));
  const sources = [ctx.audit && "the audit window", ctx.scim && "SCIM's users and groups", ctx.isc && "ISC's record"];
  progress(`reading ${sources.filter(Boolean).join(", ")}`);
  // usage and settings: the split the program declares reports roles held directly and open self-signup, so their
  // findings are accepted like the rest.
  const view = await snapshotView({ roles: true, usage: true, settings: true });
  const { snap } = view;
  progress(
    `found ${plural(snap.groups.length, "group")}, ${plural(snap.users.length, "user")}, ${plural(hosts.length, "site")} ` +
      `(${plural(all.length, "product")}), ${plural(snap.events.length, "audit event")}` +
      (snap.scim ? `, ${plural(snap.scim.users.length, "SCIM user")}` : "") +
      (snap.isc ? `, ${plural(snap.isc.accounts.length, "ISC account")}` : ""),
  );

  const grants = await readGrants(scope, progress);
  // Unlike the provider's guard, which lets a Group through when ISC cannot be read, a failed read fails discover:
  // inferring ISC's groups as code's would adopt them with their members.
  const governed = ctx.isc ? iscGovernedKeys(await ctx.isc.listEntitlements(ctx.config.iscSourceId!)) : new Set();
  const members = new Map<string, string[]>();
  for (const u of snap.users)
    for (const g of u.groups) {
      const list = members.get(g);
      if (list) list.push(u.email.toLowerCase());
      else members.set(g, [u.email.toLowerCase()]);
    }
  const groups = snap.groups.map((g): FoundGroup => {
    const description = state.group(g.id)?.description;
    return {
      id: g.id,
      name: g.name,
      synced: g.synced,
      iscGoverned: governed.has(g.id) || governed.has(g.name.toLowerCase()),
      ...(description ? { description } : {}),
      members: [...new Set(members.get(g.id) ?? [])].sort(byText),
    };
  });
  return {
    org: { groups, grants, sites, scimConfigured: Boolean(ctx.scim), iscConfigured: Boolean(ctx.isc) },
    view,
  };
}

/**
 * Every group role assignment on the workspaces in scope, in as few requests as the org allows. First, per role and
 * per batch of 20 workspaces, one search for the groups holding that role anywhere in the batch (9 roles × ⌈W/20⌉
 * searches). Then whichever costs fewer requests: each group found lists its own role assignments, or each site ×
 * role pair found held is searched alone (the provider's grantHolders, shared with the snapshot's reads).
 */
async function readGrants(scope: LiveWorkspace[], progress: (line: string) => void): Promise<FoundGrant[]> {
  const { org } = context();
  const batches: LiveWorkspace[][] = [];
  for (let i = 0; i < scope.length; i += RESOURCE_BATCH) batches.push(scope.slice(i, i + RESOURCE_BATCH));
  const probes = await Promise.all(
    GROUP_ROLES.flatMap((role) =>
      batches.map(async (batch) => ({
        role,
        batch,
        holders: (await org.searchDirectoryGroups({ resourceIds: batch.map((w) => w.id), roleIds: [role] })).map(
          (g) => g.id,
        ),
      })),
    ),
  );
  const held = probes.filter((p) => p.holders.length > 0);
  const groups = [...new Set(held.flatMap((p) => p.holders))];
  const pairs = held.reduce((n, p) => n + (p.batch.length > 1 ? p.batch.length : 0), 0);
  const byId = new Map(scope.map((w) => [w.id, w]));
  const out: FoundGrant[] = [];
  const add = (groupId: string, w: LiveWorkspace, role: string) =>
    out.push({ groupId, site: w.host, product: w.product, role });

  if (groups.length <= pairs) {
    progress(`reading app access: ${plural(groups.length, "group")} holding a role, each its role assignments`);
    const known = new Set<string>(GROUP_ROLES);
    const rows = await Promise.all(groups.map(async (id) => ({ id, rows: await org.getGroupRoleAssignments(id) })));
    for (const { id, rows: list } of rows)
      for (const r of list) {
        const w = byId.get(r.resourceId);
        if (w) for (const role of r.roles ?? []) if (known.has(role)) add(id, w, role);
      }
  } else {
    progress(`reading app access: ${plural(pairs, "site × role pair")} held, each its groups`);
    await Promise.all(
      held.map(async (p) => {
        if (p.batch.length === 1) return p.holders.forEach((id) => add(id, p.batch[0], p.role));
        const holders = await Promise.all(p.batch.map((w) => grantHolders(w.id, p.role)));
        p.batch.forEach((w, i) => holders[i].forEach((id) => add(id, w, p.role)));
      }),
    );
  }
  progress(`found ${plural(out.length, "group role assignment")}`);
  return out;
}
