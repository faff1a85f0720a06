// Admins: the accounts that may hold the org-level admin roles (org admin; site admin per site), observed or enforced.
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { adminsProgram } from "./program/context";
import type { Finding } from "../rules/findings";

export interface AdminsArgs {
  /** Emails that may be org admin. Absent: org admins are not judged. With enforce, at least one. */
  orgAdmins?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Per site (`acme-eu` or `acme-eu.atlassian.net`), the emails that may be its site admins. Absent: site admins are
   * not judged; present: every site is, and a site not listed may have none.
   */
  siteAdmins?: pulumi.Input<Record<string, pulumi.Input<pulumi.Input<string>[]>>>;
  /**
   * false (default): observe and report each undeclared admin as an `undeclared-admin` finding. true: `up` grants the
   * declared roles and revokes the undeclared ones (never the last org admin, never the account code's key acts as).
   */
  enforce?: pulumi.Input<boolean>;
  /**
   * With enforce, when enforcement starts (the first `up`, or enforce turned on): revoke the admins found undeclared.
   * Without it that `up` refuses, naming them, and writes nothing.
   */
  adopt?: pulumi.Input<boolean>;
}

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
    // A second Admins of the program: check refuses it (two lists of the org's admins would contradict each other).
    const program = adminsProgram(name);
    super(
      shimFor("admins"),
      name,
      { held: undefined, missing: undefined, findings: undefined, ...args, program },
      opts,
      "atlassian",
      "Admins",
    );
  }
}
