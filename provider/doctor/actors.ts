// The newest audit events' actors against `actorLanes`: those the attribution rules map to nothing are listed, with
// the `pulumi config set` line that maps them, merged with the current value. Each suggested key is checked against
// the rules' own `actorOf`, so the line maps what it says it maps.
import type { ProviderConfig } from "../config";
import type { EventModel } from "../clients/atlassian/schemas";
import { actorOf, auditEntry, type ActorLanes, type AuditEntry } from "../rules/attribution";
import { ok, warn, type Check } from "./types";

type ActorLane = ProviderConfig["actorLanes"][string];

interface Unmapped {
  /** What actorLanes would map: the token label when the event names one, else the actor id. */
  key: string;
  label: string;
  events: number;
  newest: string;
  guess: ActorLane;
  why: string;
}

/**
 * A first guess for a key nobody mapped, always to be reviewed: an ISC-looking label goes to `isc`, a label that looks
 * like a CI or IaC pipeline to `pulumi` (code's own key: map it, or code's writes read as someone else's), anything else
 * to `person`, the safe default (its changes are reported as a person's, never taken over as code's).
 */
function guessLane(label: string): { lane: ActorLane; why: string } {
  if (/isc|sailpoint|identitynow/i.test(label)) return { lane: "isc", why: "its label names SailPoint ISC" };
  if (/pulumi|atlassian-access|\biac\b|terraform|\bci\b|pipeline/i.test(label))
    return { lane: "pulumi", why: "its label looks like a CI or IaC key: if it is this program's own key" };
  return { lane: "person", why: "neither code's nor ISC's by its label: its changes count as a person's" };
}

const shellQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/** The mapping key for an actor that `lanes` must map, checked with the rules' own lookup. */
function mappingKey(entry: AuditEntry): string {
  const probe = (key: string) => actorOf(entry, { [key]: "pulumi" }) === "pulumi";
  const candidates = [entry.actor.tokenLabel, entry.actor.name, entry.actor.id].filter((k): k is string => !!k);
  return candidates.find(probe) ?? entry.actor.id;
}

export function actorsCheck(events: EventModel[], lanes: ActorLanes): Check {
  if (!events.length)
    return ok("actors", "no audit events yet: nothing to map (run doctor again after the first changes)");
  const unmapped = new Map<string, Unmapped>();
  const mapped = new Map<string, number>();
  for (const e of events) {
    const entry = auditEntry(e);
    const actor = actorOf(entry, lanes);
    // An org API key no lane maps is named `api-key:<label>` by the rules: in no lane, like an unknown actor.
    if (actor !== "unknown" && !actor.startsWith("api-key:")) {
      mapped.set(actor, (mapped.get(actor) ?? 0) + 1);
      continue;
    }
    const key = mappingKey(entry);
    const label = entry.actor.tokenLabel ?? entry.actor.name ?? entry.actor.id;
    const u = unmapped.get(key);
    if (u) {
      u.events++;
      if (entry.time > u.newest) u.newest = entry.time;
    } else {
      const { lane, why } = guessLane(label);
      unmapped.set(key, { key, label, events: 1, newest: entry.time, guess: lane, why });
    }
  }
  const seen = [...mapped].map(([a, n]) => `${a} (${n})`).join(", ");
  if (!unmapped.size)
    return ok("actors", `the newest ${events.length} events' actors all map to a lane or a person: ${seen}`);
  const merged: Record<string, ActorLane> = { ...lanes };
  for (const u of unmapped.values()) merged[u.key] = u.guess;
  const details = [...unmapped.values()].map(
    (u) =>
      `${u.key === u.label ? JSON.stringify(u.key) : `${JSON.stringify(u.key)} (${u.label})`}: ${u.events} event(s), newest ${u.newest}; suggested "${u.guess}": ${u.why}`,
  );
  if (seen) details.push(`mapped already: ${seen}`);
  return warn(
    "actors",
    `${unmapped.size} actor(s) of the newest ${events.length} events map to no lane: their changes are reported as api-key:<label> or unknown, in no lane`,
    `Review each suggested lane (pulumi: this program's own key; isc: SailPoint's connector; person: anyone else), then run: pulumi config set atlassian-access:actorLanes ${shellQuote(JSON.stringify(merged))}`,
    details,
  );
}
