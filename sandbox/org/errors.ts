// The Atlassian admin API's named errors (org API v2 and audit v1 share the `errors[]` body): status and code.
import type { ProblemTemplate } from "../problems";

/**
 * One entry per situation the sandbox refuses; several share a code because the service reuses it
 * (ADMIN-409-28 for every "already there", ADMIN-404-8 for a missing user or membership).
 */
export const ORG_ERRORS = {
  /** The gateway's 401 (org-auth.ts renders it as `ProxyError`). */
  unauthorized: { status: 401, code: "unauthorized" },
  invalidCursor: { status: 400, code: "ADMIN-400-1" },
  /** A body or query field out of its schema. */
  invalidInput: { status: 400, code: "ADMIN-400-24" },
  invalidRoleForResource: { status: 400, code: "ADMIN-UAM-400-3" },
  groupSynced: { status: 403, code: "ADMIN-403-5" },
  defaultGroup: { status: 403, code: "ADMIN-403-6" },
  orgNotFound: { status: 404, code: "ADMIN-404-2" },
  directoryNotFound: { status: 404, code: "ADMIN-404-3" },
  userNotFound: { status: 404, code: "ADMIN-404-8" },
  notAMember: { status: 404, code: "ADMIN-404-8" },
  groupNotFound: { status: 404, code: "ADMIN-404-10" },
  resourceNotFound: { status: 404, code: "ADMIN-UAM-404-1" },
  groupNameTaken: { status: 409, code: "ADMIN-409-28" },
  alreadyAMember: { status: 409, code: "ADMIN-409-28" },
  accountExists: { status: 409, code: "ADMIN-409-28" },
  noPendingConflict: { status: 409, code: "ADMIN-409-28" },
  rateLimited: { status: 429, code: "ADMIN-429-1" },
  // User roles (v1 users/{userId}/roles and role-assignments): the UAM codes their spec entries list.
  roleRequestInvalid: { status: 400, code: "ADMIN-UAM-400-1" },
  inactiveUser: { status: 400, code: "ADMIN-UAM-400-2" },
  roleTargetNotFound: { status: 404, code: "ADMIN-UAM-404-3" },
  // App access settings (experimental, 2026-07-22 spec): its ApiErrorResponse codes.
  appAccessInvalid: { status: 400, code: "ADMIN-UAM-400-1" },
  appAccessDomainNotFound: { status: 404, code: "ADMIN-404-3" },
  appAccessDomainExists: { status: 409, code: "ADMIN-UAM-409-2" },
  /** The spec's Error.InternalError (code enum ADMIN-500-1): what an injected 5xx looks like on the org and audit APIs. */
  internalError: { status: 500, code: "ADMIN-500-1" },
  // Audit log (v1 events): its own codes for query parameters.
  invalidEventTime: { status: 400, code: "ADMIN-400-3" },
  invalidEventFilter: { status: 400, code: "ADMIN-400-19" },
  eventNotFound: { status: 404, code: "ADMIN-404-4" },
} as const satisfies Record<string, ProblemTemplate>;
