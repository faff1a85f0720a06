// Atlassian audit log (org API v1): events query, one event, the events stream and event actions, rendered from World.events.
//
// Sandbox choices (how non-API-key changes appear in the real log is undocumented: atlassian-api.md §7,
// domain.md §Attribution; these mappings are ours and are what the provider's attribution is tested against):
// - actor by kind:
//     api-key   {id: the key's service account, name: key label, auth: {authType "api-token", tokenId, tokenLabel}}
//     scim      {id "scim:<SCIM directory id>", name "User provisioning (<directory name>)",
//                auth: {authType "container-token", tokenId, tokenLabel}} (the directory's SCIM token)
//     admin-ui  the person {id: accountId, name, email}, no auth (a browser session carries no token)
//     isc       ISC's connector through its org API key: like api-key, token defaulting to world.isc.connectorTokenId
//     system    Atlassian itself {id, name}, no auth and no location
// - location: a fixed documentation address (RFC 5737) per actor kind, so the ip and location filters have data.
// - container: the org, [{id: orgId, type: "orgs", attributes: {name}}]; message: {content: plain text, format: "simple"}.
// - /events sorts newest first by time; /events-stream sorts by processedAt, ascending unless sortOrder=desc.
// - from/to filter on the event time, inclusive, for both endpoints.
// - Cursors are opaque and carry the filters and the sort key of the last event served: a cursor alone continues
//   a query (other parameters are then ignored), and events recorded meanwhile neither repeat nor shift a page.
// - The stream always answers meta.next, the poll cursor that stays usable after the last page; links.next only
//   while more events exist now. meta.page_size is the limit in force.
// - product matches events whose context names a site of that product (jira-* -> jira).
// - Action keys are the sandbox's own: no verified Atlassian key names exist for these changes (§7).
import express, { type Request, type Response, type Router } from "express";
import type { SandboxHandle } from "../server";
import type { Actor, AuditEvent, Store } from "../store";
import { problem } from "../problems";
import { ORG_ERRORS } from "../org/errors";
import { orgKeyActor, proxyErrors } from "./org-auth";

const PRODUCTS = ["bitbucket", "confluence", "guard_detect", "jira", "loom"];

interface EventLocation {
  ip: string;
  city: string;
  regionName: string;
  countryName: string;
}

const LOCATIONS: Partial<Record<Actor["kind"], EventLocation>> = {
  "api-key": { ip: "203.0.113.10", city: "Frankfurt", regionName: "Hesse", countryName: "Germany" },
  isc: { ip: "203.0.113.30", city: "Austin", regionName: "Texas", countryName: "United States" },
  scim: { ip: "203.0.113.20", city: "Dublin", regionName: "Leinster", countryName: "Ireland" },
  "admin-ui": { ip: "198.51.100.7", city: "Berlin", regionName: "Berlin", countryName: "Germany" },
};

/** displayName and groupDisplayName of the actions the sandbox records; unknown keys get a name made from the key. */
const ACTIONS: Record<string, [string, string]> = {
  group_created: ["Created group", "Group management"],
  group_deleted: ["Deleted group", "Group management"],
  user_added_to_group: ["Added user to group", "Group management"],
  user_removed_from_group: ["Removed user from group", "Group management"],
  group_role_assigned: ["Granted product access to group", "Product access"],
  group_role_revoked: ["Revoked product access from group", "Product access"],
  user_invited: ["Invited user", "User management"],
  user_provisioned: ["Provisioned user", "User provisioning"],
  user_role_assigned: ["Granted role to user", "User access"],
  user_role_revoked: ["Revoked role from user", "User access"],
  app_access_domain_created: ["Added app access settings for a domain", "App access settings"],
  app_access_domain_updated: ["Updated app access settings for a domain", "App access settings"],
  app_access_product_set: ["Let a domain join a product", "App access settings"],
  app_access_product_removed: ["Stopped a domain joining a product", "App access settings"],
};

interface Filters {
  from?: number;
  to?: number;
  action?: string;
  actor?: string[];
  ip?: string[];
  product?: string[];
  location?: { city?: string; countryName?: string }[];
  q?: string;
  limit: number;
  desc: boolean;
}

/** Sort key of an event: [epoch ms of time or processedAt, index in World.events]. */
type Key = [number, number];

interface CursorState {
  f: Filters;
  k: Key | null;
}

