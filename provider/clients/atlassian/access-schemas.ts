// Wire schemas of who holds what: a user's role assignments (ORG-2608), the v1 user role requests, and the
// experimental app access settings (only the 2026-07-22 spec has them). Named after the spec's components.
import { z } from "zod";
import { maybe, openEnum, optStr } from "../wire";
import { tolerantArray } from "../reading-problems";
import { LinkPageCursor } from "./schemas";

/** `MultiDirectoryRoleAssignmentMethod`: `direct` (to the person), `group_direct` (through a group), `inferred`. */
export const MultiDirectoryRoleAssignment = z.object({
  role: z.string().min(1),
  roleAssignmentMethods: z.array(z.string()).optional(),
});
export type MultiDirectoryRoleAssignment = z.infer<typeof MultiDirectoryRoleAssignment>;

export const MultiDirectoryUserRoleAssignment = z.object({
  /**
   * An ARI: a product instance, `ari:cloud:platform::site/<cloudId>` or the org, for platform roles. Optional in the
   * spec (no `required` list); the access client reads a row without one as held on the org.
   */
  resourceId: optStr,
  resourceOwner: optStr,
  /** Null for platform roles (org or site admin), which no directory holds. */
  directoryId: optStr,
  /** Deprecated by the spec in favour of roleAssignments. */
  roles: z.array(z.string()).optional(),
  userDirectoryStatus: maybe(openEnum(["active", "suspended", "no_membership"])),
  roleAssignments: maybe(tolerantArray(MultiDirectoryRoleAssignment)),
});
export type MultiDirectoryUserRoleAssignment = z.infer<typeof MultiDirectoryUserRoleAssignment>;

export const MultiDirectoryUserRoleAssignmentPage = z.object({
  data: tolerantArray(MultiDirectoryUserRoleAssignment),
  links: maybe(LinkPageCursor),
});
export type MultiDirectoryUserRoleAssignmentPage = z.infer<typeof MultiDirectoryUserRoleAssignmentPage>;

/** Body of v1 `users/{userId}/roles/assign|revoke`; `resource` is required for every role but org-admin. */
export const RoleApiRequest = z.object({ role: z.string().min(1), resource: z.string().min(1).optional() });
export type RoleApiRequest = z.infer<typeof RoleApiRequest>;

export const AppAccessSettingsProduct = z.object({
  /** The product instance's ARI. */
  productId: z.string().min(1),
  /** A role ARI, e.g. `ari:cloud:identity::role/product/member` (the default). */
  role: optStr,
  /** false: people of the domain join without an admin's approval. */
  adminApprovalRequired: z.boolean().optional(),
});
export type AppAccessSettingsProduct = z.infer<typeof AppAccessSettingsProduct>;

/**
 * `adminNotifications` is a boolean in the schema, but the spec's own example sends `"ON_REQUEST"`: a string is read as
 * on, unless it says off (`OFF`, `NONE`, `NEVER`, `FALSE`, `DISABLED`).
 */
const notifications = z.union([
  z.boolean(),
  z.string().transform((s) => !/^(off|none|never|false|disabled)$/i.test(s.trim())),
]);

export const AppAccessSettingsDomainDetail = z.object({
  /** An email domain, or `ANYONE`: any address at all. */
  domain: z.string().min(1),
  enabled: z.boolean().optional(),
  adminNotifications: maybe(notifications),
  products: maybe(tolerantArray(AppAccessSettingsProduct)).transform((p) => p ?? []),
});
export type AppAccessSettingsDomainDetail = z.infer<typeof AppAccessSettingsDomainDetail>;

export const AppAccessSettingsDomainSummary = z.object({
  domain: z.string().min(1),
  enabled: z.boolean().optional(),
  numberOfProductsAppliesTo: z.number().int().optional(),
});
export type AppAccessSettingsDomainSummary = z.infer<typeof AppAccessSettingsDomainSummary>;

/** Unlike the v2 cursors, these links are full URLs (or null) carrying `cursor`; a bare cursor is read too (`cursorOf`). */
export const AppAccessSettingsPageLinks = z.object({ self: optStr, next: optStr, prev: optStr });

export const AppAccessSettingsDomainsPage = z.object({
  data: tolerantArray(AppAccessSettingsDomainSummary),
  links: maybe(AppAccessSettingsPageLinks),
});
export type AppAccessSettingsDomainsPage = z.infer<typeof AppAccessSettingsDomainsPage>;

export const CreateAppAccessSettingsDomainRequest = z.object({
  domain: z.string().min(1),
  adminNotifications: z.boolean(),
  products: z.array(AppAccessSettingsProduct),
});
export type CreateAppAccessSettingsDomainRequest = z.infer<typeof CreateAppAccessSettingsDomainRequest>;

export const UpdateAppAccessSettingsDomainRequest = CreateAppAccessSettingsDomainRequest.omit({ domain: true });
export type UpdateAppAccessSettingsDomainRequest = z.infer<typeof UpdateAppAccessSettingsDomainRequest>;
