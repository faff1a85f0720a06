// Kinds about writes by one lane's credential into another lane's objects. Part of the one catalogue (../finding-kinds.ts).
import type { FindingKindInfo } from "./kind-info";

export const WRITE_KINDS = {
  "cross-lane-write": {
    lane: "object's lane",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "one lane's credential changed another lane's object, and the change still stands",
    cause:
      "One lane's credential (e.g. ISC's API token) changed an object another lane owns, and the change still stands.",
    fix: "Undo it through the owning lane (`pulumi up` for code-owned objects), and narrow the writing credential to its own lane.",
    example: {
      id: "cross-lane-write:jira-admins/+david.arden@acme.example",
      message: "isc's credential added david.arden@acme.example to group \"jira-admins\", which is the pulumi lane's.",
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
