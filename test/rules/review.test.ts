// Access reviews as code, the pure core: row ids, reviewer routing, the folder's check, the review's findings.
import { strict as assert } from "node:assert";
import {
  manifestRow,
  reviewerOf,
  reviewFileClash,
  reviewFileOf,
  reviewRow,
  routeRows,
  rowId,
  ReviewReviewers,
  type ReviewFolder,
  type ReviewRow,
} from "../../provider/rules/review";
import { checkReviewFolder, groupRevokes, problemText, withoutRevoked } from "../../provider/rules/review-check";
import { reviewFindings } from "../../provider/rules/review-findings";
import type { AccessRow } from "../../provider/rules/access-review";

const access = (over: Partial<AccessRow>): AccessRow => ({
  site: "acme-fr.atlassian.net",
  product: "confluence",
  role: "atlassian/user",
  email: "ana.costa@acme.example",
  accountId: "acc-ana",
  via: "group",
  group: "review-approvers",
  lane: "pulumi",
  evidence: [],
  resourceId: "ari:cloud:confluence::site/fr",
  ...over,
});

const ANA = reviewRow(access({ addedBy: "pulumi", addedAt: "2026-11-01T10:00:00.000Z", name: "Ana Costa" }));
const BEN = reviewRow(access({ email: "ben.costa@acme.example", accountId: "acc-ben" }));
const HR = reviewRow(
  access({ email: "chloe.brooks@acme.example", accountId: "acc-chloe", group: "dept-hr", lane: "scim" }),
);
const QUINN = reviewRow(
  access({
    email: "quinn.arden@acme.example",
    accountId: "acc-quinn",
    via: "direct",
    group: undefined,
    lane: undefined,
  }),
);

/** A review folder as start writes it, with `edit` applied to the files' rows (the manifest stays as started). */
function folder(edit: (rows: ReviewRow[]) => ReviewRow[] = (r) => r): ReviewFolder {
  const started = [ANA, BEN, HR, QUINN];
  const fileOf = (r: ReviewRow) => reviewFileOf(reviewerOf(r, { groups: { "dept-*": "sam@acme.example" } }));
  return {
    manifest: {
      name: "2026-q4",
      startedAt: "2026-12-01T09:00:00.000Z",
      orgId: "org-1",
      filters: {},
      files: {
        "lane-pulumi": "lane-pulumi.csv",
        "sam@acme.example": "sam@acme.example.csv",
        "lane-direct": "lane-direct.csv",
      },
      rows: started.map((r) =>
        manifestRow(r, fileOf(r), { groupId: `g-${r.group}`, resourceId: "ari:cloud:confluence::site/fr" }),
      ),
    },
    rows: edit(started.map((r) => ({ ...r }))).map((row, i) => ({ file: fileOf(row), line: i + 2, row })),
  };
}

describe("rowId", () => {
  it("is 12 hex characters that follow the person, site, product, role and path, not the other columns", () => {
    assert.match(ANA.id, /^[0-9a-f]{12}$/);
    assert.equal(rowId({ ...ANA, site: "ACME-FR.atlassian.net" }), ANA.id, "hosts compare ignoring case");
    assert.equal(reviewRow(access({ lastActive: "2026-12-01T00:00:00Z", name: "Other" })).id, ANA.id);
    for (const change of [
      { account_id: "acc-x" },
      { role: "atlassian/admin" },
      { product: "jira-software" },
      { group: "other" },
    ])
      assert.notEqual(rowId({ ...ANA, ...change }), ANA.id, JSON.stringify(change));
    assert.notEqual(QUINN.id, rowId({ ...QUINN, via: "group", group: "" }));
  });
});

