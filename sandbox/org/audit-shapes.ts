// The audit log's shapes as real orgs send them (sandbox/REALITY.md): the action keys the sandbox emits per act and
// actor, the context and container objects, and the org's event-actions catalogue. The provider never imports the
// sandbox, so this is the sandbox's own list; test/rules/real-shapes.test.ts checks it covers every key the
// provider's rules read (provider/rules/audit-actions.ts), test/sandbox/reality.test.ts that REALITY.md lists each.
import type { Actor, Group, Store, User, Workspace } from "../store";

/** What happened, independent of who did it; `emittedAction` names the key the log records. */
export type Act =
  | "groupCreated"
  | "groupDeleted"
  | "memberAdded"
  | "memberRemoved"
  | "accountInvited"
  | "accountProvisioned"
  | "accountLinked"
  | "accountUpdated"
  | "accountDeactivated"
  | "accountReactivated"
  | "groupSyncConflict"
  | "groupSyncConflictAccepted"
  | "groupSyncConflictRejected"
  | "selfSignupAdded"
  | "selfSignupRemoved"
  | "selfSignupUpdated"
  | "scimTokenRotated";

/** The key an admin (a person or an API key) records, and the key the SCIM directory records for the same act. */
const KEYS: Record<Act, [admin: string, scim?: string]> = {
  groupCreated: ["group_created", "scim_group_create"],
  groupDeleted: ["group_deleted", "scim_group_delete"],
  memberAdded: ["user_added_to_group", "scim_group_add_member"],
  memberRemoved: ["user_removed_from_group", "scim_group_remove_member"],
  accountInvited: ["user_invited"],
  accountProvisioned: ["scim_user_create", "scim_user_create"],
  accountLinked: ["scim_user_linked_to_aa", "scim_user_linked_to_aa"],
  accountUpdated: ["user_detail_change", "scim_user_update"],
  accountDeactivated: ["managed_account_deactivated", "scim_user_delete"],
  accountReactivated: ["managed_account_reactivated"],
  // Assumed (REALITY.md): no catalogue key records that the IdP pushed a conflicting name.
  groupSyncConflict: ["group_sync_conflict", "group_sync_conflict"],
  groupSyncConflictAccepted: ["site_sync_conflicting_group"],
  // Assumed: the catalogue names the sync of a conflicting group, not its rejection.
  groupSyncConflictRejected: ["group_sync_conflict_rejected"],
  selfSignupAdded: ["user_access_settings_domain_added"],
  selfSignupRemoved: ["user_access_settings_domain_removed"],
  // Assumed: the catalogue lists domains added and removed only.
  selfSignupUpdated: ["user_access_settings_domain_updated"],
  // An admin regenerates the SCIM directory's key (the catalogue's SCIM_DIRECTORY_TOKEN_ROTATED).
  scimTokenRotated: ["scim_directory_token_rotated"],
};

/** The key the log records for `act` by `actor`: SCIM's own key when the directory did it (REALITY.md, assumed). */
export function emittedAction(act: Act, actor: Actor): string {
  const [admin, scim] = KEYS[act];
  return actor.kind === "scim" && scim ? scim : admin;
}

/** A role granted or revoked: product access for `atlassian/user`, admin access for a group's `atlassian/admin`. */
export function roleAction(who: "group" | "user", granted: boolean, roleId: string): string {
  if (who === "user" && roleId === "atlassian/org-admin") return granted ? "added_org_admin" : "removed_org_admin";
  const verb = granted ? "granted" : "revoked";
  if (roleId === "atlassian/user") return `${who}_${verb}_product_access`;
  if (who === "group" && roleId === "atlassian/admin") return `group_${verb}_admin_access`;
  return `${who}_${verb}_role`;
}

/** Every key the sandbox may emit. */
export const EMITTED_KEYS: readonly string[] = [
  ...new Set([
    ...Object.values(KEYS).flat(),
    ...(["group", "user"] as const).flatMap((w) =>
      [true, false].flatMap((g) =>
        ["atlassian/user", "atlassian/admin", "atlassian/org-admin", "atlassian/site-admin"].map((r) =>
          roleAction(w, g, r),
        ),
      ),
    ),
  ]),
]
  .filter((k): k is string => Boolean(k))
  .sort();

