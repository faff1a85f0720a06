// Wire schemas of the Atlassian org API v2 and audit events, named after the spec's components (ORG-2608).
//
// Lenient where the API may grow (unknown fields are dropped, optional fields may be absent or null and read as
// undefined, unknown enum values are kept as strings), strict on the fields the provider reads: ids and names. Every list
// is read item by item (`tolerantArray`): an item that does not fit is reported and skipped, never sinking its page.
import { z } from "zod";
import { maybe, openEnum, optStr } from "../wire";
import { tolerantArray } from "../reading-problems";

/** `LinkPageCursor`: opaque cursors, not URLs. */
export const LinkPageCursor = z.object({ self: optStr, next: optStr, prev: optStr });
export type LinkPageCursor = z.infer<typeof LinkPageCursor>;

export const ManagementAccess = z.object({
  deletable: z.boolean().optional(),
  modifiable: z.boolean().optional(),
  readable: z.boolean().optional(),
});
export type ManagementAccess = z.infer<typeof ManagementAccess>;

export const MultiDirectoryGroup = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: optStr,
  directoryId: optStr,
  /** True when an IdP created the group through SCIM; the org API then refuses membership changes. */
  externalSynced: z.boolean().optional(),
  /** external | admins | team-members | open (prose in the spec, so not an enum here). */
  managedBy: optStr,
  managementAccess: maybe(ManagementAccess),
  counts: maybe(z.object({ users: z.number().int().optional(), resources: z.number().int().optional() })),
});
export type MultiDirectoryGroup = z.infer<typeof MultiDirectoryGroup>;

export const MultiDirectoryGroupSearchPage = z.object({
  data: tolerantArray(MultiDirectoryGroup),
  links: maybe(LinkPageCursor),
});
export type MultiDirectoryGroupSearchPage = z.infer<typeof MultiDirectoryGroupSearchPage>;

/** `GET .../groups/{groupId}` wraps the group in `data`. */
export const MultiDirectoryGroupDetails = z.object({ data: MultiDirectoryGroup });
export type MultiDirectoryGroupDetails = z.infer<typeof MultiDirectoryGroupDetails>;

const SortBy = <F extends string>(field: F) =>
  z.array(z.object({ field: z.literal(field), direction: z.enum(["asc", "desc"]) }));

/** Body of `POST .../groups/search`; `groupNames` cannot be combined with `searchTerm` or `groupIds` (400). */
export const MultiDirectoryGroupSearchRequest = z.object({
  searchTerm: z.string().optional(),
  groupNames: z.array(z.string()).optional(),
  groupIds: z.array(z.string()).optional(),
  accountIds: z.array(z.string()).optional(),
  directoryIds: z.array(z.string()).optional(),
  roleIds: z.array(z.string()).optional(),
  resourceIds: z.array(z.string()).optional(),
  resourceOwners: z.array(z.string()).optional(),
  expand: z.array(z.enum(["counts.resources", "counts.users"])).optional(),
  sortBy: SortBy("name").optional(),
  /** Page size, at most 100. */
  limit: z.number().int().min(1).max(100).optional(),
});
export type MultiDirectoryGroupSearchRequest = z.infer<typeof MultiDirectoryGroupSearchRequest>;

export const MultiDirectoryGroupRoleAssignment = z.object({
  /** An ARI, e.g. `ari:cloud:jira::site/<cloudId>`. */
  resourceId: z.string().min(1),
  resourceOwner: optStr,
  roles: maybe(z.array(z.string())).transform((r) => r ?? []),
  /** Set when the group is the app's default access group. */
  defaultRole: optStr,
});
export type MultiDirectoryGroupRoleAssignment = z.infer<typeof MultiDirectoryGroupRoleAssignment>;

export const MultiDirectoryGroupRoleAssignmentPage = z.object({
  data: tolerantArray(MultiDirectoryGroupRoleAssignment),
  links: maybe(LinkPageCursor),
});
export type MultiDirectoryGroupRoleAssignmentPage = z.infer<typeof MultiDirectoryGroupRoleAssignmentPage>;

