// Findings in the preview's output: one line per finding, a cause (and a kind several resources report) printed once
// per process whichever resource sees it first.
import { strict as assert } from "node:assert";
import { announce, formatFinding } from "../../provider/runtime/announce";
import { readingProblems } from "../../provider/clients/reading-problems";
import { makeFinding, type Finding } from "../../provider/rules/findings";
import { resetRunState } from "../../provider/lifecycle/context";

const lost = (site: string) =>
  makeFinding(
    "app-access-lost-with-group",
    `dept-support@${site}/jira-servicedesk/atlassian/user`,
    "pulumi",
    `lost on ${site}`,
    "push it again",
    { actor: "scim", at: "2026-11-23T15:30:00Z", evidence: ["event:del", `event:grant-${site}`] },
  );
const cause: Finding = {
  ...makeFinding("group-deleted", "dept-support", "pulumi", 'Group "dept-support" was deleted by scim.', "Push it.", {
    actor: "scim",
    at: "2026-11-23T15:30:00Z",
    evidence: ["event:del"],
  }),
  consequences: [lost("a.atlassian.net"), lost("b.atlassian.net")],
};

describe("announce", () => {
  beforeEach(resetRunState);

  it("prints a cause on one line, without a resource, ending with its consequences by kind", () => {
    assert.equal(
      formatFinding(undefined, cause),
      '[atlassian-access] group-deleted:dept-support — Group "dept-support" was deleted by scim. (by scim; at 2026-11-23T15:30:00Z; event:del) Fix: Push it. Consequences: 2 × app-access-lost-with-group.',
    );
  });

  it("prints a cause once, though the split and each AppAccess its deletion took announce it", () => {
    const lines: string[] = [];
    announce("AppAccess dept-support@a.atlassian.net/jira-servicedesk", [cause], (l) => lines.push(l));
    announce("OwnershipSplit", [cause], (l) => lines.push(l));
    announce("AppAccess dept-support@b.atlassian.net/jira-servicedesk", [cause], (l) => lines.push(l));
    assert.deepEqual(lines, [formatFinding(undefined, cause)]);
  });

  it("names the resource of a kind only one resource reports, and prints each line once", () => {
    const f = makeFinding("unclaimed-group", "old-admins", "none", "m", "f");
    const lines: string[] = [];
    announce("OwnershipSplit", [f], (l) => lines.push(l));
    announce("OwnershipSplit", [f], (l) => lines.push(l));
    assert.deepEqual(lines, ["[atlassian-access] OwnershipSplit: unclaimed-group:old-admins — m Fix: f"]);
  });

  it("leaves the resource out of a kind the split and an AppAccess both report, so it prints once", () => {
    const lines: string[] = [];
    announce("AppAccess g@s/p", [lost("c.atlassian.net")], (l) => lines.push(l));
    announce("OwnershipSplit", [lost("c.atlassian.net")], (l) => lines.push(l));
    assert.deepEqual(lines, [
      "[atlassian-access] app-access-lost-with-group:dept-support@c.atlassian.net/jira-servicedesk/atlassian/user — lost on c.atlassian.net (by scim; at 2026-11-23T15:30:00Z; event:del, event:grant-c.atlassian.net) Fix: push it again",
    ]);
  });

  it("prints the items the clients skipped as unreadable once, before the findings, then nothing more", () => {
    readingProblems.drain();
    readingProblems.report({
      api: "Atlassian audit API",
      operation: "streamEvents",
      item: 'item 3 (id "e9")',
      reason: "attributes.time: Invalid input",
    });
    const lines: string[] = [];
    announce('Group "a"', [], (l) => lines.push(l));
    announce('Group "b"', [], (l) => lines.push(l));
    assert.deepEqual(lines, [
      "[atlassian-access] 1 item(s) the APIs sent could not be read and were left out:",
      '[atlassian-access]   Atlassian audit API: streamEvents: skipped item 3 (id "e9"): attributes.time: Invalid input',
    ]);
  });
});
