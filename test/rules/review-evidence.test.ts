// Evidence of an access review: each started row with its decision, the commit that set it (git blame) and the end of
// a revoked access (the removal in the audit log after the decision).
import { strict as assert } from "node:assert";
import { EventIndex, type AuditEntry } from "../../provider/rules/attribution";
import { evidenceCsv, evidenceMarkdown, evidenceRows, type BlameLine } from "../../provider/rules/review-evidence";
import { manifestRow, reviewRow, type ReviewFolder } from "../../provider/rules/review";
import type { AccessRow } from "../../provider/rules/access-review";

const access = (email: string, over: Partial<AccessRow> = {}): AccessRow => ({
  site: "acme-fr.atlassian.net",
  product: "confluence",
  role: "atlassian/user",
  email,
  accountId: `acc-${email.split(".")[0]}`,
  via: "group",
  group: "review-approvers",
  lane: "pulumi",
  evidence: [],
  resourceId: "ari:fr-confluence",
  ...over,
});

const ANA = reviewRow(access("ana.costa@acme.example"));
const BEN = reviewRow(access("ben.costa@acme.example"));
const CHLOE = reviewRow(access("chloe.brooks@acme.example", { group: "dept-hr", lane: "scim" }));
const QUINN = reviewRow(access("quinn.arden@acme.example", { via: "direct", group: undefined, lane: undefined }));
const DINA = reviewRow(access("dina.dubois@acme.example"));

const decided: Record<string, [string, string]> = {
  [ANA.id]: ["revoke", "left the team"],
  [BEN.id]: ["keep", ""],
  [CHLOE.id]: ["revoke", "moved to sales"],
  [QUINN.id]: ["revoke", "no longer on the service desk"],
};

const review: ReviewFolder = {
  manifest: {
    name: "2026-q4",
    startedAt: "2026-12-01T09:00:00.000Z",
    orgId: "org-1",
    filters: { sites: ["acme-fr"] },
    files: { "rita@acme.example": "rita@acme.example.csv" },
    rows: [ANA, BEN, CHLOE, QUINN, DINA].map((r) =>
      manifestRow(r, "rita@acme.example.csv", {
        groupId: r.via === "group" ? `g-${r.group}` : undefined,
        resourceId: "ari:fr-confluence",
      }),
    ),
  },
  rows: [ANA, BEN, CHLOE, QUINN, DINA].map((r, i) => {
    const [decision, reason] = decided[r.id] ?? ["", ""];
    return { file: "rita@acme.example.csv", line: i + 2, row: { ...r, decision, reason } };
  }),
};

const COMMIT: BlameLine = {
  commit: "a".repeat(40),
  author: "Rita Reviewer",
  mail: "rita@acme.example",
  time: "2026-12-03T10:00:00.000Z",
  summary: "2026-q4 decided",
};

const event = (id: string, time: string, over: Partial<AuditEntry>): AuditEntry => ({
  id,
  time,
  action: "user_removed_from_group",
  actor: { id: "pulumi-bot" },
  ...over,
});

