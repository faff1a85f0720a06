// Separation of duties: a person holding both sides of a conflict the split declares. Part of the one catalogue
// (../finding-kinds.ts); the rule is ../sod-findings.ts, the decision ../sod.ts.
import type { FindingKindInfo } from "./kind-info";

export const SOD_KINDS = {
  "sod-conflict": {
    lane: "claiming lane",
    where: "OwnershipSplit",
    source: "drift",
    meaning:
      "a person holding both sides of a conflict the split declares (`conflicts`); the actor is who made the later grant",
    cause:
      "The split declares `conflicts` (two sides no one person may hold at once: membership of a group, a role on a site's product through any group or directly, org admin or site admin of a site), and someone outside code gave a person the second side: an admin added them to a group, a lane's group got the role, a role was given directly. A change of code's that would do it is refused at preview instead. The lane is that of the group giving the later grant (pulumi for a direct or admin role); the evidence is the later grant's audit event.",
    fix: "Take one side away where it is granted (the later grant's lane: code's members and `pulumi up`, the identity provider, ISC, or Atlassian admin for a role given directly); if the person must hold both for a while, accept the finding with a reason and an until.",
    example: {
      id: "sod-conflict:approve-vs-administer/tara.arden@acme.example",
      message:
        'tara.arden@acme.example holds both sides of conflict "approve-vs-administer" (who approves ISC requests for Jira must not administer the site): member of "contractors" (member of "contractors") and site admin of acme-eu (site admin of acme-eu.atlassian.net); the later grant is member of "contractors".',
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
