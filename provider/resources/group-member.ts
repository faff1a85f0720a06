// GroupMember: one additive membership (group × account) that code owns, in a group whose full list code does not own.
import * as pulumi from "@pulumi/pulumi";
import { Group } from "./group";
import { shimFor } from "./shim";
import { loudStacks, quietStacks, restack } from "./program/stacks";
import type { Finding } from "../rules/findings";
import { memberProgram, withGroupDependency } from "./program/context";
import type { z } from "zod";
import type { GroupMemberInputs } from "../lifecycle/group-member/args";
import type { ProgramArgs } from "./program/args";

/** A GroupMember's inputs as a program passes them: derived from the schema check applies (lifecycle/group-member/args.ts). */
export type GroupMemberArgs = Omit<ProgramArgs<z.infer<typeof GroupMemberInputs>>, "group"> & {
  /**
   * The Group itself (preferred: it also lets check refuse a Group whose `members` list is authoritative), a Group's
   * `groupId`, or a group name: of a group made elsewhere (by hand, or by ISC's connector), or of a Group in this
   * program (check refuses it too when that Group declares `members`).
   */
  group: pulumi.Input<string> | Group;
};

/**
 * Adds one member to a group and removes only that member on delete; members added by anyone else are left alone and
 * are not drift (the azuread.GroupMember / okta model).
 *
 * Do not mix with a Group that declares `members`: that list is authoritative, and the Group's next update would
 * remove this member. check refuses the mix at preview when the group is a Group of this program that declares
 * `members`, whether passed itself, by its `groupId` or by its name (looked up after the program's top-level
 * declarations, see resources/program/context.ts); a group named by name is created before this resource.
 * Groups of another lane are refused before any write: synced from the identity provider (owner "scim", or the split's
 * scim lane, or marked synced in Atlassian: declare the member in the IdP) or owned by ISC (owner "isc", the split's isc
 * lane, or a requestable entitlement of ISC's Atlassian source: request the access in ISC).
 * Two GroupMembers for the same group and email share one membership: deleting either removes it.
 */
export class GroupMember extends pulumi.dynamic.Resource {
  /** The group as given: a name or a groupId. */
  declare readonly group: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string>;
  declare readonly groupId: pulumi.Output<string>;
  declare readonly accountId: pulumi.Output<string>;
  declare readonly until: pulumi.Output<string | undefined>;
  /** True once code removed the membership at its until. */
  declare readonly expired: pulumi.Output<boolean | undefined>;
  /** A temporary membership past its until and still in the group, as of the last refresh. */
  declare readonly findings: pulumi.Output<Finding[] | undefined>;

  constructor(name: string, args: GroupMemberArgs, opts?: pulumi.CustomResourceOptions) {
    const g = args.group;
    const fromGroup = g instanceof Group;
    // The program's Group for this group (its owner, members, maxDuration) and the split's claim: check refuses a
    // member of an authoritative list or of another lane's group (resources/program/context.ts).
    const program = memberProgram(fromGroup ? g.groupId : g);
    // pulumi's per-property promise stacks, not kept (program/stacks.ts).
    const stacks = quietStacks();
    try {
      super(
        shimFor("group-member"),
        name,
        {
          groupId: undefined,
          accountId: undefined,
          group: fromGroup ? g.groupId : g,
          email: args.email,
          until: args.until,
          expired: undefined,
          findings: undefined,
          program,
        },
        // A group named by name: its Group of this program is created first, as through its groupId.
        withGroupDependency(fromGroup ? g.groupId : g, opts),
        "atlassian",
        "GroupMember",
      );
    } catch (e) {
      throw restack(e, stacks);
    } finally {
      loudStacks(stacks);
    }
  }
}
