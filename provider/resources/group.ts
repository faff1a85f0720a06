// Group: an org group declared in code, with the lane (pulumi, scim, isc) that owns it.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";

export interface GroupArgs {
  /** Group name; Atlassian cannot rename, so a change replaces the group. */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Who owns the group's life and membership. */
  owner: pulumi.Input<"pulumi" | "scim" | "isc">;
  /** Emails; authoritative, and only for owner "pulumi". */
  members?: pulumi.Input<pulumi.Input<string>[]>;
  /** Take over an existing group of this name instead of refusing (import does not work for dynamic providers). */
  adopt?: pulumi.Input<boolean>;
}

export class Group extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly owner: pulumi.Output<"pulumi" | "scim" | "isc">;
  /** Members as observed in Atlassian (emails, sorted). */
  declare readonly members: pulumi.Output<string[]>;
  declare readonly groupId: pulumi.Output<string>;
  /** Whether code's `members` list is authoritative for this group. */
  declare readonly membersManaged: pulumi.Output<boolean>;
  declare readonly synced: pulumi.Output<boolean>;
  declare readonly managedBy: pulumi.Output<string>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shimFor("group"),
      name,
      { groupId: undefined, members: undefined, membersManaged: undefined, synced: undefined, managedBy: undefined, adopted: undefined, ...args },
      opts,
      "atlassian",
      "Group",
    );
  }
}
