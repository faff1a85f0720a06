// One audit event reduced to the facts the drift rules read. Pure: no I/O.
//
// Reads the shapes real orgs send (sandbox/REALITY.md): context and container objects typed in the plural (`groups`
// {name, groupName}, `users` {name, email, accountType}, `orgs` {name, domain?}, `sites` {siteHostName, name,
// siteName}); the singular forms (`group`, `user`, `site`, `org`) are read as a tolerated variant. What an event
// cannot tell (a role event that names no role, a site that matches no product) is kept in `notes`, never guessed in
// silence; an event whose action no rule reads is still indexed, so it stays evidence.
import { isAction, type ActionFamily } from "./audit-actions";

/** An audit event reduced to what the drift rules need. */
export interface AuditEntry {
  id: string;
  time: string;
  /** The action key, lowercased (the catalogue's ids are upper case, events carry them lower case). */
  action: string;
  actor: { id: string; name?: string; email?: string; authType?: string; tokenLabel?: string; tokenId?: string };
  groupId?: string;
  groupName?: string;
  accountId?: string;
  email?: string;
  /** Role and self-signup events: the product's (or site's, or org's) ARI, when the event or the org's sites tell it. */
  resourceId?: string;
  /** The site the event names: its cloud id and host (without scheme), and the product when the event says. */
  siteId?: string;
  host?: string;
  product?: string;
  role?: string;
  /** The email domain (or `ANYONE`) of an app access settings event. */
  domain?: string;
  /** What this event could not tell, or what was inferred (shown as evidence). */
  notes?: string[];
}

/** The raw events API shape this module reads (a subset of the client's EventModel). */
export interface RawEvent {
  id: string;
  attributes: {
    time: string;
    action: string;
    actor: {
      id: string;
      name?: string | null;
      email?: string | null;
      auth?: { authType: string; tokenId?: string | null; tokenLabel?: string | null } | null;
    };
    context?: RawObject[] | null;
    container?: RawObject[] | null;
  };
}

