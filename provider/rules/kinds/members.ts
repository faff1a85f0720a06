// Kinds about group membership outside code's or ISC's declared members. Part of the one catalogue (../finding-kinds.ts).
import type { FindingKindInfo } from "./kind-info";

export const MEMBER_KINDS = {
  "code-group-member-added": {
    lane: "pulumi",
    where: "Group",
    source: "drift",
    meaning: "someone other than code added a member to a code-owned group; `up` removes it",
    cause:
      'Someone other than code (a person in admin.atlassian.com, another lane\'s credential) added a member to a Group with `owner: "pulumi"` and `members`.',
    fix: "`pulumi up --refresh` removes the member; to keep them, add the email to the Group's `members`.",
    example: {
      id: "code-group-member-added:jira-admins/chloe.arden@acme.example",
      message:
        'chloe.arden@acme.example was added to code-owned group "jira-admins" by person:alex.admin@acme.example; code\'s members list does not have it.',
    },
  },
  "code-group-member-removed": {
    lane: "pulumi",
    where: "Group",
    source: "drift",
    meaning: "someone other than code removed a declared member of a code-owned group; `up` adds it back",
    cause: 'Someone other than code removed a declared member from a Group with `owner: "pulumi"` and `members`.',
    fix: "`pulumi up --refresh` adds the member back; to drop them, remove the email from the Group's `members`.",
    example: {
      id: "code-group-member-removed:jira-admins/ben.arden@acme.example",
      message:
        'ben.arden@acme.example was removed from code-owned group "jira-admins" by person:alex.admin@acme.example; code\'s members list has it.',
    },
  },
  "isc-group-member-added": {
    lane: "isc",
    where: "Group",
    source: "drift",
    meaning: "a member in an ISC-owned group that ISC never granted, added outside ISC",
    cause: "A member is in an ISC-owned group but ISC granted no such entitlement: someone added them outside ISC.",
    fix: "Remove the member in Atlassian and request the access in ISC instead; `up` does not touch ISC's groups.",
    example: {
      id: "isc-group-member-added:isc-jira-requesters/elif.arden@acme.example",
      message:
        'elif.arden@acme.example is in ISC-owned group "isc-jira-requesters" but ISC granted no such entitlement; added by person:alex.admin@acme.example.',
    },
  },
  "isc-group-member-removed": {
    lane: "isc",
    where: "Group",
    source: "drift",
    meaning: "an ISC entitlement holder missing from the ISC-owned group, removed outside ISC",
    cause:
      "ISC records a person as holding the group's entitlement, but they are not in the Atlassian group: someone removed them outside ISC.",
    fix: "Revoke the entitlement in ISC if the removal was intended; otherwise let ISC re-provision it, or add it back through an ISC access request.",
    example: {
      id: "isc-group-member-removed:isc-jira-requesters/gus.arden@acme.example",
      message:
        'gus.arden@acme.example holds the "isc-jira-requesters" entitlement in ISC but is not in the Atlassian group; removed by person:alex.admin@acme.example.',
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
