// The roles a group can hold on a product (AppAccess `role`), and the messages when one is not offered.

/** The role AppAccess grants when none is given. */
export const DEFAULT_ROLE = "atlassian/user";

/**
 * The roles the org API assigns to a group on a product: the "Valid values" of `roleId` in the body of
 * `POST .../groups/{groupId}/role-assignments/assign` (../shared/specs/atlassian/atlassian-admin-organization.openapi.json).
 * The org-level roles of the roleIds filter (org-admin, site-admin, ai-access) are user roles, not app access. Which of
 * these a given product offers is not published: the API refuses the others with ADMIN-UAM-400-3.
 */
export const GROUP_ROLES = [
  "atlassian/user",
  "atlassian/admin",
  "atlassian/user-access-admin",
  "atlassian/guest",
  "atlassian/contributor",
  "atlassian/customer",
  "atlassian/basic",
  "atlassian/stakeholder",
  "atlassian/viewer",
] as const;

const listed = () => GROUP_ROLES.join(", ");

/** Why `role` cannot be granted to a group on any product, or undefined when it can be. */
export function roleProblem(role: string): string | undefined {
  if ((GROUP_ROLES as readonly string[]).includes(role)) return undefined;
  const prefixed = `atlassian/${role.replace(/^atlassian[:/]?/i, "").toLowerCase()}`;
  const hint = (GROUP_ROLES as readonly string[]).includes(prefixed) ? ` Did you mean "${prefixed}"?` : "";
  return `role ${JSON.stringify(role)} is not a role Atlassian grants to a group on a product.${hint} Use one of ${listed()} (default ${DEFAULT_ROLE}).`;
}

/** The message when the org API refuses a role for one product (ADMIN-UAM-400-3): nothing was granted. */
export function roleRefused(role: string, product: string, site: string): string {
  return (
    `Atlassian refused role "${role}" for product ${product} on site ${site} (ADMIN-UAM-400-3, Invalid Role for Resource): not every product offers every role, and nothing was granted. ` +
    `Set role to one that ${product} offers (the product's page in admin.atlassian.com lists them); the roles a group can hold are ${listed()}.`
  );
}