describe("evidenceRows", () => {
  const events = [
    // Before the review started: not its end (the person was removed and re-added earlier).
    event("e1", "2026-11-30T08:00:00.000Z", { groupId: "g-review-approvers", accountId: ANA.account_id }),
    event("e2", "2026-12-04T08:00:00.000Z", { groupId: "g-review-approvers", accountId: ANA.account_id }),
    event("e3", "2026-12-05T08:00:00.000Z", { groupId: "g-review-approvers", accountId: ANA.account_id }),
    event("e4", "2026-12-04T09:00:00.000Z", {
      action: "user_revoked_product_access",
      accountId: QUINN.account_id,
      resourceId: "ari:fr-confluence",
      role: "atlassian/user",
      actor: { id: "alex-admin" },
    }),
  ];
  const rows = evidenceRows({
    review,
    blame: (file, line) => (file === "rita@acme.example.csv" && line <= 5 ? COMMIT : undefined),
    index: new EventIndex(events),
    lanes: { "pulumi-bot": "pulumi" },
  });
  const by = (id: string) => rows.find((r) => r.id === id)!;
  const pick = (id: string) => {
    const r = by(id);
    return [r.decision, r.decided_by, r.decided_at, r.commit, r.ended, r.ended_by, r.ended_event];
  };

  it("dates a revoke's end by the first removal since the review started, with its actor and event", () => {
    assert.deepEqual(pick(ANA.id), [
      "revoke",
      "Rita Reviewer <rita@acme.example>",
      COMMIT.time,
      COMMIT.commit,
      "2026-12-04T08:00:00.000Z",
      "pulumi",
      "e2",
    ]);
    assert.deepEqual(pick(QUINN.id).slice(4), ["2026-12-04T09:00:00.000Z", "unknown", "e4"]);
  });

  it("marks kept rows kept, revokes with no removal pending, and undecided rows undecided", () => {
    assert.deepEqual(pick(BEN.id), [
      "keep",
      "Rita Reviewer <rita@acme.example>",
      COMMIT.time,
      COMMIT.commit,
      "kept",
      "",
      "",
    ]);
    assert.deepEqual(pick(CHLOE.id).slice(4), ["pending", "", ""]);
    assert.deepEqual(pick(DINA.id), ["", "", "", "", "undecided", "", ""]);
    assert.deepEqual(
      rows.map((r) => r.reviewer),
      Array(5).fill("rita@acme.example"),
    );
  });

  it("sums the review up in Markdown, a table row per access", () => {
    const md = evidenceMarkdown(review, rows, "2026-12-06T00:00:00.000Z");
    assert.match(md, /^# Access review 2026-q4: evidence\n\nStarted 2026-12-01T09:00:00.000Z; scope: sites acme-fr\./);
    assert.match(md, /\n5 rows: 1 kept, 3 revoked \(2 ended, 1 pending\), 1 undecided\.\n/);
    assert.ok(
      md.includes(
        "| acme-fr.atlassian.net/confluence (atlassian/user) | ana.costa@acme.example | review-approvers (pulumi) | revoke | left the team | Rita Reviewer <rita@acme.example> | 2026-12-03T10:00:00.000Z | aaaaaaaaaaaa | 2026-12-04T08:00:00.000Z by pulumi (event e2) |",
      ),
      md,
    );
  });
});

describe("evidenceRows: a decision committed again after its removal", () => {
  it("still finds the removal: a later commit (the reason's typo fixed) dates the decision, not the search", () => {
    const later: BlameLine = { ...COMMIT, commit: "b".repeat(40), time: "2026-12-05T10:00:00.000Z" };
    const [row] = evidenceRows({
      review,
      blame: () => later,
      index: new EventIndex([
        event("e2", "2026-12-04T08:00:00.000Z", { groupId: "g-review-approvers", accountId: ANA.account_id }),
      ]),
      lanes: { "pulumi-bot": "pulumi" },
    });
    assert.deepEqual(
      [row.decided_at, row.ended, row.ended_by, row.ended_event],
      [later.time, "2026-12-04T08:00:00.000Z", "pulumi", "e2"],
    );
  });
});

describe("evidenceRows without an audit log", () => {
  it("marks a revoke's end unknown, not pending, and the Markdown says why", () => {
    const rows = evidenceRows({ review, blame: () => COMMIT, index: undefined, lanes: {} });
    assert.deepEqual(
      rows.map((r) => r.ended),
      ["unknown", "kept", "unknown", "unknown", "undecided"],
    );
    const md = evidenceMarkdown(review, rows, "2026-12-06T00:00:00.000Z");
    assert.match(md, /\n5 rows: 1 kept, 3 revoked \(0 ended, 0 pending, 3 unknown: no audit log\), 1 undecided\.\n/);
  });
});

describe("evidenceCsv", () => {
  it("writes a reason or name that starts a formula behind a quote, so a spreadsheet shows it as text", () => {
    const [row] = evidenceRows({
      review: { ...review, rows: [{ ...review.rows[0], row: { ...review.rows[0].row, reason: "=HYPERLINK(1)" } }] },
      blame: () => COMMIT,
      index: new EventIndex([]),
      lanes: {},
    });
    const csv = evidenceCsv([{ ...row, decided_by: "@rita" }]);
    assert.ok(csv.includes(",'=HYPERLINK(1),'@rita,"), csv);
    assert.ok(!/(^|,)[=+@]/m.test(csv), csv);
  });
});
