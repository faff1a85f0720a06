// Error bodies per API, built from one template each so every refusal looks like the real service's.
import type { Response } from "express";
import { OrgError } from "./org/ops";

/** An error a route throws; `api` decides the body shape when it is sent. */
export class ApiProblem extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    /** SCIM scimType (uniqueness, invalidFilter, ...). */
    public readonly scimType?: string,
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

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

/** Sends `err` in the body shape of `api`. Unknown errors become a 500 without internals. */
export function sendProblem(res: Response, api: ApiName, err: unknown, trackingId: string): void {
  let status = 500;
  let code = "internal";
  let detail = "We encountered an unexpected error.";
  let scimType: string | undefined;
  if (err instanceof ApiProblem) {
    ({ status, code, scimType } = err);
    detail = err.message;
    for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  } else if (err instanceof OrgError) {
    ({ status, code } = err);
    detail = err.message;
  } else {
    console.error("sandbox: unexpected error", err);
  }
  res.status(status);
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
