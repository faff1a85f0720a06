// Admins: the accounts that may hold the org-level admin roles (org admin; site admin per site), observed or enforced.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { loudStacks, quietStacks, restack } from "./program/stacks";
import { adminsProgram, withConflicts } from "./program/context";
import { conflictsNamingAdmin } from "../rules/program-context";
import type { Finding } from "../rules/findings";
import type { z } from "zod";
import type { AdminsInputs } from "../lifecycle/admins/args";
import type { ProgramArgs } from "./program/args";

/** An Admins's inputs as a program passes them: derived from the schema check applies (lifecycle/admins/args.ts). */
export type AdminsArgs = ProgramArgs<z.infer<typeof AdminsInputs>>;

export class Admins extends pulumi.dynamic.Resource {
  declare readonly orgAdmins: pulumi.Output<string[] | undefined>;
  declare readonly siteAdmins: pulumi.Output<Record<string, string[]> | undefined>;
  declare readonly enforce: pulumi.Output<boolean | undefined>;
  /** Who holds the roles, as last read: org admins, and site admins by site host (emails, sorted). */
  declare readonly held: pulumi.Output<{ orgAdmins: string[]; siteAdmins: Record<string, string[]> }>;
  /** Declared roles not held (`email/org-admin`, `email/site-admin/<site>`): enforce grants them. */
  declare readonly missing: pulumi.Output<string[]>;
  /** undeclared-admin findings as of the last refresh, sorted by id; non-empty keeps the resource changed. */
  declare readonly findings: pulumi.Output<Finding[]>;

  constructor(name: string, args: AdminsArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // A second Admins of the program: check refuses it (two lists of the org's admins would contradict each other); so it
    // does, under enforce, a new admin who would hold both sides of a conflict the split declares.
    const program = withConflicts(adminsProgram(name), conflictsNamingAdmin);
    // pulumi's per-property promise stacks, not kept (program/stacks.ts).
    const stacks = quietStacks();
    try {
      super(
        shimFor("admins"),
        name,
        { held: undefined, missing: undefined, findings: undefined, ...args, program },
        opts,
        "atlassian",
        "Admins",
      );
    } catch (e) {
      throw restack(e, stacks);
    } finally {
      loudStacks(stacks);
    }
  }
}
