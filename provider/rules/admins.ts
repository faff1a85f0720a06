// Who may hold the org-level admin roles (org admin; site admin per site) against who does: the `undeclared-admin`
// findings, and what `enforce` grants and revokes with its guards (never the last org admin, never code's own account).
// Pure: lifecycle/admins/lifecycle.ts reads the holders (lifecycle/admins/roles.ts) and the audit window, and sends the writes.
import { makeFinding, sortFindings, type Finding } from "./findings";
import { byActor, causeFrom, userRoleGrant, type ActorLanes, type EventIndex } from "./attribution";

export const ORG_ADMIN = "atlassian/org-admin" as const;
export const SITE_ADMIN = "atlassian/site-admin" as const;
/** The roles the Admins resource judges. Unit admins: the spec names them but gives them no role id (docs/guides/governance.md). */
export const ADMIN_ROLES = [ORG_ADMIN, SITE_ADMIN] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** The resource org admin is held on, and site admin on a site (the spec's v1 role example; a sandbox choice). */
export const orgAri = (orgId: string) => `ari:cloud:platform::org/${orgId}`;
export const platformSiteAri = (cloudId: string) => `ari:cloud:platform::site/${cloudId}`;
const cloudIdOf = (ari: string) => /::site\/(.+)$/.exec(ari)?.[1];

/** Where roles are held in one org: its product instances, its sites (platform ARIs, by host) and the org. */
export interface PlatformScope {
  products: string[];
  sites: { host: string; resourceId: string }[];
  org: string;
}

export function platformScope(workspaces: { id: string; host: string }[], orgId: string): PlatformScope {
  const sites = new Map<string, string>();
  for (const w of workspaces) {
    const cloudId = cloudIdOf(w.id);
    if (cloudId && !sites.has(cloudId)) sites.set(cloudId, w.host);
  }
  return {
    products: workspaces.map((w) => w.id),
    sites: [...sites].map(([cloudId, host]) => ({ host, resourceId: platformSiteAri(cloudId) })),
    org: orgAri(orgId),
  };
}

/** The resources a role is held on: sites for site admin, the org for org admin, product instances for the rest. */
export const resourcesFor = (role: string, scope: PlatformScope): string[] =>
  role === SITE_ADMIN ? scope.sites.map((s) => s.resourceId) : role === ORG_ADMIN ? [scope.org] : scope.products;

/** `acme-eu` or `acme-eu.atlassian.net` (any case) as the site's host; undefined when the org has no such site. */
export function siteHost(key: string, scope: PlatformScope): string | undefined {
  const k = key.trim().toLowerCase();
  return scope.sites.find((s) => s.host.toLowerCase() === k || s.host.toLowerCase().split(".")[0] === k)?.host;
}

/** One admin role held by one account: org admin, or site admin on one site. */
export interface AdminHolding {
  accountId: string;
  /** Lower-case. */
  email: string;
  role: AdminRole;
  /** The site's host, for site admin. */
  site?: string;
  resourceId: string;
}

/** Who may hold what, normalised: lower-case emails, site hosts. An absent list is not judged. */
export interface DeclaredAdmins {
  orgAdmins?: string[];
  siteAdmins?: Record<string, string[]>;
}

/** A role code declares for one account: what enforce grants when it is missing. */
export interface AdminTarget {
  email: string;
  role: AdminRole;
  site?: string;
}

const short = (role: AdminRole) => role.replace("atlassian/", "");

/** `alex@acme.example/org-admin`, `tara@acme.example/site-admin/acme-eu.atlassian.net`: a finding's subject. */
export const holdingKey = (h: AdminTarget): string =>
  h.role === ORG_ADMIN ? `${h.email}/${short(h.role)}` : `${h.email}/${short(h.role)}/${h.site}`;

const where = (h: AdminTarget) => (h.role === ORG_ADMIN ? "the organization" : `site ${h.site}`);

/** Whether the role is judged at all (its list declared) and, if so, whether the account is declared for it. */
function judge(d: DeclaredAdmins, h: AdminTarget): "not judged" | "declared" | "undeclared" {
  const list = h.role === ORG_ADMIN ? d.orgAdmins : d.siteAdmins && (d.siteAdmins[h.site ?? ""] ?? []);
  if (!list) return "not judged";
  return list.includes(h.email) ? "declared" : "undeclared";
}

/** Holdings code does not declare (in a judged list). */
export const undeclaredHoldings = (d: DeclaredAdmins, held: AdminHolding[]): AdminHolding[] =>
  held.filter((h) => judge(d, h) === "undeclared");

/** Roles code declares that the account does not hold: what enforce grants. */
export function missingTargets(d: DeclaredAdmins, held: AdminHolding[]): AdminTarget[] {
  const have = new Set(held.map(holdingKey));
  const want: AdminTarget[] = [
    ...(d.orgAdmins ?? []).map((email) => ({ email, role: ORG_ADMIN })),
    ...Object.entries(d.siteAdmins ?? {}).flatMap(([site, emails]) =>
      emails.map((email) => ({ email, role: SITE_ADMIN, site })),
    ),
  ];
  return want.filter((t) => !have.has(holdingKey(t))).sort((a, b) => holdingKey(a).localeCompare(holdingKey(b)));
}

/** What the holders look like as an output: org admins, and site admins by site (emails sorted). */
export function heldView(held: AdminHolding[]): { orgAdmins: string[]; siteAdmins: Record<string, string[]> } {
  const siteAdmins: Record<string, string[]> = {};
  for (const h of held.filter((x) => x.role === SITE_ADMIN)) (siteAdmins[h.site!] ??= []).push(h.email);
  for (const k of Object.keys(siteAdmins)) siteAdmins[k].sort();
  const sortedSites = Object.fromEntries(Object.entries(siteAdmins).sort(([a], [b]) => a.localeCompare(b)));
  const orgAdmins = held.filter((h) => h.role === ORG_ADMIN).map((h) => h.email);
  return { orgAdmins: [...new Set(orgAdmins)].sort(), siteAdmins: sortedSites };
}

/**
 * One `undeclared-admin` finding per role held by someone code does not declare, with who granted it when the audit
 * window has the grant (`user_role_assigned` naming the account and the site or org).
 */
export function adminFindings(
  d: DeclaredAdmins,
  held: AdminHolding[],
  audit: { index: EventIndex; lanes: ActorLanes },
  enforce: boolean,
): Finding[] {
  return sortFindings(
    undeclaredHoldings(d, held).map((h) => {
      const e = userRoleGrant(audit.index, h.accountId, h.resourceId, h.role);
      const cause = causeFrom(e, audit.lanes);
      const list = h.role === ORG_ADMIN ? "orgAdmins" : `siteAdmins["${h.site}"]`;
      const what = `${h.email} is ${short(h.role)} of ${where(h)}`;
      return makeFinding(
        "undeclared-admin",
        holdingKey(h),
        "pulumi",
        e
          ? `${what}, granted by ${byActor(cause.actor)}; the Admins resource does not declare them.`
          : `${what}; the Admins resource does not declare them (no grant of it in the audit window).`,
        enforce
          ? `\`pulumi up\` revokes it (enforce is on); to keep it, add ${h.email} to ${list} of the Admins resource.`
          : `Add ${h.email} to ${list} of the Admins resource to keep it, or revoke the role in admin.atlassian.com (or set enforce: true and \`pulumi up\` revokes it).`,
        cause,
      );
    }),
  );
}

export interface AdminPlan {
  grants: AdminTarget[];
  revokes: AdminHolding[];
  /** Why the plan must not run: each a sentence with its fix. Non-empty: nothing is written. */
  refusals: string[];
}

export interface PlanOptions {
  /** Enforcement starts with this run (a create, or enforce turned on): undeclared holders predate code's rule. */
  starting: boolean;
  /** adopt: true: enforcement that starts may revoke the admins it found undeclared. */
  adopt: boolean;
  /** Accounts code's own credential acts as (the actor ids of its audit events): their roles are never revoked. */
  selfAccounts: Set<string>;
}

/**
 * What enforce does: grant every declared role not held, revoke every undeclared one, refusing (before any write) to
 * revoke admins that held their role before enforcement started without adopt, the last org admin, or a role of the
 * account code's credential acts as.
 */
export function planAdmins(d: DeclaredAdmins, held: AdminHolding[], opts: PlanOptions): AdminPlan {
  const grants = missingTargets(d, held);
  const revokes = undeclaredHoldings(d, held);
  const refusals: string[] = [];
  const keys = (hs: AdminTarget[]) => hs.map(holdingKey).join(", ");
  if (opts.starting && !opts.adopt && revokes.length)
    refusals.push(
      `enforce would revoke ${revokes.length} admin role(s) held before code managed admins: ${keys(revokes)}. ` +
        "Declare them in orgAdmins/siteAdmins to keep them, or set adopt: true to revoke them (run `pulumi preview --refresh` first: each is an undeclared-admin finding naming who granted it).",
    );
  const self = revokes.filter((h) => opts.selfAccounts.has(h.accountId));
  if (self.length)
    refusals.push(
      `enforce would revoke ${keys(self)}, held by the account code's API key acts as: code would lose the ability to act. Declare it in the Admins resource.`,
    );
  const orgAfter = new Set(held.filter((h) => h.role === ORG_ADMIN).map((h) => h.email));
  for (const r of revokes) if (r.role === ORG_ADMIN) orgAfter.delete(r.email);
  for (const g of grants) if (g.role === ORG_ADMIN) orgAfter.add(g.email);
  if (d.orgAdmins && orgAfter.size === 0)
    refusals.push(
      "enforce would leave the organization without an org admin (revoking the last one is never done): list at least one account in orgAdmins.",
    );
  return { grants, revokes, refusals };
}