/** The audit-log actor of a sandbox actor (see the "Sandbox choices" block above). */
export function renderActor(store: Store, actor: Actor) {
  const w = store.world;
  switch (actor.kind) {
    case "api-key":
    case "isc":
      return {
        id: actor.id,
        name: actor.name,
        auth: {
          authType: "api-token",
          tokenId: actor.tokenId ?? (actor.kind === "isc" ? w.isc.connectorTokenId : actor.id),
          tokenLabel: actor.tokenLabel ?? actor.name,
        },
      };
    case "scim":
      return {
        id: `scim:${w.scim.directoryId}`,
        name: `User provisioning (${w.scim.directoryName})`,
        auth: {
          authType: "container-token",
          tokenId: actor.tokenId ?? w.scim.tokenId,
          tokenLabel: actor.tokenLabel ?? `${w.scim.directoryName} SCIM token`,
        },
      };
    case "admin-ui":
      return { id: actor.id, name: actor.name, ...(actor.email ? { email: actor.email } : {}) };
    default:
      return { id: actor.id, name: actor.name };
  }
}

/** One event in the spec's `EventModel` (or `PollingEventModel` with processedAt, for the stream). */
export function renderEvent(store: Store, e: AuditEvent, orgUrl: string, withProcessedAt = false) {
  const location = LOCATIONS[e.actor.kind];
  return {
    id: e.id,
    type: "events" as const,
    attributes: {
      time: e.time,
      ...(withProcessedAt ? { processedAt: e.processedAt } : {}),
      action: e.action,
      actor: renderActor(store, e.actor),
      context: e.context.map((c) => ({ id: c.id, type: c.type, attributes: c.attributes })),
      container: [{ id: store.world.org.id, type: "orgs", attributes: { name: store.world.org.name } }],
      ...(location ? { location } : {}),
    },
    links: { self: `${orgUrl}/events/${e.id}` },
    message: { content: e.message, format: "simple" },
  };
}

function epochMs(raw: unknown, name: string): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (typeof raw !== "string" || !/^\d{1,15}$/.test(raw)) {
    throw problem(
      ORG_ERRORS.invalidEventTime,
      `${name} must be a UNIX epoch time in milliseconds, e.g. 1764000000000; got ${JSON.stringify(raw)}.`,
    );
  }
  return Number(raw);
}

/** A form-style list: repeated parameters and comma-separated values both count. */
function strList(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => String(v).split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

function parseLimit(raw: unknown, def: number): number {
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(n) || n < 1 || n > 500) {
    throw problem(ORG_ERRORS.invalidEventFilter, `limit must be an integer from 1 to 500; got ${JSON.stringify(raw)}.`);
  }
  return n;
}

function parseFilters(q: Request["query"], stream: boolean): Filters {
  const f: Filters = {
    from: epochMs(q.from, "from"),
    to: epochMs(q.to, "to"),
    limit: parseLimit(q.limit, stream ? 200 : 30),
    desc: !stream,
  };
  if (f.from !== undefined && f.to !== undefined && f.from > f.to) {
    throw problem(ORG_ERRORS.invalidEventTime, `from (${f.from}) is after to (${f.to}).`);
  }
  if (stream) {
    if (q.sortOrder !== undefined && q.sortOrder !== "asc" && q.sortOrder !== "desc") {
      throw problem(
        ORG_ERRORS.invalidEventFilter,
        `sortOrder must be "asc" or "desc"; got ${JSON.stringify(q.sortOrder)}.`,
      );
    }
    f.desc = q.sortOrder === "desc";
    return f;
  }
  if (typeof q.action === "string" && q.action) f.action = q.action;
  if (typeof q.q === "string" && q.q) f.q = q.q.toLowerCase();
  f.actor = strList(q.actor);
  f.ip = strList(q.ip);
  f.product = strList(q.product);
  const unknown = f.product?.filter((p) => !PRODUCTS.includes(p)) ?? [];
  if (unknown.length) {
    throw problem(ORG_ERRORS.invalidEventFilter, `product ${unknown.join(", ")} is not one of ${PRODUCTS.join(", ")}.`);
  }
  if (typeof q.location === "string" && q.location) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(q.location);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((l) => l && typeof l === "object")) {
      throw problem(
        ORG_ERRORS.invalidEventFilter,
        'location must be a JSON list like [{"city":"Austin","countryName":"United States"}].',
      );
    }
    f.location = parsed as Filters["location"];
  }
  return f;
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

function decodeCursor(cursor: string): CursorState {
  try {
    const s = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorState;
    if (!s || typeof s.f !== "object" || typeof s.f.limit !== "number" || (s.k !== null && !Array.isArray(s.k)))
      throw new Error("shape");
    return s;
  } catch {
    throw problem(ORG_ERRORS.invalidCursor, `The cursor "${cursor}" is not valid; start again without a cursor.`);
  }
}

const productOf = (c: AuditEvent["context"][number]): string | undefined => {
  const p = c.attributes.product;
  return typeof p === "string" ? (p.startsWith("jira") ? "jira" : p) : undefined;
};

