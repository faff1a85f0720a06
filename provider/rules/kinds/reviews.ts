// Kinds about access reviews decided as code (the AccessReview resource). Part of the one catalogue
// (../finding-kinds.ts); the rules are ../review-findings.ts.
import type { FindingKindInfo } from "./kind-info";

export const REVIEW_KINDS = {
  "review-revoke-pending": {
    lane: "object's lane",
    where: "AccessReview",
    source: "drift",
    meaning:
      "a reviewer revoked an access in the review's files and the org still grants it; the lane that owns the path removes it",
    cause:
      "A row of the review folder says `revoke` (with its reason), and the person still holds the role on that site's product through the same path: a group of the identity provider (scim), of SailPoint ISC (isc), of no lane (none), or a role given directly. Code's own groups come here only between the merge and `up`: a revoke in a group a Group declares with `members` is refused at preview until the member is removed from that list, and `up` then removes it (the fix says so). The lane is the group's (pulumi for a group the program declares; none for a direct grant).",
    fix: "The lane that owns the path removes the access: the identity provider removes the person from the group, ISC revokes the entitlement, an Atlassian admin removes the member of an unclaimed group or revokes the role given directly. The finding clears at the next refresh once the access is gone; `review evidence` then dates it from the audit log.",
    example: {
      id: "review-revoke-pending:2026-q4/3f2a9c0b1d4e",
      message:
        'Review "2026-q4" revoked ana.costa@acme.example\'s atlassian/user on acme-fr.atlassian.net/jira-software through "dept-support" (scim lane; reviews/2026-q4/sam.support@acme.example.csv line 3, reason: moved to sales), and the org still grants it.',
    },
  },
  "review-overdue": {
    lane: "none",
    where: "AccessReview",
    source: "drift",
    meaning: "rows of an access review still undecided after its due date, one finding per reviewer's file",
    cause:
      "The AccessReview's `due` has passed (the server's clock; a `YYYY-MM-DD` due lasts through that day, UTC) and a reviewer's file still holds rows whose decision is empty.",
    fix: "The reviewer decides each row in a pull request (keep, or revoke with a reason); or the review's owner moves `due` in a reviewed change, saying why.",
    example: {
      id: "review-overdue:2026-q4/sam.support@acme.example",
      message:
        'Review "2026-q4" was due 2026-12-31; sam.support@acme.example has left 2 of 5 rows undecided in reviews/2026-q4/sam.support@acme.example.csv (lines 4, 6).',
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
