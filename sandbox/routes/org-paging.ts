// Opaque cursor paging for the org API v2: the cursor carries the query, so a cursor alone continues a search.
import { problem } from "../problems";
import { ORG_ERRORS } from "../org/errors";

interface CursorState {
  q: Record<string, unknown>;
  o: number;
}

export function encodeCursor(q: Record<string, unknown>, offset: number): string {
  return Buffer.from(JSON.stringify({ q, o: offset } satisfies CursorState)).toString("base64url");
}

/** The query a cursor was made for, and where it continues; a malformed cursor is a 400 ADMIN-400-1. */
export function decodeCursor(cursor: string): CursorState {
  try {
    const state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorState;
    if (typeof state.o !== "number" || typeof state.q !== "object" || state.q === null) throw new Error("shape");
    return state;
  } catch {
    throw problem(ORG_ERRORS.invalidCursor, `The cursor "${cursor}" is not valid.`);
  }
}

export function parseLimit(raw: unknown, def: number, max: number): number {
  if (raw === undefined || raw === null || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw problem(
      ORG_ERRORS.invalidInput,
      `limit must be an integer between 1 and ${max}; got ${JSON.stringify(raw)}.`,
    );
  }
  return n;
}

/** One page of `items` plus v2 `links` (self, and next/prev only where they exist). */
export function pageOf<T>(items: T[], q: Record<string, unknown>, offset: number, limit: number) {
  const data = items.slice(offset, offset + limit);
  const links: { self: string; next?: string; prev?: string } = { self: encodeCursor(q, offset) };
  if (offset + limit < items.length) links.next = encodeCursor(q, offset + limit);
  if (offset > 0) links.prev = encodeCursor(q, Math.max(0, offset - limit));
  return { data, links };
}

/** A body or query field that must be a list of strings (one string counts as a list of one). */
export function strArray(v: unknown, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const arr = Array.isArray(v) ? v : [v];
  if (!arr.every((x) => typeof x === "string")) {
    throw problem(ORG_ERRORS.invalidInput, `${field} must be an array of strings.`);
  }
  return arr;
}

/** Body for a search: with a cursor, the cursor's stored query wins and other fields are ignored. */
export function searchQuery(body: Record<string, unknown>): { q: Record<string, unknown>; offset: number } {
  if (typeof body.cursor === "string") {
    const c = decodeCursor(body.cursor);
    return { q: { ...c.q, limit: body.limit ?? c.q.limit }, offset: c.o };
  }
  const { cursor: _c, ...q } = body;
  return { q, offset: 0 };
}
