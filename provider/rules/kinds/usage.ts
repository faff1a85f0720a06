// Kinds about who uses what: product roles held by a person directly, and access an account no longer uses. Part of
// the one catalogue (../finding-kinds.ts); the rules are ../usage.ts.
import type { FindingKindInfo } from "./kind-info";

export const USAGE_KINDS = {
  "direct-user-access": {
    lane: "pulumi",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "a role on a site's product held by a person directly, outside every group; the actor is who gave it",
    cause:
      "Someone gave a person a product role on a site directly (admin.atlassian.com or the v1 user roles API) instead of through a group, so no lane's group explains it and no lane reviews or removes it. Found among the people whose groups do not explain their access (a direct grant that a group of theirs duplicates stays unseen; `atlassian-access access --exact` finds those).",
    fix: "Give the access through a group whose lane owns it (app access is code's lane: an `access.AppAccess` for a group the person is in), then revoke the direct role in Atlassian admin; or accept the finding with a reason.",
    example: {
      id: "direct-user-access:quinn.arden@acme.example/acme-de.atlassian.net/jira-servicedesk/atlassian/user",
      message:
        "quinn.arden@acme.example holds atlassian/user on acme-de.atlassian.net/jira-servicedesk directly, outside every group: no lane's group grants it, so no lane reviews or removes it.",
    },
  },
  "dormant-access": {
    lane: "claiming lane",
    where: "OwnershipSplit",
    source: "drift",
    meaning:
      "an account not active on a product for the split's `dormantAfterDays` that still holds it, with the groups (or direct role) that grant it",
    cause:
      "The split sets `dormantAfterDays`, and an active account has not used a site's product for that many days (its last active time from the users search; one that never used it counts from when it joined the org) yet still holds access to it, through groups or a role given directly. The lane is the granting group's (pulumi for a direct role; none when paths of several lanes grant it).",
    fix: "Take the access away where it is granted: each granting group's lane removes the person (code: its members and `pulumi up`; SCIM: the identity provider; ISC: revoke the entitlement), and a direct role is revoked in Atlassian admin. If the person still needs it, accept the finding with a reason and an until.",
    example: {
      id: "dormant-access:kim.novak@northwind.example/acme-uk.atlassian.net/confluence",
      message:
        "kim.novak@northwind.example has not used acme-uk.atlassian.net/confluence since 2025-05-02 (569 days; dormantAfterDays is 90) but still holds it directly (atlassian/user).",
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
