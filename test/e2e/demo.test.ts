// The README's demo (`npm run demo`, scripts/demo.sh) through the real CLI: the seed stories end in a failing drift
// preview, `atlassian-access drift --stack --out` (the nightly CI command: the refresh preview through the Automation
// API, reports written to a folder) exits 7 and names each story's cause, once per cause (dept-support's deletion is
// one finding with its 10 lost grants inside, in the preview, the Markdown and the JSON), and after each lane fixes
// its own and a reviewer accepts the rest, the same command exits 0 and writes a clean report. Then a quarterly access
// review: started on acme-eu, decided in commits, `up` removes the code-owned group's revoked member through
// `review.kept` (no edit of its list), the IdP group's revoke is pending for the scim lane (exit 7), and the evidence
// names who decided and when the access ended.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { engineEnv, requireEngine, REPO_ROOT } from "../helpers/stack";

const run = promisify(execFile);

interface ReportFinding {
  id: string;
  kind: string;
  subject: string;
  lane: string;
  actor?: string;
  evidence?: string[];
  consequences?: ReportFinding[];
}

const REGIONS = ["eu", "us", "uk", "de", "fr", "jp", "br", "ca", "au", "in"];
const lostOn = (region: string) =>
  `app-access-lost-with-group:dept-support@acme-${region}.atlassian.net/jira-servicedesk/atlassian/user`;

