// Group: an org group declared in code, with the lane (pulumi, scim, isc) that owns it.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { loudStacks, quietStacks, restack } from "./program/stacks";
import type { OwnershipSplit } from "./ownership-split";
import { groupProgram, registerGroup } from "./program/context";
import type { Finding } from "../rules/findings";
import type { Lane } from "../rules/ownership";
import type { z } from "zod";
import type { GroupInputs } from "../lifecycle/group/args";
import type { ProgramArgs } from "./program/args";

/** A member with an end: one entry of a Group's `members`. */
export interface TemporaryMemberArgs {
  email: pulumi.Input<string>;
  /** `YYYY-MM-DD` (through the end of that day, UTC) or an ISO-8601 time with a zone, e.g. "2026-12-31T17:00:00Z". */
  until: pulumi.Input<string>;
}

/** A Group's inputs as a program passes them: derived from the schema check applies (lifecycle/group/args.ts). */
export type GroupArgs = ProgramArgs<z.infer<typeof GroupInputs>> & {
  /**
   * The OwnershipSplit to check `owner` against at preview. Default: the program's only OwnershipSplit, looked up
   * after the program's top-level declarations (so it may be declared after this Group); none, nothing is checked.
   */
  split?: OwnershipSplit;
};

export class Group extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly owner: pulumi.Output<Lane>;
  /** Members as observed in Atlassian (emails, sorted). */
  declare readonly members: pulumi.Output<string[]>;
  declare readonly groupId: pulumi.Output<string>;
  /** Whether code's `members` list is authoritative for this group. */
  declare readonly membersManaged: pulumi.Output<boolean>;
  declare readonly synced: pulumi.Output<boolean>;
  declare readonly managedBy: pulumi.Output<string>;
  declare readonly adopted: pulumi.Output<boolean>;
  /** Drift in this group's lane as of the last refresh, with who caused it, sorted by id; non-empty keeps it changed. */
  declare readonly findings: pulumi.Output<Finding[]>;

  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    const { split, ...inputs } = args;
    // What check cannot see (resources/program/context.ts): the split's claim on this name, an earlier Group of the
    // same name but for case.
    const program = groupProgram(args.name, split);
    // pulumi's per-property promise stacks, not kept (program/stacks.ts).
    const stacks = quietStacks();
    try {
      super(
        shimFor("group"),
        name,
        {
          groupId: undefined,
          members: undefined,
          membersManaged: undefined,
          synced: undefined,
          managedBy: undefined,
          adopted: undefined,
          findings: undefined,
          ...inputs,
          program,
        },
        opts,
        "atlassian",
        "Group",
      );
    } catch (e) {
      throw restack(e, stacks);
    } finally {
      loudStacks(stacks);
    }
    registerGroup(this, {
      resourceName: name,
      name: args.name,
      owner: args.owner,
      members: args.members,
      groupId: this.groupId,
      adopted: this.adopted,
      adopt: args.adopt,
      deleteOnDestroy: args.deleteOnDestroy,
      allowAccessLoss: args.allowAccessLoss,
      maxDuration: args.maxDuration,
    });
  }
}
