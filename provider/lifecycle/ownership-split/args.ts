// OwnershipSplit's inputs and outputs, and the settings a refresh carries over.
import type { Split } from "../../rules/split";
import type { Declared } from "../../rules/removals";
import type { Finding } from "../../rules/findings";
import type { AcceptanceStanding } from "../../rules/acceptances";
import type { SodConflict } from "../../rules/sod";

export type OwnershipSplitArgs = Split & {
  /** Separation of duties (rules/sod.ts): pairs of sides no one person may hold; absent in state written before it. */
  conflicts?: SodConflict[];
  /**
   * Set by the OwnershipSplit class (rules/program-context.ts OwnershipSplitProgram): the program's Groups and AppAccess
   * (`declared`: what a later preview's removals are) and the domains its AppAccessSettings declare.
   */
  program?: unknown;
  /** Releases up to 0.1.0: `declared` and `selfSignupDomains` as inputs of their own, still in the state they wrote. */
  declared?: Declared;
  selfSignupDomains?: string[];
};

export interface OwnershipSplitOutputs extends OwnershipSplitArgs {
  /** Every finding, sorted by id. */
  findings: Finding[];
  /** Ids of findings no unexpired acceptance matches; while non-empty, every diff reports changes. */
  unacceptedFindings: string[];
  /** Per finding some acceptedFindings entry matches: that entry and whether it has expired (in server time). */
  acceptances?: AcceptanceStanding[];
  /**
   * Server time (ISO-8601) of this evaluation. Kept in state by `up` and `refresh`, it starts the next run's audit window
   * (less an hour, capped by auditLookbackHours): a nightly check reads a day of events, not a week.
   */
  checkedAt?: string;
}

/** The inputs that are configuration: a refresh carries them over (findings are read live). */
export const OWNERSHIP_SPLIT_SETTINGS = [
  "accountCreator",
  "scim",
  "isc",
  "pulumi",
  "acceptedFindings",
  "dormantAfterDays",
  "credentials",
  "conflicts",
] as const satisfies readonly (keyof OwnershipSplitArgs)[];