describe("reviewerOf", () => {
  const reviewers: ReviewReviewers = {
    groups: { "dept-*": "Sam@acme.example", "review-approvers": "rita@acme.example" },
    lanes: { direct: "it@acme.example", scim: "idp@acme.example" },
  };

  it("routes a row to the first matching group pattern, else its lane's owner, else a lane file", () => {
    assert.equal(reviewerOf(HR, reviewers), "sam@acme.example");
    assert.equal(reviewerOf(ANA, reviewers), "rita@acme.example");
    assert.equal(reviewerOf(QUINN, reviewers), "it@acme.example");
    assert.equal(reviewerOf({ ...HR, group: "all-employees" }, reviewers), "idp@acme.example");
    assert.equal(reviewerOf({ ...ANA, group: "contractors" }, reviewers), "lane-pulumi");
  });

  it("groups rows by reviewer, sorted, each in the listing's order", () => {
    const routed = routeRows([ANA, HR, BEN, QUINN], reviewers);
    assert.deepEqual(
      [...routed].map(([who, rows]) => [who, rows.map((r) => r.email)]),
      [
        ["it@acme.example", ["quinn.arden@acme.example"]],
        ["rita@acme.example", ["ana.costa@acme.example", "ben.costa@acme.example"]],
        ["sam@acme.example", ["chloe.brooks@acme.example"]],
      ],
    );
    assert.equal(reviewFileOf("lane-none"), "lane-none.csv");
  });

  it("refuses a mapping whose reviewer is not an email", () => {
    const bad = ReviewReviewers.safeParse({ groups: { "dept-*": "sam" } });
    assert.equal(bad.success, false);
    assert.deepEqual(
      bad.error.issues.map((i) => [i.path.join("."), i.message]),
      [["groups.dept-*", "must be an email address"]],
    );
  });
});

describe("reviewFileClash", () => {
  it("names two reviewers whose emails make one file name, and the file", () => {
    assert.deepEqual(reviewFileClash(["a!b@x.com", "sam@acme.example", "A_B@x.com"]), {
      a: "a!b@x.com",
      b: "a_b@x.com",
      file: "a_b@x.com.csv",
    });
    assert.equal(reviewFileClash(["a.b@x.com", "a_b@x.com", "A.B@x.com", "lane-direct"]), undefined);
  });
});

describe("checkReviewFolder", () => {
  const texts = (f: ReviewFolder) => checkReviewFolder(f).map((p) => problemText("reviews/2026-q4", p));

  it("accepts rows as started, undecided, kept or revoked with a reason", () => {
    assert.deepEqual(texts(folder()), []);
    const decided = folder((rows) =>
      rows.map((r, i) => ({ ...r, decision: i % 2 ? "keep" : "revoke", reason: i % 2 ? "" : "no longer needed" })),
    );
    assert.deepEqual(texts(decided), []);
  });

  it("names the file, line, field, value and fix of each bad row", () => {
    const f = folder((rows) => [
      { ...rows[0], decision: "Revoke" },
      { ...rows[1], decision: "revoke", reason: " " },
      { ...rows[2], role: "atlassian/admin" },
      { ...rows[3], id: "0123456789ab" },
    ]);
    assert.deepEqual(texts(f), [
      `reviews/2026-q4/lane-direct.csv line 5: id "0123456789ab": no row with this id was started in review "2026-q4": rows cannot be added to a review. Delete the line (a new access is reviewed in the next review), or restore the id \`review start\` wrote.`,
      `reviews/2026-q4/lane-pulumi.csv line 2: decision "Revoke": decision must be "keep" or "revoke" (lower-case), or empty while undecided.`,
      `reviews/2026-q4/lane-pulumi.csv line 3: reason " ": a revoke needs a reason (row ${BEN.id}: ben.costa@acme.example on acme-fr.atlassian.net/confluence via "review-approvers"): say why in the reason column.`,
      `reviews/2026-q4/sam@acme.example.csv line 4: role "atlassian/admin": row ${HR.id} was started with role "atlassian/user": only decision and reason are the reviewer's to edit. Restore "atlassian/user"; to review other access, start a new review.`,
      `reviews/2026-q4/lane-direct.csv: id "${QUINN.id}": row ${QUINN.id} (quinn.arden@acme.example on acme-fr.atlassian.net/confluence via a direct grant) is missing: every started row stays in the review. Restore its line from the commit that started the review and decide it.`,
    ]);
  });

  it("refuses a row listed twice", () => {
    const f = folder((rows) => [...rows, { ...rows[0] }]);
    assert.deepEqual(
      checkReviewFolder(f).map((p) => [p.line, p.field, p.message]),
      [[6, "id", "this row appears twice in the review: keep one line per id and delete the other."]],
    );
  });
});

