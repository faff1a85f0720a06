// The sandbox's tables as plain record types: Atlassian org, SCIM directory, Entra ID, SailPoint ISC, audit log,
// request log, faults and settings. Data only; sandbox/store.ts holds them and the services around them.
import type { Faults, Settings } from "./run-controls";

export type { Faults, Quota, QuotaName, Settings } from "./run-controls";

/** Who made a call or a change; maps onto the audit event `actor` (see sandbox/routes/audit.ts). */
export interface Actor {
  kind: "api-key" | "scim" | "admin-ui" | "isc" | "system";
  /** Atlassian account id of the actor, or a synthetic id for SCIM/system. */
  id: string;
  name: string;
  email?: string;
  tokenId?: string;
  tokenLabel?: string;
}

export interface OrgApiKey {
  token: string;
  tokenId: string;
  label: string;
  /** The service account the key acts as. */
  accountId: string;
  /** Which lane this key belongs to in the story (pulumi CI, ISC connector, a human admin's script). */
  purpose: "pulumi" | "isc" | "admin";
  /**
   * A key created with scopes may call only what they cover (routes/org-auth.ts SCOPES); without, it may call anything,
   * like the org API keys made before scopes existed.
   */
  scopes?: string[];
}

export type Product = "jira-software" | "confluence" | "jira-servicedesk";

export interface Workspace {
  /** The workspace ARI, e.g. ari:cloud:jira-software::site/<cloudId>; used as resourceId for roles. */
  id: string;
  cloudId: string;
  product: Product;
  host: string;
  siteName: string;
  createdAt: string;
}

export interface User {
  accountId: string;
  email: string;
  name: string;
  nickname: string;
  accountStatus: "active" | "inactive" | "closed";
  membershipStatus: "active" | "suspended" | "no_membership";
  claimStatus: "managed" | "unmanaged";
  managementSource: "invited" | "synced" | null;
  emailVerified: boolean;
  addedToOrg: string;
  jobTitle?: string;
  department?: string;
  /** Actor id that created the account (for the sandbox's own bookkeeping; the real API does not expose it). */
  createdBy: string;
}

export interface Group {
  id: string;
  name: string;
  description: string | null;
  externalSynced: boolean;
  managedBy: "external" | "admins" | "team-members" | "open";
  /** Account ids. */
  members: string[];
  createdAt: string;
  /** Built-in/default groups cannot be deleted. */
  builtIn?: boolean;
}

export interface RoleAssignment {
  groupId: string;
  resourceId: string;
  roleId: string;
  /** Epoch ms (sandbox clock) from which reads see the assignment: role APIs are eventually consistent. */
  visibleFrom: number;
  /** Set when revoked; reads stop seeing it from this instant. */
  hiddenFrom?: number;
}

/**
 * A role one account holds itself, not through a group (v1 `users/{userId}/roles/assign` or the org-level
 * `role-assignments/assign`): product access on a workspace ARI, site admin on `ari:cloud:platform::site/<cloudId>`,
 * org admin on `ari:cloud:platform::org/<orgId>` (sandbox/org/access-index.ts names these resources).
 */
export interface UserRoleAssignment {
  accountId: string;
  resourceId: string;
  roleId: string;
  /** Epoch ms (sandbox clock) from which reads see it; role APIs are eventually consistent. */
  visibleFrom: number;
  hiddenFrom?: number;
}

/** When an account last used one product instance (a workspace ARI); the sandbox clock stamps it. */
export interface ProductActivity {
  accountId: string;
  resourceId: string;
  lastActive: string;
}

/** One email domain's self-signup settings (`ANYONE`: any address): which products its people may join, and how. */
export interface AppAccessDomain {
  domain: string;
  adminNotifications: boolean;
  products: { productId: string; role: string; adminApprovalRequired: boolean }[];
}

export interface ScimUser {
  id: string;
  externalId?: string;
  userName: string;
  emails: { value: string; type?: string; primary?: boolean }[];
  name?: { formatted?: string; givenName?: string; familyName?: string };
  displayName?: string;
  title?: string;
  department?: string;
  active: boolean;
  /** The Atlassian account this SCIM record is linked to (atlassian-external extension). */
  accountId?: string;
  created: string;
  lastModified: string;
}

export interface ScimGroup {
  id: string;
  externalId?: string;
  displayName: string;
  /** SCIM user ids. */
  members: string[];
  /** The org group this SCIM group is synced to; undefined while a name conflict awaits an admin. */
  groupId?: string;
  /** A same-named local group existed when the IdP pushed this group (domain.md behaviour 8). */
  conflictWithGroupId?: string;
  created: string;
  lastModified: string;
}

export interface IdpUser {
  objectId: string;
  userPrincipalName: string;
  mail: string;
  givenName: string;
  surname: string;
  displayName: string;
  department?: string;
  jobTitle?: string;
  accountEnabled: boolean;
}

export interface IdpGroup {
  objectId: string;
  displayName: string;
  /** IdP user object ids. */
  members: string[];
  /** Whether the group is assigned to the Atlassian enterprise app (in sync scope). */
  assigned: boolean;
}

export interface IscIdentity {
  id: string;
  name: string;
  alias: string;
  email: string;
}

