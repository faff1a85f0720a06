// Who created an existing group, from the audit log: code's own credential (an earlier run that did not finish: a
// killed `pulumi up`, a lost answer, a create whose resource never reached the state) or anyone else.
//
// Code's credential is the API token that actorLanes maps to the pulumi lane. A create of that token is code's own
// object, so the next `up` takes it over instead of refusing it as "already exists"; a same-named group made by anyone
// else (a person, ISC's connector, an unmapped token) is still refused, and the refusal names who made it.
import { context } from "../lifecycle/context";
import { serverNow } from "../clients/server-clock";
import { snapshotView } from "./snapshot";
import { actorOf, auditEntry, GROUP_CREATED, keyLabelOf, type AuditEntry, type RawEvent } from "../rules/attribution";

export interface Creation {
  /** "pulumi" for code's credential; otherwise the actor as findings name it ("person:<email>", "isc", "unknown"). */
  actor: string;
  at: string;
  /** The API token's label, when an API token made it. */
  token?: string;
  eventId: string;
}

const CREATED = GROUP_CREATED;

/**
 * The audit event that created group `groupId`: first from the run's audit window (already read), else from one
 * targeted read of `group_created` events over the whole lookback. Undefined when the log has none (older than
 * `auditLookbackHours`, or no audit client).
 */
export async function creationOf(groupId: string): Promise<Creation | undefined> {
  const view = await snapshotView();
  let e: AuditEntry | undefined = view.index.latest(`group:${groupId}`, CREATED);
  const ctx = context();
  if (!e && ctx.audit) {
    const from = serverNow() - ctx.config.auditLookbackHours * 3_600_000;
    // One targeted read per key of the family (the admin API's and SCIM's), stopping at the first that names it.
    for (const action of CREATED) {
      const events = await ctx.audit.getEvents({ from, action });
      e = events.map((r) => auditEntry(r as unknown as RawEvent)).find((x) => x.groupId === groupId);
      if (e) break;
    }
  }
  if (!e) return undefined;
  return { actor: actorOf(e, ctx.config.actorLanes), at: e.time, token: keyLabelOf(e.actor), eventId: e.id };
}

/** The line `up` prints when it takes over a group code's own credential created in a run that did not finish. */
export function takeoverLine(name: string, id: string, c: Creation): string {
  const who = c.token ? `code's API token "${c.token}"` : "code's credential";
  return `[atlassian-access] Group "${name}" (${id}): taken over: ${who} created it at ${c.at} (audit event ${c.eventId}) in a run that did not finish; its members and app access are kept, and what is missing is done now.`;
}

/** Why an existing group is refused: who made it, and how to take it on deliberately. */
export function alreadyExistsReason(name: string, id: string, c: Creation | undefined): string {
  const made = c
    ? ` It was created by ${c.actor}${c.token && (c.actor === "unknown" || c.actor.startsWith("api-key:")) ? ` (API token "${c.token}", not in atlassian-access:actorLanes)` : ""} at ${c.at}, not by code's credential.`
    : " The audit log in the lookback window does not say who created it.";
  return (
    `Group "${name}" already exists (id ${id}).${made} To manage it from code, set adopt: true on this Group; ` +
    "`pulumi import` does not work for dynamic providers. If code's own API token created it, map that token to " +
    "pulumi in atlassian-access:actorLanes and run `pulumi up` again: code takes over what it created."
  );
}
