// Admins's inputs and outputs, and the settings a refresh carries over.
import { z } from "zod";
import type { Finding } from "../../rules/findings";

const Emails = z.array(z.string(), { message: "must be a list of emails" });

/**
 * Admins's inputs: this zod schema is their type, for check (which parses them) and for the program
 * (resources/admins.ts derives AdminsArgs from it). The docs here are the ones users see in their editor.
 */
export const AdminsInputs = z.object({
  /** Emails that may be org admin. Absent: org admins are not judged. With enforce, at least one. */
  orgAdmins: Emails.optional(),
  /**
   * Per site (`acme-eu` or `acme-eu.atlassian.net`), the emails that may be its site admins. Absent: site admins are
   * not judged; present: every site is, and a site not listed may have none.
   */
  siteAdmins: z.record(z.string(), Emails, { message: "siteAdmins must map sites to lists of emails" }).optional(),
  /**
   * false (default): observe and report each undeclared admin as an `undeclared-admin` finding. true: `up` grants the
   * declared roles and revokes the undeclared ones (never the last org admin, never the account code's key acts as).
   */
  enforce: z.boolean({ message: "enforce must be true or false" }).optional(),
  /**
   * With enforce, when enforcement starts (the first `up`, or enforce turned on): revoke the admins found undeclared.
   * Without it that `up` refuses, naming them, and writes nothing.
   */
  adopt: z.boolean({ message: "adopt must be true or false" }).optional(),
});

/** What check, diff and create receive: the inputs, and the program context the Admins class adds. */
export type AdminsArgs = z.infer<typeof AdminsInputs> & {
  /** Set by the Admins class (rules/program-context.ts): an earlier Admins of this program. */
  program?: unknown;
};

export interface AdminsOutputs extends AdminsArgs {
  /** Who holds the roles, as last read: org admins, and site admins by site host (emails, sorted). */
  held: { orgAdmins: string[]; siteAdmins: Record<string, string[]> };
  /** Declared roles not held (`email/org-admin`, `email/site-admin/<site>`): enforce grants them. */
  missing: string[];
  /** undeclared-admin findings as of the last read, sorted by id; non-empty keeps the resource changed. */
  findings: Finding[];
}

/** The inputs that are configuration: a refresh carries them over (who holds the roles is read live). */
export const ADMINS_SETTINGS = [
  "orgAdmins",
  "siteAdmins",
  "enforce",
  "adopt",
] as const satisfies readonly (keyof AdminsArgs)[];

/** Admins observes who holds the roles, none of its inputs. */
export const ADMINS_OBSERVED = [] as const satisfies readonly (keyof AdminsArgs)[];
