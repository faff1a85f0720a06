// The error family of every client: ApiError (http, network, timeout, ambiguous) and the errors of bad data.

export type ApiErrorKind = "http" | "network" | "timeout" | "ambiguous";

/** What a failed call knew; every string here is already redacted by the transport. */
export interface ApiErrorInit {
  /** The client's name, e.g. "Atlassian org API". */
  api: string;
  /** The operation the caller asked for, e.g. "createGroup"; defaults to method and path. */
  operation: string;
  method: string;
  url: string;
  /** HTTP status, or 0 when no response came. */
  status: number;
  /** The service's own error code: org `errors[0].code`, ISC `detailCode`, SCIM `scimType`, OAuth `error`. */
  code?: string;
  /** The service's explanation, when it sent one. */
  detail?: string;
  /** ISC `trackingId` or org `errors[0].id`: support asks for it. */
  trackingId?: string;
  /** The first bytes of the response body. */
  bodyExcerpt?: string;
  /** How many times the request was sent. */
  attempts: number;
  /** The wait the server asked for when it refused with 429, in ms. */
  retryAfterMs?: number;
  /** The low-level failure (never the HTTP library's error, which holds the request headers). */
  cause?: unknown;
}

const STATUS_HINTS: Record<number, string> = {
  400: "The request was refused as invalid; check the inputs named in the detail.",
  401: "The credential was not accepted; check that the API key or token is set, current and not revoked.",
  403: "The credential may not do this; grant it the needed admin role or scope, or leave this object to its owner.",
  404: "The object, or the org or directory in the path, does not exist; it may have been deleted outside this program.",
  409: "The change conflicts with the current state (already exists, already a member, or a licence limit); re-read it before retrying.",
};

function hintFor(init: ApiErrorInit): string {
  if (init.status === 429) {
    const wait =
      init.retryAfterMs !== undefined ? ` (the server asked for ${Math.ceil(init.retryAfterMs / 1000)} s)` : "";
    return `Rate limited after ${init.attempts} attempt(s)${wait}; wait and run again, or lower the concurrency.`;
  }
  if (init.status >= 500) return "The service failed; try again later.";
  return STATUS_HINTS[init.status] ?? "";
}

function where(init: ApiErrorInit): string {
  const call = `${init.method} ${init.url}`;
  // The default operation name is the method and path, which the call already says.
  return init.operation.startsWith(`${init.method} /`) ? call : `${init.operation} (${call})`;
}

/** Base of every transport failure: status, method, url, body excerpt, and the service's code and detail. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly kind: ApiErrorKind;
  readonly api: string;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly code?: string;
  readonly detail?: string;
  readonly trackingId?: string;
  readonly bodyExcerpt?: string;
  readonly attempts: number;
  readonly retryAfterMs?: number;

  constructor(kind: ApiErrorKind, init: ApiErrorInit, message: string) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    this.api = init.api;
    this.operation = init.operation;
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.trackingId = init.trackingId;
    this.bodyExcerpt = init.bodyExcerpt;
    this.attempts = init.attempts;
    this.retryAfterMs = init.retryAfterMs;
  }

  toJSON(): Record<string, unknown> {
    const { kind, api, operation, method, url, status, code, detail, trackingId, bodyExcerpt, attempts, retryAfterMs } =
      this;
    return {
      name: this.name,
      message: this.message,
      kind,
      api,
      operation,
      method,
      url,
      status,
      code,
      detail,
      trackingId,
      bodyExcerpt,
      attempts,
      retryAfterMs,
    };
  }
}

/** The server answered with a status the call did not expect. */
export class HttpError extends ApiError {
  override name = "HttpError";
  constructor(init: ApiErrorInit) {
    const code = init.code ? ` ${init.code}` : "";
    const detail = init.detail ? `: ${init.detail}` : "";
    const tracking = init.trackingId ? ` [tracking id ${init.trackingId}]` : "";
    super(
      "http",
      init,
      `${init.api}: ${where(init)} failed with HTTP ${init.status}${code}${detail}${tracking}. ${hintFor(init)}`.trimEnd(),
    );
  }
}

