// What a program declares over a generated org (scale.ts), and what reading that org must cost: the bench and the
// request-count tests compare the provider's requests with these numbers, computed from the world itself.
//
// Page sizes are the largest the specs allow: org groups and users search 100 (the 2026-08-21 spec lowered users from
// 200), workspaces 1,000, SCIM lists 100, ISC accounts and activities 250, audit events-stream 500.
import type { World } from "../store";
import { SCALE_PREFIXES } from "./scale";

export interface DeclaredGroup {
  name: string;
  owner: "pulumi" | "scim" | "isc";
  description?: string;
  members?: string[];
  adopt?: boolean;
}

export interface DeclaredGrant {
  group: string;
  site: string;
  product: string;
  role: string;
}

export interface ScaleDeclaration {
  split: {
    accountCreator: "scim";
    scim: { groups: string[] };
    isc: { groups: string[] };
    pulumi: { groups: string[] };
  };
  groups: DeclaredGroup[];
  grants: DeclaredGrant[];
}

/** The OwnershipSplit over a generated org: each prefix in its lane, the SCIM-wide group with SCIM. */
const SCALE_SPLIT: ScaleDeclaration["split"] = {
  accountCreator: "scim",
  scim: { groups: [`${SCALE_PREFIXES.scim}*`, "all-employees"] },
  isc: { groups: [`${SCALE_PREFIXES.isc}*`] },
  pulumi: { groups: [`${SCALE_PREFIXES.hand}*`, "new-*"] },
};

/**
 * The program that takes over a generated org: every hand-made group adopted by code with its current members, the
 * ISC groups and the SCIM groups that hold app access declared in their lanes, every current grant as an AppAccess;
 * plus `create` new code-owned groups of `newMembers` each, granted Jira on every site (or the first `newGrantSites`).
 */
export function scaleDeclaration(
  world: World,
  opts: { create?: number; newMembers?: number; newGrantSites?: number; maxGroups?: number; maxGrants?: number } = {},
): ScaleDeclaration {
  const { org } = world;
  const emailOf = new Map(org.users.map((u) => [u.accountId, u.email.toLowerCase()]));
  const granted = new Set(org.roles.map((r) => r.groupId));
  const groups: DeclaredGroup[] = [];
  for (const g of org.groups) {
    if (g.name.startsWith(SCALE_PREFIXES.hand)) {
      const members = g.members.map((m) => emailOf.get(m)!).sort();
      groups.push({ name: g.name, owner: "pulumi", description: g.description ?? undefined, members, adopt: true });
    } else if (g.name.startsWith(SCALE_PREFIXES.isc)) groups.push({ name: g.name, owner: "isc" });
    else if (granted.has(g.id)) groups.push({ name: g.name, owner: "scim" });
  }
  // At most `maxGroups` adopted (hand-made first, then ISC's, then SCIM's): a grant of another group names it.
  groups.splice(opts.maxGroups ?? groups.length);
  const byId = new Map(org.groups.map((g) => [g.id, g]));
  const ws = new Map(org.workspaces.map((w) => [w.id, w]));
  const grants: DeclaredGrant[] = org.roles
    .filter((r) => r.hiddenFrom === undefined)
    .map((r) => ({
      group: byId.get(r.groupId)!.name,
      site: ws.get(r.resourceId)!.host,
      product: ws.get(r.resourceId)!.product,
      role: r.roleId,
    }))
    .slice(0, opts.maxGrants);
  const users = org.users;
  for (let i = 0; i < (opts.create ?? 0); i++) {
    const name = `new-${String(i).padStart(4, "0")}`;
    const members = Array.from({ length: Math.min(opts.newMembers ?? 5, users.length) }, (_, k) =>
      users[(i * 7 + k * 13) % users.length].email.toLowerCase(),
    );
    groups.push({ name, owner: "pulumi", members: [...new Set(members)].sort() });
    const sites = [...new Set(org.workspaces.map((w) => w.host))].slice(0, opts.newGrantSites);
    for (const host of sites)
      grants.push({ group: name, site: host, product: "jira-software", role: "atlassian/user" });
  }
  return { split: SCALE_SPLIT, groups, grants };
}

const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));

