// AppAccess: which group may use which product on which site, with which role.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { loudStacks, quietStacks, restack } from "./program/stacks";
import { accessProgram, withGroupDependency } from "./program/context";

export interface AppAccessArgs {
  /** A group name, or a Group's `groupId`. */
  group: pulumi.Input<string>;
  /** The site host (`acme-eu.atlassian.net`) or the workspace ARI. */
  site: pulumi.Input<string>;
  /** A product the workspaces API reports: jira-software, confluence, jira-servicedesk, ... */
  product: pulumi.Input<string>;
  /** Defaults to `atlassian/user`. */
  role?: pulumi.Input<string>;
  /** Blast radius: revoking this grant may remove access from any number of people (true) or at most this many. */
  allowAccessLoss?: pulumi.Input<boolean | number>;
}

export class AppAccess extends pulumi.dynamic.Resource {
  declare readonly group: pulumi.Output<string>;
  declare readonly site: pulumi.Output<string>;
  declare readonly product: pulumi.Output<string>;
  declare readonly role: pulumi.Output<string>;
  declare readonly groupId: pulumi.Output<string>;
  declare readonly resourceId: pulumi.Output<string>;
  declare readonly roleId: pulumi.Output<string>;

  constructor(name: string, args: AppAccessArgs, opts?: pulumi.CustomResourceOptions) {
    // An earlier AppAccess of this program with the same group × site × product × role: check refuses this one.
    const program = accessProgram(name, args);
    // pulumi's per-property promise stacks, not kept (program/stacks.ts).
    const stacks = quietStacks();
    try {
      super(
        shimFor("app-access"),
        name,
        { groupId: undefined, resourceId: undefined, roleId: undefined, role: undefined, ...args, program },
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