/** Body of `assign` and `revoke` under `.../groups/{groupId}/role-assignments/`. */
export const GroupRoleAssignmentRequest = z.object({ roleId: z.string().min(1), resourceId: z.string().min(1) });
export type GroupRoleAssignmentRequest = z.infer<typeof GroupRoleAssignmentRequest>;

export const MultiDirectoryUserGroup = z.object({
  /** `ari:cloud:identity::group/<uuid>`: strip the prefix before comparing with a group id. */
  id: z.string(),
  name: optStr,
  description: optStr,
});
export type MultiDirectoryUserGroup = z.infer<typeof MultiDirectoryUserGroup>;

export const MultiDirectoryUser = z.object({
  /** Opaque: legacy 24-hex, `712020:<uuid>` or UUID forms all occur; never validate as a UUID. */
  accountId: z.string().min(1),
  accountType: optStr,
  accountStatus: maybe(openEnum(["active", "inactive", "closed"])),
  membershipStatus: maybe(openEnum(["active", "suspended", "no_membership"])),
  status: maybe(openEnum(["active", "suspended", "not_invited", "deactivated", "for_deletion"])),
  claimStatus: maybe(openEnum(["managed", "unmanaged"])),
  /** How a managed account joined: by invitation or by IdP sync. */
  managementSource: maybe(openEnum(["invited", "synced"])),
  addedToOrg: optStr,
  email: optStr,
  emailVerified: z.boolean().optional(),
  name: optStr,
  nickname: optStr,
  jobTitle: optStr,
  department: optStr,
  platformRoles: z.array(z.string()).optional(),
  productAccess: maybe(tolerantArray(z.object({ id: optStr, key: optStr, lastActiveTimestamp: optStr }))),
  groups: maybe(tolerantArray(MultiDirectoryUserGroup)),
});
export type MultiDirectoryUser = z.infer<typeof MultiDirectoryUser>;

export const MultiDirectoryUserSearchPage = z.object({
  data: tolerantArray(MultiDirectoryUser),
  links: maybe(LinkPageCursor),
});
export type MultiDirectoryUserSearchPage = z.infer<typeof MultiDirectoryUserSearchPage>;

/** Body of `POST .../users/search`; `emails` cannot be combined with `searchTerm` (400). */
export const MultiDirectoryUserSearchRequest = z.object({
  accountIds: z.array(z.string()).optional(),
  emails: z.array(z.string()).optional(),
  searchTerm: z.string().optional(),
  groupIds: z.array(z.string()).optional(),
  directoryIds: z.array(z.string()).optional(),
  resourceIds: z.array(z.string()).optional(),
  roleIds: z.array(z.string()).optional(),
  claimStatus: z.enum(["managed", "unmanaged"]).optional(),
  status: z.array(z.string()).optional(),
  accountStatus: z.array(z.string()).optional(),
  membershipStatus: z.array(z.string()).optional(),
  mfaEnabled: z.boolean().optional(),
  emailDomains: z.array(z.string()).optional(),
  expand: z.array(z.enum(["platformRoles", "counts.resources", "productAccess", "groups"])).optional(),
  sortBy: SortBy("nick_name").optional(),
  /** Page size, at most 100. */
  limit: z.number().int().min(1).max(100).optional(),
});
export type MultiDirectoryUserSearchRequest = z.infer<typeof MultiDirectoryUserSearchRequest>;

/** `GET /v1/orgs/{orgId}` (getOrgById): the org the key reads; 404 when the id names no org it may read. */
export const Org = z.object({
  data: z.object({ id: z.string().min(1), attributes: maybe(z.object({ name: optStr })) }),
});
export type Org = z.infer<typeof Org>;

export const MultiDirectoryUserDirectory = z.object({ directoryId: z.string().min(1), name: optStr, icon: optStr });
export type MultiDirectoryUserDirectory = z.infer<typeof MultiDirectoryUserDirectory>;

