// The one list of audit action keys the rules read, by family, and which finding kinds rely on which families. Pure.
//
// Keys are the org's catalogue ids (`GET /v1/orgs/{orgId}/event-actions`, e.g. GROUP_GRANTED_PRODUCT_ACCESS) as events
// carry them: lowercased (`group_granted_product_access`). Sources: sandbox/REALITY.md. A family lists every key that
// means the same act: the admin-API key and the SCIM key (`scim_*`) where the catalogue has both, since which of them
// the real log records for an IdP-driven change is not in any capture. Keys marked assumed in REALITY.md are the
// sandbox's guesses for acts no capture shows; a rule never depends on one of them alone.

/** Audit action families: every key that records the same act. */
export const ACTIONS = {
  groupCreated: ["group_created", "scim_group_create"],
  groupDeleted: ["group_deleted", "scim_group_delete"],
  memberAdded: ["user_added_to_group", "scim_group_add_member"],
  memberRemoved: ["user_removed_from_group", "scim_group_remove_member"],
  /** A role granted to a group on a site's product: product access, admin access, or another role. */
  groupRoleGranted: ["group_granted_product_access", "group_granted_admin_access", "group_granted_role"],
  groupRoleRevoked: ["group_revoked_product_access", "group_revoked_admin_access", "group_revoked_role"],
  /** A role granted to one person directly (product access, a role such as site admin, org admin). */
  userRoleGranted: ["user_granted_product_access", "user_granted_role", "added_org_admin"],
  userRoleRevoked: ["user_revoked_product_access", "user_revoked_role", "removed_org_admin"],
  accountInvited: ["user_invited", "user_invite_to_org"],
  accountProvisioned: ["scim_user_create"],
  /** App access settings (self-signup) of an email domain. `_updated` is assumed (REALITY.md): no catalogue lists it. */
  selfSignupAdded: ["user_access_settings_domain_added"],
  selfSignupRemoved: ["user_access_settings_domain_removed"],
  selfSignupUpdated: ["user_access_settings_domain_updated"],
  /** A new key for the SCIM directory (the old one stops working): evidence beside credential-expiring/-expired. */
  scimTokenRotated: ["scim_directory_token_rotated"],
  /** An org API key created: a rotation of the org API key is a new key (and the old one revoked). */
  apiKeyCreated: ["api_token_created"],
  /** A managed account deactivated or reactivated (by SCIM, a person or a script): leaver-with-access's evidence. */
  accountDeactivated: ["managed_account_deactivated", "scim_user_delete"],
  accountReactivated: ["managed_account_reactivated"],
} as const satisfies Record<string, readonly string[]>;

export type ActionFamily = keyof typeof ACTIONS;

/** True when `action` (any case) is one of `family`'s keys. */
export const isAction = (action: string, family: ActionFamily): boolean =>
  (ACTIONS[family] as readonly string[]).includes(action.toLowerCase());

/** The family an action key belongs to, if the rules read it. */
export function familyOf(action: string): ActionFamily | undefined {
  const a = action.toLowerCase();
  return (Object.keys(ACTIONS) as ActionFamily[]).find((f) => (ACTIONS[f] as readonly string[]).includes(a));
}

/** Every key the rules read. */
export const RULE_ACTION_KEYS: readonly string[] = [...new Set(Object.values(ACTIONS).flat())].sort();

/**
 * A key of the SCIM family: the act was the identity provider's, whatever the actor looks like (REALITY.md). The
 * `scim_directory_*` keys (e.g. `scim_directory_token_rotated`) are an admin's acts on the directory, not IdP pushes.
 */
export const isScimAction = (action: string): boolean => {
  const a = action.toLowerCase();
  return a.startsWith("scim_") && !a.startsWith("scim_directory_");
};

/**
 * The families each finding kind reads its cause from. A kind not listed reads no audit event (the split's name rules,
 * ISC's own record, usage data). Every family a kind lists is needed for it to be attributed on an org.
 */
export const KIND_ACTIONS: Readonly<Record<string, readonly ActionFamily[]>> = {
  "code-group-member-added": ["memberAdded"],
  "code-group-member-removed": ["memberRemoved"],
  "isc-group-member-added": ["memberAdded"],
  "isc-group-member-removed": ["memberRemoved"],
  "app-access-revoked-outside-code": ["groupRoleRevoked"],
  "app-access-granted-outside-code": ["groupRoleGranted"],
  "group-deleted": ["groupDeleted", "groupRoleGranted"],
  "app-access-lost-with-group": ["groupDeleted", "groupRoleGranted"],
  "account-created-by-wrong-lane": ["accountInvited", "accountProvisioned"],
  "invited-unlinked": ["accountInvited"],
  "duplicate-person": ["accountInvited"],
  "cross-lane-write": ["memberAdded", "memberRemoved", "groupRoleGranted", "groupRoleRevoked", "groupDeleted"],
  "undeclared-admin": ["userRoleGranted"],
  "direct-user-access": ["userRoleGranted"],
  "open-self-signup": ["selfSignupAdded"],
  "self-signup-changed-outside-code": ["selfSignupAdded", "selfSignupRemoved", "selfSignupUpdated"],
  "sod-conflict": ["memberAdded", "groupRoleGranted", "userRoleGranted"],
};

/** What the org's catalogue lacks for one kind: the families none of whose keys it lists. */
export interface UnattributableKind {
  kind: string;
  missing: { family: ActionFamily; keys: readonly string[] }[];
}

/**
 * The finding kinds whose cause cannot be attributed on an org whose event-actions catalogue is `catalogue` (ids in
 * any case): a family counts as present when the catalogue lists any one of its keys. An empty catalogue (the read
 * failed, or the key may not read it) says nothing: the caller reports that instead.
 */
export function unattributableKinds(catalogue: readonly string[]): UnattributableKind[] {
  if (!catalogue.length) return [];
  const have = new Set(catalogue.map((k) => k.toLowerCase()));
  const present = (f: ActionFamily) => (ACTIONS[f] as readonly string[]).some((k) => have.has(k));
  const out: UnattributableKind[] = [];
  for (const [kind, families] of Object.entries(KIND_ACTIONS)) {
    const missing = families.filter((f) => !present(f)).map((family) => ({ family, keys: ACTIONS[family] }));
    if (missing.length) out.push({ kind, missing });
  }
  return out;
}

/** One line for the preview and the report: which kinds cannot be attributed on this org, and why. */
export function unattributableLine(kinds: UnattributableKind[]): string | undefined {
  if (!kinds.length) return undefined;
  const why = kinds
    .map((k) => `${k.kind} (the catalogue has none of ${k.missing.map((m) => m.keys.join("/")).join("; ")})`)
    .join(", ");
  return `This org's audit catalogue (event-actions) lacks the actions these kinds of finding read their cause from, so their actor will show as unknown: ${why}.`;
}
