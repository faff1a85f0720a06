// Org API key authentication shared by the org and audit routes: bearer token -> the key's actor, or a 401.
import type { NextFunction, Request, Response } from "express";
import type { Actor, Store } from "../store";
import { ApiProblem, isV1OrgPath, problem } from "../problems";
import { ORG_ERRORS } from "../org/errors";

/**
 * The scope each org API call needs: the spec's "Scopes" notes where it has one (read:orgs, read:directories,
 * read:groups, read:events, read:workspaces, read:accounts), the read or write scope of the same object where it names
 * none (the searches, the writes: a sandbox choice). The experimental app access settings publish none: not checked.
 */
const SCOPES: [method: RegExp, path: RegExp, scope: string][] = [
  [/GET/, /^\/admin\/v1\/orgs\/[^/]+$/, "read:orgs:admin"],
  [/GET/, /^\/admin\/v1\/orgs\/[^/]+\/(events|events-stream|event-actions)(\/|$)/, "read:events:admin"],
  [/GET/, /^\/admin\/v1\/orgs\/[^/]+\/users$/, "read:accounts:admin"],
  [/POST/, /^\/admin\/v1\/orgs\/[^/]+\/users\//, "write:users:admin"],
  [/GET/, /^\/admin\/v2\/orgs\/[^/]+\/directories$/, "read:directories:admin"],
  [/GET|POST/, /\/groups\/search$/, "read:groups:admin"],
  [/GET/, /\/directories\/[^/]+\/groups(\/|$)/, "read:groups:admin"],
  [/POST|DELETE/, /\/directories\/[^/]+\/groups(\/|$)/, "write:groups:admin"],
  [/GET|POST/, /\/users\/search$/, "read:directories:admin"],
  [/GET/, /\/directories\/[^/]+\/users(\/|$)/, "read:directories:admin"],
  [/POST|DELETE/, /\/directories\/[^/]+\/users(\/|$)/, "write:users:admin"],
  [/POST/, /^\/admin\/v2\/orgs\/[^/]+\/users\/invite$/, "write:users:admin"],
  [/POST/, /^\/admin\/v2\/orgs\/[^/]+\/workspaces$/, "read:workspaces:admin"],
];

/** The scope a call needs, or undefined when the sandbox checks none for it. */
export function requiredScope(method: string, path: string): string | undefined {
  return SCOPES.find(([m, p]) => m.test(method) && p.test(path))?.[2];
}

/** The API gateway's answer to a key whose scopes do not cover the call (seen from api.atlassian.com, a 401). */
export const SCOPE_MISMATCH = "Unauthorized; scope does not match";

/**
 * The actor of the org API key in `authorization`; throws ApiProblem(401) when the header is missing or the key unknown,
 * or, given the request, when the key's scopes do not cover it.
 */
export function orgKeyActor(
  store: Store,
  authorization: string | undefined,
  request?: { method: string; originalUrl: string },
): Actor {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const key = match ? store.world.org.apiKeys.find((k) => k.token === match[1]) : undefined;
  if (!key) {
    throw problem(
      ORG_ERRORS.unauthorized,
      authorization
        ? "The org API key is not valid for this organization; create one in admin.atlassian.com > Settings > API keys."
        : "No credentials: send Authorization: Bearer <org API key>.",
    );
  }
  if (key.scopes && request) {
    const scope = requiredScope(request.method, request.originalUrl.split("?")[0]);
    if (scope && !key.scopes.includes(scope)) throw problem(ORG_ERRORS.unauthorized, SCOPE_MISMATCH);
  }
  return { kind: "api-key", id: key.accountId, name: key.label, tokenId: key.tokenId, tokenLabel: key.label };
}

/**
 * Renders a 401 as the gateway's `ProxyError {code, message}` (the spec's `Error.Unauthenticated`);
 * other errors go on to the API's own error handler. Mount after the routes. `scopeErrors` renders so only the
 * gateway's scope refusal and the 401s of v1 paths (every v1 operation declares ProxyError); the v2 paths' other 401s
 * keep the `Errors` body their spec declares.
 */
export function scopeErrors(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (err instanceof ApiProblem && (err.message === SCOPE_MISMATCH || isV1OrgPath(req.originalUrl)))
    return proxyErrors(err, req, res, next);
  next(err);
}

export function proxyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (err instanceof ApiProblem && err.status === 401 && !res.headersSent) {
    res.status(401).json({ code: 401, message: err.message });
    return;
  }
  next(err);
}
