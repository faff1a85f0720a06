// Wire schemas of Atlassian's SCIM 2.0 user provisioning API, named after the spec's components (SCIM-2308).
import { z } from "zod";
import { maybe, optStr } from "../wire";
import { tolerantArray } from "../reading-problems";

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
  name: maybe(z.object({ formatted: optStr, givenName: optStr, familyName: optStr })),
  emails: maybe(z.array(z.object({ value: z.string(), type: optStr, primary: maybe(z.boolean()) }))),
  active: maybe(z.boolean()),
  groups: maybe(z.array(z.object({ value: z.string(), display: optStr, type: optStr }))),
  meta: maybe(ScimMetadata),
  [ATLASSIAN_EXTENSION]: maybe(z.object({ atlassianAccountId: optStr })),
});
export type ScimUser = z.infer<typeof ScimUser>;

export const ScimGroup = z.object({
  id: z.string().min(1),
  displayName: z.string(),
  externalId: optStr,
  /** `value` is the member's SCIM user id. */
  members: maybe(z.array(z.object({ value: z.string(), display: optStr, type: optStr }))),
  meta: maybe(ScimMetadata),
});
export type ScimGroup = z.infer<typeof ScimGroup>;

/** RFC 7644 list response; an empty directory may leave out `Resources`; each resource is read on its own. */
const listResponse = <T extends z.ZodType>(item: T) =>
  z.object({
    totalResults: z.number().int(),
    startIndex: z.number().int().optional(),
    itemsPerPage: z.number().int().optional(),
    Resources: maybe(tolerantArray(item)),
  });

export const ScimUserListResponse = listResponse(ScimUser);
export type ScimUserListResponse = z.infer<typeof ScimUserListResponse>;

export const ScimGroupListResponse = listResponse(ScimGroup);
export type ScimGroupListResponse = z.infer<typeof ScimGroupListResponse>;
