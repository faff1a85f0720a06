// ISC's collection query syntax (filters, sorters) as pure functions: parse, check against an endpoint's table, evaluate.
//
// Grammar (developer.sailpoint.com "standard collection parameters"): `field op value`, `field in ("a","b")`,
// `field isnull`, `field pr`, composed with `and`, `or`, `not` and parentheses; operators are lowercase.

/** A filter or sorter the endpoint cannot take; routes answer 400 with this message. */
export class IscQueryError extends Error {}

export type FilterOp = "eq" | "ne" | "in" | "sw" | "co" | "gt" | "ge" | "lt" | "le" | "isnull" | "pr" | "ca";
const OPS: FilterOp[] = ["eq", "ne", "in", "sw", "co", "gt", "ge", "lt", "le", "isnull", "pr", "ca"];
const UNARY: FilterOp[] = ["isnull", "pr"];

export type Literal = string | number | boolean | null;

export type FilterNode =
  | { kind: "cmp"; field: string; op: FilterOp; values: Literal[] }
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; operand: FilterNode };

/** What an endpoint supports per field: the operators its spec lists, and how to read the field off a row. */
export type FieldTable<T> = Record<string, { ops: FilterOp[]; get: (row: T) => unknown }>;

type Token = { t: "str"; v: string } | { t: "word"; v: string } | { t: "(" | ")" | "," };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === ",") {
      out.push({ t: c });
      i++;
    } else if (c === '"') {
      let v = "";
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === "\\" && i + 1 < src.length) i++;
        v += src[i++];
      }
      if (i >= src.length) throw new IscQueryError(`Invalid filter: unterminated string starting "${v.slice(0, 20)}".`);
      i++;
      out.push({ t: "str", v });
    } else {
      let v = "";
      while (i < src.length && !/[\s(),"]/.test(src[i])) v += src[i++];
      out.push({ t: "word", v });
    }
  }
  return out;
}

function bareLiteral(word: string): Literal {
  if (word === "true") return true;
  if (word === "false") return false;
  if (word === "null") return null;
  if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
  return word; // dates such as 2026-11-23T15:00:00Z may come unquoted
}

/** Parse a `filters` expression; throws IscQueryError naming the first thing it could not read. */
export function parseFilter(src: string): FilterNode {
  const toks = tokenize(src);
  let pos = 0;
  const peekWord = () => (toks[pos]?.t === "word" ? (toks[pos] as { v: string }).v : undefined);
  const expect = (t: "(" | ")" | ",") => {
    if (toks[pos]?.t !== t) throw new IscQueryError(`Invalid filter "${src}": expected "${t}" at token ${pos + 1}.`);
    pos++;
  };
  const value = (): Literal => {
    const tok = toks[pos++];
    if (tok?.t === "str") return tok.v;
    if (tok?.t === "word") return bareLiteral(tok.v);
    throw new IscQueryError(`Invalid filter "${src}": expected a value at token ${pos}.`);
  };
  const primary = (): FilterNode => {
    if (toks[pos]?.t === "(") {
      pos++;
      const inner = orExpr();
      expect(")");
      return inner;
    }
    if (peekWord() === "not") {
      pos++;
      return { kind: "not", operand: primary() };
    }
    const field = peekWord();
    if (!field || !/^[A-Za-z_][\w.]*$/.test(field))
      throw new IscQueryError(`Invalid filter "${src}": expected a field name at token ${pos + 1}.`);
    pos++;
    const op = peekWord() as FilterOp | undefined;
    if (!op || !OPS.includes(op)) {
      throw new IscQueryError(
        `Invalid filter "${src}": "${op ?? "end of input"}" after ${field} is not an operator (${OPS.join(", ")}).`,
      );
    }
    pos++;
    if (UNARY.includes(op)) return { kind: "cmp", field, op, values: [] };
    if (op === "in") {
      expect("(");
      const values = [value()];
      while (toks[pos]?.t === ",") {
        pos++;
        values.push(value());
      }
      expect(")");
      return { kind: "cmp", field, op, values };
    }
    return { kind: "cmp", field, op, values: [value()] };
  };
  const andExpr = (): FilterNode => {
    let left = primary();
    while (peekWord() === "and") {
      pos++;
      left = { kind: "and", left, right: primary() };
    }
    return left;
  };
  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (peekWord() === "or") {
      pos++;
      left = { kind: "or", left, right: andExpr() };
    }
    return left;
  };
  if (toks.length === 0) throw new IscQueryError("Invalid filter: the expression is empty.");
  const node = orExpr();
  if (pos < toks.length) throw new IscQueryError(`Invalid filter "${src}": unexpected input at token ${pos + 1}.`);
  return node;
}

