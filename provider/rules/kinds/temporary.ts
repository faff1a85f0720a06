// Kinds about temporary access: a member of a code-owned group past the until code gave it. Part of the one catalogue
// (../finding-kinds.ts).
import type { FindingKindInfo } from "./kind-info";

export const TEMPORARY_KINDS = {
  "temporary-member-expired": {
    lane: "pulumi",
    where: "Group, GroupMember",
    source: "drift",
    meaning: "a temporary member is past the until code gave it and still in the group; `up` removes it",
    cause:
      "A member declared with an end (`{ email, until }` in a Group's `members`, or a GroupMember's `until`) is still in the group after that time, judged by the server's clock: the access has expired and `pulumi up` has not run since (or someone added the person back by hand).",
    fix: "`pulumi up` removes the member (the entry stays in code, no longer wanted); to extend the access, set a later `until` in a reviewed change.",
    example: {
      id: "temporary-member-expired:contractors/kim.novak@acme.example",
      message:
        'kim.novak@acme.example\'s temporary membership of code-owned group "contractors" ended at 2026-12-05T00:00:00Z (until "2026-12-05T00:00:00Z" on the Group\'s members entry), and they are still a member, added by pulumi.',
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
