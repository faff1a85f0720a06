// GroupMember's inputs and outputs, and the settings a refresh carries over.
import { z } from "zod";
import type { Finding } from "../../rules/findings";
import { isEmail } from "../../rules/email";

const GROUP_REQUIRED = "group is required: a group name, a Group's groupId, or the Group itself.";
const EMAIL_REQUIRED = "email is required: the email of the member's Atlassian account.";

/**
 * GroupMember's inputs: this zod schema is their type, for check (which parses them) and for the program
 * (resources/group-member.ts derives GroupMemberArgs from it). The docs here are the ones users see in their editor.
 */
export const GroupMemberInputs = z.object({
  /** A group name, or a Group's `groupId` (the program may also pass the Group itself). */
  group: z.string({ message: GROUP_REQUIRED }).min(1, GROUP_REQUIRED),
  /** The email of an existing Atlassian account. */
  email: z
    .string({ message: EMAIL_REQUIRED })
    .min(1, EMAIL_REQUIRED)
    .refine((e) => e === "" || isEmail(e), {
      error: (i) => `"${String(i.input)}" is not an email address; email names the member's Atlassian account.`,
    }),
  /**
   * Temporary access: the membership's end, `YYYY-MM-DD` (through the end of that day, UTC) or an ISO-8601 time with a
   * zone. Past it (the server's clock) `preview --refresh` reports `temporary-member-expired` and `up` removes the
   * member; the resource stays, adding nothing, until it is dropped from code. A later until adds the member back.
   * A Group of this program with `maxDuration` bounds it (check refuses a GroupMember without until, or one too far).
   * Checked on its own (rules/temporary.ts), so the schema takes any value.
   */
  until: z.custom<string>(() => true).optional(),
});

/** What check, diff and create receive: the inputs, and the program context the GroupMember class adds. */
export type GroupMemberArgs = z.infer<typeof GroupMemberInputs> & {
  /**
   * Set by the GroupMember class: what check needs from the rest of the program (rules/program-context.ts
   * GroupMemberProgram): the program's Group for `group` (owner, members declared, maxDuration), the split's claim.
   */
  program?: unknown;
};

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

/** GroupMember observes the membership, none of its inputs. */
export const GROUP_MEMBER_OBSERVED = [] as const satisfies readonly (keyof GroupMemberArgs)[];
