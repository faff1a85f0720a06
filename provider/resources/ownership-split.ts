// OwnershipSplit: one per org; declares which lane owns which groups and reports where the org disagrees.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { registerSplit } from "./program-registry";
import type { Finding } from "../rules/findings";
import type { Lane } from "../rules/ownership";

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
  /** Finding ids (`<kind>:<subject>`) reviewed and accepted; the rest keep the resource changed. */
  acceptedFindings?: pulumi.Input<pulumi.Input<string>[]>;
}

export class OwnershipSplit extends pulumi.dynamic.Resource {
  declare readonly accountCreator: pulumi.Output<Exclude<Lane, "pulumi">>;
  declare readonly scim: pulumi.Output<{ groups: string[] }>;
  declare readonly isc: pulumi.Output<{ groups: string[] }>;
  declare readonly pulumi: pulumi.Output<{ groups: string[] } | undefined>;
  declare readonly acceptedFindings: pulumi.Output<string[] | undefined>;
  /** Every finding as of the last create, update or refresh, sorted by id. */
  declare readonly findings: pulumi.Output<Finding[]>;
  /** Ids of findings not in acceptedFindings. */
  declare readonly unacceptedFindings: pulumi.Output<string[]>;

  constructor(name: string, args: OwnershipSplitArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shimFor("ownership-split"),
      name,
      { findings: undefined, unacceptedFindings: undefined, ...args },
      opts,
      "atlassian",
      "OwnershipSplit",
    );
    // Groups of this program are checked against these lanes at preview (program-registry.ts).
    registerSplit(this, name, { scim: args.scim, isc: args.isc, pulumi: args.pulumi });
  }
}
