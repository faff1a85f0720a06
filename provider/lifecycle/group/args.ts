// Group's inputs and outputs, the settings a refresh carries over, and the narrow org API it needs.
import { z } from "zod";
import { LANES, type GroupMarkers } from "../../rules/ownership";
import type { Finding } from "../../rules/findings";
import type { MemberEntry } from "../../rules/temporary";

/**
 * Group's inputs: this zod schema is their type, for check (which parses them) and for the program (resources/group.ts
 * derives GroupArgs from it). The docs here are the ones users see in their editor.
 */
export const GroupInputs = z.object({
  /** Group name; Atlassian cannot rename, so a change replaces the group. */
  name: z.string().min(1, "name must be a non-empty string"),
  description: z.string().optional(),
  /** Who owns the group's life and membership. */
  owner: z.enum(LANES, { message: `owner must be one of ${LANES.map((l) => `"${l}"`).join(", ")}` }),
  /**
   * Emails, or `{ email, until }` for temporary access; authoritative, and only for owner "pulumi". `until` is
   * `YYYY-MM-DD` (a member through the end of that day, UTC) or an ISO-8601 time with a zone; past it (the server's
   * clock) the member is no longer wanted: `preview --refresh` reports `temporary-member-expired` and `up` removes them.
   * Each entry is checked on its own (rules/temporary.ts), so the schema takes any entry.
   */
  members: z
    .array(
      z.custom<MemberEntry>(() => true),
      { message: "members must be a list of emails or { email, until } objects" },
    )
    .optional(),
  /**
   * An ISO-8601 duration of weeks, days, hours or minutes (`"P30D"`, `"P2W"`, `"PT8H"`): check refuses a member with no
   * until, or whose until is further away than now (the server's clock) plus this.
   */
  maxDuration: z.custom<string>(() => true).optional(),
  /** Take over an existing group of this name instead of refusing (import does not work for dynamic providers). */
  adopt: z.boolean().optional(),
  /**
   * Delete an adopted group in Atlassian when this Group is destroyed or replaced. Default false: code forgets a group
   * it adopted (it stays, with its members and app access); a group code created is always deleted, whatever `adopt`.
   */
  deleteOnDestroy: z.boolean().optional(),
  /**
   * Blast radius: this Group's changes (members removed, the group deleted) may remove access from any number of people
   * (true) or at most this many. Default: config accessLossLimit (10), and never empty a group. Applied before a
   * destroy, like deleteOnDestroy.
   */
  allowAccessLoss: z
    .union([z.boolean(), z.number().int().nonnegative()], {
      message: "allowAccessLoss must be true, false or a whole number of people",
    })
    .optional(),
});

/** What check, diff and create receive: the inputs, and the program context the Group class adds. */
export type GroupArgs = z.infer<typeof GroupInputs> & {
  /** Set by the Group class: what check needs from the rest of the program (rules/program-context.ts GroupProgram). */
  program?: unknown;
};

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
