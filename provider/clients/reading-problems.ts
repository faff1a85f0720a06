// Items the clients could not read and skipped: one bad event, user, group, role row or ISC account is reported here
// (which item, why: one line naming the field) instead of failing its page. The caller prints them once: the provider in
// its preview output, a command on stderr. One collector per process unless a client is given its own.
import { z } from "zod";

export interface ReadingProblem {
  /** The client's name, e.g. "Atlassian org API". */
  api: string;
  /** The operation whose answer held the item, e.g. "searchDirectoryUsers". */
  operation: string;
  /** The item: its id (or name) when it has one, else its position in the page. */
  item: string;
  /** The first field at fault and what is wrong with it, e.g. `accountId: expected string, received number`. */
  reason: string;
}

export class ReadingProblems {
  private readonly items: ReadingProblem[] = [];

  report(problem: ReadingProblem): void {
    this.items.push(problem);
  }

  list(): readonly ReadingProblem[] {
    return this.items;
  }

  /** The problems reported so far, emptied: for a caller that prints them once. */
  drain(): ReadingProblem[] {
    return this.items.splice(0);
  }

  /** One line per problem, at most `max` (then how many more), or [] when there are none. */
  static lines(problems: readonly ReadingProblem[], max = 20): string[] {
    const shown = problems.slice(0, max).map((p) => `${p.api}: ${p.operation}: skipped ${p.item}: ${p.reason}`);
    if (problems.length > max) shown.push(`... and ${problems.length - max} more item(s) skipped`);
    return shown;
  }
}

/** The process's collector: what every client reports into unless given its own. */
export const readingProblems = new ReadingProblems();

/** What a tolerant list left out, keyed by the parsed array (the transport reports it with the operation's name). */
const skippedOf = new WeakMap<object, Omit<ReadingProblem, "api" | "operation">[]>();

const rawLengths = new WeakMap<object, number>();

/** Lists a tolerant parse has shortened in this process: a parse that shortened none needs no walk of its answer. */
let shortened = 0;

/** How many lists tolerant parses have shortened so far (a count, compared before and after one synchronous parse). */
export function listsShortened(): number {
  return shortened;
}

/** How many items the server sent for a list a tolerant parse may have shortened: offset paging counts those. */
export function sentLength(list: readonly unknown[]): number {
  return rawLengths.get(list) ?? list.length;
}

/** The fields that hold a page's items (v2 and v1 `data`, SCIM `Resources`): their items need no field name. */
const PAGE_FIELDS = new Set(["data", "Resources"]);

const ID_FIELDS = ["id", "accountId", "resourceId", "userName", "displayName", "name", "domain", "productId"];

function describeItem(raw: unknown, index: number): string {
  if (raw !== null && typeof raw === "object") {
    for (const f of ID_FIELDS) {
      const v = (raw as Record<string, unknown>)[f];
      if (typeof v === "string" && v !== "") return `item ${index} (${f} ${JSON.stringify(v.slice(0, 80))})`;
    }
  }
  return `item ${index}`;
}

/**
 * A list whose items are parsed one by one: an item that does not fit `item` is left out and recorded (the transport
 * reports it after parsing the page, see `reportSkipped`), so one bad item never sinks its page. The list itself must
 * still be an array.
 */
export function tolerantArray<T extends z.ZodType>(item: T) {
  return z.array(z.unknown()).transform((raw) => {
    const out: z.output<T>[] = [];
    const skipped: Omit<ReadingProblem, "api" | "operation">[] = [];
    raw.forEach((value, index) => {
      const r = item.safeParse(value);
      if (r.success) {
        out.push(r.data);
        return;
      }
      const issue = r.error.issues[0];
      const field = issue?.path.map(String).join(".") || "(the item)";
      skipped.push({ item: describeItem(value, index), reason: `${field}: ${issue?.message ?? "unreadable"}` });
    });
    if (skipped.length) {
      shortened++;
      skippedOf.set(out, skipped);
      rawLengths.set(out, raw.length);
    }
    return out;
  });
}

/**
 * Reports the items tolerant lists left out of a parsed answer, at any depth up to 4 (a page's items, and lists inside
 * them such as a user's groups, named by their field).
 */
export function reportSkipped(
  parsed: unknown,
  where: { api: string; operation: string },
  into: ReadingProblems,
  field = "",
  depth = 0,
): void {
  if (parsed === null || typeof parsed !== "object" || depth > 4) return;
  for (const s of skippedOf.get(parsed) ?? [])
    into.report({ ...where, item: field ? `${field} ${s.item}` : s.item, reason: s.reason });
  if (Array.isArray(parsed)) {
    for (const v of parsed) reportSkipped(v, where, into, field, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>))
    if (v !== null && typeof v === "object") reportSkipped(v, where, into, PAGE_FIELDS.has(k) ? "" : k, depth + 1);
}