export interface IscAccount {
  id: string;
  name: string;
  nativeIdentity: string;
  uuid?: string;
  sourceId: string;
  identityId?: string;
  uncorrelated: boolean;
  origin: "AGGREGATED" | "PROVISIONED" | null;
  disabled: boolean;
  locked: boolean;
  attributes: Record<string, unknown>;
  /** Entitlement ids the account holds, as ISC last saw (aggregated or provisioned). */
  entitlementIds: string[];
  created: string;
  modified: string;
}

export interface IscEntitlement {
  id: string;
  name: string;
  /** The Atlassian group id. */
  value: string;
  attribute: string;
  description: string | null;
  sourceId: string;
  requestable: boolean;
  created: string;
  modified: string;
}

export interface IscAccessProfile {
  id: string;
  name: string;
  description: string | null;
  sourceId: string;
  entitlementIds: string[];
  requestable: boolean;
  enabled: boolean;
  created: string;
  modified: string;
}

export interface IscActivity {
  id: string;
  name: string;
  type: string;
  created: string;
  modified: string;
  completed: string | null;
  completionStatus: "SUCCESS" | "FAILURE" | "INCOMPLETE" | "PENDING";
  executionStatus: "EXECUTING" | "VERIFYING" | "TERMINATED" | "COMPLETED";
  requesterIdentityId: string | null;
  targetIdentityId: string;
  errors: string[];
  warnings: string[];
  items: {
    id: string;
    name: string;
    operation: "Add" | "Create" | "Remove" | "Modify";
    attribute: string | null;
    value: string | null;
    nativeIdentity: string | null;
    sourceId: string;
    accountRequestInfo: { requestedObjectId: string; requestedObjectName: string; requestedObjectType: string } | null;
    provisioningState: "PENDING" | "FINISHED" | "COMMITED" | "FAILED" | "RETRY";
    created: string;
    modified: string;
  }[];
}

export interface IscAccessRequest {
  id: string;
  requestedFor: string;
  requestedEntitlementIds: string[];
  status: "PENDING" | "COMPLETED" | "FAILED";
  activityId: string;
  created: string;
}

export interface IscTask {
  id: string;
  type: string;
  name: string;
  description: string;
  launcher: string;
  created: string;
  launched: string;
  completed: string | null;
  completionStatus: "SUCCESS" | "WARNING" | "ERROR" | null;
  messages: { type: string; localizable: boolean; key: string; parameters: string[] }[];
  returns: { displayLabel: string; attributeName: string }[];
  attributes: Record<string, unknown>;
  progress: string | null;
  percentComplete: number;
}

export interface AuditEvent {
  id: string;
  time: string;
  /** Sandbox processing time, for the stream endpoint's ordering. */
  processedAt: string;
  action: string;
  actor: Actor;
  context: { id: string; type: string; attributes: Record<string, unknown> }[];
  /** Where it happened (a site, or the org when absent): org/audit-shapes.ts. */
  container?: { id: string; type: string; attributes: Record<string, unknown> }[];
  message: string;
}

export interface RequestRecord {
  seq: number;
  time: string;
  api: "org" | "audit" | "scim" | "isc" | "controls" | "user-provisioning";
  method: string;
  path: string;
  query: Record<string, unknown>;
  status: number;
  actor: string;
  /** Request and response bodies, kept so conformance checks can replay every exchange. */
  requestBody?: unknown;
  responseBody?: unknown;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
}

/** Everything the sandbox serves; JSON-serialisable so `--state-file` can persist it. */
export interface World {
  seed: string;
  idCounter: number;
  /** Sandbox clock: epoch ms at the last set point, plus real time elapsed since then. */
  clock: { baseMs: number; setAtRealMs: number };
  org: {
    id: string;
    name: string;
    directoryId: string;
    directoryName: string;
    apiKeys: OrgApiKey[];
    workspaces: Workspace[];
    users: User[];
    groups: Group[];
    roles: RoleAssignment[];
    /** Roles held by accounts directly (optional in state files written before they existed). */
    userRoles?: UserRoleAssignment[];
    activity?: ProductActivity[];
    appAccess?: AppAccessDomain[];
  };
  scim: {
    directoryId: string;
    directoryName: string;
    token: string;
    tokenId: string;
    users: ScimUser[];
    groups: ScimGroup[];
  };
  idp: { name: string; users: IdpUser[]; groups: IdpGroup[]; lastSyncAt: string | null };
  isc: {
    tenant: string;
    clients: { clientId: string; clientSecret: string; name: string }[];
    tokens: { token: string; clientId: string; expiresAtMs: number }[];
    sourceId: string;
    sourceName: string;
    /** The org API key the ISC connector uses. */
    connectorTokenId: string;
    identities: IscIdentity[];
    accounts: IscAccount[];
    entitlements: IscEntitlement[];
    accessProfiles: IscAccessProfile[];
    activities: IscActivity[];
    accessRequests: IscAccessRequest[];
    tasks: IscTask[];
    /** Entitlements requested for identities whose account is not yet correlated: applied after aggregation. */
    pending: { identityId: string; entitlementId: string; activityId: string }[];
  };
  admins: { accountId: string; email: string; name: string }[];
  events: AuditEvent[];
  requests: RequestRecord[];
  faults: Faults;
  settings: Settings;
  /** Per-key sliding windows for rate limiting: key -> request times (sandbox-real ms). */
  rateWindows: Record<string, number[]>;
}
