// AppAccess's inputs and outputs, the settings a refresh carries over, and the narrow org API it needs.
import { z } from "zod";

const required = (f: string) => `${f} is required (a non-empty string).`;
const text = (f: string) => z.string({ message: required(f) }).min(1, required(f));

/**
 * AppAccess's inputs: this zod schema is their type, for check (which parses them) and for the program
 * (resources/app-access.ts derives AppAccessArgs from it). The docs here are the ones users see in their editor.
 */
export const AppAccessInputs = z.object({
  /** A group name, or a Group's `groupId`. */
  group: text("group"),
  /** The site host (`acme-eu.atlassian.net`) or the workspace ARI. */
  site: text("site"),
  /** A product the workspaces API reports: jira-software, confluence, jira-servicedesk, ... */
  product: text("product"),
  /** Defaults to `atlassian/user`. */
  role: z.string({ message: "role must be a string." }).optional(),
  /** Blast radius: revoking this grant may remove access from any number of people (true) or at most this many. */
  allowAccessLoss: z
    .custom<boolean | number>((v) => typeof v === "boolean" || (Number.isInteger(v) && (v as number) >= 0), {
      error: (i) => `allowAccessLoss must be true, false or a whole number of people; got ${JSON.stringify(i.input)}.`,
    })
    .optional(),
});

/** What check, diff and create receive: the inputs, and the program context the AppAccess class adds. */
export type AppAccessArgs = z.infer<typeof AppAccessInputs> & {
  /** Set by the AppAccess class (rules/program-context.ts): an earlier AppAccess of the program with the same key. */
  program?: unknown;
};

export interface AppAccessOutputs extends AppAccessArgs {
  groupId: string;
  resourceId: string;
  roleId: string;
}

export interface AppAccessApi {
  findGroupByExactName(name: string): Promise<{ id: string } | undefined>;
  getGroupRoleAssignments(groupId: string): Promise<{ resourceId: string; roles?: string[] }[]>;
  assignGroupRole(groupId: string, body: { roleId: string; resourceId: string }): Promise<void>;
  revokeGroupRole(groupId: string, body: { roleId: string; resourceId: string }): Promise<void>;
}

/** The inputs that are configuration: a refresh carries them over (the grant itself is read live). */
export const APP_ACCESS_SETTINGS = [
  "group",
  "site",
  "product",
  "role",
  "allowAccessLoss",
] as const satisfies readonly (keyof AppAccessArgs)[];

/** AppAccess observes the grant, none of its inputs. */
export const APP_ACCESS_OBSERVED = [] as const satisfies readonly (keyof AppAccessArgs)[];
