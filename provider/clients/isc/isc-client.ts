// The read-only SailPoint ISC client: OAuth token (cached, refreshed), accounts, entitlements, activities, sources.
import { z } from "zod";
import { createHttp, type HttpTuning, type QueryValue } from "../http";
import { createGate } from "../gate";
import { PUBLISHED_QUOTAS } from "../quotas";
import { collectItems, offsetPages } from "../paginate";
import { tolerantArray } from "../reading-problems";
import { Account, AccountActivity, Entitlement, Source, TokenResponse } from "./schemas";

export interface IscClientOptions extends HttpTuning {
  /** Tenant API base, e.g. `https://acme.api.identitynow.com`, or the sandbox URL. */
  iscUrl: string;
  clientId: string;
  clientSecret: string;
  /** API prefixes; configurable because ISC is moving to per-service paths (sailpoint-isc-api.md §0). */
  paths?: { v3?: string; v2025?: string };
}

export const ISC_API = "SailPoint ISC API";
const PAGE = 250;

/** An ISC filter string literal: backslash and double quote backslash-escaped (standard collection parameters). */
export function iscString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const and = (...parts: Array<string | undefined>) => parts.filter((p): p is string => !!p).join(" and ");

/** One client per configuration; one token per client, fetched on first use. */
export function createIscClient(opts: IscClientOptions) {
  const { iscUrl, clientId, clientSecret, paths, ...tuning } = opts;
  const v3 = paths?.v3 ?? "/v3";
  const v2025 = paths?.v2025 ?? "/v2025";
  const now = tuning.now ?? Date.now;
  // Pages of one list read at once: the gate's concurrency, which the quota then paces.
  const pagesAtOnce = tuning.concurrency ?? 4;
  // The token endpoint and the API spend one quota, so they share one gate, which keeps to it.
  const gate =
    tuning.gate ??
    createGate({
      concurrency: tuning.concurrency,
      quota: tuning.paceToQuotas === false ? undefined : PUBLISHED_QUOTAS.isc,
      sleep: tuning.sleep,
      now,
    });
  const oauth = createHttp({ ...tuning, gate, baseURL: iscUrl, name: "SailPoint ISC OAuth", secrets: [clientSecret] });

  let cached: { token: string; refreshAtMs: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
    });
    const res = await oauth.request({
      method: "POST",
      url: "/oauth/token",
      data: form,
      schema: TokenResponse,
      schemaName: "TokenResponse",
      operation: `fetch an access token for client ${clientId}`,
      idempotent: true,
    });
    const lifetimeMs = res.expires_in * 1000;
    // Renew a minute early (a tenth of the lifetime for short ones) so a token never expires mid-request.
    cached = { token: res.access_token, refreshAtMs: now() + lifetimeMs - Math.min(60_000, lifetimeMs / 10) };
    return res.access_token;
  }

  function token(): Promise<string> | string {
    if (cached && now() < cached.refreshAtMs) return cached.token;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  const http = createHttp({
    ...tuning,
    gate,
    baseURL: iscUrl,
    name: ISC_API,
    auth: token,
    secrets: [clientSecret],
    // A 401 usually means the token expired or was revoked early: fetch a new one and resend once.
    onUnauthorized: () => {
      cached = undefined;
      return true;
    },
  });

  function listAll<T>(
    url: string,
    item: z.ZodType<T>,
    schemaName: string,
    operation: string,
    params: Record<string, QueryValue>,
    parallel = 1,
  ): Promise<T[]> {
    // Each account, entitlement or activity on its own: one that does not fit is reported and skipped.
    const schema = tolerantArray(item) as unknown as z.ZodType<T[]>;
    const pages = offsetPages(
      async (offset, limit, withTotal) => {
        let total: number | undefined;
        const items = await http.request({
          method: "GET",
          url,
          // count=true: the first page's X-Total-Count tells the later pages, read several at once (paginate.ts).
          params: { ...params, limit, offset, ...(withTotal ? { count: true } : {}) },
          schema,
          schemaName,
          operation,
          idempotent: true,
          onHeaders: (header) => {
            const n = Number(header("x-total-count") ?? NaN);
            if (Number.isSafeInteger(n) && n >= 0) total = n;
          },
        });
        return { items, total };
      },
      { limit: PAGE, api: ISC_API, operation, parallel },
    );
    return collectItems(pages, (p) => p);
  }

  return {
    /**
     * listAccounts: every account of the source (all pages, sorted by id). `filters` is and-ed after
     * `sourceId eq "<id>"`; wrap an `or` expression in parentheses yourself.
     */
    listAccounts(query: { sourceId: string; filters?: string }): Promise<Account[]> {
      const filters = and(`sourceId eq ${iscString(query.sourceId)}`, query.filters);
      // A source's accounts run to hundreds of pages (one per person): read several at once.
      const operation = `listAccounts of source ${query.sourceId}`;
      return listAll(`${v3}/accounts`, Account, "Account[]", operation, { filters, sorters: "id" }, pagesAtOnce);
    },

    /** getAccountEntitlements: the entitlements ISC records for one account (its last aggregation, not live). */
    getAccountEntitlements(accountId: string): Promise<Entitlement[]> {
      const url = `${v3}/accounts/${encodeURIComponent(accountId)}/entitlements`;
      return listAll(url, Entitlement, "Entitlement[]", `getAccountEntitlements of account ${accountId}`, {});
    },

    /** listEntitlements (v2025): the source's entitlements, i.e. the Atlassian groups ISC knows, filtered on `source.id`. */
    listEntitlements(sourceId: string, extra: { filters?: string } = {}): Promise<Entitlement[]> {
      const filters = and(`source.id eq ${iscString(sourceId)}`, extra.filters);
      return listAll(`${v2025}/entitlements`, Entitlement, "Entitlement[]", `listEntitlements of source ${sourceId}`, {
        filters,
        sorters: "id",
      });
    },

    /**
     * listAccountActivities: provisioning outcomes, oldest first. ISC filters only on type, created and modified, so
     * narrow to the source with `items[].sourceId` afterwards.
     */
    listAccountActivities(
      query: {
        since?: Date | string;
        filters?: string;
        requestedFor?: string;
        requestedBy?: string;
        regardingIdentity?: string;
      } = {},
    ): Promise<AccountActivity[]> {
      const since = query.since === undefined ? undefined : new Date(query.since);
      if (since && Number.isNaN(since.getTime()))
        throw new Error(`listAccountActivities: since must be a Date or ISO-8601 time; got ${String(query.since)}.`);
      const filters =
        and(since ? `created ge ${iscString(since.toISOString())}` : undefined, query.filters) || undefined;
      return listAll(`${v3}/account-activities`, AccountActivity, "AccountActivity[]", "listAccountActivities", {
        filters,
        sorters: "created",
        "requested-for": query.requestedFor,
        "requested-by": query.requestedBy,
        "regarding-identity": query.regardingIdentity,
      });
    },

    /** getSource: one source; throws an HttpError 404 (`isNotFound`) when it does not exist. */
    getSource(sourceId: string): Promise<Source> {
      return http.request({
        method: "GET",
        url: `${v3}/sources/${encodeURIComponent(sourceId)}`,
        schema: Source,
        schemaName: "Source",
        operation: `getSource ${sourceId}`,
        idempotent: true,
      });
    },
  };
}

export type IscClient = ReturnType<typeof createIscClient>;
