// AppAccess's inputs and outputs, the settings a refresh carries over, and the narrow org API it needs.

export interface AppAccessArgs {
  /** A group name, or a Group's groupId. */
  group: string;
  /** Site host (acme-eu.atlassian.net) or a workspace ARI. */
  site: string;
  product: string;
  role?: string;
  /** Set by the AppAccess class (rules/program-context.ts): an earlier AppAccess of the program with the same key. */
  program?: unknown;
  /** Blast radius: revoking this grant may remove access from any number of people (true) or at most this many. */
  allowAccessLoss?: boolean | number;
}

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
