// Which audit action keys each kind of finding needs to name its cause: the one list doctor checks an org's
// event-actions catalogue against. The keys are the ones the rules read today (rules/attribution.ts and the rules that
// call `index.latest`); when the rules learn the real catalogue keys (issue 20 items 2-3), point NEEDED_ACTIONS at the
// rules' own list instead of this copy.
import { MEMBER_ADDED, MEMBER_REMOVED, ROLE_EVENTS, USER_ROLE_ASSIGNED } from "../rules/attribution";
import { SELF_SIGNUP_EVENTS } from "../rules/self-signup";

const GROUP_CREATED = "group_created";
const GROUP_DELETED = "group_deleted";

/** Finding kind (or what the rule does) -> the action keys whose events name its actor and time. */
export const NEEDED_ACTIONS: Record<string, readonly string[]> = {
  "code-group-member-added": MEMBER_ADDED,
  "code-group-member-removed": MEMBER_REMOVED,
  "isc-group-member-added": MEMBER_ADDED,
  "isc-group-member-removed": MEMBER_REMOVED,
  "cross-lane-write": [...MEMBER_ADDED, ...MEMBER_REMOVED, ...ROLE_EVENTS, GROUP_CREATED, GROUP_DELETED],
  "group-deleted": [GROUP_DELETED, ...ROLE_EVENTS],
  "app-access-lost-with-group": [GROUP_DELETED],
  "app-access-granted-outside-code": ROLE_EVENTS,
  "app-access-revoked-outside-code": ROLE_EVENTS,
  "invited-unlinked": ["user_invited"],
  "account-created-by-wrong-lane": ["user_provisioned", "user_invited"],
  "undeclared-admin": USER_ROLE_ASSIGNED,
  "direct-user-access": USER_ROLE_ASSIGNED,
  "self-signup-changed-outside-code": Object.values(SELF_SIGNUP_EVENTS),
  "taking over code's own unfinished groups": [GROUP_CREATED],
};

/** The kinds whose actions the catalogue lacks, each with the missing keys (compared ignoring case: events lowercase). */
export function unattributable(catalogue: readonly string[]): { kind: string; missing: string[] }[] {
  const known = new Set(catalogue.map((a) => a.toLowerCase()));
  return Object.entries(NEEDED_ACTIONS)
    .map(([kind, actions]) => ({ kind, missing: [...new Set(actions)].filter((a) => !known.has(a.toLowerCase())) }))
    .filter((k) => k.missing.length > 0);
}
