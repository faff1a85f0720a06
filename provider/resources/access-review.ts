// AccessReview: an access review decided as code. Names the review, its due date and its folder; the class reads the
// folder in the program (the provider may run elsewhere) and the provider checks the decisions and reports the rest.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";
import { loudStacks, quietStacks, restack } from "./program/stacks";
import { afterDeclaringGroups, reviewProgram } from "./program/review";
import { readReviewFolder } from "../review/files";
import { checkReviewFolder, withoutRevoked } from "../rules/review-check";
import type { Finding } from "../rules/findings";
import type { ReviewFolder, ReviewReviewers } from "../rules/review";
import type { z } from "zod";
import type { AccessReviewInputs, ReviewTally } from "../lifecycle/access-review/args";
import type { ProgramArgs } from "./program/args";

/** An AccessReview's inputs as a program passes them: derived from its schema (lifecycle/access-review/args.ts), less
 * `review`, which the class reads from `folder`. `folder` is a plain string: it is read while the program registers. */
export type AccessReviewArgs = Omit<ProgramArgs<z.infer<typeof AccessReviewInputs>>, "review" | "folder"> & {
  folder: string;
};

/**
 * The review `atlassian-access review start` wrote to `folder` (relative to the program's working directory): at
 * preview, check refuses rows that are not as started, decisions other than keep or revoke, a revoke without a reason,
 * and a revoke in a group a Group of this program declares with `members` while that list still names the person
 * (pass the list through `kept`, or remove them there by hand: `up` then removes the member, blast radius applied,
 * and the Group sees no drift). Revokes in
 * other lanes' groups, or of roles given directly, are `review-revoke-pending` findings for that lane until the access
 * is gone; files with undecided rows after `due` are `review-overdue`. Either keeps `preview --refresh
 * --expect-no-changes` at exit 7. Never writes to Atlassian.
 */
export class AccessReview extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly due: pulumi.Output<string | undefined>;
  declare readonly folder: pulumi.Output<string>;
  declare readonly reviewers: pulumi.Output<ReviewReviewers | undefined>;
  /** Findings as of the last create, update or refresh, sorted by id; non-empty keeps the resource changed. */
  declare readonly findings: pulumi.Output<Finding[]>;
  declare readonly unacceptedFindings: pulumi.Output<string[]>;
  /** Rows, and how many are kept, revoked and undecided. */
  declare readonly tally: pulumi.Output<ReviewTally>;
  declare readonly checkedAt: pulumi.Output<string>;
  /** The folder as read at registration: what `kept` answers from. */
  readonly #review: ReviewFolder;
  /** Whether the folder has problems its check refuses: then no revoke drives a Group (`kept` changes nothing). */
  readonly #refused: boolean;

  constructor(name: string, args: AccessReviewArgs, opts?: pulumi.CustomResourceOptions) {
    // Read here, in the program's working directory. A folder that is not a review stops the program with one line
    // naming the file and the fix (RunError: no stack trace, no program text).
    let review;
    try {
      review = readReviewFolder(path.resolve(args.folder));
    } catch (e) {
      throw new pulumi.RunError(`AccessReview "${name}": ${(e as Error).message}`);
    }
    const program = reviewProgram();
    // pulumi's per-property promise stacks, not kept (program/stacks.ts).
    const stacks = quietStacks();
    try {
      super(
        shimFor("access-review"),
        name,
        {
          findings: undefined,
          unacceptedFindings: undefined,
          tally: undefined,
          checkedAt: undefined,
          ...args,
          review,
          program,
        },
        afterDeclaringGroups(opts),
        "atlassian",
        "AccessReview",
      );
    } catch (e) {
      throw restack(e, stacks);
    } finally {
      loudStacks(stacks);
    }
    this.#review = review;
    this.#refused = checkReviewFolder(review).length > 0;
  }

  /**
   * `members` less the people this review's committed decisions revoked from `group` (the group's name, as the
   * review's rows name it), in order: `members: review.kept("jira-admins", ["ana@acme.example", …])` lets the
   * decisions drive a Group's list, so `up` removes whom a reviewer revoked through the Group (blast radius applies)
   * with no edit of the list. Read from the folder as registered; plain values only (an entry's email may not be an
   * Output). A folder the review's check refuses (a revoke without a reason, a row twice or edited, keep and revoke of
   * one membership) revokes no one: `members` come back unchanged, so `up --skip-preview` removes no member before the
   * review's check stops it.
   */
  kept<M extends string | { email: string; until: pulumi.Input<string> }>(group: string, members: readonly M[]): M[] {
    return this.#refused ? [...members] : withoutRevoked(this.#review, group, members);
  }
}
