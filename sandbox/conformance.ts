// Validates recorded sandbox exchanges against the official OpenAPI specs (read from ../shared/specs, never copied here) plus spec-overlay.yaml.
//
// Routing, parameter and body schemas come from openapi-backend (Ajv underneath, one compile per operation, on
// first use); this file picks the document, applies the overlay and decides which checks apply:
// - the request (path, query, JSON body) only when the sandbox accepted it (status < 400): tests probe refusals
//   on purpose, and an accepted request that breaks the spec means the sandbox is laxer than the real service;
// - the status must be declared for the operation; the content type and body must match what it declares.
// Header parameters are not checked: the request log keeps no request header but content-type.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { RequestRecord } from "./store";
import { load as loadYaml } from "js-yaml";
import {
  applyPatch,
  asList,
  dereference,
  dropTypelessNullable,
  globRegex,
  isJsonMedia,
  loadOverlay,
  mediaOf,
  SpecDocument,
  type Json,
  type Overlay,
  type Route,
} from "./spec-document";

export type Check = "status" | "request" | "content-type" | "response-body" | "undeclared-body";

export interface Violation {
  kind: Check | "unknown-route";
  api: string;
  method: string;
  path: string;
  status: number;
  /** `<spec file> <METHOD> <path template>` of the operation the exchange matched. */
  operation?: string;
  message: string;
}

export interface Conformance {
  readonly specsDir: string;
  check(record: RequestRecord): Violation[];
}

/**
 * Which documents describe which API, by base path; a later file loads only when the earlier ones lack the route.
 * `paths` (globs relative to the base) narrows a document to the routes only it describes.
 */
const DOCUMENTS: { apis: string[]; base: string; files: string[]; paths?: string }[] = [
  { apis: ["org", "audit"], base: "/admin", files: ["atlassian/atlassian-admin-organization.openapi.json"] },
  // The experimental app access settings left the spec on 2026-08-17/21 (atlassian-api.md §0): the last copy that
  // describes them is their spec; nothing else is checked against that older copy.
  {
    apis: ["org"],
    base: "/admin",
    files: ["atlassian/atlassian-admin-organization.openapi.2026-07-22.json"],
    paths: "/v2/orgs/*/app-access-settings/**",
  },
  { apis: ["scim"], base: "/", files: ["atlassian/atlassian-user-provisioning-scim.openapi.2023-08.json"] },
  // The subsets hold the routes the project uses and compile fast; the full dereferenced specs back them up.
  { apis: ["isc"], base: "/v3", files: ["isc/isc-v3-subset.json", "isc/deref-sailpoint-api.v3.json"] },
  { apis: ["isc"], base: "/v2025", files: ["isc/isc-v2025-subset.json", "isc/deref-sailpoint-api.v2025.yaml"] },
  { apis: ["isc"], base: "/", files: ["isc/deref-sailpoint-api.oauth.yaml"] },
];

const OVERLAY_FILE = path.join(__dirname, "spec-overlay.yaml");

export function defaultSpecsDir(): string {
  if (process.env.ATLASSIAN_ACCESS_SPECS_DIR) return path.resolve(process.env.ATLASSIAN_ACCESS_SPECS_DIR);
  let dir = __dirname;
  while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.resolve(dir, "..", "shared", "specs");
}

/** The checker, or undefined (after telling `onSkip` why) when the specs are not at `specsDir`. */
export function loadConformance(
  specsDir = defaultSpecsDir(),
  onSkip: (reason: string) => void = () => {},
): Conformance | undefined {
  const missing = DOCUMENTS.map((d) => d.files[0]).filter((f) => !existsSync(path.join(specsDir, f)));
  if (missing.length) {
    const which = existsSync(specsDir) ? ` (missing ${missing.join(", ")})` : "";
    onSkip(`specs not found at ${specsDir}: conformance skipped${which}`);
    return undefined;
  }
  return new SpecConformance(specsDir, loadOverlay(OVERLAY_FILE));
}

interface Rule {
  apis?: string[];
  method?: string;
  pattern: RegExp;
  status?: string;
  skip: Check[];
}

const compileRule = (e: {
  api?: string | string[];
  method?: string;
  path: string | string[];
  status?: number | string;
  skip?: Check[];
}): Rule => ({
  apis: asList(e.api),
  method: e.method?.toUpperCase(),
  pattern: globRegex(e.path),
  status: e.status === undefined ? undefined : String(e.status).toUpperCase(),
  skip: e.skip ?? [],
});

const ruleApplies = (r: Rule, api: string, method: string) =>
  (!r.apis || r.apis.includes(api)) && (!r.method || r.method === method);

class SpecConformance implements Conformance {
  private readonly documents = new Map<string, SpecDocument | null>();
  private readonly skipCache = new Map<string, Set<Check>>();
  private readonly notInSpec: Rule[];
  private readonly lenient: Rule[];

  constructor(
    readonly specsDir: string,
    private readonly overlay: Overlay,
  ) {
    this.notInSpec = (overlay.notInSpec ?? []).map(compileRule);
    this.lenient = (overlay.lenient ?? []).map(compileRule);
  }

