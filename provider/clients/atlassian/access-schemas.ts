// Wire schemas of who holds what: a user's role assignments (ORG-2608), the v1 user role requests, and the
// experimental app access settings (only the 2026-07-22 spec has them). Named after the spec's components.
import { z } from "zod";
import { maybe, optStr } from "../wire";
import { LinkPageCursor } from "./schemas";

/** `MultiDirectoryRoleAssignmentMethod`: `direct` (to the person), `group_direct` (through a group), `inferred`. */
export const MultiDirectoryRoleAssignment = z.object({
  role: z.string().min(1),
  roleAssignmentMethods: z.array(z.string()).optional(),
});
export type MultiDirectoryRoleAssignment = z.infer<typeof MultiDirectoryRoleAssignment>;

export const MultiDirectoryUserRoleAssignment = z.object({
  /** An ARI: a product instance, `ari:cloud:platform::site/<cloudId>` or the org, for platform roles. */
  resourceId: z.string().min(1),
  resourceOwner: optStr,
  /** Null for platform roles (org or site admin), which no directory holds. */
  directoryId: optStr,
  /** Deprecated by the spec in favour of roleAssignments. */
  roles: z.array(z.string()).optional(),
  userDirectoryStatus: maybe(z.enum(["active", "suspended", "no_membership"])),
  roleAssignments: z.array(MultiDirectoryRoleAssignment).optional(),
});
export type MultiDirectoryUserRoleAssignment = z.infer<typeof MultiDirectoryUserRoleAssignment>;

export const MultiDirectoryUserRoleAssignmentPage = z.object({
  data: z.array(MultiDirectoryUserRoleAssignment),
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

export const AppAccessSettingsDomainDetail = z.object({
  /** An email domain, or `ANYONE`: any address at all. */
  domain: z.string().min(1),
  enabled: z.boolean().optional(),
  adminNotifications: z.boolean().optional(),
  products: z.array(AppAccessSettingsProduct).default([]),
});
export type AppAccessSettingsDomainDetail = z.infer<typeof AppAccessSettingsDomainDetail>;

export const AppAccessSettingsDomainSummary = z.object({
  domain: z.string().min(1),
  enabled: z.boolean().optional(),
  numberOfProductsAppliesTo: z.number().int().optional(),
});
export type AppAccessSettingsDomainSummary = z.infer<typeof AppAccessSettingsDomainSummary>;

/** Unlike the v2 cursors, these links are full URLs (or null) carrying `cursor`. */
export const AppAccessSettingsPageLinks = z.object({ self: optStr, next: optStr, prev: optStr });

export const AppAccessSettingsDomainsPage = z.object({
  data: z.array(AppAccessSettingsDomainSummary),
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
