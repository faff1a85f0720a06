// OwnershipSplit: one per org; declares which lane owns which groups and reports where the org disagrees.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { loudStacks, quietStacks, restack } from "./program/stacks";
import { registerSplit, splitProgram } from "./program/context";
import type { Finding } from "../rules/findings";
import type { Acceptance, AcceptanceStanding } from "../rules/acceptances";
import type { Lane } from "../rules/ownership";
import type { SodConflict } from "../rules/sod";

export interface OwnershipSplitLaneArgs {
  /** Group names or glob patterns (`*`, `?`), case-insensitive. */
  groups: pulumi.Input<pulumi.Input<string>[]>;
}

export interface OwnershipSplitArgs {
  /** The one lane that creates Atlassian accounts. */
  accountCreator: pulumi.Input<Exclude<Lane, "pulumi">>;
  scim: pulumi.Input<OwnershipSplitLaneArgs>;
  isc: pulumi.Input<OwnershipSplitLaneArgs>;
  pulumi?: pulumi.Input<OwnershipSplitLaneArgs>;
  /**
   * Reviewed findings; the rest keep the resource changed. Each is a finding id (`<kind>:<subject>`) or
   * `{ id, reason, until?, ticket? }`; an id ending in `*` accepts a family (object form only). Past `until`
   * (`YYYY-MM-DD` or an ISO-8601 time, in the server's time) the finding shows again, saying its acceptance expired.
   */
  acceptedFindings?: pulumi.Input<pulumi.Input<string | pulumi.Input<OwnershipSplitAcceptanceArgs>>[]>;
  /**
   * Days without activity after which an account that still holds access to a product is reported as
   * `dormant-access` (last active from the users search, in the server's time); a whole number, 1 to 3650. Off when
   * absent.
   */
  dormantAfterDays?: pulumi.Input<number>;
  /**
   * Separation of duties: pairs of sides no one person may hold at once, `{ name, a, b, reason }`, a side being
   * `{ group }`, `{ site, product, role? }` or `{ admin: "org-admin" }` / `{ admin: "site-admin", site }`. A person
   * holding both is a `sod-conflict` finding; a change of code's that would give someone both is refused at preview.
   */
  conflicts?: pulumi.Input<pulumi.Input<SodConflict>[]>;
}

/** One reviewed acceptance (rules/acceptances.ts). */
export type OwnershipSplitAcceptanceArgs = { [K in keyof Acceptance]: pulumi.Input<Acceptance[K]> };

export class OwnershipSplit extends pulumi.dynamic.Resource {
  declare readonly accountCreator: pulumi.Output<Exclude<Lane, "pulumi">>;
  declare readonly scim: pulumi.Output<{ groups: string[] }>;
  declare readonly isc: pulumi.Output<{ groups: string[] }>;
  declare readonly pulumi: pulumi.Output<{ groups: string[] } | undefined>;
  declare readonly acceptedFindings: pulumi.Output<(string | Acceptance)[] | undefined>;
  declare readonly dormantAfterDays: pulumi.Output<number | undefined>;
  declare readonly conflicts: pulumi.Output<SodConflict[] | undefined>;
  /** Every finding as of the last create, update or refresh, sorted by id. */
  declare readonly findings: pulumi.Output<Finding[]>;
  /** Ids of findings no unexpired acceptance matches. */
  declare readonly unacceptedFindings: pulumi.Output<string[]>;
  /** Per accepted (or formerly accepted) finding: the acceptedFindings entry matching it, and whether it expired. */
  declare readonly acceptances: pulumi.Output<AcceptanceStanding[]>;
  /** Server time of this evaluation; kept by `up` and `refresh`, it starts the next run's audit window (less an hour). */
  declare readonly checkedAt: pulumi.Output<string>;

  constructor(name: string, args: OwnershipSplitArgs, opts?: pulumi.CustomResourceOptions) {
    // The program's Groups and AppAccess, so the preview counts what removing one deletes, and the domains its
    // AppAccessSettings declare (resources/program/context.ts); `this` is not usable before super, so the input waits
    // on a holder filled right after.
    const self: { split?: object } = {};
    const program = splitProgram(() => self.split);
    // pulumi's per-property promise stacks, not kept (program/stacks.ts).
    const stacks = quietStacks();
    try {
      super(
        shimFor("ownership-split"),
        name,
        {
          findings: undefined,
          unacceptedFindings: undefined,
          acceptances: undefined,
          checkedAt: undefined,
          ...args,
          program,
        },
        opts,
        "atlassian",
        "OwnershipSplit",
      );
    } catch (e) {
      throw restack(e, stacks);
    } finally {
      loudStacks(stacks);
    }
    self.split = this;
    // Groups of this program are checked against these lanes at preview (resources/program/context.ts).
    registerSplit(this, name, { scim: args.scim, isc: args.isc, pulumi: args.pulumi }, args.conflicts);
  }
}
