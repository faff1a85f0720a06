// OwnershipSplit's inputs and outputs, and the settings a refresh carries over.
import { z } from "zod";
import type { LaneGroups } from "../../rules/split";
import type { Lane } from "../../rules/ownership";
import type { Declared } from "../../rules/removals";
import type { Finding } from "../../rules/findings";
import type { AcceptanceEntry, AcceptanceStanding } from "../../rules/acceptances";
import type { SodConflict } from "../../rules/sod";
import type { Credential } from "../../rules/credentials";

/** An input rules/ checks on its own (rules/split.ts checkSplit, rules/sod.ts checkConflicts): any value parses. */
const checkedByRules = <T>() => z.custom<T>(() => true);

/**
 * OwnershipSplit's inputs: this zod schema is their type, for the lifecycle and for the program
 * (resources/ownership-split.ts derives OwnershipSplitArgs from it); rules/split.ts's Split is the part its rules read.
 * check is the rules' own (their messages name the value and the lane), so each field takes any value here.
 * The docs here are the ones users see in their editor.
 */
export const OwnershipSplitInputs = z.object({
  /** The one lane that creates Atlassian accounts. */
  accountCreator: checkedByRules<Exclude<Lane, "pulumi">>(),
  /** The groups the identity provider owns: names or glob patterns (`*`, `?`), case-insensitive. */
  scim: checkedByRules<LaneGroups>(),
  /** The groups SailPoint ISC owns: names or glob patterns (`*`, `?`), case-insensitive. */
  isc: checkedByRules<LaneGroups>(),
  /** The groups code owns: names or glob patterns (`*`, `?`), case-insensitive. */
  pulumi: checkedByRules<LaneGroups>().optional(),
  /**
   * Reviewed findings; the rest keep the resource changed. Each is a finding id (`<kind>:<subject>`) or
   * `{ id, reason, until?, ticket? }`; an id ending in `*` accepts a family (object form only). Past `until`
   * (`YYYY-MM-DD` or an ISO-8601 time, in the server's time) the finding shows again, saying its acceptance expired.
   */
  acceptedFindings: checkedByRules<AcceptanceEntry[]>().optional(),
  /**
   * Days without activity after which an account that still holds access to a product is reported as
   * `dormant-access` (last active from the users search, in the server's time); a whole number, 1 to 3650. Off when
   * absent.
   */
  dormantAfterDays: checkedByRules<number>().optional(),
  /**
   * Separation of duties: pairs of sides no one person may hold at once, `{ name, a, b, reason }`, a side being
   * `{ group }`, `{ site, product, role? }` or `{ admin: "org-admin" }` / `{ admin: "site-admin", site }`. A person
   * holding both is a `sod-conflict` finding; a change of code's that would give someone both is refused at preview.
   * Absent in state written before it.
   */
  conflicts: checkedByRules<SodConflict[]>().optional(),
  /**
   * The credentials the org depends on and when each expires (no API returns it): `credential-expiring` 30 days
   * ahead (server time), `credential-expired` after. Each is `{ name, kind: "scim-token" | "org-api-key", expires }`,
   * `expires` being `YYYY-MM-DD` (the start of that day, UTC) or an ISO-8601 time. The config's `scimTokenExpires` /
   * `apiKeyExpires` fill a kind this list does not name. Absent in state written before it.
   */
  credentials: checkedByRules<Credential[]>().optional(),
});

/** What check, diff and create receive: the inputs, the program context the class adds, and 0.1.0's hint inputs. */
export type OwnershipSplitArgs = z.infer<typeof OwnershipSplitInputs> & {
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

/** The split observes the org, none of its inputs. */
export const OWNERSHIP_SPLIT_OBSERVED = [] as const satisfies readonly (keyof OwnershipSplitArgs)[];
