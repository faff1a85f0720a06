// Wire schemas of Atlassian's SCIM 2.0 user provisioning API, named after the spec's components (SCIM-2308).
import { z } from "zod";

const optStr = z.string().nullish();

/** The extension carrying the Atlassian account id: the only link from a SCIM user to an org user. */
export const ATLASSIAN_EXTENSION = "urn:scim:schemas:extension:atlassian-external:1.0";

export const ScimMetadata = z.object({ resourceType: optStr, location: optStr, created: optStr, lastModified: optStr });
export type ScimMetadata = z.infer<typeof ScimMetadata>;

export const ScimUser = z.object({
  /** Atlassian's SCIM id, not the account id. */
  id: z.string().min(1),
  userName: z.string(),
  externalId: optStr,
  displayName: optStr,
  name: z.object({ formatted: optStr, givenName: optStr, familyName: optStr }).nullish(),
  emails: z.array(z.object({ value: z.string(), type: optStr, primary: z.boolean().nullish() })).nullish(),
  active: z.boolean().nullish(),
  groups: z.array(z.object({ value: z.string(), display: optStr, type: optStr })).nullish(),
  meta: ScimMetadata.nullish(),
  [ATLASSIAN_EXTENSION]: z.object({ atlassianAccountId: optStr }).nullish(),
});
export type ScimUser = z.infer<typeof ScimUser>;

export const ScimGroup = z.object({
  id: z.string().min(1),
  displayName: z.string(),
  externalId: optStr,
  /** `value` is the member's SCIM user id. */
  members: z.array(z.object({ value: z.string(), display: optStr, type: optStr })).nullish(),
  meta: ScimMetadata.nullish(),
});
export type ScimGroup = z.infer<typeof ScimGroup>;

/** RFC 7644 list response; an empty directory may leave out `Resources`. */
const listResponse = <T extends z.ZodType>(item: T) =>
  z.object({
    totalResults: z.number().int(),
    startIndex: z.number().int().optional(),
    itemsPerPage: z.number().int().optional(),
    Resources: z.array(item).optional(),
  });

export const ScimUserListResponse = listResponse(ScimUser);
export type ScimUserListResponse = z.infer<typeof ScimUserListResponse>;

export const ScimGroupListResponse = listResponse(ScimGroup);
export type ScimGroupListResponse = z.infer<typeof ScimGroupListResponse>;
