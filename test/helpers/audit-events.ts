// Reading the sandbox's audit log in a test, in the shapes the real log sends (sandbox/REALITY.md): context objects
// typed in the plural (`groups`, `users`), and an org API key acting as its bot account (the key's account id and
// label, no `auth`). One place, so a test never reads the sandbox's earlier shapes (`group`, `actor.tokenLabel`).
import type { AuditEvent, World } from "../../sandbox/store";

type Context = AuditEvent["context"][number];

/** The group an event names in its context (`{id, type: "groups", attributes: {name, groupName}}`), if any. */
export const groupOf = (e: AuditEvent): Context | undefined => e.context.find((c) => c.type === "groups");

/** The person an event names in its context (`{id: accountId, type: "users", attributes: {email, …}}`), if any. */
export const userOf = (e: AuditEvent): Context | undefined => e.context.find((c) => c.type === "users");

/** Whether an event names group `name` in its context. */
export const namesGroup = (e: AuditEvent, name: string): boolean => groupOf(e)?.attributes.name === name;

/**
 * Whether the org API key labelled `label` made an event: the real log names the key's bot account (its account id,
 * with the label as the actor's name), so the key is matched by the account it acts as.
 */
export function byApiKey(world: World, e: AuditEvent, label: string): boolean {
  const key = world.org.apiKeys.find((k) => k.label === label);
  if (!key) throw new Error(`the sandbox has no org API key labelled "${label}"`);
  return e.actor.kind === "api-key" && e.actor.id === key.accountId;
}

/** The events the API key labelled `label` made with action `action`, oldest first. */
export const eventsByApiKey = (world: World, action: string, label: string): AuditEvent[] =>
  world.events.filter((e) => e.action === action && byApiKey(world, e, label));
