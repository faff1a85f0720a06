// Org API key authentication shared by the org and audit routes: bearer token -> the key's actor, or a 401.
import type { NextFunction, Request, Response } from "express";
import type { Actor, Store } from "../store";
import { ApiProblem, problem } from "../problems";
import { ORG_ERRORS } from "../org/errors";

/** The actor of the org API key in `authorization`; throws ApiProblem(401) when the header is missing or the key unknown. */
export function orgKeyActor(store: Store, authorization: string | undefined): Actor {
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
  return { kind: "api-key", id: key.accountId, name: key.label, tokenId: key.tokenId, tokenLabel: key.label };
}

/**
 * Renders a 401 as the gateway's `ProxyError {code, message}` (the spec's `Error.Unauthenticated`);
 * other errors go on to the API's own error handler. Mount after the routes.
 */
export function proxyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (err instanceof ApiProblem && err.status === 401 && !res.headersSent) {
    res.status(401).json({ code: 401, message: err.message });
    return;
  }
  next(err);
}
