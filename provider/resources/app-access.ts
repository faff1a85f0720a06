// AppAccess: which group may use which product on which site, with which role.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { loudStacks, quietStacks, restack } from "./program/stacks";
import { accessConflicts, accessProgram, withConflicts, withGroupDependency } from "./program/context";
import type { z } from "zod";
import type { AppAccessInputs } from "../lifecycle/app-access/args";
import type { ProgramArgs } from "./program/args";

/** An AppAccess's inputs as a program passes them: derived from the schema check applies (lifecycle/app-access/args.ts). */
export type AppAccessArgs = ProgramArgs<z.infer<typeof AppAccessInputs>>;

export class AppAccess extends pulumi.dynamic.Resource {
  declare readonly group: pulumi.Output<string>;
  declare readonly site: pulumi.Output<string>;
  declare readonly product: pulumi.Output<string>;
  declare readonly role: pulumi.Output<string>;
  declare readonly groupId: pulumi.Output<string>;
  declare readonly resourceId: pulumi.Output<string>;
  declare readonly roleId: pulumi.Output<string>;

  constructor(name: string, args: AppAccessArgs, opts?: pulumi.CustomResourceOptions) {
    // An earlier AppAccess of this program with the same group × site × product × role: check refuses this one; so it
    // does a grant that would give a member of the group both sides of a conflict the split declares.
    const program = withConflicts(accessProgram(name, args), accessConflicts(args));
    // pulumi's per-property promise stacks, not kept (program/stacks.ts).
    const stacks = quietStacks();
    try {
      super(
        shimFor("app-access"),
        name,
        // No `program` key without a context: each key becomes an Output pulumi holds until the engine answers.
        {
          groupId: undefined,
          resourceId: undefined,
          roleId: undefined,
          role: undefined,
          ...args,
          ...(program !== undefined ? { program } : {}),
        },
        // A group named by name: its Group of this program is created first, as through its groupId.
        withGroupDependency(args.group, opts),
        "atlassian",
        "AppAccess",
      );
    } catch (e) {
      throw restack(e, stacks);
    } finally {
      loudStacks(stacks);
    }
  }
}
