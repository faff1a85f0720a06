// OwnershipSplit: one per org; declares which lane owns which groups and reports where the org disagrees.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { loudStacks, quietStacks, restack } from "./program/stacks";
import { registerSplit, splitProgram } from "./program/context";
import type { Finding } from "../rules/findings";
import type { Acceptance, AcceptanceStanding } from "../rules/acceptances";
import type { Lane } from "../rules/ownership";
import type { Credential } from "../rules/credentials";
import type { SodConflict } from "../rules/sod";
import type { z } from "zod";
import type { OwnershipSplitInputs } from "../lifecycle/ownership-split/args";
import type { ProgramArgs } from "./program/args";

export interface OwnershipSplitLaneArgs {
  /** Group names or glob patterns (`*`, `?`), case-insensitive. */
  groups: pulumi.Input<pulumi.Input<string>[]>;
}

/** An OwnershipSplit's inputs as a program passes them: derived from its schema (lifecycle/ownership-split/args.ts). */
export type OwnershipSplitArgs = ProgramArgs<z.infer<typeof OwnershipSplitInputs>>;

/** One credential and its expiry (rules/credentials.ts), as a program passes it. */
export type OwnershipSplitCredentialArgs = { [K in keyof Credential]: pulumi.Input<Credential[K]> };

/** One reviewed acceptance (rules/acceptances.ts). */
export type OwnershipSplitAcceptanceArgs = { [K in keyof Acceptance]: pulumi.Input<Acceptance[K]> };

export class OwnershipSplit extends pulumi.dynamic.Resource {
  declare readonly accountCreator: pulumi.Output<Exclude<Lane, "pulumi">>;
  declare readonly scim: pulumi.Output<{ groups: string[] }>;
  declare readonly isc: pulumi.Output<{ groups: string[] }>;
  declare readonly pulumi: pulumi.Output<{ groups: string[] } | undefined>;
  declare readonly acceptedFindings: pulumi.Output<(string | Acceptance)[] | undefined>;
  declare readonly dormantAfterDays: pulumi.Output<number | undefined>;
  declare readonly credentials: pulumi.Output<Credential[] | undefined>;
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
