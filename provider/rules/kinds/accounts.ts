// Kinds about accounts: who created them, how they link to the identity provider. Part of the one catalogue (../finding-kinds.ts).
import type { FindingKindInfo } from "./kind-info";

export const ACCOUNT_KINDS = {
  "isc-create-race": {
    lane: "accountCreator",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "ISC's CREATE got 409 for an account SCIM made; uncorrelated or access pending until an aggregation",
    cause:
      "ISC's connector tried to create an account the other lane (SCIM) had already created; Atlassian answered 409 and ISC's request failed.",
    fix: "Run an aggregation of ISC's Atlassian source (it correlates the account and applies the pending access); to stop the race, let only the split's accountCreator create accounts.",
    example: {
      id: "isc-create-race:j.smith@acme.example",
      message:
        "ISC tried to create j.smith@acme.example but scim had already created it; Atlassian answered 409, the request failed and ISC has not correlated the account; pending: isc-jira-requesters.",
    },
  },
  "account-created-by-wrong-lane": {
    lane: "accountCreator",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "an account was created by a provisioning lane that is not the split's accountCreator",
    cause: "An account was created by a provisioning lane that is not the split's `accountCreator`.",
    fix: "Turn off account creation in the other lane (e.g. on ISC's Atlassian source) and make sure the accountCreator covers the person.",
    example: {
      id: "account-created-by-wrong-lane:k.lee@acme.example",
      message: "Account k.lee@acme.example was created by isc, but the split makes scim the only account creator.",
    },
  },
  "invited-unlinked": {
    lane: "scim",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "an invited account the IdP pushes too, but SCIM cannot link it, so its groups do not sync",
    cause:
      "A person was invited by hand and the identity provider pushes the same person, but SCIM cannot link the record to the invited account (e.g. an unmanaged account), so their IdP groups do not sync.",
    fix: "Fix the link: verify the email's domain (only managed accounts link), or remove the invited account's SCIM link by email and let the IdP push the user again.",
    example: {
      id: "invited-unlinked:pat.lee@acme.example",
      message:
        "pat.lee@acme.example was invited by person:alex.admin@acme.example and the IdP pushes the same person (SCIM user pat.lee@acme.example), but the SCIM record is not linked to the account: the groups the IdP pushes for this person do not sync.",
    },
  },
  "duplicate-person": {
    lane: "scim",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "one person with two accounts: an invited one and a synced one under another email",
    cause: "One person has two accounts: one invited by hand, and one SCIM created because the IdP's email differs.",
    fix: "Move what the invited account has to the synced one and remove it, or change the IdP's email so SCIM links the invited account.",
    example: {
      id: "duplicate-person:m.garcia@acme.example",
      message:
        '"Maria Garcia" has two accounts: m.garcia@acme.example (invited by person:alex.admin@acme.example, not linked to the IdP) and maria.garcia@acme.example (synced from the IdP); the emails differ, so SCIM made a second account.',
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
