// Error bodies per API: an ApiProblem is built from one named template and sent in the shape of the API it answers on.
import type { Response } from "express";

/**
 * A named error of one API (templates per system: org/errors.ts, scim/errors.ts, isc/errors.ts, and SANDBOX_ERRORS
 * below); the detail text is the throw site's.
 */
export interface ProblemTemplate {
  readonly status: number;
  /** Org v2 `errors[].code`, ISC `detailCode`, or the sandbox's own code. */
  readonly code: string;
  /** SCIM scimType (uniqueness, invalidFilter, ...). */
  readonly scimType?: string;
}

/** An error a route throws; `api` decides the body shape when it is sent. Build it with `problem()`. */
export class ApiProblem extends Error {
  public readonly status: number;
  public readonly code: string;
  public readonly scimType?: string;

  constructor(
    template: ProblemTemplate,
    detail: string,
    public readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.status = template.status;
    this.code = template.code;
    this.scimType = template.scimType;
  }
}

/** The one factory for refusals: `throw problem(ORG_ERRORS.groupNotFound, \`Group ${id} was not found.\`)`. */
export function problem(
  template: ProblemTemplate,
  detail: string,
  extras: { headers?: Record<string, string> } = {},
): ApiProblem {
  return new ApiProblem(template, detail, extras.headers);
}

/** The sandbox's own errors: its control API (`/__sandbox`), unmatched routes, unreadable bodies, injected faults. */
export const SANDBOX_ERRORS = {
  badRequest: { status: 400, code: "bad-request" },
  notFound: { status: 404, code: "not-found" },
  noRoute: { status: 404, code: "not-found" },
  /** express.json() refused the body: the org code, and SCIM's scimType on the SCIM routes. */
  invalidJson: { status: 400, code: "ADMIN-400-24", scimType: "invalidSyntax" },
  /** An injected 429 carries the org code whatever the API (faults.ts). */
  injectedRateLimit: { status: 429, code: "ADMIN-429-1" },
  injectedServerError: { status: 500, code: "internal" },
  /** Anything a route throws that is not an ApiProblem; its internals stay in the sandbox's log. */
  unexpected: { status: 500, code: "internal" },
} as const satisfies Record<string, ProblemTemplate>;

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export type ApiName = "org" | "audit" | "scim" | "isc" | "controls" | "user-provisioning";

/** Atlassian org API v2: `{errors: [{id, status, code, title, detail}]}` (spec component `Errors`). */
export function orgErrorBody(status: number, code: string, detail: string, id: string) {
  return { errors: [{ id, status: String(status), code, title: TITLES[status] ?? "Error", detail }] };
}

/** SCIM 2.0 (RFC 7644 §3.12): `{schemas, status, scimType?, detail}`. */
export function scimErrorBody(status: number, detail: string, scimType?: string) {
  return {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  };
}

/** SailPoint ISC v3 `ErrorResponseDto`. */
export function iscErrorBody(status: number, code: string, detail: string, trackingId: string) {
  return {
    detailCode: code,
    trackingId,
    messages: [{ locale: "en-US", localeOrigin: "DEFAULT", text: detail }],
    causes: [],
  };
}

/** A path of the org API's v1 (the audit log's included): its operations declare the gateway's ProxyError. */
export const isV1OrgPath = (path: string): boolean => /^\/admin\/v1\//.test(path);

/**
 * A 429's body where the spec declares one other than the API's error envelope: ISC's `{message}` (v3 components
 * `responses/429`, whose example is the padded " Rate Limit Exceeded "), and the gateway's `ProxyError {code, message}`
 * on the org API's v1 paths, the audit log's included (`Error.RateLimited`). The v2 paths declare `Errors`, SCIM none.
 */
export function rateLimitedBody(api: ApiName, path: string, detail: string): Record<string, unknown> | undefined {
  if (api === "isc") return { message: " Rate Limit Exceeded " };
  if ((api === "org" || api === "audit") && isV1OrgPath(path)) return { code: 429, message: detail };
  return undefined;
}

/** Sends `err` in the body shape of `api`. Unknown errors become a 500 without internals. */
export function sendProblem(res: Response, api: ApiName, err: unknown, trackingId: string): void {
  if (!(err instanceof ApiProblem)) console.error("sandbox: unexpected error", err);
  const p = err instanceof ApiProblem ? err : problem(SANDBOX_ERRORS.unexpected, "We encountered an unexpected error.");
  const { status, code, scimType, message: detail } = p;
  for (const [k, v] of Object.entries(p.headers)) res.setHeader(k, v);
  res.status(status);
  const limited = status === 429 ? rateLimitedBody(api, res.req?.originalUrl ?? "", detail) : undefined;
  if (limited) {
    res.json(limited);
    return;
  }
  switch (api) {
    case "scim":
      res.type("application/scim+json").send(JSON.stringify(scimErrorBody(status, detail, scimType)));
      return;
    case "isc":
      res.json(iscErrorBody(status, code, detail, trackingId));
      return;
    case "user-provisioning":
      res.json({ key: code, errorDetail: detail });
      return;
    default:
      res.json(orgErrorBody(status, code, detail, trackingId));
  }
}
