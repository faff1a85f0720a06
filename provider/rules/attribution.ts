// Who made a change: audit events reduced to plain facts, and their actors mapped to lanes. Pure: no I/O.
//
// Order of strength (domain.md, Attribution): the object's own markers, then ISC's own record, then audit events whose
// actor maps to a declared provisioner, otherwise "unknown" with the raw evidence. How SCIM-driven changes appear in
// the real audit log is undocumented, so the mapping is configurable (`actorLanes`) with defaults for the shapes seen.
import { isLane, type Lane } from "./ownership";

/** An audit event reduced to what the drift rules need (built from the events API by `auditEntry`). */
export interface AuditEntry {
  id: string;
  time: string;
  action: string;
  actor: { id: string; name?: string; email?: string; authType?: string; tokenLabel?: string };
  groupId?: string;
  groupName?: string;
  accountId?: string;
  email?: string;
  /** Site (or org) context of role events: the workspace, platform site or org ARI, its host, product and the role. */
  resourceId?: string;
  host?: string;
  product?: string;
  role?: string;
  /** The email domain (or `ANYONE`) of an app access settings event. */
  domain?: string;
}

/** Config `actorLanes`: audit token labels (or actor ids) to lanes. */
export type ActorLanes = Record<string, Lane | "person">;

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
    context: { id: string; type?: string | null; attributes?: Record<string, unknown> | null }[];
  };
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Flattens one events API record. */
export function auditEntry(e: RawEvent): AuditEntry {
  const a = e.attributes;
  const entry: AuditEntry = {
    id: e.id,
    time: a.time,
    action: a.action,
    actor: {
      id: a.actor.id,
      name: str(a.actor.name),
      email: str(a.actor.email),
      authType: str(a.actor.auth?.authType),
      tokenLabel: str(a.actor.auth?.tokenLabel),
    },
  };
  for (const c of a.context ?? []) {
    const attrs = c.attributes ?? {};
    if (c.type === "group") {
      entry.groupId = c.id;
      entry.groupName = str(attrs.name);
    } else if (c.type === "user") {
      entry.accountId = c.id;
      entry.email = str(attrs.email);
    } else if (c.type === "site") {
      entry.resourceId = c.id;
      entry.host = str(attrs.host);
      entry.product = str(attrs.product);
      entry.role = str(attrs.role);
    } else if (c.type === "org") {
      // A role held on the org itself (org admin): the org's ARI is the resource.
      entry.resourceId = c.id;
      entry.role = str(attrs.role);
    } else if (c.type === "email-domain") {
      entry.domain = c.id;
    }
  }
  return entry;
}

/**
 * The actor of an event, as findings name it: "pulumi", "scim", "isc", "person:<email>" or "unknown".
 * `actorLanes` is consulted first (token label, then actor id); then the shapes Atlassian uses: a SCIM directory acts
 * with a container token (`scim:<directory>` ids); a person in admin.atlassian.com has an email and no token.
 */
export function actorOf(e: Pick<AuditEntry, "actor">, lanes: ActorLanes = {}): string {
  const { actor } = e;
  const mapped = (actor.tokenLabel && lanes[actor.tokenLabel]) || lanes[actor.id];
  if (mapped === "person") return `person:${actor.email?.toLowerCase() ?? actor.tokenLabel ?? actor.id}`;
  if (mapped) return mapped;
  if (actor.authType === "container-token" || actor.id.startsWith("scim:")) return "scim";
  if (!actor.authType && actor.email) return `person:${actor.email.toLowerCase()}`;
  return "unknown";
}

/** The lane an actor string belongs to; people and unknown actors belong to no lane. */
export function laneOfActor(actor: string): Lane | undefined {
  return isLane(actor) ? actor : undefined;
}

/** Index of events by a key, newest first, so "who did this last" is one lookup. */
export class EventIndex {
  private readonly byKey = new Map<string, AuditEntry[]>();

  constructor(entries: AuditEntry[]) {
    const sorted = [...entries].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : a.id < b.id ? 1 : -1));
    for (const e of sorted) {
      for (const key of EventIndex.keysOf(e)) {
        const list = this.byKey.get(key);
        if (list) list.push(e);
        else this.byKey.set(key, [e]);
      }
    }
  }

  static keysOf(e: AuditEntry): string[] {
    const keys = [`action:${e.action}`];
    if (e.groupId) keys.push(`group:${e.groupId}`);
    if (e.groupId && e.accountId) keys.push(`member:${e.groupId}/${e.accountId}`);
    if (e.accountId) keys.push(`account:${e.accountId}`);
    if (e.groupId && e.resourceId) keys.push(`role:${e.groupId}/${e.resourceId}/${e.role ?? ""}`);
    // App access settings (rules/self-signup.ts selfSignupKey): the domain, and the domain's one product.
    if (e.domain) keys.push(`selfsignup:${e.domain}`);
    if (e.domain && e.resourceId) keys.push(`selfsignup:${e.domain}/${e.resourceId}`);
    return keys;
  }

  /** Newest first. */
  all(key: string): AuditEntry[] {
    return this.byKey.get(key) ?? [];
  }

  /** The newest event under `key` whose action is one of `actions`. */
  latest(key: string, actions: string[]): AuditEntry | undefined {
    return this.all(key).find((e) => actions.includes(e.action));
  }
}

/** The cause fields of a finding, from an event (or "unknown" with no evidence when there is none in the window). */
export function causeFrom(
  e: AuditEntry | undefined,
  lanes: ActorLanes,
): { actor: string; at?: string; evidence: string[] } {
  if (!e) return { actor: "unknown", evidence: [] };
  const actor = actorOf(e, lanes);
  const evidence = [`event:${e.id}`];
  // An API token no lane claims: name it, since mapping it in actorLanes is the fix.
  if (actor === "unknown" && e.actor.tokenLabel)
    evidence.push(`api-token:${e.actor.tokenLabel} (not in atlassian-access:actorLanes)`);
  return { actor, at: e.time, evidence };
}

/** Audit actions the drift rules read. */
export const MEMBER_ADDED = ["user_added_to_group"];
export const MEMBER_REMOVED = ["user_removed_from_group"];
export const MEMBER_EVENTS = [...MEMBER_ADDED, ...MEMBER_REMOVED];
export const ROLE_EVENTS = ["group_role_assigned", "group_role_revoked"];
/** A role given to or taken from one person directly (the event names the user and the site or org). */
export const USER_ROLE_ASSIGNED = ["user_role_assigned"];

/** The newest grant of `role` on `resourceId` to the account itself (a direct grant, site or org admin), if in the window. */
export const userRoleGrant = (
  index: EventIndex,
  accountId: string,
  resourceId: string,
  role: string,
): AuditEntry | undefined =>
  index
    .all(`account:${accountId}`)
    .find((x) => USER_ROLE_ASSIGNED.includes(x.action) && x.resourceId === resourceId && x.role === role);

/** An actor as a message names it. */
export const byActor = (actor: string) =>
  actor === "unknown"
    ? "an unknown actor (no audit event in the window, or an API token atlassian-access:actorLanes does not map)"
    : actor;
