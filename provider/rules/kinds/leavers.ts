// Kinds about accounts whose person left, and accounts no lane manages. Part of the one catalogue (../finding-kinds.ts);
// the rules are ../leavers.ts.
import type { FindingKindInfo } from "./kind-info";

export const LEAVER_KINDS = {
  "leaver-with-access": {
    lane: "claiming lane",
    where: "OwnershipSplit",
    source: "drift",
    meaning:
      "the IdP deactivated or deleted the person, or ISC disabled the account, yet the Atlassian account still holds product access",
    cause:
      "The person left: their SCIM record is inactive, or gone while the account was IdP-managed, or ISC's account for them is disabled. But the Atlassian account is still active and holds product access: through a local group, a role given directly, or because it is an invited account the SCIM record never linked (so the IdP's deactivation never reached it). The actor is the lane that recorded the leave (scim or isc); the evidence names the SCIM record or ISC account, and the audit event when there is one. The lane is the granting group's (pulumi for a direct role; none when paths of several lanes grant it, or none is known).",
    fix: "Deactivate the account in Atlassian admin (it takes every access at once), or remove each path that grants it (each group's lane removes the person; a direct role is revoked in Atlassian admin). If the person still needs access (rehired, a contractor kept on), accept the finding with a reason and an until.",
    example: {
      id: "leaver-with-access:pat.lee@acme.example",
      message:
        'pat.lee@acme.example left (the IdP deactivated SCIM user pat.lee@acme.example at 2026-11-28T09:00:00.000Z), but the account is active and still holds acme-eu.atlassian.net/jira-software through "contractors" (pulumi lane) and acme-uk.atlassian.net/confluence directly (atlassian/user); it is an invited account the SCIM record never linked. Last active 2026-11-27.',
    },
  },
  "orphan-account": {
    lane: "none",
    where: "OwnershipSplit",
    source: "drift",
    meaning:
      "an active account with product access that no lane manages: not linked to SCIM, not correlated in ISC, in no group a lane claims",
    cause:
      "An active account holds product access, yet no lane would notice its person leaving: SCIM does not link it, ISC has not correlated it to an identity, and none of its groups is claimed by a lane of the split (its access comes from unclaimed groups or roles given directly). Typically a contractor invited by hand. The actor is who invited it, when the audit window has it.",
    fix: "Give the account an owner: let the identity provider push the person (SCIM links it by email), correlate it in ISC, or move its access into a group a lane claims; else deactivate it. If it is meant to stand alone (a vendor, a service user), accept the finding with a reason and an until.",
    example: {
      id: "orphan-account:kim.novak@northwind.example",
      message:
        "kim.novak@northwind.example is active and holds acme-uk.atlassian.net/confluence directly (atlassian/user), but no lane manages the account: not linked to SCIM, not correlated in ISC, in no group a lane claims. Last active 2025-05-02.",
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
