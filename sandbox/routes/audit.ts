// Atlassian audit log (org API v1): events query, one event, the events stream and event actions, rendered from World.events.
//
// Shapes as real orgs send them; each is listed with its source, or marked assumed, in sandbox/REALITY.md:
// - actor by kind:
//     api-key, isc  the key's bot account {id: 24 hex, name: the key's label, email: <uuid>@connect.atlassian.com,
//                   links}, no `auth` (go-atlassian's recorded events); ISC's connector acts through its org API key
//     admin-ui      the person {id, name, email, links} with a `location`
//     system        {id "atlassian-internal-system", name and email "Atlassian Internal System", links}, no location
//     scim          assumed: {id "scim:<SCIM directory id>", name "User provisioning (<directory>)", auth {authType
//                   "container-token", tokenId, tokenLabel}} with SCIM's own action keys (scim_*), no location
// - context and container objects in the plural (org/audit-shapes.ts); the container is the event's site, or the org.
// - location: a fixed documentation address (RFC 5737) per actor kind, so the ip and location filters have data.
// - message: {content: plain text, format: "simple"}.
// - /events sorts newest first by time; /events-stream sorts by processedAt, ascending unless sortOrder=desc.
// - from/to filter on the event time, inclusive, for both endpoints.
// - Cursors are opaque and carry the filters and the sort key of the last event served: a cursor alone continues
//   a query (other parameters are then ignored), and events recorded meanwhile neither repeat nor shift a page.
// - The stream always answers meta.next, the poll cursor that stays usable after the last page; links.next only
//   while more events exist now (the recorded /events last page has `links: {}`). meta.page_size is the limit.
// - product matches events whose site names a product (jira-* -> jira).
// - event-actions: the org's catalogue, ids upper case with type "eventActions" (org/audit-shapes.ts catalogue()).
import { createHash } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import type { SandboxHandle } from "../server";
import type { Actor, AuditEvent, Store } from "../store";
import { problem } from "../problems";
import { ORG_ERRORS } from "../org/errors";
import { orgKeyActor, proxyErrors } from "./org-auth";
import { catalogue } from "../org/audit-shapes";

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

/** The display name of a catalogue key: `GROUP_CREATED` → "Group created". */
const displayName = (id: string) =>
  id
    .toLowerCase()
    .replace(/_/g, " ")
    .replace(/^./, (c) => c.toUpperCase());

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

/** A stable 32-hex digest of a string (the bot account email's local part). */
const hexOf = (x: string) => createHash("sha256").update(x).digest("hex").slice(0, 32);
const asUuid = (h: string) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

/** The audit-log actor of a sandbox actor (see the header). */
export function renderActor(store: Store, actor: Actor) {
  const w = store.world;
  const links = (id: string) => ({
    alt: `https://admin.atlassian.com/o/${w.org.id}/users/${id}`,
    self: `https://api.atlassian.com/users/${id}/manage/profile`,
  });
  switch (actor.kind) {
    case "api-key":
    case "isc": {
      // An org API key acts as a bot account named after the key's label.
      const key = w.org.apiKeys.find(
        (k) =>
          k.accountId === actor.id ||
          k.tokenId === (actor.tokenId ?? (actor.kind === "isc" ? w.isc.connectorTokenId : undefined)),
      );
      const id = key?.accountId ?? actor.id;
      return {
        id,
        name: actor.tokenLabel ?? key?.label ?? actor.name,
        email: `${asUuid(hexOf(`${w.org.id}/${id}`))}@connect.atlassian.com`,
        links: links(id),
      };
    }
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
      return { id: actor.id, name: actor.name, ...(actor.email ? { email: actor.email } : {}), links: links(actor.id) };
    default:
      return {
        id: "atlassian-internal-system",
        name: "Atlassian Internal System",
        email: "Atlassian Internal System",
        links: links("atlassian-internal-system"),
      };
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
      container: (
        e.container ?? [{ id: store.world.org.id, type: "orgs", attributes: { name: store.world.org.name } }]
      ).map((c) => ({ id: c.id, type: c.type, attributes: c.attributes })),
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
  if (f.product && ![...e.context, ...(e.container ?? [])].some((c) => f.product!.includes(productOf(c) ?? "")))
    return false;
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
      const keys = new Set([
        ...catalogue(store().world.settings.catalogueWithout ?? []),
        ...store().world.events.map((e) => e.action.toUpperCase()),
      ]);
      const data = [...keys].sort().map((id) => ({
        id,
        type: "eventActions",
        attributes: { displayName: displayName(id), groupDisplayName: "" },
      }));
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
