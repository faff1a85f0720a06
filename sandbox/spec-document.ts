// One OpenAPI document for the conformance checker: the overlay of the specs' known defects applied, references
// resolved, routes compiled most specific first, and a validator that compiles each operation on first use.
import { readFileSync } from "node:fs";
import { load as loadYaml } from "js-yaml";
import addFormats from "ajv-formats";
import { OpenAPIRouter, OpenAPIValidator, type Operation } from "openapi-backend";
import type { Check } from "./conformance";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

// Spec documents are untyped JSON here; openapi-backend owns their typed reading.
export type Json = any;

export interface Overlay {
  patches?: { spec: string; pointer: string; op: "set" | "remove" | "merge"; value?: unknown; reason: string }[];
  lenient?: {
    api?: string | string[];
    method?: string;
    path: string | string[];
    status?: number | string;
    skip: Check[];
    reason: string;
  }[];
  notInSpec?: { api?: string | string[]; method?: string; path: string | string[]; reason: string }[];
}

/** `ATLASSIAN_ACCESS_SPECS_DIR`, else `<repo root>/../shared/specs` (the repo root is the nearest folder with package.json). */

export function loadOverlay(file: string): Overlay {
  const overlay = (loadYaml(readFileSync(file, "utf8")) ?? {}) as Overlay;
  for (const entry of [...(overlay.patches ?? []), ...(overlay.lenient ?? []), ...(overlay.notInSpec ?? [])]) {
    if (!entry.reason)
      throw new Error(`${file}: every entry needs a reason; this one has none: ${JSON.stringify(entry)}`);
  }
  return overlay;
}

export const isJsonMedia = (m: string) => /^application\/([\w.-]+\+)?json$/.test(m);
export const mediaOf = (contentType: string | undefined) => (contentType ?? "").split(";")[0].trim().toLowerCase();
export const asList = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** `*` is one path segment, `**` any number; a list matches any of its globs. */
export function globRegex(globs: string | string[]): RegExp {
  const one = (glob: string) =>
    glob
      .split("**")
      .map((part) =>
        part
          .split("*")
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join("[^/]*"),
      )
      .join(".*");
  return new RegExp(`^(?:${asList(globs)!.map(one).join("|")})$`);
}

function pointerSegments(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function applyPatch(doc: Json, p: NonNullable<Overlay["patches"]>[number]): void {
  const segs = pointerSegments(p.pointer);
  const last = segs.pop()!;
  const parent = segs.reduce((node, s) => node?.[s], doc);
  if (parent === undefined || (p.op !== "set" && !(last in parent))) {
    throw new Error(
      `spec-overlay.yaml: ${p.pointer} does not exist in ${p.spec}; the spec changed, review the patch (${p.reason}).`,
    );
  }
  if (p.op === "remove") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (p.op === "merge") Object.assign(parent[last], p.value);
  else parent[last] = p.value;
}

/** OAS 3.0.3: `nullable` without `type` has no effect, and Ajv refuses to compile it (several ISC schemas have it). */
export function dropTypelessNullable(node: Json): void {
  if (!node || typeof node !== "object") return;
  if (typeof node.nullable === "boolean" && node.type === undefined) delete node.nullable;
  for (const v of Object.values(node)) dropTypelessNullable(v);
}

/** Replaces every local `$ref` by its target in place (cycles stay cycles; openapi-backend de-cycles per schema). */
export function dereference(doc: Json): Json {
  const lookup = (ref: string) => pointerSegments(ref.slice(1)).reduce((n, s) => n?.[decodeURIComponent(s)], doc);
  const seen = new Set<object>();
  const resolve = (node: Json): Json => {
    let target = node;
    for (let hops = 0; target && typeof target.$ref === "string" && target.$ref.startsWith("#/") && hops < 32; hops++) {
      const next = lookup(target.$ref);
      if (next === undefined) break;
      target = next;
    }
    if (target && typeof target === "object" && !seen.has(target)) {
      seen.add(target);
      for (const k of Object.keys(target)) target[k] = resolve(target[k]);
    }
    return target;
  };
  return resolve(doc);
}

export type Route = { method: string; template: string; pattern: RegExp; op: Operation };

/** One compiled spec document: its routes, most specific first, and a lazily compiling validator. */
export class SpecDocument {
  readonly routes: Route[];
  readonly validator: OpenAPIValidator;
  /** Media types each response declares, before JSON variants were aliased to application/json for openapi-backend. */
  readonly declaredMedia = new WeakMap<object, string[]>();

  constructor(
    readonly file: string,
    readonly base: string,
    definition: Json,
  ) {
    this.normalize(definition);
    const router = new OpenAPIRouter({ definition, apiRoot: base });
    // openapi-backend rebuilds the operation list on every lookup; the definition never changes here.
    const ops = router.getOperations();
    const byId = new Map(ops.map((o) => [o.operationId, o]));
    router.getOperations = () => ops;
    router.getOperation = (id: string) => byId.get(id);
    this.routes = ops
      .map((op) => ({
        method: op.method,
        template: op.path,
        pattern: new RegExp(
          `^${op.path
            .split(/\{[^}]+\}/)
            .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join("[^/]+")}$`,
        ),
        op,
      }))
      .sort(
        (a, b) =>
          Number(a.template.includes("{")) - Number(b.template.includes("{")) ||
          b.template.replace(/\{[^}]+\}/g, "").length - a.template.replace(/\{[^}]+\}/g, "").length,
      );
    const customizeAjv = (ajv: Parameters<typeof addFormats>[0]) => addFormats(ajv);
    this.validator = new OpenAPIValidator({
      definition,
      router,
      lazyCompileValidators: true,
      ajvOpts: { logger: false },
      customizeAjv,
    });
  }

  /** Synthesizes missing operationIds (v2 mutations have none, atlassian-api.md §8), drops header params, aliases JSON media types. */
  private normalize(def: Json): void {
    const ids = new Set<string>();
    const notHeader = (p: Json) => p?.in !== "header";
    for (const [p, item] of Object.entries<Json>(def.paths ?? {})) {
      if (Array.isArray(item.parameters)) item.parameters = item.parameters.filter(notHeader);
      for (const m of METHODS) {
        if (!item[m]) continue;
        const op = (item[m] = { ...item[m] });
        if (!op.operationId || ids.has(op.operationId)) op.operationId = `${m.toUpperCase()} ${p}`;
        ids.add(op.operationId);
        if (Array.isArray(op.parameters)) op.parameters = op.parameters.filter(notHeader);
        this.aliasJson(op.requestBody?.content);
        for (const res of Object.values<Json>(op.responses ?? {})) this.aliasJson(res?.content);
      }
    }
  }

  private aliasJson(content: Json): void {
    if (!content || this.declaredMedia.has(content)) return;
    const keys = Object.keys(content);
    this.declaredMedia.set(content, keys);
    const json = keys.find(isJsonMedia);
    if (!content["application/json"] && json) content["application/json"] = content[json];
  }

  /** The operation for `method path`, or the methods the path does have. */
  find(method: string, fullPath: string): { route?: Route; otherMethods: string[] } {
    let rel = this.base === "/" ? fullPath : fullPath.slice(this.base.replace(/\/$/, "").length) || "/";
    while (rel.length > 1 && rel.endsWith("/")) rel = rel.slice(0, -1);
    const m = method.toLowerCase();
    const otherMethods: string[] = [];
    for (const r of this.routes) {
      if (!r.pattern.test(rel)) continue;
      if (r.method === m) return { route: r, otherMethods };
      otherMethods.push(`${r.method.toUpperCase()} ${r.template}`);
    }
    return { otherMethods };
  }
}
