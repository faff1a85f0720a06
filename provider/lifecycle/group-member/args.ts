// GroupMember's inputs and outputs, and the settings a refresh carries over.
import type { Finding } from "../../rules/findings";

export interface GroupMemberArgs {
  /** A group name, or a Group's groupId. */
  group: string;
  /** The email of the member's Atlassian account. */
  email: string;
  /** The membership's end (rules/temporary.ts): `YYYY-MM-DD` (through that day, UTC) or an ISO-8601 time with a zone. */
  until?: string;
  /**
   * Set by the GroupMember class: what check needs from the rest of the program (rules/program-context.ts
   * GroupMemberProgram): the program's Group for `group` (owner, members declared, maxDuration), the split's claim.
   */
  program?: unknown;
}

export interface GroupMemberOutputs extends GroupMemberArgs {
  groupId: string;
  accountId: string;
  /** Past its until, code removed the membership; the resource stays (its until in code) and adds nothing. */
  expired?: boolean;
  /** A temporary membership's drift as of the last refresh (temporary-member-expired); non-empty keeps it changed. */
  findings?: Finding[];
}

/** The inputs that are configuration: a refresh carries them over (the membership itself is read live). */
export const GROUP_MEMBER_SETTINGS = ["group", "email", "until"] as const satisfies readonly (keyof GroupMemberArgs)[];
