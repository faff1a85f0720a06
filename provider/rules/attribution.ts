// Who made a change: audit events reduced to plain facts, and their actors mapped to lanes. Pure: no I/O.
//
// Order of strength (domain.md, Attribution): the object's own markers, then ISC's own record, then audit events whose
// actor maps to a declared provisioner, otherwise "unknown" with the raw evidence. How SCIM-driven changes appear in
// the real audit log is undocumented, so the mapping is configurable (`actorLanes`) with defaults for the shapes seen.
import { isLane, type Lane } from "./ownership";
import { ACTIONS, isScimAction } from "./audit-actions";
import type { AuditEntry } from "./audit-entry";

export { auditEntry, resolveSites, type AuditEntry, type RawEvent } from "./audit-entry";

/** Config `actorLanes`: API key labels (the bot account's name, or `auth.tokenLabel`) or actor ids to lanes. */
export type ActorLanes = Record<string, Lane | "person">;

/** Atlassian's own actions (REALITY.md: go-atlassian's recorded events). */
export const ATLASSIAN_SYSTEM = "atlassian-internal-system";

/** An org API key acts as a bot account whose email is `<uuid>@connect.atlassian.com` (REALITY.md). */
const isBotAccount = (a: AuditEntry["actor"]) =>
  a.authType === "api-token" || Boolean(a.email?.toLowerCase().endsWith("@connect.atlassian.com"));

/** The label of the API key that acted: `auth.tokenLabel` when the event has it, else the bot account's name. */
export const keyLabelOf = (a: AuditEntry["actor"]): string | undefined =>
  a.tokenLabel ?? (isBotAccount(a) ? a.name : undefined);

/**
 * The actor of an event, as findings name it: "pulumi", "scim", "isc", "person:<email>", "api-key:<label>" (an API
 * key no lane maps), "atlassian" (Atlassian's own system) or "unknown". `actorLanes` is consulted first (the key's
 * label, then the actor id); then the shapes seen (REALITY.md). SCIM is recognised by a `scim_*` action or a container
 * token, whichever the real log sends, never by one guessed actor shape.
 */
export function actorOf(e: Pick<AuditEntry, "actor"> & { action?: string }, lanes: ActorLanes = {}): string {
  const { actor } = e;
  const label = keyLabelOf(actor);
  const mapped =
    (label !== undefined && Object.hasOwn(lanes, label) && lanes[label]) ||
    (Object.hasOwn(lanes, actor.id) && lanes[actor.id]);
  if (mapped === "person") {
    const email = actor.email?.toLowerCase();
    return `person:${(email?.endsWith("@connect.atlassian.com") ? undefined : email) ?? label ?? actor.id}`;
  }
  if (mapped) return mapped;
  if ((e.action && isScimAction(e.action)) || actor.authType === "container-token" || actor.id.startsWith("scim:"))
    return "scim";
  if (actor.id === ATLASSIAN_SYSTEM) return "atlassian";
  if (isBotAccount(actor) || actor.tokenLabel) return `api-key:${label ?? actor.id}`;
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
  latest(key: string, actions: readonly string[]): AuditEntry | undefined {
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
  const label = keyLabelOf(e.actor);
  // An API key no lane claims: name it, since mapping it in actorLanes is the fix.
  if (actor.startsWith("api-key:") && label) evidence.push(`api-token:${label} (not in atlassian-access:actorLanes)`);
  else if (actor === "atlassian") evidence.push(`actor:${ATLASSIAN_SYSTEM} (Atlassian's own action)`);
  else if (actor === "unknown")
    evidence.push(
      `actor:${e.actor.id}${e.actor.name ? ` "${e.actor.name}"` : ""} (not recognised; action ${e.action})`,
    );
  for (const n of e.notes ?? []) evidence.push(`note:${n}`);
  return { actor, at: e.time, evidence };
}

/** Audit actions the drift rules read (the families of audit-actions.ts, the one list). */
export const MEMBER_ADDED: readonly string[] = ACTIONS.memberAdded;
export const MEMBER_REMOVED: readonly string[] = ACTIONS.memberRemoved;
export const MEMBER_EVENTS: readonly string[] = [...MEMBER_ADDED, ...MEMBER_REMOVED];
export const ROLE_GRANTED: readonly string[] = ACTIONS.groupRoleGranted;
export const ROLE_REVOKED: readonly string[] = ACTIONS.groupRoleRevoked;
export const ROLE_EVENTS: readonly string[] = [...ROLE_GRANTED, ...ROLE_REVOKED];
export const GROUP_CREATED: readonly string[] = ACTIONS.groupCreated;
export const GROUP_DELETED: readonly string[] = ACTIONS.groupDeleted;
/** A role given to one person directly (the event names the user and the site or org). */
export const USER_ROLE_ASSIGNED: readonly string[] = ACTIONS.userRoleGranted;

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
    ? "an unknown actor (no audit event in the window, or an actor the audit log does not identify)"
    : actor === "atlassian"
      ? "Atlassian itself (atlassian-internal-system)"
      : actor.startsWith("api-key:")
        ? `the API key "${actor.slice(8)}" (atlassian-access:actorLanes does not map it)`
        : actor;
