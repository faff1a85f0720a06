// Page iterators for the three paging styles: org v2 cursors, SCIM startIndex/count, ISC offset/limit; plus collectors.
import { PaginationError } from "./errors";
import { sentLength } from "./reading-problems";
import type { Http, QueryValue } from "./http";
import type { ZodType } from "zod";
import { pageRead } from "../runtime/progress";

/** Past this many pages a listing is treated as runaway rather than big. */
const MAX_PAGES = 10_000;

/**
 * The cursor a `links.next` (or `meta.next`) names, whichever form the endpoint uses: a full or relative URL carrying
 * `?cursor=` (v1 events, app access settings, the spec's workspaces example) or the bare cursor (v2 lists). Undefined for
 * no link, and for a URL that carries no cursor (the caller then fails clearly rather than stop after one page).
 */
export function cursorOf(link: string | null | undefined): string | undefined {
  const text = link?.trim();
  if (!text) return undefined;
  const urlLike = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith("?") || /^\/.*\?/.test(text);
  if (!urlLike) return text;
  try {
    return new URL(text, "http://cursor.invalid").searchParams.get("cursor") || undefined;
  } catch {
    return undefined;
  }
}

/** A v2 page: opaque cursors in `links` (atlassian-api.md §1.3). */
export interface CursorPage {
  links?: { next?: string | null } | null;
}

export interface CursorRequest<P> {
  http: Http;
  method: "GET" | "POST";
  url: string;
  /** GET: query parameters; the cursor joins them as `?cursor=` (the API then ignores the rest). */
  params?: Record<string, QueryValue>;
  /** POST search: the body; the cursor goes into it as `cursor`. */
  body?: Record<string, unknown>;
  /** POST only: send `{cursor}` alone on later pages (workspaces reject other fields beside a cursor). */
  cursorAlone?: boolean;
  schema: ZodType<P>;
  schemaName: string;
  operation: string;
  /** Where the next page's link or cursor is (either form, see `cursorOf`); default `links.next`. */
  next?: (page: P) => string | null | undefined;
}

/** Every page of a cursor listing, failing on a cursor the server already gave (a loop). */
export async function* cursorPages<P extends CursorPage>(req: CursorRequest<P>): AsyncGenerator<P> {
  const seen = new Set<string>();
  const nextOf = req.next ?? ((p: P) => p.links?.next);
  let cursor: string | undefined;
  // Progress counts the listings of a whole list (runtime/progress.ts), not the searches by role, group or email.
  const whole = Object.keys(req.body ?? {}).every((k) => ["limit", "expand", "sortBy"].includes(k));
  for (let page = 1; ; page++) {
    if (page > MAX_PAGES) throw new PaginationError(req.http.name, req.operation, `more than ${MAX_PAGES} pages`);
    const first = cursor === undefined;
    const data =
      req.method === "POST"
        ? first
          ? (req.body ?? {})
          : req.cursorAlone
            ? { cursor }
            : { ...req.body, cursor }
        : undefined;
    const params = req.method === "GET" ? { ...req.params, ...(cursor !== undefined ? { cursor } : {}) } : req.params;
    const result = await req.http.request({
      method: req.method,
      url: req.url,
      params,
      data,
      schema: req.schema,
      schemaName: req.schemaName,
      operation: req.operation,
      // Every page is a read, POST searches included.
      idempotent: true,
    });
    pageRead(whole ? req.operation : `${req.operation} (filtered)`);
    yield result;
    const link = nextOf(result);
    if (link === undefined || link === null || link.trim() === "") return;
    const next = cursorOf(link);
    if (next === undefined)
      throw new PaginationError(
        req.http.name,
        req.operation,
        `page ${page}'s next link "${link.slice(0, 80)}" carries no cursor parameter`,
      );
    if (seen.has(next) || next === cursor) {
      throw new PaginationError(
        req.http.name,
        req.operation,
        `page ${page} repeated the cursor "${next.slice(0, 40)}"`,
      );
    }
    seen.add(next);
    cursor = next;
  }
}

/** A SCIM list response (RFC 7644 §3.4.2). */
export interface ScimListPage<T> {
  totalResults: number;
  startIndex?: number;
  itemsPerPage?: number;
  Resources?: T[];
}

/** Every page of a SCIM listing: 1-based startIndex, advanced by what came back, until totalResults is reached. */
export async function* scimPages<T>(
  fetchPage: (startIndex: number, count: number) => Promise<ScimListPage<T>>,
  opts: { count?: number; api: string; operation: string },
): AsyncGenerator<ScimListPage<T>> {
  const count = opts.count ?? 100;
  let start = 1;
  for (let page = 1; ; page++) {
    if (page > MAX_PAGES) throw new PaginationError(opts.api, opts.operation, `more than ${MAX_PAGES} pages`);
    const result = await fetchPage(start, count);
    pageRead(opts.operation, Math.max(1, Math.ceil(result.totalResults / count)));
    yield result;
    // What the server sent, counting resources a tolerant read skipped: startIndex counts them too.
    const got = result.Resources ? sentLength(result.Resources) : 0;
    // An empty page before totalResults would otherwise ask for the same page forever.
    if (got === 0) return;
    start += got;
    if (start > result.totalResults) return;
  }
}

/** Every page of an ISC listing: offset/limit, stopping at a short page (totals are unreliable: sailpoint-isc-api.md §2). */
export async function* offsetPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<T[]>,
  opts: { limit?: number; api: string; operation: string },
): AsyncGenerator<T[]> {
  const limit = opts.limit ?? 250;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new PaginationError(opts.api, opts.operation, `more than ${MAX_PAGES} pages`);
    const items = await fetchPage(page * limit, limit);
    pageRead(opts.operation);
    yield items;
    if (sentLength(items) < limit) return;
  }
}

/** The items of every page, in order. */
export async function* itemsOf<P, T>(
  pages: AsyncIterable<P>,
  pick: (page: P) => readonly T[] | null | undefined,
): AsyncGenerator<T> {
  for await (const page of pages) yield* pick(page) ?? [];
}

/** Everything an iterator yields. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The items of every page; `pick` maps a page to its items. */
export function collectItems<P, T>(
  pages: AsyncIterable<P>,
  pick: (page: P) => readonly T[] | null | undefined,
): Promise<T[]> {
  return collect(itemsOf(pages, pick));
}

/** The first item matching `predicate`, reading no further pages than needed. */
export async function findFirst<T>(items: AsyncIterable<T>, predicate: (item: T) => boolean): Promise<T | undefined> {
  for await (const item of items) if (predicate(item)) return item;
  return undefined;
}