/**
 * The org's event-actions catalogue as the real one lists it (ids upper case, `type: "eventActions"`): the keys of
 * go-atlassian's recorded catalogue that concern users, groups, access and SCIM (REALITY.md), and every key the
 * sandbox emits.
 */
const RECORDED_CATALOGUE = [
  "ADDED_ORG_ADMIN",
  "REMOVED_ORG_ADMIN",
  "API_TOKEN_CREATED",
  "API_TOKEN_REVOKED",
  "DOMAIN_ADDED",
  "DOMAIN_CLAIMED",
  "DOMAIN_VERIFICATION_COMPLETED",
  "GROUP_ADDED_TO_SITE",
  "GROUP_CREATED",
  "GROUP_DELETED",
  "GROUP_UPDATED",
  "GROUP_GRANTED_ADMIN_ACCESS",
  "GROUP_GRANTED_PRODUCT_ACCESS",
  "GROUP_GRANTED_ROLE",
  "GROUP_REVOKED_ADMIN_ACCESS",
  "GROUP_REVOKED_PRODUCT_ACCESS",
  "GROUP_REVOKED_ROLE",
  "GROUP_ADDED_AS_PRODUCT_DEFAULT",
  "GROUP_REMOVED_AS_PRODUCT_DEFAULT",
  "MANAGED_ACCOUNT_DEACTIVATED",
  "MANAGED_ACCOUNT_REACTIVATED",
  "SCIM_DIRECTORY_TOKEN_ROTATED",
  "SCIM_GROUP_ADD_MEMBER",
  "SCIM_GROUP_CREATE",
  "SCIM_GROUP_DELETE",
  "SCIM_GROUP_REMOVE_MEMBER",
  "SCIM_GROUP_UPDATE",
  "SCIM_USER_CREATE",
  "SCIM_USER_DELETE",
  "SCIM_USER_LINKED_TO_AA",
  "SCIM_USER_UNLINKED_FROM_AA",
  "SCIM_USER_UPDATE",
  "SITE_SYNC_CONFLICTING_GROUP",
  "USER_ACCESS_SETTINGS_DOMAIN_ADDED",
  "USER_ACCESS_SETTINGS_DOMAIN_REMOVED",
  "USER_ADDED_TO_GROUP",
  "USER_DETAIL_CHANGE",
  "USER_GRANTED_PRODUCT_ACCESS",
  "USER_GRANTED_ROLE",
  "USER_INVITED",
  "USER_INVITE_TO_ORG",
  "USER_REMOVED_FROM_GROUP",
  "USER_REVOKED_PRODUCT_ACCESS",
  "USER_REVOKED_ROLE",
  "USER_LOGIN",
  "USER_LOGGED_IN_AS_USER",
];

/** The catalogue `GET /v1/orgs/{orgId}/event-actions` serves; `without` drops keys (a control, to play an older org). */
export function catalogue(without: readonly string[] = []): string[] {
  const drop = new Set(without.map((k) => k.toUpperCase()));
  return [...new Set([...RECORDED_CATALOGUE, ...EMITTED_KEYS.map((k) => k.toUpperCase())])]
    .filter((k) => !drop.has(k))
    .sort();
}

// Context and container objects, plural types and real attribute names (REALITY.md).

export const groupContext = (g: Pick<Group, "id" | "name">) => ({
  id: g.id,
  type: "groups",
  attributes: { name: g.name, groupName: g.name },
});

export const userContext = (u: Pick<User, "accountId" | "email">) => ({
  id: u.accountId,
  type: "users",
  attributes: { name: u.email, email: u.email, accountType: "atlassian" },
});

/** The org as a context (with the email domain of a domain event) or a container. */
export const orgObject = (store: Store, domain?: string) => ({
  id: store.world.org.id,
  type: "orgs",
  attributes: { name: store.world.org.name, ...(domain ? { domain } : {}) },
});

/**
 * A site as a container: `siteHostName` and `name` are the site's URL, `siteName` its name. A role or self-signup
 * event adds `product` (seen on a real `sites` container) and `role` (assumed: no capture shows how a role event
 * names the role).
 */
export const siteObject = (
  ws: Pick<Workspace, "cloudId" | "host" | "siteName">,
  extra: Record<string, unknown> = {},
) => ({
  id: ws.cloudId,
  type: "sites",
  attributes: { siteHostName: `https://${ws.host}`, name: `https://${ws.host}`, siteName: ws.siteName, ...extra },
});
