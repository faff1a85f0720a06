// Assembles the sandbox: one HTTP server speaking Atlassian org v2, audit events, SCIM 2.0, ISC v3 and the controls.
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { Store, type Actor, type RequestRecord, type World } from "./store";
import { SANDBOX_ERRORS, problem, sendProblem, type ApiName } from "./problems";
import { applyFaults } from "./faults";
import { buildScenario } from "./scenarios";
import { orgRoutes } from "./routes/atlassian-org";
import { auditRoutes } from "./routes/audit";
import { scimRoutes } from "./routes/scim";
import { iscRoutes, iscAuthRoutes } from "./routes/isc";
import { controlRoutes } from "./routes/controls";
import { accessControlRoutes } from "./routes/controls-access";
import { keyControlRoutes } from "./routes/controls-keys";
import { peopleControlRoutes } from "./routes/controls-people";

export interface SandboxOptions {
  port?: number;
  host?: string;
  scenario?: string;
  /** Persist the world to this file after every mutation, and load it at start if present. */
  stateFile?: string;
  /** Overrides applied after the scenario is built (tests switch rate limits off, shorten consistency). */
  settings?: Partial<World["settings"]>;
}

export interface Sandbox {
  url: string;
  port: number;
  store: Store;
  close(): Promise<void>;
}

/** Mutable holder so `POST /__sandbox/reset` can swap the world under running routes. */
export interface SandboxHandle {
  store: Store;
  /** The request log of every world this handle has served (a reset starts a new one), for conformance checks. */
  requestLogs: RequestRecord[][];
  reset(scenario: string, settings?: Partial<World["settings"]>): void;
}

const MAX_LOGGED_REQUESTS = 50_000;

/** Record every API call (method, path, status, actor, bodies) for `GET /__sandbox/requests` and conformance. */
function logRequests(handle: SandboxHandle, api: ApiName) {
  return (req: Request, res: Response, next: NextFunction) => {
    const originalSend = res.send.bind(res);
    let responseBody: unknown;
    res.send = (body?: unknown) => {
      responseBody = body;
      return originalSend(body);
    };
    res.on("finish", () => {
      if (api === "controls") return;
      const store = handle.store;
      const actor = res.locals.actor as Actor | undefined;
      // A text body is parsed when the record is read (parseWhenRead), not here.
      const text = typeof responseBody === "string" && responseBody.length > 0 ? responseBody : undefined;
      let parsed: unknown = text === undefined ? responseBody : undefined;
      if (Buffer.isBuffer(responseBody))
        parsed = responseBody.length ? JSON.parse(responseBody.toString("utf8")) : undefined;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.getHeaders())) headers[k] = String(v);
      const rec = store.recordRequest({
        api,
        method: req.method,
        path: req.originalUrl.split("?")[0],
        query: { ...req.query },
        status: res.statusCode,
        actor: actor ? actorLabel(actor) : "anonymous",
        requestBody: isNonEmptyObject(req.body) ? req.body : undefined,
        responseBody: parsed === "" ? undefined : parsed,
        requestHeaders: { "content-type": String(req.headers["content-type"] ?? "") },
        responseHeaders: headers,
      });
      if (text !== undefined) parseWhenRead(rec, text);
      if (store.world.requests.length > MAX_LOGGED_REQUESTS) store.world.requests.splice(0, MAX_LOGGED_REQUESTS / 5);
      store.save();
    });
    next();
  };
}

/**
 * The record's response body, JSON parsed (or the text, when it is not JSON) when first read (the conformance check,
 * `GET /__sandbox/requests`) rather than on every answer: at XL the sandbox parsed back each page it had just sent.
 */
