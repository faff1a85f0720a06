// The one axios factory: base URL, bearer auth, timeouts, retries, pacing, schema parsing and error mapping.
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import type { ZodType } from "zod";
import {
  AmbiguousOutcomeError,
  HttpError,
  NetworkError,
  SchemaValidationError,
  TimeoutError,
  type ApiErrorInit,
} from "./errors";
import { errorBodyFacts } from "./error-body";
import { createGate, realSleep, type Gate } from "./gate";
import { redact } from "./redact";
import { observeServerDate } from "./server-clock";
import { observeRateLimitHeaders } from "./rate-headers";
import { listsShortened, readingProblems, reportSkipped, type ReadingProblems } from "./reading-problems";
import { clock, profileFile, record } from "../runtime/profile";
import { DEFAULT_RETRY, backoffMs, quotaBudget, serverWaitMs, type RetryPolicy } from "./retry-timing";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface HttpOptions {
  baseURL: string;
  /** Names the API in every error, e.g. "Atlassian org API". */
  name: string;
  /** Bearer token provider, asked before every attempt; omit for unauthenticated calls (the OAuth token endpoint). */
  auth?: () => Promise<string> | string;
  retry?: Partial<RetryPolicy>;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  userAgent?: string;
  /** Requests in flight at once when no `gate` is given. Default 4. */
  concurrency?: number;
  /** Share one gate between clients that spend the same quota. */
  gate?: Gate;
  /** Literal secrets to mask in errors, besides the bearer token of each request. */
  secrets?: readonly string[];
  /** On 401: drop cached credentials and answer true to resend once with a fresh token. */
  onUnauthorized?: () => Promise<boolean> | boolean;
  /** Where items a tolerant list skipped are reported; default the process's collector (reading-problems.ts). */
  problems?: ReadingProblems;
  /** Injected in tests so nothing really sleeps, and jitter and clocks are exact. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface RequestOptions<T> {
  method: HttpMethod;
  /** Path under baseURL, ids already encoded. */
  url: string;
  params?: Record<string, QueryValue>;
  /** JSON body, or URLSearchParams for a form. */
  data?: unknown;
  schema?: ZodType<T>;
  /** The spec component the schema mirrors, for SchemaValidationError. */
  schemaName?: string;
  /** Whether resending cannot change the outcome: reads, and searches sent as POST. Mark per call. */
  idempotent: boolean;
  /** Statuses that mean success. Default: any 2xx. */
  expect?: readonly number[];
  /** The operation's name in errors, e.g. "createGroup". Default: method and path. */
  operation?: string;
  headers?: Record<string, string>;
  /** Given a successful answer's headers (by lower-case name), before its body is parsed: for a total in a header. */
  onHeaders?: (header: (name: string) => string | undefined) => void;
}

export interface Http {
  readonly name: string;
  readonly gate: Gate;
  request<T = unknown>(opts: RequestOptions<T>): Promise<T>;
}

