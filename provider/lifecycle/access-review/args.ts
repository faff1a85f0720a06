// AccessReview's inputs and outputs, and the settings a refresh carries over.
import { z } from "zod";
import { ReviewFolder, ReviewReviewers } from "../../rules/review";
import type { Finding } from "../../rules/findings";

/** An input check judges on its own (its messages name the value and the fix): any value parses here. */
const checkedByRules = <T>() => z.custom<T>(() => true);

/**
 * AccessReview's inputs: this zod schema is their type, for the lifecycle and for the program
 * (resources/access-review.ts derives AccessReviewArgs from it, less `review`, which the class reads from `folder`).
 */
export const AccessReviewInputs = z.object({
  /** The review's name, as `atlassian-access review start --name` gave it, e.g. `2026-q4`. */
  name: z.string({ message: "name must be the review's name, e.g. 2026-q4" }).min(1),
  /**
   * When every row must be decided: `YYYY-MM-DD` (through the end of that day, UTC) or an ISO-8601 time with a zone.
   * After it (the server's clock) each reviewer's file with undecided rows is a `review-overdue` finding.
   */
  due: checkedByRules<string>().optional(),
  /**
   * The review's folder, relative to the program's working directory (`reviews/2026-q4`): the class reads it in the
   * program, at registration, and sends its rows as `review`; the provider never reads the disk.
   */
  folder: z.string({ message: "folder must be the review's folder, e.g. reviews/2026-q4" }).min(1),
  /** Who reviews what (rules/review.ts ReviewReviewers): the mapping `review start --reviewers` took. For the record. */
  reviewers: ReviewReviewers.optional(),
  /** The folder as read by the class: its manifest and every row of every reviewer's file, with file and line. */
  review: checkedByRules<ReviewFolder>(),
});

/** What check, diff and create receive: the inputs, and the program context the class adds. */
export type AccessReviewArgs = z.infer<typeof AccessReviewInputs> & {
  /** Set by the AccessReview class (rules/program-context.ts AccessReviewProgram): the program's Groups that declare members. */
  program?: unknown;
};

/** How many rows hold each decision. */
export interface ReviewTally {
  rows: number;
  kept: number;
  revoked: number;
  undecided: number;
}

export interface AccessReviewOutputs extends AccessReviewArgs {
  /** Every finding: revokes other lanes still have to carry out, reviewers' files overdue; sorted by id. */
  findings: Finding[];
  /** Ids of the findings: while non-empty, every diff reports changes (preview --expect-no-changes exits 7). */
  unacceptedFindings: string[];
  tally: ReviewTally;
  /** Server time (ISO-8601) of this evaluation. */
  checkedAt: string;
}

/** The inputs that are configuration: a refresh carries them over. */
export const ACCESS_REVIEW_SETTINGS = [
  "name",
  "due",
  "folder",
  "reviewers",
  "review",
] as const satisfies readonly (keyof AccessReviewArgs)[];
