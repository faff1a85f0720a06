// AccessReview's check: the inputs' shape, the due date, the folder's rows, and a revoke in a group the program's
// Group declares with members refused while that list still names the person. No network: check reads no org.
import { strict as assert } from "node:assert";
import { checkAccessReview } from "../../provider/lifecycle/access-review/check";
import { accessReviewLifecycle } from "../../provider/lifecycle/access-review/lifecycle";
import type { AccessReviewArgs, AccessReviewOutputs } from "../../provider/lifecycle/access-review/args";
import { manifestRow, reviewRow, type ReviewFolder } from "../../provider/rules/review";
import type { AccessRow } from "../../provider/rules/access-review";

const access = (email: string, group: string, lane: "pulumi" | "scim"): AccessRow => ({
  site: "acme-fr.atlassian.net",
  product: "confluence",
  role: "atlassian/user",
  email,
  accountId: `acc-${email}`,
  via: "group",
  group,
  lane,
  evidence: [],
  resourceId: "ari:fr",
});
const ANA = reviewRow(access("ana.costa@acme.example", "review-approvers", "pulumi"));
const CHLOE = reviewRow(access("chloe.brooks@acme.example", "dept-hr", "scim"));

function inputs(decisions: Record<string, string>, over: Partial<AccessReviewArgs> = {}): AccessReviewArgs {
  const review: ReviewFolder = {
    manifest: {
      name: "2026-q4",
      startedAt: "2026-12-01T09:00:00.000Z",
      orgId: "org-1",
      filters: {},
      files: { "rita@acme.example": "rita.csv" },
      rows: [ANA, CHLOE].map((r) => manifestRow(r, "rita.csv", { groupId: `g-${r.group}`, resourceId: "ari:fr" })),
    },
    rows: [ANA, CHLOE].map((r, i) => ({
      file: "rita.csv",
      line: i + 2,
      row: { ...r, decision: decisions[r.email] ?? "", reason: decisions[r.email] === "revoke" ? "left" : "" },
    })),
  };
  return { name: "2026-q4", due: "2026-12-31", folder: "reviews/2026-q4", review, ...over };
}

const program = (members: string[]) => ({
  groups: [{ resource: "approvers", name: "Review-Approvers", members }],
});
const reasons = (a: AccessReviewArgs) => checkAccessReview(a, () => false).map((f) => `${f.property}: ${f.reason}`);

describe("accessReviewLifecycle check", () => {
  it("accepts a review whose revokes code has already made, and one decided in other lanes' groups", () => {
    const decided = { "ana.costa@acme.example": "revoke", "chloe.brooks@acme.example": "revoke" };
    assert.deepEqual(reasons({ ...inputs(decided), program: program(["ben.costa@acme.example"]) }), []);
    assert.deepEqual(reasons(inputs(decided)), [], "no Group of the program declares the group");
  });

  it("refuses a revoke in a Group's members while the list still names the person, with both code changes to make", () => {
    const a = { ...inputs({ "ana.costa@acme.example": "revoke" }), program: program(["ana.costa@acme.example"]) };
    assert.deepEqual(reasons(a), [
      `folder: reviews/2026-q4/rita.csv line 2: ana.costa@acme.example is revoked from "review-approvers" (reason: left), but Group "approvers" still declares them in its members, which code owns: pass that Group's members through the AccessReview (\`members: review.kept("review-approvers", [...])\`, which drops whom the review revoked), or remove "ana.costa@acme.example" from them in code, in the same pull request; \`pulumi up\` then removes the member (blast radius applies).`,
    ]);
    const kept = { ...inputs({ "ana.costa@acme.example": "keep" }), program: program(["ana.costa@acme.example"]) };
    assert.deepEqual(reasons(kept), []);
  });

  it("refuses a due that is not a date, a name that is not the folder's review, and the folder's bad rows", () => {
    const a = inputs({ "chloe.brooks@acme.example": "drop" }, { name: "2027-q1", due: "end of year" });
    assert.deepEqual(reasons(a), [
      `due: due "end of year" is not a date: write YYYY-MM-DD (due through the end of that day, UTC) or an ISO-8601 time with a zone, e.g. "2026-12-31".`,
      `name: name "2027-q1" is not the review in reviews/2026-q4 (its manifest.json names "2026-q4"): set name to "2026-q4", or point folder at the review "2027-q1".`,
      `folder: reviews/2026-q4/rita.csv line 3: decision "drop": decision must be "keep" or "revoke" (lower-case), or empty while undecided.`,
    ]);
  });

  it("refuses inputs of the wrong shape by field, and lets values unknown at preview through", () => {
    assert.deepEqual(reasons({ ...inputs({}), folder: "" }), [
      "folder: folder must be the review's folder, e.g. reviews/2026-q4",
    ]);
    const unknown = Symbol("unknown");
    const a = { ...inputs({}), name: unknown, due: unknown, review: unknown } as unknown as AccessReviewArgs;
    assert.deepEqual(
      checkAccessReview(a, (v) => v === unknown),
      [],
    );
  });
});

describe("accessReviewLifecycle diff", () => {
  /** The inputs as the engine may hand them back from state: every object's keys in another order. */
  const reordered = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reordered)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reordered(x)]),
          )
        : v;
  const stored = (a: AccessReviewArgs, findings: string[] = []): AccessReviewOutputs => ({
    ...(reordered(a) as AccessReviewArgs),
    findings: [],
    unacceptedFindings: findings,
    tally: { rows: 2, kept: 0, revoked: 0, undecided: 2 },
    checkedAt: "2026-12-01T09:00:00.000Z",
  });

  it("sees no change in the same review stored with its keys in another order, nor in the program context", async () => {
    const a = inputs({ "ana.costa@acme.example": "keep" });
    const news = { ...a, program: program(["ben.costa@acme.example"]) };
    assert.deepEqual(await accessReviewLifecycle.diff("org/2026-q4", stored(a), news), { changes: false });
  });

  it("changes on a new decision, and while a finding is open", async () => {
    const a = inputs({ "ana.costa@acme.example": "keep" });
    const decided = inputs({ "ana.costa@acme.example": "keep", "chloe.brooks@acme.example": "revoke" });
    assert.deepEqual(await accessReviewLifecycle.diff("org/2026-q4", stored(a), decided), { changes: true });
    assert.deepEqual(await accessReviewLifecycle.diff("org/2026-q4", stored(a, ["review-overdue:2026-q4/x"]), a), {
      changes: true,
    });
  });
});