export const MultiDirectoryUserDirectoryPage = z.object({
  data: tolerantArray(MultiDirectoryUserDirectory),
  links: maybe(LinkPageCursor),
});
export type MultiDirectoryUserDirectoryPage = z.infer<typeof MultiDirectoryUserDirectoryPage>;

export const WorkspaceModel = z.object({
  /** The workspace ARI: the `resourceId` of a role assignment. */
  id: z.string().min(1),
  type: optStr,
  attributes: maybe(
    z.object({
      name: optStr,
      typeKey: optStr,
      type: optStr,
      status: optStr,
      hostUrl: optStr,
      realm: optStr,
      createdAt: optStr,
    }),
  ),
});
export type WorkspaceModel = z.infer<typeof WorkspaceModel>;

/** Response of `POST /v2/orgs/{orgId}/workspaces`. */
export const PageDataResponseV2 = z.object({
  data: tolerantArray(WorkspaceModel),
  links: maybe(LinkPageCursor),
  meta: maybe(z.object({ pageSize: z.number().optional(), total: z.number().optional() })),
});
export type PageDataResponseV2 = z.infer<typeof PageDataResponseV2>;

/** Body of `POST /v2/orgs/{orgId}/workspaces` (the `query` DSL is passed through as given). */
export const SearchWorkspacesRequestV2 = z.object({
  query: z.unknown().optional(),
  sort: z.array(z.object({ field: z.string(), order: z.enum(["asc", "desc"]) })).optional(),
  /** Page size, at most 1000. */
  limit: z.number().int().min(1).max(1000).optional(),
});
export type SearchWorkspacesRequestV2 = z.infer<typeof SearchWorkspacesRequestV2>;

export const EventObjectModel = z.object({
  /** Absent on some real events (a detection rule's recorded `users` context has none: sandbox/REALITY.md). */
  id: optStr,
  type: optStr,
  attributes: maybe(z.record(z.string(), z.unknown())),
});
export type EventObjectModel = z.infer<typeof EventObjectModel>;

export const EventActorModel = z.object({
  id: z.string(),
  name: optStr,
  email: optStr,
  /** `authType` api-token with `tokenId`/`tokenLabel` names the org API key that acted. */
  auth: maybe(z.object({ authType: z.string(), tokenId: optStr, tokenLabel: optStr })),
  app: maybe(z.object({ id: z.string(), type: optStr })),
  onBehalfOf: maybe(z.object({ id: z.string(), email: optStr, name: optStr })),
});
export type EventActorModel = z.infer<typeof EventActorModel>;

export const EventModel = z.object({
  id: z.string().min(1),
  type: optStr,
  attributes: z.object({
    time: z.string(),
    action: z.string(),
    actor: EventActorModel,
    context: tolerantArray(EventObjectModel),
    container: maybe(tolerantArray(EventObjectModel)),
    location: maybe(z.object({ ip: optStr, city: optStr, countryName: optStr })),
  }),
  message: maybe(z.object({ content: optStr, format: optStr })),
});
export type EventModel = z.infer<typeof EventModel>;

/** `GET /v1/orgs/{orgId}/events/{eventId}`. */
export const Event = z.object({ data: EventModel });
export type Event = z.infer<typeof Event>;

/** v1 paging: `links.next` is a full URL; `meta.next` the bare cursor. */
export const EventPage = z.object({
  data: tolerantArray(EventModel),
  links: maybe(LinkPageCursor),
  meta: maybe(z.object({ next: optStr, page_size: z.number().optional() })),
});
export type EventPage = z.infer<typeof EventPage>;

/** One entry of `GET /v1/orgs/{orgId}/event-actions`: real orgs send upper-case ids and may send empty display names. */
export const EventActionModel = z.object({
  id: z.string().min(1),
  type: optStr,
  attributes: maybe(z.object({ displayName: optStr, groupDisplayName: optStr })),
});
export type EventActionModel = z.infer<typeof EventActionModel>;

/** `GET /v1/orgs/{orgId}/event-actions`: the org's catalogue of audit actions (unpaged). */
export const EventActions = z.object({ data: tolerantArray(EventActionModel) });
export type EventActions = z.infer<typeof EventActions>;