function parseWhenRead(rec: RequestRecord, text: string): void {
  const settle = (value: unknown) =>
    Object.defineProperty(rec, "responseBody", { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(rec, "responseBody", {
    enumerable: true,
    configurable: true,
    get() {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = text;
      }
      settle(value);
      return value;
    },
    set: settle,
  });
}

export function actorLabel(a: Actor): string {
  switch (a.kind) {
    case "api-key":
      return `api-key:${a.tokenLabel}`;
    case "scim":
      return "scim";
    case "admin-ui":
      return `person:${a.email}`;
    case "isc":
      return `isc:${a.name}`;
    default:
      return a.kind;
  }
}

function errorHandler(api: ApiName, handle: SandboxHandle) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    // express.json() raises a SyntaxError with status 400 on a malformed body.
    const e = err as { type?: string; status?: number; message?: string };
    const unreadable = e && e.type === "entity.parse.failed";
    const sent = unreadable ? problem(SANDBOX_ERRORS.invalidJson, "The request body is not valid JSON.") : err;
    sendProblem(res, api, sent, handle.store.newUuid());
  };
}

/** Mount one API: body parsing, request log, faults, its routes, and its error shape. */
function mount(app: express.Express, prefix: string, api: ApiName, handle: SandboxHandle, router: Router) {
  const chain = express.Router();
  chain.use(express.json({ type: ["application/json", "application/scim+json", "application/*+json"], limit: "5mb" }));
  chain.use(express.urlencoded({ extended: false }));
  chain.use(logRequests(handle, api));
  if (api !== "controls") chain.use(applyFaults(handle, api));
  chain.use(router);
  chain.use((req: Request, res: Response) => {
    const detail = `No route for ${req.method} ${req.originalUrl.split("?")[0]} in the sandbox.`;
    sendProblem(res, api, problem(SANDBOX_ERRORS.noRoute, detail), handle.store.newUuid());
  });
  chain.use(errorHandler(api, handle));
  app.use(prefix, chain);
}

export function createApp(handle: SandboxHandle): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // Every server states its time in `Date`; the sandbox's is its own clock (the day the scenario plays), so clients
  // that compute time windows in server time behave as they would against the real APIs.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader("Date", new Date(handle.store.nowMs()).toUTCString());
    next();
  });
  mount(
    app,
    "/__sandbox",
    "controls",
    handle,
    express
      .Router()
      .use(controlRoutes(handle), accessControlRoutes(handle), keyControlRoutes(handle), peopleControlRoutes(handle)),
  );
  mount(app, "/admin/v1/orgs/:orgId/events", "audit", handle, auditRoutes(handle));
  mount(app, "/admin/v1/orgs/:orgId/events-stream", "audit", handle, auditRoutes(handle, "stream"));
  mount(app, "/admin/v1/orgs/:orgId/event-actions", "audit", handle, auditRoutes(handle, "actions"));
  mount(app, "/admin", "org", handle, orgRoutes(handle));
  mount(app, "/scim/directory/:scimDirectoryId", "scim", handle, scimRoutes(handle));
  mount(app, "/oauth", "isc", handle, iscAuthRoutes(handle));
  mount(app, "/", "isc", handle, iscRoutes(handle));
  return app;
}

export function makeHandle(opts: SandboxOptions = {}): SandboxHandle {
  const initial = (opts.stateFile && Store.load(opts.stateFile)) || buildScenario(opts.scenario ?? "acme");
  Object.assign(initial.settings, opts.settings ?? {});
  const handle: SandboxHandle = {
    store: new Store(initial, opts.stateFile),
    requestLogs: [initial.requests],
    reset(scenario, settings) {
      const world = buildScenario(scenario);
      Object.assign(world.settings, opts.settings ?? {}, settings ?? {});
      handle.store = new Store(world, opts.stateFile);
      handle.requestLogs.push(world.requests);
      handle.store.save();
    },
  };
  return handle;
}

/** Start a sandbox; port 0 (the default in tests) picks a free port. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox & { handle: SandboxHandle }> {
  const handle = makeHandle(opts);
  const app = createApp(handle);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve(s));
    s.on("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}`,
    port,
    handle,
    get store() {
      return handle.store;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const isNonEmptyObject = (v: unknown): v is object => typeof v === "object" && v !== null && Object.keys(v).length > 0;
