// Admins's inputs and outputs, and the settings a refresh carries over.
import type { Finding } from "../../rules/findings";

export interface AdminsArgs {
  /** Emails that may be org admin; absent: org admins are not judged. */
  orgAdmins?: string[];
  /** Site (host or short name) -> emails that may be its site admins; absent: site admins are not judged. */
  siteAdmins?: Record<string, string[]>;
  /** Grant the declared roles and revoke the undeclared ones (default false: observe and report). */
  enforce?: boolean;
  /** With enforce, when enforcement starts: revoke the admins found undeclared instead of refusing. */
  adopt?: boolean;
  /** Set by the Admins class (rules/program-context.ts): an earlier Admins of this program. */
  program?: unknown;
}

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
