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

/**
 * `fetch` of each key with at most `parallel` under way, yielded in the keys' order whatever order the answers come
 * in. A consumer that stops early leaves the rest unread; their failures are dropped, not left unhandled.
 */
async function* inOrder<K, P>(keys: K[], parallel: number, fetch: (key: K) => Promise<P>): AsyncGenerator<[K, P]> {
  const pending: Promise<P>[] = [];
  let next = 0;
  for (const key of keys) {
    // One awaited below plus those still pending: `parallel` in all.
    while (next < keys.length && pending.length < parallel) {
      const p = fetch(keys[next++]);
      p.catch(() => undefined);
      pending.push(p);
    }
    yield [key, await pending.shift()!];
  }
}

/**
 * Every page of a SCIM listing: 1-based startIndex, advanced by what came back, until totalResults is reached. The
 * first page's size and totalResults (RFC 7644 §3.4.2.4) tell every later page's startIndex, so with `parallel` > 1
 * those are read that many at once (each still through the client's gate), and yielded in order. A later page that
 * comes back shorter or longer than the first means the listing changed under the read: the pages planned after it are dropped and the read
 * goes on one page after another from what that page reached, as a sequential read would.
 */
export async function* scimPages<T>(
  fetchPage: (startIndex: number, count: number) => Promise<ScimListPage<T>>,
  opts: { count?: number; api: string; operation: string; parallel?: number },
): AsyncGenerator<ScimListPage<T>> {
  const count = opts.count ?? 100;
  let page = 0;
  let start = 1;
  /** Yields `result` (read at `at`); false when the listing ends with it. */
  const took = (at: number, result: ScimListPage<T>): boolean => {
    pageRead(opts.operation, Math.max(1, Math.ceil(result.totalResults / count)));
    // What the server sent, counting resources a tolerant read skipped: startIndex counts them too.
    const got = result.Resources ? sentLength(result.Resources) : 0;
    start = at + got;
    // An empty page before totalResults would otherwise ask for the same page forever.
    return got > 0 && start <= result.totalResults;
  };
  const tooMany = () => new PaginationError(opts.api, opts.operation, `more than ${MAX_PAGES} pages`);

  const first = await fetchPage(start, count);
  page++;
  const step = first.Resources ? sentLength(first.Resources) : 0;
  const more = took(1, first);
  yield first;
  if (!more) return;
  if ((opts.parallel ?? 1) > 1) {
    const starts: number[] = [];
    for (let s = start; s <= first.totalResults && starts.length < MAX_PAGES; s += step) starts.push(s);
    for await (const [at, result] of inOrder(starts, opts.parallel!, (s) => fetchPage(s, count))) {
      if (++page > MAX_PAGES) throw tooMany();
      const goOn = took(at, result);
      yield result;
      if (!goOn) return;
      if ((result.Resources ? sentLength(result.Resources) : 0) !== step) break;
    }
  }
  for (;;) {
    if (++page > MAX_PAGES) throw tooMany();
    const at = start;
    const result = await fetchPage(at, count);
    const goOn = took(at, result);
    yield result;
    if (!goOn) return;
  }
}

/** An ISC page: its items, and the X-Total-Count the first page was asked for (`count=true`), when the server sent it. */
export interface OffsetPage<T> {
  items: T[];
  total?: number;
}

/**
 * Every page of an ISC listing: offset/limit, stopping at a short page (totals are unreliable: sailpoint-isc-api.md
 * §2). With `parallel` > 1 the first page asks for the total (`withTotal`), and the pages it promises are read that
 * many at once and yielded in order; a short page still ends the listing (pages read past it are dropped), and a full
 * last page is followed one page at a time, so a total that is off reads what the sequential read would.
 */
export async function* offsetPages<T>(
  fetchPage: (offset: number, limit: number, withTotal: boolean) => Promise<T[] | OffsetPage<T>>,
  opts: { limit?: number; api: string; operation: string; parallel?: number },
): AsyncGenerator<T[]> {
  const limit = opts.limit ?? 250;
  const parallel = opts.parallel ?? 1;
  const read = async (page: number, withTotal = false): Promise<OffsetPage<T>> => {
    if (page >= MAX_PAGES) throw new PaginationError(opts.api, opts.operation, `more than ${MAX_PAGES} pages`);
    const r = await fetchPage(page * limit, limit, withTotal);
    return Array.isArray(r) ? { items: r } : r;
  };
  const first = await read(0, parallel > 1);
  // Progress shows "of N pages" when the total came (a full last page is followed by one more, empty or not).
  const of = first.total === undefined ? undefined : Math.floor(first.total / limit) + 1;
  const seen = () => pageRead(opts.operation, of);
  seen();
  yield first.items;
  if (sentLength(first.items) < limit) return;
  let page = 1;
  if (first.total !== undefined && parallel > 1) {
    const planned: number[] = [];
    for (let p = 1; p * limit < first.total && p < MAX_PAGES; p++) planned.push(p);
    for await (const [p, { items }] of inOrder(planned, parallel, (n) => read(n))) {
      seen();
      yield items;
      if (sentLength(items) < limit) return;
      page = p + 1;
    }
  }
  for (; ; page++) {
    const { items } = await read(page);
    seen();
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
