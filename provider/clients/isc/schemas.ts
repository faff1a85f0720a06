// Wire schemas of SailPoint ISC (OAuth token, v3 accounts, sources, account activities; v2025 entitlements).
//
// Named after the spec's components (S-V3, S-25); lenient where ISC may grow, strict on ids and the fields the
// ownership rules read (sourceId, nativeIdentity, origin, attribute/value).
import { z } from "zod";
import { maybe, openEnum, optStr } from "../wire";
import { tolerantArray } from "../reading-problems";

const Ref = z.object({ id: optStr, type: optStr, name: optStr });

/** `POST /oauth/token` answer (the OAuth spec leaves it unnamed). */
export const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: optStr,
  /** Seconds; per credential, so always read it (sailpoint-isc-api.md §1). */
  expires_in: z.number().positive(),
  scope: optStr,
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const Account = z.object({
  id: z.string().min(1),
  name: z.string().nullable(),
  sourceId: z.string(),
  sourceName: optStr,
  /** The target system's id for the account (the schema's identityAttribute). */
  nativeIdentity: z.string(),
  uuid: optStr,
  identityId: optStr,
  identity: maybe(Ref),
  /** PROVISIONED accounts were created by ISC; AGGREGATED ones were found on the target. */
  origin: maybe(openEnum(["AGGREGATED", "PROVISIONED"])),
  attributes: maybe(z.record(z.string(), z.unknown())),
  authoritative: z.boolean().optional(),
  disabled: z.boolean().optional(),
  locked: z.boolean().optional(),
  systemAccount: z.boolean().optional(),
  uncorrelated: z.boolean().optional(),
  manuallyCorrelated: z.boolean().optional(),
  hasEntitlements: z.boolean().optional(),
  created: optStr,
  modified: optStr,
});
export type Account = z.infer<typeof Account>;

export const Entitlement = z.object({
  id: z.string().min(1),
  name: optStr,
  /** The account attribute holding it, e.g. `groups`. */
  attribute: optStr,
  /** The native key: for Atlassian, the group id or name the connector uses. */
  value: optStr,
  sourceSchemaObjectType: optStr,
  description: optStr,
  privileged: maybe(z.boolean()),
  requestable: maybe(z.boolean()),
  source: maybe(Ref),
  owner: maybe(Ref),
  attributes: maybe(z.record(z.string(), z.unknown())),
  created: optStr,
  modified: optStr,
});
export type Entitlement = z.infer<typeof Entitlement>;

export const AccountActivityItem = z.object({
  id: optStr,
  name: optStr,
  requested: optStr,
  approvalStatus: optStr,
  provisioningStatus: maybe(openEnum(["PENDING", "FINISHED", "UNVERIFIABLE", "COMMITED", "FAILED", "RETRY"])),
  operation: maybe(
    openEnum(["ADD", "CREATE", "MODIFY", "DELETE", "DISABLE", "ENABLE", "UNLOCK", "LOCK", "REMOVE", "SET"]),
  ),
  attribute: optStr,
  value: optStr,
  nativeIdentity: optStr,
  sourceId: optStr,
  accountRequestInfo: maybe(
    z.object({ requestedObjectId: optStr, requestedObjectName: optStr, requestedObjectType: optStr }),
  ),
  removeDate: optStr,
});
export type AccountActivityItem = z.infer<typeof AccountActivityItem>;

const IdentitySummary = z.object({ id: optStr, name: optStr, identityId: optStr, completed: maybe(z.boolean()) });

export const AccountActivity = z.object({
  id: z.string().min(1),
  name: optStr,
  created: optStr,
  modified: optStr,
  completed: optStr,
  completionStatus: maybe(openEnum(["SUCCESS", "FAILURE", "INCOMPLETE", "PENDING"])),
  type: optStr,
  requesterIdentitySummary: maybe(IdentitySummary),
  targetIdentitySummary: maybe(IdentitySummary),
  errors: maybe(z.array(z.string())),
  warnings: maybe(z.array(z.string())),
  items: maybe(tolerantArray(AccountActivityItem)),
  executionStatus: optStr,
});
export type AccountActivity = z.infer<typeof AccountActivity>;

export const Source = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: optStr,
  type: optStr,
  connector: optStr,
  connectorName: optStr,
  connectionType: optStr,
  authoritative: maybe(z.boolean()),
  healthy: maybe(z.boolean()),
  status: optStr,
  features: maybe(z.array(z.string())),
  owner: maybe(Ref),
  created: optStr,
  modified: optStr,
});
export type Source = z.infer<typeof Source>;