describe("engine: the README demo", function () {
  this.timeout(600_000);
  let out = "";
  let dir = "";

  before(async function () {
    requireEngine(this);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlassian-access-demo-"));
    const engine = engineEnv();
    try {
      ({ stdout: out } = await run("bash", ["scripts/demo.sh"], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          PATH: engine.env.PATH,
          DEMO_DIR: dir,
          DEMO_STACK: `tdemo${Date.now().toString(36)}${randomBytes(3).toString("hex")}`,
          DEMO_SKIP_BUILD: "1",
          // Each CLI run is a new provider process, so the events API's 10 a minute would be sat out between runs.
          DEMO_SANDBOX_SETTINGS: JSON.stringify({ eventsRateLimit: false }),
        },
        maxBuffer: 64 << 20,
      }));
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      const tail = `${(err.stdout ?? "").slice(-6000)}\n${(err.stderr ?? "").slice(-4000)}`;
      throw new Error(`demo exited ${err.code}:\n${tail}`, { cause: e });
    }
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("plays the stories into a drift preview that fails with exit 7, and a drift check that exits 7", () => {
    assert.match(out, /preview exit code: 7/);
    assert.match(out, /drift exit code: 7/);
    assert.match(
      out,
      /^Atlassian access: 10 causes to review, 13 resources differ(?:, \d+ accepted)? \(stack tdemo\w+\)\ndrift: 10 unaccepted finding\(s\), 13 resource\(s\) differ\nreports: /m,
    );
    for (const f of ["report.md", "report.github.md", "report.json", "preview.txt"])
      assert.ok(fs.existsSync(path.join(dir, "drift", f)), `drift/${f} written`);
    assert.match(fs.readFileSync(path.join(dir, "drift", "preview.txt"), "utf8"), /^Resources:/m);
  });

  it("reports each seed story with its kind, subject, lane and the actor that caused it", () => {
    const report = JSON.parse(fs.readFileSync(path.join(dir, "drift", "report.json"), "utf8")) as {
      findings: ReportFinding[];
      unaccepted: string[];
      resources: { name: string; op: string; gone: boolean }[];
    };
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    const check = (f: ReportFinding | undefined, id: string, lane: string, actor: string, evidence: RegExp) => {
      assert.ok(f, `no ${id} in the report; it has ${[...byId.keys()].join(", ")}`);
      assert.equal(f.lane, lane, `${id} lane`);
      assert.equal(f.actor, actor, `${id} actor`);
      assert.ok(
        (f.evidence ?? []).some((e) => evidence.test(e)),
        `${id} evidence ${JSON.stringify(f.evidence)}`,
      );
    };
    const expect = (id: string, lane: string, actor: string, evidence: RegExp) => {
      check(byId.get(id), id, lane, actor, evidence);
      assert.ok(report.unaccepted.includes(id), `${id} is unaccepted`);
    };
    const person = "person:alex.admin@acme.example";
    expect("isc-create-race:j.smith@acme.example", "scim", "isc", /^isc-activity:/);
    expect("code-group-member-added:jira-admins/chloe.arden@acme.example", "pulumi", person, /^event:/);
    // One cause, its 10 lost grants inside it, each with the id it had when it stood alone.
    expect("group-deleted:dept-support", "pulumi", "scim", /^event:/);
    const deletion = byId.get("group-deleted:dept-support")!;
    assert.deepEqual(
      deletion.consequences?.map((c) => c.id),
      REGIONS.map(lostOn).sort(),
    );
    for (const region of REGIONS) {
      const c = deletion.consequences.find((x) => x.id === lostOn(region));
      check(c, lostOn(region), "pulumi", "scim", /^event:/);
      assert.ok(!byId.has(lostOn(region)), `${lostOn(region)} is not a finding of its own`);
      const r = report.resources.find((x) => x.name === `acme-${region}-support-jsm`);
      assert.deepEqual(r && { op: r.op, gone: r.gone }, { op: "create", gone: true });
    }
    assert.match(
      (deletion as ReportFinding & { message: string }).message,
      /^Group "dept-support" was deleted by scim, and the 10 role assignments it held went with it: jira-servicedesk \(atlassian\/user\) on acme-au\.atlassian\.net, /,
    );
    expect("invited-unlinked:pat.lee@acme.example", "scim", person, /^scim-user:/);
    expect("duplicate-person:m.garcia@acme.example", "scim", person, /^account:/);
    expect("group-name-conflict:dept-legal", "scim", "scim", /^scim-group:/);
    // The access stories: Quinn's JSM given two days ago (in the window), Kim's Confluence in March 2025 (before it),
    // which she has not used since May 2025 (the example sets dormantAfterDays: 90).
    expect(
      "direct-user-access:quinn.arden@acme.example/acme-de.atlassian.net/jira-servicedesk/atlassian/user",
      "pulumi",
      person,
      /^event:/,
    );
    expect(
      "direct-user-access:kim.novak@northwind.example/acme-uk.atlassian.net/confluence/atlassian/user",
      "pulumi",
      "unknown",
      /^account:/,
    );
    expect(
      "dormant-access:kim.novak@northwind.example/acme-uk.atlassian.net/confluence",
      "pulumi",
      "unknown",
      /^account:/,
    );
    // acme's ANYONE self-signup left on (issue 14), with the admin who set it.
    expect("open-self-signup:ANYONE@acme-br.atlassian.net/jira-software", "pulumi", person, /^event:/);
    assert.equal(report.unaccepted.length, 10, report.unaccepted.join("\n"));
  });

  it("prints each cause once in the preview: the deletion on one line, no line per lost grant", () => {
    // The preview's own output (the demo's printout of it drops repeated lines, so it could not tell).
    const lines = fs
      .readFileSync(path.join(dir, "preview.txt"), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith("[atlassian-access]"));
    const deletion = lines.filter((l) => l.includes("group-deleted:dept-support"));
    assert.equal(deletion.length, 1, lines.join("\n"));
    assert.match(
      deletion[0],
      /^\[atlassian-access\] group-deleted:dept-support — Group "dept-support" was deleted by scim, and the 10 role assignments/,
    );
    assert.match(deletion[0], / Consequences: 10 × app-access-lost-with-group\.$/);
    assert.deepEqual(
      lines.filter((l) => l.includes("app-access-lost-with-group:")),
      [],
    );
    assert.equal(lines.length, 10, lines.join("\n"));
  });

  it("renders the same causes as Markdown grouped by lane for the PR comment, the deletion's 10 grants listed under it", () => {
    const md = fs.readFileSync(path.join(dir, "drift", "report.md"), "utf8");
    assert.match(md, /^## Atlassian access: 10 causes to review, 13 resources differ/m);
    assert.match(md, /^### Code \(pulumi lane\): 6 causes/m);
    assert.match(md, /^### SCIM lane: 4 causes/m);
    assert.match(md, /\| `isc-create-race` \| j\.smith@acme\.example \|.*\| isc \|/);
    assert.match(md, /^\| `group-deleted` \| dept-support \| .*<br>\*\*10 consequences\*\* listed below \| scim \|/m);
    const block = md.slice(md.indexOf("#### 10 consequences of `group-deleted:dept-support`"));
    const rows = block.split("\n\n")[1].split("\n").slice(2);
    assert.deepEqual(
      rows.map((r) => /^\| `([^`]+)` \|/.exec(r)?.[1]),
      REGIONS.map(lostOn).sort(),
    );
    assert.ok(md.indexOf("#### 10 consequences") < md.indexOf("### SCIM lane"));
    assert.ok(md.indexOf("### SCIM lane") < md.indexOf("### Resources that differ: 13"));
    // the report the demo printed is this one
    assert.ok(out.includes("### SCIM lane: 4 causes"));
    // the PR comment: the same causes, the 10 grants collapsed under the deletion
    const gh = fs.readFileSync(path.join(dir, "drift", "report.github.md"), "utf8");
    assert.match(
      gh,
      /^<!-- atlassian-access report -->\n## Atlassian access: 10 causes to review, 13 resources differ/,
    );
    assert.ok(gh.includes("<details>\n<summary>10 consequences of <code>group-deleted:dept-support</code></summary>"));
    assert.ok(gh.includes("<summary>8 more resources</summary>"), "13 resources: 5 shown, 8 folded");
  });

  it("ends clean: each lane fixed its own, up repaired code's, the rest accepted", () => {
    assert.match(out, /pulumi up --refresh: code repairs its lane[\s\S]*11 created[\s\S]*2 updated/);
    // 56 of issue 13, acme's Admins and its AppAccessSettings; the nightly command's clean run.
    assert.match(out, /58 unchanged\s+drift exit code: 0/);
    const clean = JSON.parse(fs.readFileSync(path.join(dir, "drift-final", "report.json"), "utf8")) as {
      unaccepted: string[];
      errors: string[];
    };
    assert.deepEqual([clean.unaccepted, clean.errors], [[], []]);
    assert.match(
      fs.readFileSync(path.join(dir, "drift-final", "report.github.md"), "utf8"),
      /^<!-- atlassian-access report -->\n## Atlassian access: nothing to review, no resource differs/,
    );
  });

  it("plays the access review: code's revoke applied by up through review.kept, the IdP's pending, the evidence", () => {
    const act = out.slice(out.indexOf("== Quarterly access review"));
    assert.match(act, /^Review 2026-q4: 4 rows in reviews\/2026-q4$/m);
    assert.match(act, /^review: lanes from stack tdemo\w+'s OwnershipSplit "ownership"$/m);
    assert.match(act, /^ {2}\/reviews\/2026-q4\/rita\.reviewer@acme\.example\.csv @<reviewer>$/m);
    assert.match(
      act,
      /^\[atlassian-access\] Group "jira-admins": removing 1 member\(s\) removes access from 1 person\(s\): /m,
    );
    // jira-admins updated (ben.arden removed), the AccessReview created; nothing else changes.
    assert.match(act, /^Resources:\n {4}\+ 1 created\n {4}~ 1 updated\n {4}2 changes\. 57 unchanged$/m);
    assert.match(
      act,
      /^\[atlassian-access\] AccessReview: review-revoke-pending:2026-q4\/[0-9a-f]{12} — Review "2026-q4" revoked grace\.brooks@acme\.example's atlassian\/user on acme-eu\.atlassian\.net\/jira-servicedesk through "dept-support" \(scim lane; .* Fix: remove grace\.brooks@acme\.example from "dept-support" in the identity provider/m,
    );
    assert.match(act, /^drift exit code: 7 \(7: a revoke left for the scim lane\)$/m);
    // The report a reviewer reads lists the review's finding like any other.
    const report = fs.readFileSync(path.join(dir, "drift-review", "report.md"), "utf8");
    assert.match(report, /^### SCIM lane: 1 cause$/m);
    assert.match(
      report,
      /^\| `review-revoke-pending` \| 2026-q4\/[0-9a-f]{12} \| Review "2026-q4" revoked grace\.brooks@acme\.example's /m,
    );
    assert.ok(act.includes(report.split("\n").find((l) => l.startsWith("| `review-revoke-pending`"))!));
    const md = fs.readFileSync(path.join(dir, "review-evidence", "evidence.md"), "utf8");
    assert.ok(act.includes(md.trim()), "the demo prints the evidence it wrote");
    assert.match(md, /\n4 rows: 2 kept, 2 revoked \(1 ended, 1 pending\), 0 undecided\.\n/);
    const row = (email: string) =>
      md
        .split("\n")
        .find((l) => l.includes(`| ${email} |`))!
        .split(" | ");
    const ben = row("ben.arden@acme.example");
    // The lane comes from the stack's OwnershipSplit (review start read its state): jira-admins is code's.
    assert.deepEqual(ben.slice(2, 7), [
      "jira-admins (pulumi)",
      "revoke",
      "no longer administers Jira",
      "Rita Reviewer <rita.reviewer@acme.example>",
      "2026-12-02T10:00:00.000Z",
    ]);
    assert.match(ben[8], /^2026-12-03T09:00:\d\d\.\d{3}Z by pulumi \(event [0-9a-f-]+\) \|$/);
    assert.deepEqual(row("grace.brooks@acme.example").slice(3, 6).concat(row("grace.brooks@acme.example")[8]), [
      "revoke",
      "moved to sales",
      "Sam Hr <sam.hr@acme.example>",
      "pending |",
    ]);
  });
});
