// ISC's standard collection parameters on a list route: filters, sorters, limit/offset, count=true -> X-Total-Count.
import type { Request, Response } from "express";
import { createHash } from "node:crypto";
import type { Store } from "../store";
import { problem } from "../problems";
import { listing, touch } from "./listing";
import { ISC_ERRORS } from "../isc/errors";
import { compileFilter, compileSorters, IscQueryError, type FieldTable, type FilterOp } from "../isc/filters";

/** One query parameter as a string; a repeated parameter is a 400 rather than a silent pick. */
export function queryParam(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw problem(ISC_ERRORS.badRequest, `Query parameter "${name}" must be given once.`);
  return v;
}

function intParam(req: Request, name: string, def: number, max?: number): number {
  const raw = queryParam(req, name);
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || (max !== undefined && n > max)) {
    throw problem(
      ISC_ERRORS.badRequest,
      `${name} must be an integer from 0${max !== undefined ? ` to ${max}` : " up"}; got "${raw}".`,
    );
  }
  return n;
}

export interface Paging {
  limit: number;
  offset: number;
  count: boolean;
}

/** `limit` (default and max 250 unless the route says otherwise), `offset`, `count`. */
export function paging(req: Request, maxLimit = 250): Paging {
  const count = queryParam(req, "count");
  if (count !== undefined && count !== "true" && count !== "false") {
    throw problem(ISC_ERRORS.badRequest, `count must be true or false; got "${count}".`);
  }
  return {
    limit: intParam(req, "limit", maxLimit, maxLimit),
    offset: intParam(req, "offset", 0),
    count: count === "true",
  };
}

/** Sends one page of `rows` after applying the request's filters and sorters against the route's tables. */
export function sendCollection<T>(
  store: Store,
  req: Request,
  res: Response,
  rows: T[],
  spec: {
    fields: FieldTable<T>;
    sorters: Record<string, (row: T) => unknown>;
    render: (row: T) => unknown;
    maxLimit?: number;
  },
): void {
  const page = paging(req, spec.maxLimit);
  const filters = queryParam(req, "filters");
  const sorters = queryParam(req, "sorters");
  // A page past the first renders from what the listing's first page selected (routes/listing.ts).
  const { offset: _o, limit: _l, count: _c, ...query } = req.query;
  const key = `isc ${req.baseUrl}${req.path} ${JSON.stringify(Object.entries(query).sort())}`;
  const selected = listing(store, key, page.offset === 0, () => {
    touch(store, rows.length);
    try {
      const keep = compileFilter(filters, spec.fields);
      const order = compileSorters(sorters, spec.sorters);
      const out = rows.filter(keep);
      if (order) out.sort(order);
      return out;
    } catch (e) {
      if (e instanceof IscQueryError) throw problem(ISC_ERRORS.badRequest, e.message);
      throw e;
    }
  });
  if (page.count) res.setHeader("X-Total-Count", String(selected.length));
  const served = selected.slice(page.offset, page.offset + page.limit);
  touch(store, served.length);
  res.json(served.map(spec.render));
}

/** A positive int32 that is stable for the same input (AccessRequestResponse.attributesHash). */
export function int32Hash(value: unknown): number {
  return parseInt(createHash("sha1").update(JSON.stringify(value)).digest("hex").slice(0, 7), 16);
}

export const STRING_OPS: FilterOp[] = ["eq", "in", "sw"];
export const TIME_OPS: FilterOp[] = ["eq", "ge", "gt", "le", "lt"];