/** Connection failures that prove the request never reached the server, so even a mutation may be resent. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const TIMEOUT = new Set(["ETIMEDOUT", "ECONNABORTED"]);
const EXCERPT = 500;

/** Query string with repeated keys for arrays and %20 for spaces (ISC filters, org array filters). */
export function serializeQuery(params: Record<string, QueryValue> = {}): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v])
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(item))}`);
  }
  return parts.join("&");
}

/** A response's header by lower-case name, as one string. */
function headerOf(res: AxiosResponse<string>): (name: string) => string | undefined {
  return (name) => {
    const v: unknown = res.headers[name];
    if (v === undefined || v === null) return undefined;
    return typeof v === "string" ? v : Array.isArray(v) ? v.join(", ") : JSON.stringify(v);
  };
}

type Attempt = { response: AxiosResponse<string> } | { failure: { code: string; message: string; cause: unknown } };

export function createHttp(options: HttpOptions): Http {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const gate = options.gate ?? createGate({ concurrency: options.concurrency, sleep, now });
  const base = options.baseURL.replace(/\/+$/, "");
  const axiosInstance: AxiosInstance = axios.create({
    baseURL: base,
    timeout: timeoutMs,
    headers: { "User-Agent": options.userAgent ?? "atlassian-access", Accept: "application/json" },
    // Status handling, body parsing and redirects are ours: a redirect could carry the token to another host.
    validateStatus: () => true,
    responseType: "text",
    transformResponse: [(d: unknown) => d],
    maxRedirects: 0,
    transitional: { clarifyTimeoutError: true },
  });

  async function send(opts: RequestOptions<unknown>, token: string | undefined): Promise<Attempt> {
    try {
      const response = await axiosInstance.request<string>({
        method: opts.method,
        url: opts.url,
        params: opts.params,
        paramsSerializer: { serialize: serializeQuery },
        data: opts.data,
        headers: { ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}), ...opts.headers },
      });
      return { response };
    } catch (err) {
      // Keep only the low-level cause: the axios error holds the request config, Authorization header included.
      const e = err as { code?: string; message?: string; cause?: unknown };
      const code = e.code ?? "ERR_NETWORK";
      const cause = e.cause instanceof Error ? e.cause : Object.assign(new Error(String(e.message ?? code)), { code });
      return { failure: { code, message: String(e.message ?? code), cause } };
    }
  }

  const http: Http = {
    name: options.name,
    gate,
    async request<T>(opts: RequestOptions<T>): Promise<T> {
      const operation = opts.operation ?? `${opts.method} ${opts.url}`;
      const query = serializeQuery(opts.params);
      let attempts = 0;
      let retries = 0;
      let throttled = 0;
      let reauthorized = false;

      for (;;) {
        const token = options.auth ? await options.auth() : undefined;
        const secrets = [...(options.secrets ?? []), token];
        const init = (status: number, extra: Partial<ApiErrorInit> = {}): ApiErrorInit => ({
          api: options.name,
          operation,
          method: opts.method,
          url: redact(`${base}${opts.url}${query ? `?${query}` : ""}`, secrets),
          status,
          attempts,
          ...extra,
        });
        attempts++;
        const attempt = await gate.run(async (ticket) => {
          const sent = await send(opts, token);
          // What the server says is left of its quota paces the requests after this one (gate.ts).
          const budget = "response" in sent ? quotaBudget(headerOf(sent.response), now()) : undefined;
          // A reset further off than a backoff step is capped like one: a skewed reset could otherwise stall us.
          if (budget) gate.observe(ticket, budget.remaining, now() + Math.min(budget.resetInMs, policy.maxDelayMs));
          return sent;
        });

        if ("failure" in attempt) {
          const { code, message, cause } = attempt.failure;
          const timedOut = TIMEOUT.has(code);
          const notSent = NOT_SENT.has(code);
          if ((opts.idempotent || notSent) && retries < policy.retries) {
            retries++;
            await sleep(backoffMs(policy, retries, random));
            continue;
          }
          const reason = redact(timedOut ? `no answer within ${timeoutMs} ms` : `${code}: ${message}`, secrets);
          if (!opts.idempotent && !notSent) throw new AmbiguousOutcomeError(init(0, { cause }), reason);
          if (timedOut) throw new TimeoutError(init(0, { cause }), timeoutMs);
          throw new NetworkError(init(0, { cause }), reason);
        }

        const res = attempt.response;
        const header = headerOf(res);
        observeServerDate(header("date"));
        observeRateLimitHeaders(options.name, header);
        const status = res.status;
        const text = typeof res.data === "string" ? res.data : "";
        const ok = opts.expect ? opts.expect.includes(status) : status >= 200 && status < 300;

        if (ok) {
          opts.onHeaders?.(header);
          return parseBody(opts, operation, status, text);
        }

        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        const facts = errorBodyFacts(parsed);
        const failure = (extra: Partial<ApiErrorInit> = {}) =>
          init(status, {
            code: facts.code && redact(facts.code, secrets),
            detail: facts.detail && redact(facts.detail, secrets),
            trackingId: facts.trackingId,
            bodyExcerpt: text ? redact(text, secrets).slice(0, EXCERPT) : undefined,
            ...extra,
          });

        if (status === 401 && options.onUnauthorized && !reauthorized) {
          reauthorized = true;
          if (await options.onUnauthorized()) continue;
        }
        if (status === 429) {
          // Refused, not applied: safe to resend even for a mutation.
          const asked = serverWaitMs(header, now());
          if (asked !== undefined && asked > policy.maxRetryAfterMs)
            throw new HttpError(failure({ retryAfterMs: asked }));
          if (throttled >= policy.rateLimitRetries) throw new HttpError(failure({ retryAfterMs: asked }));
          throttled++;
          gate.pauseUntil(now() + (asked ?? backoffMs(policy, Math.min(throttled, 8), random)));
          continue;
        }
        if (status >= 500 && opts.idempotent && retries < policy.retries) {
          retries++;
          const asked = status === 503 ? serverWaitMs(header, now()) : undefined;
          await sleep(
            asked !== undefined ? Math.min(asked, policy.maxRetryAfterMs) : backoffMs(policy, retries, random),
          );
          continue;
        }
        if (!opts.idempotent && (status >= 500 || (status >= 200 && status < 300))) {
          const why =
            status >= 500
              ? `the server failed with HTTP ${status}`
              : `the server answered HTTP ${status}, not ${opts.expect?.join(" or ")}`;
          throw new AmbiguousOutcomeError(failure(), why);
        }
        throw new HttpError(failure());
      }
    },
  };
  // The request above uses no `this`: profiled calls it as the plain function it is.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  if (profileFile) http.request = profiled(http.request, options.name);
  return http;

  function parseBody<T>(opts: RequestOptions<T>, operation: string, status: number, text: string): T {
    const where = `${operation} (${opts.method} ${opts.url})`;
    const schemaName = opts.schemaName ?? "the expected schema";
    let body: unknown = undefined;
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        if (!opts.schema) return text as T;
        throw new SchemaValidationError(
          options.name,
          where,
          schemaName,
          [{ path: "", message: "the body is not JSON" }],
          status,
        );
      }
    }
    if (!opts.schema) return body as T;
    const before = listsShortened();
    const result = opts.schema.safeParse(body);
    if (result.success) {
      // Walking a page of 100 users for what was skipped costs as much as parsing it: only when something was.
      if (listsShortened() !== before)
        reportSkipped(result.data, { api: options.name, operation }, options.problems ?? readingProblems);
      return result.data;
    }
    const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    throw new SchemaValidationError(options.name, where, schemaName, issues, status);
  }
}

/** A request recorded into the profile (runtime/profile.ts), pacing waits and retries included: only when profiling. */
function profiled(request: Http["request"], api: string): Http["request"] {
  return async function <T>(opts: RequestOptions<T>): Promise<T> {
    const start = clock();
    let status = "ok";
    try {
      return await request(opts);
    } catch (e) {
      status = (e as { status?: number }).status ? String((e as { status?: number }).status) : "error";
      throw e;
    } finally {
      record("http", `${api} ${opts.method}`, start, clock(), { status });
    }
  };
}

/** The knobs a client factory passes through to its transport: tests shrink waits, callers share a gate. */
export type HttpTuning = Partial<
  Pick<
    HttpOptions,
    "retry" | "timeoutMs" | "userAgent" | "concurrency" | "gate" | "problems" | "sleep" | "now" | "random"
  >
> & {
  /** Whether a client whose API publishes a quota paces to it (clients/quotas.ts). Default true. */
  paceToQuotas?: boolean;
};
