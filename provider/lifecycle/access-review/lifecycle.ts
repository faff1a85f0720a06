// AccessReview: checks the review folder's decisions at preview, and reports what is left to do: revokes the org still
// grants (for the lane that owns each path) and reviewers' files overdue. Never writes to Atlassian: code's own revokes
// are carried out by the Group that declares the member (check refuses the review until the Group's list drops them).
import { ACCESS_REVIEW_SETTINGS, type AccessReviewArgs, type AccessReviewOutputs, type ReviewTally } from "./args";
import { checkAccessReview } from "./check";
import type { Lifecycle } from "../../runtime/types";
import { context } from "../context";
import { carriedInputs, changedSettings, sameCanonical } from "../../runtime/settings";
import { compact, isUnknown } from "../../runtime/values";
import { orgState, snapshotView } from "../../org/snapshot";
import { serverNow } from "../../clients/server-clock";
import { announce, announceCatalogue } from "../../runtime/announce";
import { reviewFindings } from "../../rules/review-findings";
import { decisionOf } from "../../rules/review-check";
import { AccessReviewProgram, programOf } from "../../rules/program-context";
import type { ManifestRow, ReviewFolder } from "../../rules/review";
export type { AccessReviewArgs, AccessReviewOutputs } from "./args";

function inputsOf(o: Partial<AccessReviewArgs>): AccessReviewArgs {
  return compact({ ...carriedInputs(o, ACCESS_REVIEW_SETTINGS) }) as AccessReviewArgs;
}

function tallyOf(review: ReviewFolder): ReviewTally {
  const decisions = review.rows.map((r) => decisionOf(r.row));
  return {
    rows: review.manifest.rows.length,
    kept: decisions.filter((d) => d === "keep").length,
    revoked: decisions.filter((d) => d === "revoke").length,
    undecided: decisions.filter((d) => d === undefined).length,
  };
}

/** Whether the org still grants each revoked row: the membership as the org state holds it, or the direct role. */
async function heldBy(review: ReviewFolder): Promise<(r: ManifestRow) => boolean> {
  const state = await orgState();
  const revoked = new Set(review.rows.filter((f) => decisionOf(f.row) === "revoke").map((f) => f.row.id));
  const direct = review.manifest.rows.some((r) => r.via === "direct" && revoked.has(r.id))
    ? ((await snapshotView({ usage: true })).snap.usage?.directGrants ?? [])
    : [];
  return (r) => {
    if (r.via === "direct")
      return direct.some((d) => d.accountId === r.account_id && d.resourceId === r.resourceId && d.role === r.role);
    const g = (r.groupId && state.group(r.groupId)) || state.groupByExactName(r.group);
    return g !== undefined && state.isMember(g.id, r.account_id);
  };
}

async function evaluate(inputs: AccessReviewArgs): Promise<AccessReviewOutputs> {
  const review = inputs.review;
  const held = await heldBy(review);
  const now = serverNow();
  // Groups code declares with members are code's whatever lane `review start` knew (it may have had no split).
  const codeGroups = new Set((programOf(AccessReviewProgram, inputs).groups ?? []).map((g) => g.name.toLowerCase()));
  const { name, folder, due } = inputs;
  const findings = reviewFindings({ name, folder, review, due, now, held, codeGroups });
  announce("AccessReview", findings);
  await announceCatalogue();
  return {
    ...inputsOf(inputs),
    findings,
    unacceptedFindings: findings.map((f) => f.id),
    tally: tallyOf(review),
    checkedAt: new Date(now).toISOString(),
  };
}

export const accessReviewLifecycle: Lifecycle<AccessReviewArgs, AccessReviewOutputs> = {
  async check(_olds, news) {
    const failures = checkAccessReview(news, isUnknown);
    return failures.length ? { failures } : { inputs: news };
  },

  async diff(_id, olds, news) {
    // Open findings keep the resource "changed", so `preview --refresh --expect-no-changes` fails (exit 7) until each
    // revoke is carried out by its lane and each overdue file is decided.
    const n = news as unknown as Record<string, unknown>;
    const changed =
      Object.values(n).some(isUnknown) ||
      changedSettings(olds, news, ACCESS_REVIEW_SETTINGS, { review: sameCanonical, reviewers: sameCanonical }).length >
        0;
    return { changes: (olds.unacceptedFindings ?? []).length > 0 || changed };
  },

  async create(inputs) {
    return { id: `${context().config.orgId || "org"}/${inputs.name}`, outs: await evaluate(inputs) };
  },

  async read(id, props) {
    const inputs = inputsOf(props);
    return { id, props: await evaluate(inputs), inputs };
  },

  async update(_id, _olds, news) {
    return { outs: await evaluate(news) };
  },

  async delete() {
    // Nothing was created in Atlassian: forgetting the review removes nothing; its files stay in git.
  },
};
