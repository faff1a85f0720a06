// The Atlassian audit log client (org API v1 events and events-stream): one paged read of a time window per run.
import { createHttp, type HttpTuning } from "../http";
import { createGate, type Quota } from "../gate";
import { PUBLISHED_QUOTAS } from "../quotas";
import { collectItems, cursorPages } from "../paginate";
import { EventActions, EventPage, type EventActionModel, type EventModel } from "./schemas";

export interface AuditClientOptions extends HttpTuning {
  /** `https://api.atlassian.com` live, the sandbox URL in tests. */
  apiUrl: string;
  orgId: string;
  /** Org API key with `read:events:admin`. */
  apiKey: string;
}

/** An instant as a Date, epoch milliseconds, or an ISO-8601 string. */
export type Instant = Date | number | string;

export interface GetEventsQuery {
  from?: Instant;
  to?: Instant;
  /** Page size, at most 500 (default 500: the endpoint allows only 10 requests a minute). */
  limit?: number;
  /** A single action key. */
  action?: string;
  /** Free-text query. */
  q?: string;
  /** Actor ids. */
  actor?: string[];
}

export const AUDIT_API = "Atlassian audit API";

/** The API wants UNIX epoch milliseconds as strings (atlassian-api.md §7). */
function epochMs(value: Instant, field: string): string {
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new Error(
      `getEvents: ${field} must be a Date, epoch milliseconds or an ISO-8601 time; got ${String(value)}.`,
    );
  return String(Math.trunc(ms));
}

/**
 * v1 `links.next` is a full URL carrying `?cursor=`, `meta.next` the bare cursor. Paging stops where `links.next` is
 * absent: the stream always answers `meta.next` (the cursor to poll with later), so it alone does not mean more pages.
 */
function nextCursor(page: EventPage): string | undefined {
  const link = page.links?.next;
  if (!link) return undefined;
  return page.meta?.next || link;
}

/** One client per configuration. */
export function createAuditClient(opts: AuditClientOptions) {
  const { apiUrl, orgId, apiKey, ...tuning } = opts;
  // Two quotas, so two gates: `/events` and `/event-actions` share 10 a minute, `/events-stream` has 50.
  const transport = (published: Quota) => {
    const quota = tuning.paceToQuotas === false ? undefined : published;
    return createHttp({
      ...tuning,
      gate: tuning.gate ?? createGate({ concurrency: tuning.concurrency, quota, sleep: tuning.sleep, now: tuning.now }),
      baseURL: apiUrl,
      name: AUDIT_API,
      auth: () => apiKey,
      secrets: [apiKey],
    });
  };
  const http = transport(PUBLISHED_QUOTAS.auditEvents);
  const streamHttp = transport(PUBLISHED_QUOTAS.auditStream);
  const events = `/admin/v1/orgs/${encodeURIComponent(orgId)}/events`;
  const stream = `/admin/v1/orgs/${encodeURIComponent(orgId)}/events-stream`;

  /** Every page of one events listing (`/events` or `/events-stream`): the window in epoch ms, up to 500 a page. */
  function read(
    operation: string,
    url: string,
    query: GetEventsQuery,
    keep?: (e: EventModel) => boolean,
  ): Promise<EventModel[]> {
    const through = url === stream ? streamHttp : http;
    const limit = query.limit ?? 500;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new Error(`${operation}: limit must be an integer from 1 to 500; got ${limit}.`);
    const pages = cursorPages({
      http: through,
      method: "GET",
      url,
      params: {
        from: query.from === undefined ? undefined : epochMs(query.from, "from"),
        to: query.to === undefined ? undefined : epochMs(query.to, "to"),
        limit,
        action: query.action,
        q: query.q,
        actor: query.actor,
      },
      schema: EventPage,
      schemaName: "EventPage",
      operation,
      next: nextCursor,
    });
    return collectItems(pages, (p) => (keep ? p.data.filter(keep) : p.data));
  }

  return {
    /**
     * getEvents: every event in the window, newest first (all pages). The endpoint allows 10 requests a minute per
     * user and path, so read once per run; a 429 is waited out as the server asks.
     */
    getEvents: (query: GetEventsQuery = {}): Promise<EventModel[]> => read("getEvents", events, query),

    /**
     * streamEvents: every event processed since `from`, oldest first, from `/events-stream` (500 a page; 50-60 requests
     * a minute, where `/events` allows 10: Atlassian's advice for readers of volume). A 429 is waited out as asked.
     * `keep`, when given, is applied page by page as they arrive: only the events it keeps are held.
     */
    streamEvents: (
      query: Pick<GetEventsQuery, "from" | "to" | "limit"> = {},
      keep?: (e: EventModel) => boolean,
    ): Promise<EventModel[]> => read("streamEvents", stream, query, keep),

    /** The newest `limit` events (up to 500), newest first: one page of `/events-stream` sorted descending. */
    async latestEvents(limit = 100): Promise<EventModel[]> {
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new Error(`latestEvents: limit must be an integer from 1 to 500; got ${limit}.`);
      const page = await streamHttp.request({
        method: "GET",
        url: stream,
        params: { limit, sortOrder: "desc" },
        schema: EventPage,
        schemaName: "EventPage",
        operation: "latestEvents",
        idempotent: true,
      });
      return page.data;
    },

    /**
     * getEventActions (`GET /v1/orgs/{orgId}/event-actions`): the org's catalogue of audit action keys, each with its
     * display name; read once per process (10 requests a minute).
     */
    async eventActions(): Promise<EventActionModel[]> {
      const res = await http.request({
        method: "GET",
        url: `/admin/v1/orgs/${encodeURIComponent(orgId)}/event-actions`,
        schema: EventActions,
        schemaName: "EventActions",
        operation: "getEventActions",
        idempotent: true,
      });
      return res.data;
    },
  };
}

export type AuditClient = ReturnType<typeof createAuditClient>;