describe("checkReviewFolder: one person's rows in one group", () => {
  // ANA in review-approvers on acme-fr's Confluence and, a second row, on acme-eu's Jira.
  const EU = reviewRow(access({ site: "acme-eu.atlassian.net", product: "jira-software", resourceId: "ari:eu" }));
  const twoRows = (decide: (r: ReviewRow) => ReviewRow): ReviewFolder => {
    const started = [ANA, EU];
    return {
      manifest: {
        name: "2026-q4",
        startedAt: "2026-12-01T09:00:00.000Z",
        orgId: "org-1",
        filters: {},
        files: { "lane-pulumi": "lane-pulumi.csv" },
        rows: started.map((r) => manifestRow(r, "lane-pulumi.csv", { resourceId: "ari" })),
      },
      rows: started.map((r, i) => ({ file: "lane-pulumi.csv", line: i + 2, row: decide({ ...r }) })),
    };
  };

  it("refuses a keep beside a revoke of the same membership, since removing her from the group takes both", () => {
    const split = twoRows((r) =>
      r.site.startsWith("acme-fr") ? { ...r, decision: "revoke", reason: "left" } : { ...r, decision: "keep" },
    );
    assert.deepEqual(
      checkReviewFolder(split).map((p) => problemText("reviews/2026-q4", p)),
      [
        `reviews/2026-q4/lane-pulumi.csv line 3: decision "keep": ana.costa@acme.example keeps acme-eu.atlassian.net/jira-software through "review-approvers", but lane-pulumi.csv line 2 revokes their acme-fr.atlassian.net/confluence through the same group, and the membership gives both: revoking removes them from the group. Decide both rows the same (revoke both; or keep both, and take the other access away by another path).`,
      ],
    );
  });

  it("accepts both rows revoked, both kept, or one decided and one not yet", () => {
    const same = (decision: string) => twoRows((r) => ({ ...r, decision, reason: decision === "revoke" ? "x" : "" }));
    assert.deepEqual(checkReviewFolder(same("revoke")), []);
    assert.deepEqual(checkReviewFolder(same("keep")), []);
    const one = twoRows((r) => (r.site.startsWith("acme-fr") ? { ...r, decision: "revoke", reason: "left" } : r));
    assert.deepEqual(checkReviewFolder(one), []);
  });
});

describe("withoutRevoked", () => {
  const decided = folder((rows) =>
    rows.map((r) =>
      r.email === "ben.costa@acme.example" ? { ...r, decision: "keep" } : { ...r, decision: "revoke", reason: "left" },
    ),
  );
  const members = ["Ana.Costa@acme.example", "ben.costa@acme.example", "dan.costa@acme.example"];

  it("drops whom the review revoked from that group, in order, matching the group and emails in any case", () => {
    assert.deepEqual(withoutRevoked(decided, "Review-Approvers", members), [
      "ben.costa@acme.example",
      "dan.costa@acme.example",
    ]);
    const temporary = [
      { email: "ana.costa@acme.example", until: "2027-01-31" },
      { email: "dan.costa@acme.example", until: "2027-01-31" },
    ];
    assert.deepEqual(withoutRevoked(decided, "review-approvers", temporary), [temporary[1]]);
  });

  it("keeps everyone for another group, an undecided review, and a revoke of a role given directly", () => {
    assert.deepEqual(withoutRevoked(decided, "dept-hr", members), members);
    assert.deepEqual(withoutRevoked(folder(), "review-approvers", members), members);
    // QUINN's revoke is of a direct grant: no group row carries it.
    assert.deepEqual(withoutRevoked(decided, "", ["quinn.arden@acme.example"]), ["quinn.arden@acme.example"]);
  });

  it("ignores a revoke on a row the review did not start (check refuses that row)", () => {
    const added = folder((rows) => [...rows, { ...ANA, id: "0123456789ab", decision: "revoke", reason: "left" }]);
    assert.deepEqual(groupRevokes(added), []);
    assert.deepEqual(withoutRevoked(added, "review-approvers", members), members);
  });
});