  check(rec: RequestRecord): Violation[] {
    const method = rec.method.toUpperCase();
    if (this.notInSpec.some((r) => ruleApplies(r, rec.api, method) && r.pattern.test(rec.path))) return [];
    const out: Violation[] = [];
    const violation = (kind: Violation["kind"], message: string, operation?: string) =>
      out.push({ kind, api: rec.api, method, path: rec.path, status: rec.status, operation, message });

    const located = this.locate(rec);
    if (!located.route) {
      const hint = located.otherMethods.length ? `; the spec has ${located.otherMethods.slice(0, 4).join(", ")}` : "";
      violation("unknown-route", `no operation in the ${rec.api} specs matches ${method} ${rec.path}${hint}`);
      return out;
    }
    const { doc, route } = located;
    const operation = `${doc.file} ${method} ${route.template}`;
    const skip = this.skipsFor(rec, route.template);
    const responses: Json = route.op.responses ?? {};
    const declared = responses[rec.status] ?? responses[`${Math.floor(rec.status / 100)}XX`] ?? responses.default;
    if (!declared) {
      if (!skip.has("status"))
        violation(
          "status",
          `status ${rec.status} is not declared; the spec declares ${Object.keys(responses).join(", ")}`,
          operation,
        );
      return out;
    }
    if (rec.status < 400 && !skip.has("request")) {
      const contentType = mediaOf(rec.requestHeaders?.["content-type"]);
      // The request log drops an empty `{}` body; a JSON mutation without one sent exactly that.
      const body = rec.requestBody === undefined && isJsonMedia(contentType) && method !== "GET" ? {} : rec.requestBody;
      const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
      const req = { method, path: rec.path, query: { ...rec.query } as Json, headers, body };
      const errors = attempt(() => doc.validator.validateRequest(req, route.op).errors);
      if (errors) violation("request", formatErrors(errors), operation);
    }
    const media = declared.content ? (doc.declaredMedia.get(declared.content) ?? Object.keys(declared.content)) : [];
    if (!media.length) {
      if (rec.responseBody !== undefined && !skip.has("undeclared-body"))
        violation("undeclared-body", `the spec declares no body for ${rec.status}, the sandbox sent one`, operation);
      return out;
    }
    const responseType = mediaOf(rec.responseHeaders?.["content-type"]);
    if (!media.includes(responseType) && !skip.has("content-type")) {
      violation(
        "content-type",
        `content-type "${responseType}" is not declared for ${rec.status}; the spec declares ${media.join(", ")}`,
        operation,
      );
    }
    if (!skip.has("response-body") && isJsonMedia(responseType) && declared.content["application/json"]?.schema) {
      if (rec.responseBody === undefined)
        violation("response-body", `no body, but the spec declares one for ${rec.status}`, operation);
      else {
        const errors = attempt(() => doc.validator.validateResponse(rec.responseBody, route.op, rec.status).errors);
        if (errors) violation("response-body", formatErrors(errors), operation);
      }
    }
    return out;
  }

  private locate(
    rec: RequestRecord,
  ): { doc: SpecDocument; route: Route } | { doc?: undefined; route?: undefined; otherMethods: string[] } {
    const otherMethods: string[] = [];
    const candidates = DOCUMENTS.filter(
      (d) =>
        d.apis.includes(rec.api) &&
        (d.base === "/" || rec.path === d.base || rec.path.startsWith(`${d.base}/`)) &&
        (!d.paths || globRegex(d.paths).test(d.base === "/" ? rec.path : rec.path.slice(d.base.length))),
    );
    for (const d of candidates.sort((a, b) => b.base.length - a.base.length)) {
      for (const file of d.files) {
        const doc = this.document(file, d.base);
        const found = doc?.find(rec.method, rec.path);
        if (doc && found?.route) return { doc, route: found.route };
        otherMethods.push(...(found?.otherMethods ?? []));
      }
    }
    return { otherMethods };
  }

  private document(file: string, base: string): SpecDocument | undefined {
    if (!this.documents.has(file)) {
      const full = path.join(this.specsDir, file);
      if (!existsSync(full)) this.documents.set(file, null);
      else {
        const text = readFileSync(full, "utf8");
        const raw: Json = file.endsWith(".json") ? JSON.parse(text) : loadYaml(text);
        for (const p of this.overlay.patches ?? []) if (p.spec === file) applyPatch(raw, p);
        dropTypelessNullable(raw);
        this.documents.set(file, new SpecDocument(file, base, dereference(raw)));
      }
    }
    return this.documents.get(file) ?? undefined;
  }

  private skipsFor(rec: RequestRecord, template: string): Set<Check> {
    const key = `${rec.api} ${rec.method} ${template} ${rec.status}`;
    let skip = this.skipCache.get(key);
    if (!skip) {
      const statuses = [undefined, String(rec.status), `${Math.floor(rec.status / 100)}XX`];
      const hits = this.lenient.filter(
        (r) =>
          ruleApplies(r, rec.api, rec.method.toUpperCase()) && r.pattern.test(template) && statuses.includes(r.status),
      );
      this.skipCache.set(key, (skip = new Set(hits.flatMap((r) => r.skip))));
    }
    return skip;
  }
}

type ValidationErrors = { instancePath?: string; message?: string; params?: Record<string, unknown> }[];

/** A schema Ajv cannot compile is reported as a violation of that check rather than ending the run. */
function attempt(validate: () => ValidationErrors | null | undefined): ValidationErrors | null | undefined {
  try {
    return validate();
  } catch (err) {
    return [
      { message: `the spec's schema does not compile (${(err as Error).message}); patch it in spec-overlay.yaml` },
    ];
  }
}

function formatErrors(errors: ValidationErrors): string {
  const lines = errors.slice(0, 5).map((e) => {
    const extra = e.params?.additionalProperty ?? e.params?.allowedValues ?? e.params?.missingProperty;
    return `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}${extra !== undefined ? ` (${JSON.stringify(extra)})` : ""}`;
  });
  return lines.join("; ") + (errors.length > 5 ? `; and ${errors.length - 5} more` : "");
}
