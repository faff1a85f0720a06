// A small printer for the code `discover` writes: string literals, arrays, objects and calls, laid out the way Prettier
// (default options: 80 columns, double quotes, trailing commas) lays them out, so the generated program is
// Prettier-clean as written. Only the shapes codegen.ts emits are covered. Pure.

/** A value in generated code. */
export type Code =
  | { kind: "string"; value: string }
  /** Code as is: an identifier, a member chain (`chain`: Prettier may break after a property's colon) or a template. */
  | { kind: "raw"; text: string; chain?: boolean }
  | { kind: "array"; items: Code[] }
  /** `expanded`: one property a line even when it would fit (Prettier keeps an object expanded once written so). */
  | { kind: "object"; props: Prop[]; expanded?: boolean }
  | { kind: "call"; callee: string; args: Code[] };

/** `key: value`, or the shorthand `key` when value is absent. */
export interface Prop {
  key: string;
  value?: Code;
}

export const WIDTH = 80;

export const str = (value: string): Code => ({ kind: "string", value });
export const raw = (text: string, chain = false): Code => ({ kind: "raw", text, chain });
export const array = (items: Code[]): Code => ({ kind: "array", items });
export const object = (props: Prop[], expanded = false): Code => ({ kind: "object", props, expanded });
export const call = (callee: string, args: Code[]): Code => ({ kind: "call", callee, args });

/** A string literal as Prettier writes it: double quotes unless the text holds more double quotes than single. */
export function quote(value: string): string {
  const double = JSON.stringify(value);
  const doubles = (value.match(/"/g) ?? []).length;
  const singles = (value.match(/'/g) ?? []).length;
  if (doubles <= singles) return double;
  return `'${double.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A template literal's text between the backticks, escaped. */
export const templateText = (text: string): string => text.replace(/[\\`]/g, "\\$&").replace(/\$\{/g, "\\${");

/** Display width as Prettier counts it: East Asian wide and full-width characters take two columns. */
export function width(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x300) n += 1;
    else if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f)) continue;
    else if (
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1f64f) ||
      (c >= 0x20000 && c <= 0x3fffd)
    )
      n += 2;
    else n += 1;
  }
  return n;
}

/** Prettier breaks an array of two or more objects (or arrays) that each have more than one entry. */
function mustBreak(items: Code[]): boolean {
  return (
    items.length > 1 &&
    (items.every((i) => i.kind === "object" && i.props.length > 1) ||
      items.every((i) => i.kind === "array" && i.items.length > 1))
  );
}

/** The one-line form, or undefined when the value must break. */
export function flat(c: Code): string | undefined {
  switch (c.kind) {
    case "string":
      return quote(c.value);
    case "raw":
      return c.text;
    case "array": {
      if (mustBreak(c.items)) return undefined;
      const items = c.items.map(flat);
      return items.every((i) => i !== undefined) ? `[${items.join(", ")}]` : undefined;
    }
    case "object": {
      if (c.props.length === 0) return "{}";
      if (c.expanded) return undefined;
      const props = c.props.map((p) => (p.value ? withValue(p.key, flat(p.value)) : p.key));
      return props.every((p) => p !== undefined) ? `{ ${props.join(", ")} }` : undefined;
    }
    case "call": {
      const args = c.args.map(flat);
      return args.every((a) => a !== undefined) ? `${c.callee}(${args.join(", ")})` : undefined;
    }
  }
}

const withValue = (key: string, value: string | undefined) => (value === undefined ? undefined : `${key}: ${value}`);
const fits = (line: string) => width(line) <= WIDTH;
const pad = (indent: number) => " ".repeat(indent);

/** `value` at `indent`, after `head` on its first line and before `tail` on its last; Prettier's choice of breaks. */
export function layout(c: Code, indent: number, head = "", tail = ""): string[] {
  const one = flat(c);
  if (one !== undefined && fits(pad(indent) + head + one + tail)) return [pad(indent) + head + one + tail];
  return broken(c, indent, head, tail);
}

/** The broken form: entries one a line (a string or raw code cannot break and overflows). */
function broken(c: Code, indent: number, head: string, tail: string): string[] {
  const at = pad(indent);
  switch (c.kind) {
    case "string":
    case "raw":
      return [at + head + flat(c)! + tail];
    case "array":
      return [at + head + "[", ...c.items.flatMap((i) => layout(i, indent + 2, "", ",")), at + "]" + tail];
    case "object":
      return [at + head + "{", ...c.props.flatMap((p) => prop(p, indent + 2)), at + "}" + tail];
    case "call": {
      const last = c.args[c.args.length - 1];
      const before = c.args.slice(0, -1).map(flat);
      // The last argument an object or array "hugs" the call when the line up to its bracket fits.
      if (last && (last.kind === "object" || last.kind === "array") && before.every((b) => b !== undefined)) {
        const open = `${head}${c.callee}(${before.map((b) => `${b}, `).join("")}`;
        if (fits(at + open + (last.kind === "object" ? "{" : "["))) return broken(last, indent, open, `)${tail}`);
      }
      return [at + head + c.callee + "(", ...c.args.flatMap((a) => layout(a, indent + 2, "", ",")), at + ")" + tail];
    }
  }
}

/**
 * One property line (or lines) with its trailing comma. A string or member-chain value that does not fit moves to the
 * next line, unless the key is shorter than 5 columns (Prettier's tabWidth + 3: too little gained by the break).
 */
function prop(p: Prop, indent: number): string[] {
  const at = pad(indent);
  if (!p.value) return [`${at}${p.key},`];
  const one = flat(p.value);
  if (one !== undefined && fits(`${at}${p.key}: ${one},`)) return [`${at}${p.key}: ${one},`];
  const breaksAfterColon = p.value.kind === "string" || (p.value.kind === "raw" && p.value.chain);
  if (breaksAfterColon && width(p.key) >= 5) return [`${at}${p.key}:`, `${pad(indent + 2)}${one},`];
  return layout(p.value, indent, `${p.key}: `, ",");
}

/** JSON as Prettier's json parser writes it: objects expanded, arrays on one line when they fit, no trailing commas. */
export function json(value: unknown, indent = 0, head = ""): string {
  if (Array.isArray(value)) {
    const items = value.map((v) => json(v, indent + 2));
    const one = `[${items.join(", ")}]`;
    if (!one.includes("\n") && fits(pad(indent) + head + one + ",")) return one;
    return `[\n${items.map((i) => pad(indent + 2) + i).join(",\n")}\n${pad(indent)}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    const lines = entries.map(([k, v]) => {
      const key = `${JSON.stringify(k)}: `;
      return pad(indent + 2) + key + json(v, indent + 2, key);
    });
    return `{\n${lines.join(",\n")}\n${pad(indent)}}`;
  }
  return JSON.stringify(value);
}
