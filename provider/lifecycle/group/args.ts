// Group's inputs and outputs, the settings a refresh carries over, and the narrow org API it needs.
import type { Lane, GroupMarkers } from "../../rules/ownership";
import type { Finding } from "../../rules/findings";
import type { MemberEntry } from "../../rules/temporary";

export interface GroupArgs {
  name: string;
  description?: string;
  owner: Lane;
  /** Emails, or `{ email, until }` for a temporary member (rules/temporary.ts); past its until a member is not wanted. */
  members?: MemberEntry[];
  /** ISO-8601 duration (`P30D`): every member must carry an until no further away than this, checked at `check`. */
  maxDuration?: string;
  adopt?: boolean;
  /**
   * Destroying (or replacing) a group code adopted deletes it in Atlassian only with this set; by default code forgets
   * it, leaving it and the app access it grants to whoever made it. A group code created is always deleted.
   */
  deleteOnDestroy?: boolean;
  /**
   * Blast radius: a change to this group (members removed, the group deleted) may remove access from any number of
   * people (true) or from at most this many; default: config accessLossLimit (10), and never empty a group.
   */
  allowAccessLoss?: boolean | number;
  /** Set by the Group class: what check needs from the rest of the program (rules/program-context.ts GroupProgram). */
  program?: unknown;
}

export interface GroupOutputs extends Omit<GroupArgs, "members"> {
  groupId: string;
  /** Members as observed in Atlassian (emails, sorted); the declared list is authoritative only when membersManaged. */
  members: string[];
  membersManaged: boolean;
  synced: boolean;
  managedBy: string;
  /** Present when code adopted an existing group instead of creating it. */
  adopted: boolean;
  /** Code's members list as last applied (kept by refresh, which overwrites `members` with what it observes). */
  declaredMembers?: MemberEntry[];
  /** Drift in this group's lane as of the last refresh, with who caused it; non-empty keeps the resource changed. */
  findings: Finding[];
}

/** What the lifecycle needs from the org API (the org client satisfies it; tests pass fakes). */
export interface GroupApi {
  findGroupByExactName(name: string): Promise<ApiGroup | undefined>;
  createGroup(input: { name: string; description?: string }): Promise<void>;
  deleteGroup(id: string): Promise<void>;
  addGroupMembership(groupId: string, accountId: string): Promise<void>;
  removeGroupMembership(groupId: string, accountId: string): Promise<void>;
  searchDirectoryUsers(body: {
    emails?: string[];
    groupIds?: string[];
  }): Promise<{ accountId: string; email?: string }[]>;
}

export interface ApiGroup extends GroupMarkers {
  id: string;
  name: string;
  description?: string | null;
}

/** The inputs that are configuration: a refresh carries them over (name, description and members are read live). */
export const GROUP_SETTINGS = [
  "owner",
  "adopt",
  "deleteOnDestroy",
  "allowAccessLoss",
  "maxDuration",
] as const satisfies readonly (keyof GroupArgs)[];

/** The inputs a refresh reads from the org instead. */
export const GROUP_OBSERVED = ["name", "description", "members"] as const satisfies readonly (keyof GroupArgs)[];
