// Group: an org group declared in code, with the lane (pulumi, scim, isc) that owns it.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import type { OwnershipSplit } from "./ownership-split";
import { groupProgram, registerGroup } from "./program/context";
import type { Finding } from "../rules/findings";
import type { Lane } from "../rules/ownership";

/** A member with an end: one entry of a Group's `members`. */
export interface TemporaryMemberArgs {
  email: pulumi.Input<string>;
  /** `YYYY-MM-DD` (through the end of that day, UTC) or an ISO-8601 time with a zone, e.g. "2026-12-31T17:00:00Z". */
  until: pulumi.Input<string>;
}

export interface GroupArgs {
  /** Group name; Atlassian cannot rename, so a change replaces the group. */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Who owns the group's life and membership. */
  owner: pulumi.Input<Lane>;
  /**
   * Emails, or `{ email, until }` for temporary access; authoritative, and only for owner "pulumi". `until` is
   * `YYYY-MM-DD` (a member through the end of that day, UTC) or an ISO-8601 time with a zone; past it (the server's
   * clock) the member is no longer wanted: `preview --refresh` reports `temporary-member-expired` and `up` removes them.
   */
  members?: pulumi.Input<pulumi.Input<string | pulumi.Input<TemporaryMemberArgs>>[]>;
  /**
   * An ISO-8601 duration of weeks, days, hours or minutes (`"P30D"`, `"P2W"`, `"PT8H"`): check refuses a member with no
   * until, or whose until is further away than now (the server's clock) plus this.
   */
  maxDuration?: pulumi.Input<string>;
  /** Take over an existing group of this name instead of refusing (import does not work for dynamic providers). */
  adopt?: pulumi.Input<boolean>;
  /**
   * Delete an adopted group in Atlassian when this Group is destroyed or replaced. Default false: code forgets a group
   * it adopted (it stays, with its members and app access); a group code created is always deleted.
   */
  deleteOnDestroy?: pulumi.Input<boolean>;
  /**
   * Blast radius: this Group's changes (members removed, the group deleted) may remove access from any number of people
   * (true) or at most this many. Default: config accessLossLimit (10), and never empty a group. Applied before a
   * destroy, like deleteOnDestroy.
   */
  allowAccessLoss?: pulumi.Input<boolean | number>;
  /**
   * The OwnershipSplit to check `owner` against at preview. Default: the program's only OwnershipSplit, looked up
   * after the program's top-level declarations (so it may be declared after this Group); none, nothing is checked.
   */
  split?: OwnershipSplit;
}

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