describe("reviewFindings", () => {
  const DAY = 86_400_000;
  const now = Date.parse("2026-12-20T12:00:00Z");
  const revoked = folder((rows) =>
    rows.map((r) => (r.email === "ben.costa@acme.example" ? r : { ...r, decision: "revoke", reason: "left" })),
  );
  const run = (over: Partial<Parameters<typeof reviewFindings>[0]> = {}) =>
    reviewFindings({ name: "2026-q4", folder: "reviews/2026-q4", review: revoked, now, held: () => true, ...over });

  it("reports each revoke the org still grants for the lane that owns its path, with that lane's step", () => {
    const fs = run();
    assert.deepEqual(
      fs.map((f) => [f.id, f.lane]),
      [HR, ANA, QUINN]
        .map((r) => [`review-revoke-pending:2026-q4/${r.id}`, r === HR ? "scim" : r === ANA ? "pulumi" : "none"])
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    const hr = fs.find((f) => f.subject.endsWith(HR.id))!;
    assert.equal(
      hr.message,
      `Review "2026-q4" revoked chloe.brooks@acme.example's atlassian/user on acme-fr.atlassian.net/confluence through "dept-hr" (scim lane; reviews/2026-q4/sam@acme.example.csv line 4, reason: left), and the org still grants it.`,
    );
    assert.equal(
      hr.fix,
      `remove chloe.brooks@acme.example from "dept-hr" in the identity provider (SCIM pushes the change); the finding clears once the access is gone.`,
    );
    assert.match(
      fs.find((f) => f.subject.endsWith(QUINN.id))!.fix,
      /^revoke quinn\.arden@acme\.example's atlassian\/user role on acme-fr\.atlassian\.net\/confluence in Atlassian admin/,
    );
  });

  it("reports nothing for a revoke already carried out, and treats the program's declared groups as code's", () => {
    assert.deepEqual(run({ held: () => false }), []);
    const hr = run({ codeGroups: new Set(["dept-hr"]) }).find((f) => f.subject.endsWith(HR.id))!;
    assert.deepEqual(
      [hr.lane, hr.fix.split(";")[0]],
      [
        "pulumi",
        `run \`pulumi up\`: the Group of "dept-hr" no longer lists chloe.brooks@acme.example, so up removes them`,
      ],
    );
  });

  it("reports each file with undecided rows once the due day has ended, not before", () => {
    const undecided = folder();
    const at = (due: string, ms: number) =>
      reviewFindings({
        name: "2026-q4",
        folder: "reviews/2026-q4",
        review: undecided,
        due,
        now: ms,
        held: () => true,
      }).map((f) => f.id);
    assert.deepEqual(at("2026-12-20", now), [], "due through the end of that day, UTC");
    assert.deepEqual(at("2026-12-20", Date.parse("2026-12-21T00:00:00Z")), [
      "review-overdue:2026-q4/lane-direct",
      "review-overdue:2026-q4/lane-pulumi",
      "review-overdue:2026-q4/sam@acme.example",
    ]);
    const f = reviewFindings({
      name: "2026-q4",
      folder: "reviews/2026-q4",
      review: undecided,
      due: "2026-12-01",
      now: now + DAY,
      held: () => true,
    });
    assert.equal(
      f.find((x) => x.subject === "2026-q4/lane-pulumi")!.message,
      `Review "2026-q4" was due 2026-12-01; lane-pulumi has left 2 of 2 rows undecided in reviews/2026-q4/lane-pulumi.csv (lines 2, 3).`,
    );
  });
});
