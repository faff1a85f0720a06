// Faults and rate limits layered over every API route: 429/5xx/latency, lost responses after commit, published quotas.
import type { NextFunction, Request, Response } from "express";
import type { SandboxHandle } from "./server";
import { SANDBOX_ERRORS, problem, sendProblem, type ApiName } from "./problems";
import { ORG_ERRORS } from "./org/errors";
import { ISC_ERRORS } from "./isc/errors";

/**
 * Published limits (../shared/reference): ISC 100 req / 10 s per client; audit events 10 req/min per path, the
 * events-stream 50 req/min per path (the lower of its per-path and per-user 60).
 */
export const LIMITS = {
  isc: { max: 100, windowMs: 10_000 },
  events: { max: 10, windowMs: 60_000 },
  eventsStream: { max: 50, windowMs: 60_000 },
  /** Atlassian publishes no number for v2 group/user endpoints: a sandbox choice, high enough to stay out of the way. */
  org: { max: 1000, windowMs: 60_000 },
};

/** Sliding-window counter on the sandbox clock; returns ms until a slot frees, or 0 if the call may go. */
function take(
  handle: SandboxHandle,
  key: string,
  max: number,
  windowMs: number,
): { waitMs: number; remaining: number; resetMs: number } {
  const now = handle.store.nowMs();
  const w = (handle.store.world.rateWindows[key] ?? []).filter((t) => t > now - windowMs);
  handle.store.world.rateWindows[key] = w;
  if (w.length >= max) {
    const resetMs = w[0] + windowMs;
    return { waitMs: resetMs - now, remaining: 0, resetMs };
  }
  w.push(now);
  return { waitMs: 0, remaining: max - w.length, resetMs: (w[0] ?? now) + windowMs };
}

function rateLimitKey(req: Request): string {
  return (req.headers.authorization ?? "anonymous").slice(-16);
}

export function applyFaults(handle: SandboxHandle, api: ApiName) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const { faults, settings } = handle.store.world;
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));

    // The audit API's own quotas (events, events-stream) switch with eventsRateLimit; event-actions shares the org's.
    const auditQuota =
      api !== "audit"
        ? undefined
        : req.originalUrl.includes("events-stream")
          ? "eventsStream"
          : req.originalUrl.includes("event-actions")
            ? undefined
            : "events";
    const quotas = { ...LIMITS, ...settings.quotas };
    const on = auditQuota ? settings.eventsRateLimit : settings.rateLimits;
    const limit = on ? quotas[auditQuota ?? (api as "isc" | "org")] : undefined;
    if (limit && (api === "isc" || api === "org" || api === "audit") && !req.path.startsWith("/token")) {
      const key = `${api}:${auditQuota ? req.baseUrl : ""}:${rateLimitKey(req)}`;
      const r = take(handle, key, limit.max, limit.windowMs);
      if (api !== "isc") {
        res.setHeader("X-RateLimit-Limit", String(limit.max));
        res.setHeader("X-RateLimit-Remaining", String(r.remaining));
        res.setHeader("X-RateLimit-Reset", new Date(r.resetMs).toISOString());
      }
      if (r.waitMs > 0) {
        const retryAfter = String(Math.max(1, Math.ceil(r.waitMs / 1000)));
        const template = api === "isc" ? ISC_ERRORS.rateLimited : ORG_ERRORS.rateLimited;
        const limited = problem(template, "Rate limit exceeded.", { headers: { "Retry-After": retryAfter } });
        return sendProblem(res, api, limited, handle.store.newUuid());
      }
    }
    if (faults.match !== undefined && !new RegExp(faults.match).test(`${req.method} ${req.originalUrl.split("?")[0]}`))
      return next();
    if (faults.rate429 > 0 && Math.random() < faults.rate429) {
      const detail = "Rate limit exceeded (injected fault).";
      const retryAfter = String(faults.retryAfterSeconds ?? 1);
      const injected = problem(SANDBOX_ERRORS.injectedRateLimit, detail, { headers: { "Retry-After": retryAfter } });
      return sendProblem(res, api, injected, handle.store.newUuid());
    }
    if (faults.rate5xx > 0 && Math.random() < faults.rate5xx) {
      const detail = "Internal error (injected fault; 500 is the 5xx every spec declares).";
      const template = api === "org" || api === "audit" ? ORG_ERRORS.internalError : SANDBOX_ERRORS.injectedServerError;
      return sendProblem(res, api, problem(template, detail), handle.store.newUuid());
    }
    const drop = faults.dropAfterCommit > 0;
    const hold = faults.holdAfterCommits !== undefined;
    if (drop || hold) {
      // A mutation is "committed" when it recorded an audit event while in flight; then its response is lost on the
      // wire (dropAfterCommit, that fraction of them) or held unanswered (after holdAfterCommits more are answered).
      const before = handle.store.world.events.length;
      const originalEnd = res.end.bind(res);
      res.end = ((...args: Parameters<Response["end"]>) => {
        const f = handle.store.world.faults;
        const committed = handle.store.world.events.length > before;
        if (committed && drop && Math.random() < f.dropAfterCommit) {
          handle.store.save();
          req.socket.destroy();
          return res;
        }
        if (committed && hold && f.holdAfterCommits !== undefined) {
          if (f.holdAfterCommits <= 0) {
            handle.store.save();
            return res; // held: committed, never answered
          }
          f.holdAfterCommits--;
        }
        return originalEnd(...args);
      }) as Response["end"];
    }
    next();
  };
}
