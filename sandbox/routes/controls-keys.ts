// `/__sandbox/api-keys`: an admin creates another org API key, optionally with scopes (admin.atlassian.com > Settings >
// API keys), e.g. a read-only key for a nightly job or a key that lacks a scope, to see what a refused call answers.
import express, { type Router } from "express";
import type { SandboxHandle } from "../server";
import { SANDBOX_ERRORS, problem } from "../problems";
import { need } from "./controls";

export function keyControlRoutes(handle: SandboxHandle): Router {
  const r = express.Router({ mergeParams: true });

  /** Body `{label, scopes?: string[]}`; answers the new key's sandbox-only token (the only time it is shown). */
  r.post("/api-keys", (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const label = need(body, "label");
    const scopes = body.scopes;
    if (scopes !== undefined && (!Array.isArray(scopes) || scopes.some((x) => typeof x !== "string" || x === "")))
      throw problem(SANDBOX_ERRORS.badRequest, 'scopes must be a list of scope names, e.g. ["read:groups:admin"].');
    const store = handle.store;
    const keys = store.world.org.apiKeys;
    if (keys.some((k) => k.label === label))
      throw problem(SANDBOX_ERRORS.badRequest, `A key labelled ${label} exists.`);
    const key = {
      token: `sandbox-org-key-${label.replace(/[^A-Za-z0-9-]+/g, "-")}-${keys.length + 1}`,
      tokenId: store.newUuid(),
      label,
      accountId: store.newAccountId(),
      purpose: "admin" as const,
      ...(scopes ? { scopes: scopes as string[] } : {}),
    };
    keys.push(key);
    store.save();
    res.json({ token: key.token, tokenId: key.tokenId, label, accountId: key.accountId, scopes: key.scopes ?? null });
  });

  return r;
}