/** Requests a drift check of `decl` over `world` cannot avoid, by endpoint: each list once, at its largest page. */
export function minimalReadPages(world: World, decl: ScaleDeclaration, auditFromMs: number): Record<string, number> {
  const { org } = world;
  const pairs = new Map<string, number>();
  const wsByKey = new Map(org.workspaces.map((w) => [`${w.host} ${w.product}`, w.id]));
  for (const a of decl.grants) {
    const resourceId = wsByKey.get(`${a.site} ${a.product}`)!;
    const holders = org.roles.filter((r) => r.resourceId === resourceId && r.roleId === a.role).length;
    pairs.set(`${resourceId} ${a.role}`, holders);
  }
  const events = world.events.filter((e) => Date.parse(e.time) >= auditFromMs).length;
  return {
    "org groups search": pages(org.groups.length, 100),
    "org users search": pages(org.users.length, 100),
    "org workspaces": pages(org.workspaces.length, 1000),
    "org groups by site and role": [...pairs.values()].reduce((n, holders) => n + pages(holders, 100), 0),
    "scim users": pages(world.scim.users.filter((u) => u.active).length, 100),
    "scim groups": pages(world.scim.groups.length, 100),
    "isc token": 1,
    "isc accounts": pages(world.isc.accounts.length, 250),
    "isc activities": pages(world.isc.activities.length, 250),
    "audit events": pages(events, 500),
    // The split's self-signup read: the domain list, then each domain that applies to a product (org/settings.ts).
    "org app access settings": pages((org.appAccess ?? []).length, 100),
    "org app access settings domain": (org.appAccess ?? []).filter((d) => d.products.length > 0).length,
  };
}

/**
 * What a per-resource reader (Terraform providers' way) would send for the same refresh: each Group a get and its
 * member search, each AppAccess a group get and its role list; the split still needs the org-wide lists.
 */
export function perResourceReads(world: World, decl: ScaleDeclaration, auditFromMs: number): number {
  const members = new Map(world.org.groups.map((g) => [g.name, g.members.length]));
  const groupReads = decl.groups.reduce((n, g) => n + 1 + pages(members.get(g.name) ?? 0, 100), 0);
  const grantReads = decl.grants.length * 2;
  const lists = minimalReadPages(world, decl, auditFromMs);
  delete lists["org groups by site and role"];
  return groupReads + grantReads + Object.values(lists).reduce((a, b) => a + b, 0);
}

/**
 * Whether an endpoint of requestsByEndpoint addresses one resource (a group got by id or name, one group's members,
 * people looked up by email, a SCIM user or group or an ISC account by id): what a per-resource reader sends and a refresh must not. The org's lists, paged once
 * per run, are not.
 */
export function isPerResourceRead(endpoint: string): boolean {
  return /\{id\}|by id|group by name|group members|users by email/.test(endpoint);
}

/** How many reads of `byEndpoint` (requestsByEndpoint's counts of a log's reads) addressed one resource. */
export function perResourceReadCount(byEndpoint: Record<string, number>): number {
  return Object.entries(byEndpoint)
    .filter(([k]) => isPerResourceRead(k))
    .reduce((n, [, c]) => n + c, 0);
}

/** A request log's requests grouped as minimalReadPages names them (anything else by method and path shape). */
export function requestsByEndpoint(requests: { api: string; method: string; path: string; requestBody?: unknown }[]) {
  const out: Record<string, number> = {};
  for (const r of requests) {
    const body = (r.requestBody ?? {}) as Record<string, unknown>;
    let key: string;
    if (r.api === "org" && r.path.endsWith("/groups/search"))
      key = body.resourceIds
        ? "org groups by site and role"
        : body.groupNames
          ? "org group by name"
          : body.roleIds
            ? "org groups by role"
            : "org groups search";
    else if (r.api === "org" && r.path.endsWith("/users/search"))
      key = body.emails
        ? "org users by email"
        : body.groupIds
          ? "org group members"
          : body.roleIds
            ? "org users by role"
            : "org users search";
    else if (
      r.api === "org" &&
      r.method === "GET" &&
      r.path.endsWith("/role-assignments") &&
      r.path.includes("/users/")
    )
      key = "org user role assignments";
    else if (r.api === "org" && r.path.endsWith("/workspaces")) key = "org workspaces";
    else if (r.api === "org" && r.path.endsWith("/app-access-settings/domains")) key = "org app access settings";
    else if (r.api === "org" && r.method === "GET" && r.path.includes("/app-access-settings/domains/"))
      key = "org app access settings domain";
    else if (r.api === "org" && r.method === "GET" && /\/orgs\/[^/]+(\/directories)?$/.test(r.path))
      key = "org connection check"; // once per process: the orgId and directoryId exist for this key
    else if (r.api === "scim")
      key = /\/(Users|Groups)\/[^/]+$/.test(r.path)
        ? `scim ${/\/Groups\//.test(r.path) ? "group" : "user"} by id`
        : /\/Groups/.test(r.path)
          ? "scim groups"
          : "scim users";
    else if (r.api === "isc")
      key = /token/.test(r.path)
        ? "isc token"
        : /activit/.test(r.path)
          ? "isc activities"
          : /\/accounts\/[^/]+\/entitlements$/.test(r.path)
            ? "isc account entitlements" // per org account whose record carries no groups (snapshot.ts), not per resource
            : /\/accounts\/[^/]+$/.test(r.path)
              ? "isc account by id"
              : "isc accounts";
    else if (r.api === "audit") key = "audit events";
    else key = `${r.api} ${r.method} ${r.path.replace(/[0-9a-f-]{36}|712020:[0-9a-f-]+/g, "{id}")}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