function matches(store: Store, e: AuditEvent, f: Filters): boolean {
  const t = Date.parse(e.time);
  if ((f.from !== undefined && t < f.from) || (f.to !== undefined && t > f.to)) return false;
  if (f.action && e.action !== f.action) return false;
  const actor = renderActor(store, e.actor);
  if (f.actor && !f.actor.some((a) => a === actor.id || ("email" in actor && a === actor.email))) return false;
  const loc = LOCATIONS[e.actor.kind];
  if (f.ip && !(loc && f.ip.includes(loc.ip))) return false;
  if (
    f.location &&
    !(
      loc &&
      f.location.some((l) => (!l.city || l.city === loc.city) && (!l.countryName || l.countryName === loc.countryName))
    )
  )
    return false;
  if (f.product && !e.context.some((c) => f.product!.includes(productOf(c) ?? ""))) return false;
  if (f.q && !JSON.stringify([e.action, e.message, actor, e.context]).toLowerCase().includes(f.q)) return false;
  return true;
}

/** One page of events after `key` in the filters' order, and the key of its last event. */
function page(store: Store, f: Filters, key: Key | null, stream: boolean) {
  const dir = f.desc ? -1 : 1;
  const cmp = (a: Key, b: Key) => dir * (a[0] - b[0] || a[1] - b[1]);
  const keyed = store.world.events
    .map((e, i) => ({ e, k: [Date.parse(stream ? e.processedAt : e.time), i] as Key }))
    .filter(({ e, k }) => (key === null || cmp(k, key) > 0) && matches(store, e, f))
    .sort((a, b) => cmp(a.k, b.k));
  const served = keyed.slice(0, f.limit);
  return {
    events: served.map((x) => x.e),
    last: served.length ? served[served.length - 1].k : key,
    more: keyed.length > f.limit,
  };
}

/**
 * The audit routes of one mount: the query endpoint with /:eventId (default, at `/admin/v1/orgs/:orgId/events`),
 * the poll endpoint (`"stream"`, at `.../events-stream`) or the action list (`"actions"`, at `.../event-actions`).
 */
export function auditRoutes(handle: SandboxHandle, mode?: "stream" | "actions"): Router {
  const r = express.Router({ mergeParams: true });
  const store = () => handle.store;
  const orgUrl = (req: Request) => `${req.protocol}://${req.get("host")}/admin/v1/orgs/${store().world.org.id}`;

  r.use((req: Request, res: Response, next) => {
    res.locals.actor = orgKeyActor(store(), req.headers.authorization, req);
    // The mount's own router does not merge params, so :orgId is read from the mount path when absent.
    const orgId = req.params.orgId ?? decodeURIComponent(/\/orgs\/([^/?]+)/.exec(req.baseUrl)?.[1] ?? "");
    if (orgId !== store().world.org.id) throw problem(ORG_ERRORS.orgNotFound, `Organization ${orgId} was not found.`);
    next();
  });

  if (mode === "actions") {
    r.get("/", (_req, res) => {
      const keys = new Set([...Object.keys(ACTIONS), ...store().world.events.map((e) => e.action)]);
      const data = [...keys].sort().map((id) => {
        const [displayName, groupDisplayName] = ACTIONS[id] ?? [
          id.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()),
          "Other",
        ];
        return { id, type: "event-actions", attributes: { displayName, groupDisplayName } };
      });
      res.json({ data });
    });
  } else {
    const stream = mode === "stream";
    r.get("/", (req, res) => {
      const cursor =
        typeof req.query.cursor === "string" && req.query.cursor ? decodeCursor(req.query.cursor) : undefined;
      const f = cursor?.f ?? parseFilters(req.query, stream);
      const { events, last, more } = page(store(), f, cursor?.k ?? null, stream);
      const next = more || stream ? encodeCursor({ f, k: last }) : undefined;
      const base = `${orgUrl(req)}/${stream ? "events-stream" : "events"}`;
      res.json({
        data: events.map((e) => renderEvent(store(), e, orgUrl(req), stream)),
        links: {
          self: `${req.protocol}://${req.get("host")}${req.originalUrl}`,
          ...(more && next ? { next: `${base}?cursor=${next}` } : {}),
        },
        meta: { ...(next ? { next } : {}), page_size: f.limit },
      });
    });
    if (!stream) {
      r.get("/:eventId", (req, res) => {
        const e = store().world.events.find((x) => x.id === req.params.eventId);
        if (!e) {
          throw problem(ORG_ERRORS.eventNotFound, `Event ${req.params.eventId} was not found in this organization.`);
        }
        res.json({ data: renderEvent(store(), e, orgUrl(req)) });
      });
    }
  }
  r.use(proxyErrors);
  return r;
}
