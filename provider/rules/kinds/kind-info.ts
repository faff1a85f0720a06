// What the catalogue says of each finding kind (finding-kinds.ts gathers the entries; ./*.ts declare them by subject).
// Apart from the catalogue, so that its parts can name the shape without importing the file that imports them.
import type { Lane } from "../ownership";

/** The lane a kind's findings belong to: a fixed lane, none, or one that depends on the finding. */
export type KindLane = Lane | "none" | "accountCreator" | "claiming lane" | "object's lane" | "credential's lane";

export interface FindingKindInfo {
  lane: KindLane;
  /** The resource that reports it (a gone AppAccess also prints why, from the same rule). */
  where:
    | "Group"
    | "OwnershipSplit"
    | "OwnershipSplit, AppAccess"
    | "Group, GroupMember"
    | "Admins"
    | "AppAccessSettings"
    | "AccessReview";
  /** Which rules produce it: the split's own (over group names) or drift (over the org snapshot). */
  source: "split" | "drift";
  /** One line: what the finding means. */
  meaning: string;
  /** What makes it happen (docs/findings.md). */
  cause: string;
  /** What the owning lane does about it (docs/findings.md; each finding also carries its own, specific fix). */
  fix: string;
  /** A finding of this kind as the rules word it (docs/findings.md). */
  example: { id: string; message: string };
  /** A cause kind: the kinds of the findings it gathers inside it as its consequences (causes.ts). */
  consequences?: readonly string[];
}