interface RawObject {
  /** Absent on some real events (REALITY.md): the object is then known by its attributes only. */
  id?: string | null;
  type?: string | null;
  attributes?: Record<string, unknown> | null;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** A context or container type in either number: `groups`/`group` → `group`. */
const TYPES: Record<string, string> = {
  groups: "group",
  group: "group",
  users: "user",
  user: "user",
  sites: "site",
  site: "site",
  orgs: "org",
  org: "org",
  domains: "domain",
  domain: "domain",
  "email-domain": "domain",
};

/** `https://acme.atlassian.net/` → `acme.atlassian.net`. */
export const bareHost = (h: string | undefined): string | undefined =>
  h
    ?.replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase() || undefined;

export const orgAri = (orgId: string) => `ari:cloud:platform::org/${orgId}`;
export const platformSiteAri = (cloudId: string) => `ari:cloud:platform::site/${cloudId}`;

const ROLE_FAMILIES: ActionFamily[] = ["groupRoleGranted", "groupRoleRevoked", "userRoleGranted", "userRoleRevoked"];
const SELF_SIGNUP_FAMILIES: ActionFamily[] = ["selfSignupAdded", "selfSignupRemoved", "selfSignupUpdated"];

/** The role an action's own name implies when the event names none (REALITY.md: no capture shows a role attribute). */
function roleOfAction(action: string): string | undefined {
  if (action.endsWith("_admin_access")) return "atlassian/admin";
  if (action.endsWith("_product_access")) return "atlassian/user";
  if (action === "added_org_admin" || action === "removed_org_admin") return "atlassian/org-admin";
  return undefined;
}

/** Flattens one events API record: the context first, the container for what the context does not name. */
export function auditEntry(e: RawEvent): AuditEntry {
  const a = e.attributes;
  const action = a.action.toLowerCase();
  const entry: AuditEntry = {
    id: e.id,
    time: a.time,
    action,
    actor: {
      id: a.actor.id,
      name: str(a.actor.name),
      email: str(a.actor.email),
      authType: str(a.actor.auth?.authType),
      tokenLabel: str(a.actor.auth?.tokenLabel),
      tokenId: str(a.actor.auth?.tokenId),
    },
  };
  const isRole = ROLE_FAMILIES.some((f) => isAction(action, f));
  const isSelfSignup = SELF_SIGNUP_FAMILIES.some((f) => isAction(action, f));
  let orgId: string | undefined;
  let ari: string | undefined;
  const objects = [
    ...(a.context ?? []).map((c) => [c, true] as const),
    ...(a.container ?? []).map((c) => [c, false] as const),
  ];
  for (const [c, inContext] of objects) {
    const attrs = c.attributes ?? {};
    const type = TYPES[(c.type ?? "").toLowerCase()];
    entry.role ??= str(attrs.role) ?? str(attrs.roleId);
    const id = str(c.id);
    if (type === "group" && inContext && !entry.groupId && !entry.groupName) {
      entry.groupId = id;
      entry.groupName = str(attrs.groupName) ?? str(attrs.name);
    } else if (type === "user" && inContext && !entry.accountId && !entry.email) {
      entry.accountId = id;
      entry.email = str(attrs.email) ?? (str(attrs.name)?.includes("@") ? str(attrs.name) : undefined);
    } else if (type === "site" && !entry.siteId && !entry.host) {
      if (id?.startsWith("ari:")) ari = id;
      entry.siteId = id?.startsWith("ari:") ? id.slice(id.lastIndexOf("/") + 1) : id;
      entry.host = bareHost(str(attrs.siteHostName) ?? str(attrs.host) ?? str(attrs.name));
      entry.product = str(attrs.product);
    } else if (type === "org" && !orgId) {
      orgId = id;
      if (isSelfSignup) entry.domain ??= str(attrs.domain);
    } else if (type === "domain" && isSelfSignup) {
      entry.domain ??= str(attrs.domain) ?? id;
    }
  }
  if (isRole || isSelfSignup) resolveResource(entry, action, ari, orgId);
  return entry;
}

function note(entry: AuditEntry, text: string): void {
  (entry.notes ??= []).push(text);
}

/** The role and the resource of a role or self-signup event, from what it names; what it does not name is noted. */
function resolveResource(entry: AuditEntry, action: string, ari: string | undefined, orgId: string | undefined): void {
  if (!entry.role && !entry.domain) {
    entry.role = roleOfAction(action);
    if (entry.role) note(entry, `role ${entry.role} inferred from the action ${action}`);
    else note(entry, `the event does not name the role (action ${action})`);
  }
  if (ari) entry.resourceId = ari;
  else if (entry.role === "atlassian/org-admin" && orgId)
    entry.resourceId = orgId.startsWith("ari:") ? orgId : orgAri(orgId);
  else if (entry.siteId && (entry.role === "atlassian/site-admin" || entry.product === "platform"))
    entry.resourceId = platformSiteAri(entry.siteId);
  else if (entry.siteId && entry.product) entry.resourceId = `ari:cloud:${entry.product}::site/${entry.siteId}`;
}

/**
 * Fills the resource of role and self-signup events from the org's product instances: an ARI the org does not have
 * (a product named another way) or none is looked up by the site's cloud id or host, and the product when it matches
 * one; a site with several products and no product named stays unresolved, noted. Idempotent; returns `events`.
 */
export function resolveSites(
  events: AuditEntry[],
  workspaces: readonly { id: string; host: string; product: string }[],
) {
  const ids = new Set(workspaces.map((w) => w.id));
  for (const e of events) {
    if (!e.siteId && !e.host) continue;
    if (
      e.resourceId &&
      (ids.has(e.resourceId) || !e.resourceId.includes("::site/") || e.resourceId.startsWith("ari:cloud:platform:"))
    )
      continue;
    if (!e.role && !e.domain) continue;
    const onSite = workspaces.filter(
      (w) => (e.siteId && w.id.endsWith(`::site/${e.siteId}`)) || (e.host && w.host.toLowerCase() === e.host),
    );
    const p = e.product?.toLowerCase();
    const match = p ? onSite.filter((w) => w.product === p || w.product.includes(p)) : onSite;
    if (match.length === 1) {
      if (!p || match[0].product !== p)
        note(e, `product ${match[0].product} read from the org's sites (the event says ${p ?? "none"})`);
      e.resourceId = match[0].id;
      e.product = match[0].product;
      e.host ??= match[0].host;
    } else if (!e.notes?.some((n) => n.startsWith("site "))) {
      e.resourceId = undefined;
      note(
        e,
        `site ${e.host ?? e.siteId}: ${match.length ? "several products match" : "no product of the org matches"} ${p ?? "(no product named)"}`,
      );
    }
  }
  return events;
}
