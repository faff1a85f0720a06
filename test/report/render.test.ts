// Markdown and JSON rendering: the fixture's report against reviewed golden files, escaping, and stable order.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { collect } from "../../provider/report/collect";
import type { Report } from "../../provider/report/model";
import { EMPTY_REPORT } from "../helpers/report";
import { makeFinding } from "../../provider/rules/findings";
import {
  cell,
  code,
  GITHUB_LIMIT,
  GITHUB_MARKER,
  renderGithub,
  renderJson,
  renderMarkdown,
  title,
} from "../../provider/report/render";
import type { Finding } from "../../provider/rules/findings";

const fixturePath = (name: string) => path.join(__dirname, "fixtures", name);
const fixture = (name: string) => JSON.parse(fs.readFileSync(fixturePath(name), "utf8"));
const golden = (name: string) => fs.readFileSync(fixturePath(name), "utf8");

const empty: Report = EMPTY_REPORT;
const G = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/atlassian:Group::g";

describe("report render", () => {
  const report = collect(fixture("preview.json"));

  it("renders the fixture's Markdown as reviewed (fixtures/preview.md)", () => {
    assert.equal(renderMarkdown(report), golden("preview.md"));
  });

  it("renders the fixture's JSON as reviewed (fixtures/preview.report.json)", () => {
    assert.equal(renderJson(report), golden("preview.report.json"));
  });

  it("orders Markdown sections: title, causes by lane (code, scim, isc, none) with consequences, resources, kinds, accepted", () => {
    const md = renderMarkdown(report);
    const at = (s: string) => md.indexOf(s);
    assert.equal(md.split("\n")[0], "## Atlassian access: 4 causes to review, 4 resources differ, 1 accepted");
    assert.ok(at("### Code (pulumi lane): 3 causes") < at("#### 2 consequences of `group-deleted:support`"));
    assert.ok(at("#### 2 consequences of `group-deleted:support`") < at("### SCIM lane: 1 cause"));
    assert.ok(at("### SCIM lane: 1 cause") < at("### Resources that differ: 4"));
    assert.ok(at("### Resources that differ: 4") < at("<details>"));
    assert.ok(at("### Resources that differ: 4") < at("<summary>What the 3 kinds mean</summary>"));
    assert.ok(at("<summary>What the 3 kinds mean</summary>") < at("<summary>1 accepted finding</summary>"));
    assert.ok(at("<summary>1 accepted finding</summary>") > 0);
    assert.equal(
      md.match(/unclaimed-group:legacy-admins/g)?.length,
      1,
      "accepted findings appear only in the collapsed block",
    );
  });

  it("a clean report is a title and one sentence", () => {
    assert.equal(
      renderMarkdown(collect(fixture("preview-clean.json"))),
      "## Atlassian access: nothing to review, no resource differs\n\nAtlassian matches the code; no finding needs review.\n",
    );
  });

  it("puts unowned unaccepted findings under 'No owner lane' and preview errors first", () => {
    const md = renderMarkdown({
      ...empty,
      findings: [
        {
          id: "unclaimed-group:x",
          kind: "unclaimed-group",
          subject: "x",
          lane: "none",
          message: "m",
          fix: "f",
          resource: G,
        },
      ],
      unaccepted: ["unclaimed-group:x"],
      errors: ["Atlassian answered 500"],
    });
    assert.match(md, /^## Atlassian access: 1 cause to review, no resource differs, 1 preview error\n/);
    assert.ok(md.indexOf("### Preview errors") < md.indexOf("### No owner lane: 1 cause"));
    assert.match(md, /\| `unclaimed-group` \| x \| m \| — \| — \| — \| f \|/);
  });

  it("lists accepted findings with reason, ticket, until and the pattern, and expired acceptances uncollapsed", () => {
    const f = (subject: string) => ({
      id: `unclaimed-group:${subject}`,
      kind: "unclaimed-group" as const,
      subject,
      lane: "none" as const,
      message: `m ${subject}`,
      fix: "f",
      resource: G,
    });
    const md = renderMarkdown({
      ...empty,
      findings: [f("legacy-a"), f("tmp")],
      accepted: ["unclaimed-group:legacy-a"],
      unaccepted: ["unclaimed-group:tmp"],
      acceptances: [
        {
          finding: "unclaimed-group:legacy-a",
          id: "unclaimed-group:legacy-*",
          reason: "migrated",
          ticket: "ACC-12",
          expired: false,
        },
        {
          finding: "unclaimed-group:tmp",
          id: "unclaimed-group:tmp",
          reason: "audit",
          until: "2026-12-31",
          expired: true,
        },
      ],
    });
    assert.ok(
      md.includes(
        "### Expired acceptances: 1\n\n| Finding | Accepted by | Until | Reason | Ticket |\n| --- | --- | --- | --- | --- |\n| `unclaimed-group:tmp` | `unclaimed-group:tmp` | 2026-12-31 | audit | — |\n",
      ),
      md,
    );
    assert.ok(
      md.includes(
        "| `unclaimed-group:legacy-a`<br>by `unclaimed-group:legacy-*` | none | migrated | ACC-12 | — | m legacy-a |",
      ),
      md,
    );
    assert.ok(md.indexOf("### Expired acceptances") < md.indexOf("<summary>1 accepted finding</summary>"));
  });

  it("escapes pipes, newlines and HTML in table cells", () => {
    assert.equal(cell("a|b\nc\r\nd <e> & f"), "a\\|b<br>c<br>d &lt;e&gt; &amp; f");
    assert.equal(cell(undefined), "—");
    assert.equal(code("event:1|2"), "`event:1\\|2`");
    assert.equal(code("a`b"), "`` a`b ``");
  });

  it("keeps a hostile message inside its row", () => {
    const md = renderMarkdown({
      ...empty,
      findings: [
        {
          id: "unclaimed-group:s",
          kind: "unclaimed-group",
          subject: "s|t",
          lane: "pulumi",
          message: "line1\nline2 | x",
          fix: "<b>",
          evidence: ["event:a|b"],
          resource: G,
        },
      ],
      unaccepted: ["unclaimed-group:s"],
    });
    const row = md.split("\n").find((l) => l.startsWith("| `unclaimed-group`"))!;
    assert.equal(row, "| `unclaimed-group` | s\\|t | line1<br>line2 \\| x | — | — | `event:a\\|b` | &lt;b&gt; |");
  });

  it("describes why each resource differs", () => {
    const md = renderMarkdown({
      ...empty,
      resources: [
        {
          urn: G,
          type: "pulumi-nodejs:dynamic/atlassian:Group",
          name: "g",
          op: "update",
          diffs: ["description", "members"],
          findings: [],
          gone: false,
        },
        {
          urn: `${G}2`,
          type: "pulumi-nodejs:dynamic/atlassian:Group",
          name: "g2",
          op: "create",
          diffs: [],
          findings: [],
          gone: true,
        },
        {
          urn: `${G}3`,
          type: "pulumi-nodejs:dynamic/atlassian:Group",
          name: "g3",
          op: "delete",
          diffs: [],
          findings: [],
          gone: false,
        },
        {
          urn: `${G}4`,
          type: "pulumi-nodejs:dynamic/atlassian:Group",
          name: "g4",
          op: "same",
          diffs: [],
          findings: [],
          gone: false,
        },
      ],
      changes: 3,
    });
    assert.ok(md.includes("| g | Group | update | `description`, `members` |"));
    assert.ok(md.includes("| g2 | Group | create | gone from Atlassian; the plan re-creates it |"));
    assert.ok(md.includes("| g3 | Group | delete | — |"));
    assert.ok(!md.includes("| g4 |"));
  });

  it("writes JSON with a fixed key order and sorted findings, whatever the input order", () => {
    const f = (id: string) => ({
      fix: "f",
      message: "m",
      lane: "pulumi" as const,
      subject: id,
      kind: "unclaimed-group" as const,
      id: `unclaimed-group:${id}`,
      resource: G,
    });
    const json = renderJson({
      ...empty,
      findings: [f("b"), f("a")],
      unaccepted: ["unclaimed-group:b", "unclaimed-group:a"],
    });
    const parsed = JSON.parse(json);
    assert.deepEqual(Object.keys(parsed), [
      "resources",
      "findings",
      "accepted",
      "unaccepted",
      "acceptances",
      "changes",
      "errors",
      "coverage",
      "interrupted",
    ]);
    assert.deepEqual(Object.keys(parsed.findings[0]), ["id", "kind", "subject", "lane", "message", "fix", "resource"]);
    assert.deepEqual(
      parsed.findings.map((x: { id: string }) => x.id),
      ["unclaimed-group:a", "unclaimed-group:b"],
    );
    assert.deepEqual(parsed.unaccepted, ["unclaimed-group:a", "unclaimed-group:b"]);
    assert.ok(json.endsWith("}\n"));
  });

  describe("github", () => {
    const unclaimed = (n: number): Finding & { resource: string } => ({
      id: `unclaimed-group:g${n}`,
      kind: "unclaimed-group",
      subject: `g${n}`,
      lane: "none",
      message: `m${n}`,
      fix: "f",
      resource: G,
    });

    it("renders the fixture's PR comment as reviewed (fixtures/preview.github.md): consequences collapsed", () => {
      const md = renderGithub(report);
      assert.equal(md, golden("preview.github.md"));
      assert.equal(md.split("\n")[0], GITHUB_MARKER);
      assert.ok(
        md.includes(
          "<details>\n<summary>2 consequences of <code>group-deleted:support</code></summary>\n\n| Consequence | What | Evidence | Fix |\n",
        ),
      );
      assert.ok(!md.includes("#### 2 consequences"), "no consequence heading: the list is collapsed");
    });

    it("shows the first 5 rows of a long table and folds the rest into <details>", () => {
      const findings = [1, 2, 3, 4, 5, 6, 7].map(unclaimed);
      const md = renderGithub({ ...empty, findings, unaccepted: findings.map((f) => f.id) });
      const rows = (text: string) => text.split("\n").filter((l) => l.startsWith("| `unclaimed-group` |"));
      const [shown, folded] = md.split("<summary>2 more causes in this lane</summary>");
      assert.deepEqual(
        rows(shown).map((r) => r.split(" | ")[1]),
        ["g1", "g2", "g3", "g4", "g5"],
      );
      assert.deepEqual(
        rows(folded).map((r) => r.split(" | ")[1]),
        ["g6", "g7"],
      );
      assert.ok(folded.startsWith("\n\n| Kind | Subject | What | Actor | When | Evidence | Fix |\n| --- |"));
      const six = [1, 2, 3, 4, 5, 6].map(unclaimed);
      assert.ok(!renderGithub({ ...empty, findings: six, unaccepted: six.map((f) => f.id) }).includes("more cause"));
    });

    it("cuts a report longer than a GitHub comment at a line, closing what it left open, and says so", () => {
      const long = (n: number) => ({ ...unclaimed(n), message: "x".repeat(2_000) });
      const cause = {
        ...unclaimed(0),
        id: "group-deleted:big",
        kind: "group-deleted" as const,
        consequences: Array.from({ length: 60 }, (_, i) => long(i)),
      };
      const md = renderGithub({ ...empty, findings: [cause], unaccepted: [cause.id] });
      assert.ok(md.length <= GITHUB_LIMIT, `${md.length}`);
      assert.ok(
        md.endsWith(
          "\n\n</details>\n\n_The report is longer than a GitHub comment allows and was cut here; `--format json` has all of it._\n",
        ),
        md.slice(-300),
      );
      assert.equal(renderMarkdown({ ...empty, findings: [cause], unaccepted: [cause.id] }).length > GITHUB_LIMIT, true);
    });
  });

  it("title counts in the singular and plural", () => {
    assert.equal(
      title({ ...empty, unaccepted: ["a:b"], changes: 1 }),
      "## Atlassian access: 1 cause to review, 1 resource differs",
    );
  });
});

describe("report coverage in JSON", () => {
  it("counts the causes attributed and says why the others are not, as the Markdown does", () => {
    const f = (id: string, actor: string, evidence?: string[]) => ({
      ...makeFinding("unclaimed-group", id, "none", "m", "x", { actor, evidence }),
      resource: "split",
    });
    const report: Report = {
      ...empty,
      findings: [
        f("a", "person:ana@acme.example"),
        f("b", "unknown"),
        f("c", "api-key:admin-script"),
        f("d", "unknown", ["actor:5f1"]),
      ],
      catalogue: "This org's audit catalogue (event-actions) lacks …",
    };
    const coverage = JSON.parse(renderJson(report)).coverage;
    assert.deepEqual(coverage, {
      causes: 4,
      attributed: 2,
      unknown: 2,
      because: [
        { reason: "no audit event in the window explains them", count: 1 },
        {
          reason: "the audit log names an actor the provider does not recognise (its raw id is in the evidence)",
          count: 1,
        },
      ],
      unmappedKeys: 1,
      catalogue: "This org's audit catalogue (event-actions) lacks …",
    });
    assert.match(renderMarkdown(report), /2 of 4 causes attributed; 2 unknown, because: no audit event/);
    assert.equal(JSON.parse(renderJson(empty)).coverage, null);
  });
});
