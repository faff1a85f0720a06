// SailPoint ISC's HTTP surface: OAuth client-credentials tokens, bearer auth, and the v3 / v2025 / beta route tables.
//
// Sandbox choices (../shared/reference/sailpoint-isc-api.md §1, §2):
// - Tokens are HS256 JWTs signed with a sandbox secret; `exp` is checked against the SANDBOX clock, so tests advance the
//   clock instead of sleeping. Lifetime = settings.iscTokenTtlSeconds (the scenario uses 749, the docs' example).
// - Only client_credentials is served; authorization_code and refresh_token answer 400.
// - 401 bodies are `{"error": ...}` as the spec's 401 response; a bad client answers `{"error": "invalid_client", ...}`.
// - Routes the spec marks userAuth-only (access requests, aggregation status) also accept the API client's token.
// - The shared read routes are served under both /v3 and /v2025 (identical schemas); the v2025-only routes also
//   under /beta, which carried them before v2025.
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { createHmac, randomUUID } from "node:crypto";
import type { SandboxHandle } from "../server";
import type { Store } from "../store";
import { problem } from "../problems";
import { ISC_ERRORS } from "../isc/errors";
import { derivedId } from "./isc-render";
import { iscCommonRoutes } from "./isc-v3";
import { iscV2025Routes } from "./isc-v2025";

interface Claims {
  client_id: string;
  tenant_id: string;
  org: string;
  pod: string;
  scope: string[];
  iat: number;
  exp: number;
  jti: string;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const secret = (store: Store) => `atlassian-access-sandbox-isc:${store.world.isc.tenant}`;
const sign = (store: Store, data: string) => createHmac("sha256", secret(store)).update(data).digest("base64url");

function issueToken(store: Store, clientId: string): { token: string; claims: Claims } {
  const nowMs = store.nowMs();
  const ttl = store.world.settings.iscTokenTtlSeconds;
  const claims: Claims = {
    client_id: clientId,
    tenant_id: derivedId(store, "tenant"),
    org: store.world.isc.tenant,
    pod: "sandbox",
    scope: ["sp:scopes:all"],
    iat: Math.floor(nowMs / 1000),
    exp: Math.floor((nowMs + ttl * 1000) / 1000),
    // Not from store.newUuid(): issuing tokens must not shift the ids the world hands out next.
    jti: randomUUID(),
  };
  const unsigned = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}`;
  const token = `${unsigned}.${sign(store, unsigned)}`;
  const isc = store.world.isc;
  isc.tokens = isc.tokens.filter((t) => t.expiresAtMs > nowMs);
  isc.tokens.push({ token, clientId, expiresAtMs: claims.exp * 1000 });
  return { token, claims };
}

/** The token's client, or the 401 text ISC would send. */
function verifyToken(store: Store, token: string): { clientId: string } | { error: string } {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature || sign(store, `${header}.${payload}`) !== signature) {
    return { error: "JWT validation failed: JWT signature is invalid" };
  }
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims;
  } catch {
    return { error: "JWT validation failed: JWT is malformed" };
  }
  if (store.nowMs() >= claims.exp * 1000) return { error: "JWT validation failed: JWT is expired" };
  if (!store.world.isc.clients.some((c) => c.clientId === claims.client_id))
    return { error: "JWT validation failed: the client no longer exists" };
  return { clientId: claims.client_id };
}

function unauthorized(res: Response, error: string, description?: string): void {
  res.status(401).setHeader("WWW-Authenticate", 'Bearer realm="isc"');
  res.json(description ? { error, error_description: description } : { error });
}

/** `/oauth/token`: client credentials in a form body or the query string. */
export function iscAuthRoutes(handle: SandboxHandle): Router {
  const r = express.Router();
  r.post("/token", (req: Request, res: Response) => {
    const params = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
    const grant = params.grant_type;
    if (grant !== "client_credentials") {
      throw problem(
        ISC_ERRORS.badRequest,
        grant === undefined
          ? "grant_type is required; the sandbox serves client_credentials."
          : `grant_type "${String(grant)}" is not served by the sandbox; use client_credentials.`,
      );
    }
    const store = handle.store;
    const client = store.world.isc.clients.find(
      (c) => c.clientId === params.client_id && c.clientSecret === params.client_secret,
    );
    if (!client)
      return unauthorized(res, "invalid_client", "Bad client credentials: check client_id and client_secret.");
    res.locals.actor = { kind: "isc", id: client.clientId, name: client.name };
    const { token, claims } = issueToken(store, client.clientId);
    store.save();
    res.json({
      access_token: token,
      token_type: "bearer",
      expires_in: store.world.settings.iscTokenTtlSeconds,
      scope: claims.scope.join(" "),
      tenant_id: claims.tenant_id,
      pod: claims.pod,
      org: claims.org,
      jti: claims.jti,
    });
  });
  return r;
}

function bearer(handle: SandboxHandle) {
  return (req: Request, res: Response, next: NextFunction) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (!m) return unauthorized(res, "JWT validation failed: no bearer token in the Authorization header");
    const store = handle.store;
    const v = verifyToken(store, m[1]);
    if ("error" in v) return unauthorized(res, v.error);
    const client = store.world.isc.clients.find((c) => c.clientId === v.clientId)!;
    res.locals.actor = { kind: "isc", id: client.clientId, name: client.name };
    next();
  };
}

/** Claims only /v3, /v2025 and /beta; anything else falls through (the server renders its 404). */
export function iscRoutes(handle: SandboxHandle): Router {
  const r = express.Router();
  r.use(["/v3", "/v2025", "/beta"], bearer(handle));
  const common = iscCommonRoutes(handle);
  const v2025 = iscV2025Routes(handle);
  r.use("/v3", common);
  r.use("/v2025", common, v2025);
  r.use("/beta", v2025);
  return r;
}