/** No answer because the request never got through (refused connection, unknown host). */
export class NetworkError extends ApiError {
  override name = "NetworkError";
  constructor(
    init: ApiErrorInit,
    /** Why no answer came (ECONNREFUSED: …, ENOTFOUND: …), without the advice the message adds. */
    readonly reason: string,
  ) {
    super(
      "network",
      init,
      `${init.api}: ${where(init)} could not reach the server (${reason}) after ${init.attempts} attempt(s). Check the URL and the network, then retry.`,
    );
  }
}

/** A read that got no answer in time, after its retries. */
export class TimeoutError extends ApiError {
  override name = "TimeoutError";
  constructor(init: ApiErrorInit, timeoutMs: number) {
    super(
      "timeout",
      init,
      `${init.api}: ${where(init)} got no answer within ${timeoutMs} ms after ${init.attempts} attempt(s). The service may be slow; retry later or raise timeoutMs.`,
    );
  }
}

/** A mutation whose outcome is unknown (5xx, lost connection, timeout): settle it by reading, never by resending blindly. */
export class AmbiguousOutcomeError extends ApiError {
  override name = "AmbiguousOutcomeError";
  constructor(init: ApiErrorInit, reason: string) {
    super(
      "ambiguous",
      init,
      `${init.api}: the outcome of ${where(init)} is unknown (${reason}). The change may or may not have been applied; re-read the object to settle it before trying again.`,
    );
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
const httpStatus = (e: unknown, status: number) => e instanceof ApiError && e.kind === "http" && e.status === status;
export const isNotFound = (e: unknown): e is HttpError => httpStatus(e, 404);
export const isConflict = (e: unknown): e is HttpError => httpStatus(e, 409);
export const isRateLimited = (e: unknown): e is HttpError => httpStatus(e, 429);
export const isUnauthorized = (e: unknown): e is HttpError => httpStatus(e, 401);
export const isForbidden = (e: unknown): e is HttpError => httpStatus(e, 403);
export const isAmbiguous = (e: unknown): e is AmbiguousOutcomeError => e instanceof ApiError && e.kind === "ambiguous";

export interface SchemaIssue {
  /** Dotted path into the body, e.g. `data.0.id`; empty for the root. */
  path: string;
  message: string;
}

/** The call worked but the data did not fit the wire schema: the API changed shape, or the schema is wrong. */
export class SchemaValidationError extends Error {
  override name = "SchemaValidationError";
  constructor(
    readonly api: string,
    readonly operation: string,
    readonly schemaName: string,
    readonly issues: SchemaIssue[],
    readonly status: number,
  ) {
    const shown = issues.slice(0, 5).map((i) => `${i.path || "(root)"}: ${i.message}`);
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : "";
    super(
      `${api}: the answer to ${operation} did not match ${schemaName}: ${shown.join("; ")}${more}. ` +
        "The API may have changed shape; report this message so the schema in provider/clients can be updated.",
    );
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      api: this.api,
      operation: this.operation,
      schemaName: this.schemaName,
      issues: this.issues,
      status: this.status,
    };
  }
}

/** A lookup by a key meant to be unique found several objects; refusing beats guessing. */
export class MultipleMatchesError extends Error {
  override name = "MultipleMatchesError";
  constructor(
    readonly api: string,
    /** e.g. `group named "jira-users"`. */
    readonly what: string,
    readonly ids: string[],
    hint: string,
  ) {
    super(
      `${api}: ${ids.length} objects match ${what} (ids ${ids.join(", ")}); cannot tell which one is meant. ${hint}`,
    );
  }
}

/** A paged listing the server looped or never ended; stopping beats an endless walk. */
export class PaginationError extends Error {
  override name = "PaginationError";
  constructor(
    readonly api: string,
    readonly operation: string,
    reason: string,
  ) {
    super(
      `${api}: paging through ${operation} stopped: ${reason}. Run again later; if it persists the API is misbehaving.`,
    );
  }
}