function check<T>(node: FilterNode, table: FieldTable<T>): void {
  if (node.kind === "not") return check(node.operand, table);
  if (node.kind !== "cmp") {
    check(node.left, table);
    return check(node.right, table);
  }
  const spec = table[node.field];
  if (!spec) {
    throw new IscQueryError(
      `Filtering is not supported for field "${node.field}"; supported fields: ${Object.keys(table).join(", ")}.`,
    );
  }
  if (!spec.ops.includes(node.op)) {
    throw new IscQueryError(
      `Filtering with operator "${node.op}" is not supported for field "${node.field}"; supported: ${spec.ops.join(", ")}.`,
    );
  }
}

const asTime = (v: unknown): number => (typeof v === "string" ? Date.parse(v) : typeof v === "number" ? v : NaN);

function same(actual: unknown, literal: Literal): boolean {
  if (actual === undefined || actual === null) return literal === null;
  if (Array.isArray(actual)) return actual.some((a) => same(a, literal));
  return String(actual) === String(literal);
}

function compare(actual: unknown, literal: Literal): number {
  const a = asTime(actual);
  const b = asTime(literal);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  return String(actual ?? "").localeCompare(String(literal ?? ""));
}

function evaluate<T>(node: FilterNode, table: FieldTable<T>, row: T): boolean {
  switch (node.kind) {
    case "and":
      return evaluate(node.left, table, row) && evaluate(node.right, table, row);
    case "or":
      return evaluate(node.left, table, row) || evaluate(node.right, table, row);
    case "not":
      return !evaluate(node.operand, table, row);
  }
  const actual = table[node.field].get(row);
  const [v] = node.values;
  switch (node.op) {
    case "eq":
      return same(actual, v);
    case "ne":
      return !same(actual, v);
    case "in":
      return node.values.some((x) => same(actual, x));
    case "sw":
      return typeof actual === "string" && actual.startsWith(String(v));
    case "co":
      return typeof actual === "string" && actual.includes(String(v));
    case "ca":
      return Array.isArray(actual) && actual.some((a) => same(a, v));
    case "isnull":
      return actual === undefined || actual === null;
    case "pr":
      return actual !== undefined && actual !== null;
    case "gt":
      return compare(actual, v) > 0;
    case "ge":
      return compare(actual, v) >= 0;
    case "lt":
      return compare(actual, v) < 0;
    case "le":
      return compare(actual, v) <= 0;
  }
}

/** A row predicate for `filters`, or accept-all when the parameter is absent; unsupported field or op throws. */
export function compileFilter<T>(src: string | undefined, table: FieldTable<T>): (row: T) => boolean {
  if (src === undefined || src.trim() === "") return () => true;
  const node = parseFilter(src);
  check(node, table);
  return (row) => evaluate(node, table, row);
}

/** A comparator for `sorters=a,-b`; fields outside `table` throw. Undefined when the parameter is absent. */
export function compileSorters<T>(
  src: string | undefined,
  table: Record<string, (row: T) => unknown>,
): ((a: T, b: T) => number) | undefined {
  if (src === undefined || src.trim() === "") return undefined;
  const keys = src.split(",").map((raw) => {
    const s = raw.trim();
    const desc = s.startsWith("-");
    const field = desc ? s.slice(1) : s;
    const get = table[field];
    if (!get)
      throw new IscQueryError(
        `Sorting is not supported for field "${field}"; supported fields: ${Object.keys(table).join(", ")}.`,
      );
    return { get, sign: desc ? -1 : 1 };
  });
  return (a, b) => {
    for (const k of keys) {
      const x = k.get(a);
      const y = k.get(b);
      if (x === y) continue;
      if (x === undefined || x === null) return -k.sign;
      if (y === undefined || y === null) return k.sign;
      const d = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      if (d !== 0) return d * k.sign;
    }
    return 0;
  };
}
