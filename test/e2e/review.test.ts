// The access-review cycle through the real Pulumi CLI against the sandbox (issue #24 item 1): `review start` on acme
// writes a CSV per reviewer; the decisions are committed in a temp git repository by the reviewers; the preview refuses
// code's revoke while the Group's members list the person; once the program passes them through `review.kept(...)`
// (the list itself unchanged), `up` removes her from the sandbox's group; the IdP group's
// revoke is a review-revoke-pending finding for the scim lane; undecided rows past the due date are review-overdue
// (exit 7); `review evidence` names the decider, the commit and the time the access ended; once the IdP removes the
// person and the last rows are decided, the refresh preview passes (exit 0).
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "csv-parse/sync";
import { stackConfig } from "../../sandbox/cli";
import { main } from "../../provider/cli/main";
import type { TestSandbox } from "../helpers/sandbox";
import { sandboxControl, splitPreview } from "../helpers/split-preview";
import { userOf } from "../helpers/audit-events";
import { closeEngineStack, failureOf, laneConfig, openEngineStack, type TestStack } from "../helpers/stack";
import { captureIo } from "../helpers/io";

const ANA = "ana.costa@acme.example";
const BEN = "ben.costa@acme.example";
const RITA = "rita.reviewer@acme.example";
const SAM = "sam.hr@acme.example";
const CHLOE = "chloe.brooks@acme.example";
const REVIEWERS = { groups: { "review-approvers": RITA, "dept-*": SAM } };
const KINDS = ["review-revoke-pending", "review-overdue"];
const GROUP = "pulumi-nodejs:dynamic/atlassian:AccessReview resource 'review'";

describe("engine: access reviews as code", function () {
  this.timeout(900_000);
  let sb: TestSandbox;
  let t: TestStack;
  let repo: string;
  let config: string;
  const folder = () => path.join(repo, "reviews", "2026-q4");

  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync("git", args, { cwd: repo, env: { ...process.env, ...env }, encoding: "utf8" }).trim();
  /** Commits everything as `who`, dated by the sandbox's clock (the audit log's), to the second. */
  const commit = (who: { name: string; email: string }, message: string) => {
    const date = new Date(Math.floor(sb.store.nowMs() / 1000) * 1000).toISOString();
    git(["add", "-A"]);
    const env = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    git(["-c", `user.name=${who.name}`, "-c", `user.email=${who.email}`, "commit", "-q", "-m", message], env);
    return git(["rev-parse", "HEAD"]);
  };
  const cli = async (...args: string[]) => {
    const io = captureIo();
    const code = await main(args, io);
    return { code, out: io.out, err: io.err };
  };
  const csvOf = (file: string) =>
    parse<Record<string, string>>(fs.readFileSync(path.join(folder(), file), "utf8"), { columns: true });
  /** Sets decision and reason on the rows of `file` whose email is given; the file stays as start wrote it otherwise. */
  const decide = (file: string, decisions: Record<string, [string, string]>) => {
    const lines = fs.readFileSync(path.join(folder(), file), "utf8").split("\n");
    const out = lines.map((l) => {
      const email = Object.keys(decisions).find((e) => l.includes(`,${e},`));
      if (!email) return l;
      const [decision, reason] = decisions[email];
      assert.ok(l.endsWith(",,"), l);
      return `${l.slice(0, -2)},${decision},${reason}`;
    });
    fs.writeFileSync(path.join(folder(), file), out.join("\n"));
  };

  /** `review evidence` into `<repo>/<dir>`: its CSV's rows. */
  const evidence = async (dir: string) => {
    const out = path.join(repo, dir);
    const reviews = path.join(repo, "reviews");
    const r = await cli("review", "evidence", "--config", config, "--name", "2026-q4", "--dir", reviews, "--out", out);
    assert.equal(r.code, 0, r.err);
    return parse<Record<string, string>>(fs.readFileSync(path.join(out, "evidence.csv"), "utf8"), { columns: true });
  };
  const pick = (rows: Record<string, string>[], email: string) => {
    const x = rows.find((r) => r.email === email)!;
    return [x.decision, x.decided_by, x.commit, x.ended, x.ended_by, x.ended_event];
  };
  /** The sandbox's audit events removing `email` from a group. */
  const removals = (email: string) => {
    const account = sb.store.world.org.users.find((u) => u.email === email)!.accountId;
    return sb.store.world.events
      .filter((e) => e.action.includes("remove_member") || e.action === "user_removed_from_group")
      .filter((e) => userOf(e)?.id === account);
  };

  before(async function () {
    ({ sb, t } = await openEngineStack(this, "review", laneConfig));
    repo = fs.mkdtempSync(path.join(os.tmpdir(), "review-repo-"));
    git(["init", "-q"]);
    config = path.join(repo, "..", `${path.basename(repo)}-config.json`);
    fs.writeFileSync(config, JSON.stringify(stackConfig(sb.url, sb.store.world)));
    fs.writeFileSync(path.join(repo, "reviewers.json"), JSON.stringify(REVIEWERS));
  });
  after(async () => {
    await closeEngineStack(sb, t);
    if (config) fs.rmSync(config, { force: true });
  });

  it("starts a review of acme-fr's Confluence: one CSV per reviewer, a row per person and path", async () => {
    await t.stack.up();
    const dir = path.join(repo, "reviews");
    const started = await cli(
      ...["review", "start", "--config", config, "--name", "2026-q4", "--dir", dir, "--site", "acme-fr"],
      ...["--product", "confluence", "--reviewers", path.join(repo, "reviewers.json"), "--format", "json"],
    );
    assert.equal(started.code, 0, started.err);
    const listed = JSON.parse(started.out) as { rows: number; files: { reviewer: string; rows: number }[] };
    assert.deepEqual(
      listed.files.map((f) => [f.reviewer, f.rows]),
      [
        [RITA, 2],
        [SAM, 25],
      ],
    );
    const rita = csvOf(`${RITA}.csv`);
    assert.deepEqual(
      rita.map((r) => [r.email, r.group, r.lane, r.site, r.product, r.role, r.decision, r.reason]),
      [
        [ANA, "review-approvers", "none", "acme-fr.atlassian.net", "confluence", "atlassian/user", "", ""],
        [BEN, "review-approvers", "none", "acme-fr.atlassian.net", "confluence", "atlassian/user", "", ""],
      ],
    );
    assert.ok(rita.every((r) => /^[0-9a-f]{12}$/.test(r.id) && r.added_by === "pulumi"));
    assert.ok(csvOf(`${SAM}.csv`).every((r) => r.group === "dept-hr" && r.lane === "scim"));
    commit({ name: "Review Bot", email: "review-bot@acme.example" }, "Start access review 2026-q4");
  });

  it("refuses code's revoke at preview while the Group's members still list her, naming file, line and fix", async () => {
    decide(`${RITA}.csv`, { [ANA]: ["revoke", "left the approvals team"], [BEN]: ["keep", ""] });
    commit({ name: "Rita Reviewer", email: RITA }, "2026-q4: approvers decided");
    decide(`${SAM}.csv`, {
      [CHLOE]: ["revoke", "moved to sales"],
      "grace.arden@acme.example": ["keep", ""],
    });
    commit({ name: "Sam Hr", email: SAM }, "2026-q4: two of dept-hr decided");
    const due = new Date(sb.store.nowMs() + 86_400_000).toISOString().slice(0, 10);
    // A folder that is not a review stops the program with one line naming the file and the fix.
    await t.stack.setConfig("e2e:reviewDir", { value: path.join(repo, "reviews") });
    const notReview = await failureOf(t.stack.preview());
    assert.match(
      notReview.text,
      new RegExp(
        `error: AccessReview "review": ${path.join(repo, "reviews", "manifest.json")} cannot be read \\(ENOENT: no such file or directory, open '[^']+'\\): start the review with \`atlassian-access review start\`, or point folder at its folder\\.`,
      ),
    );
    assert.doesNotMatch(notReview.text, /at readReviewFolder|files\.ts:\d+/, "no stack trace");
    await t.stack.setConfig("e2e:reviewDir", { value: folder() });
    await t.stack.setConfig("e2e:due", { value: due });
    const { errors } = await failureOf(t.stack.preview());
    assert.deepEqual(
      errors.filter((e) => e.startsWith(`error: ${GROUP}: `)).map((e) => e.replace(/^.* has a problem: /, "")),
      [
        `${folder()}/${RITA}.csv line 2: ${ANA} is revoked from "review-approvers" (reason: left the approvals team), but Group "review-approvers" still declares them in its members, which code owns: pass that Group's members through the AccessReview (\`members: review.kept("review-approvers", [...])\`, which drops whom the review revoked), or remove "${ANA}" from them in code, in the same pull request; \`pulumi up\` then removes the member (blast radius applies).`,
      ],
    );
  });

  it("applies code's revoke at up with the Group's members through review.kept, no edit of the list; reports the IdP group's revoke for the scim lane (exit 7)", async () => {
    // The program's list still names Ana and Ben: the committed decision alone removes her.
    await t.stack.setConfig("e2e:membersFromReview", { value: "true" });
    const up = await t.stack.up();
    assert.deepEqual(up.outputs.tally.value, { rows: 27, kept: 2, revoked: 2, undecided: 23 });
    const w = sb.store.world;
    const group = w.org.groups.find((g) => g.name === "review-approvers")!;
    const emails = group.members.map((a) => w.org.users.find((u) => u.accountId === a)!.email).sort();
    assert.deepEqual(emails, [BEN]);
    const p = await splitPreview(t, KINDS, "AccessReview::review");
    assert.equal(p.code, 7);
    const chloe = csvOf(`${SAM}.csv`).find((r) => r.email === CHLOE)!;
    const id = `review-revoke-pending:2026-q4/${chloe.id}`;
    assert.deepEqual([...p.findings.keys()], [id]);
    assert.equal(p.findings.get(id)!.lane, "scim");
    assert.equal(
      p.line(id),
      `[atlassian-access] AccessReview: ${id} — Review "2026-q4" revoked chloe.brooks@acme.example's atlassian/user on acme-fr.atlassian.net/confluence through "dept-hr" (scim lane; ${folder()}/${SAM}.csv line 2, reason: moved to sales), and the org still grants it. Fix: remove chloe.brooks@acme.example from "dept-hr" in the identity provider (SCIM pushes the change); the finding clears once the access is gone.`,
    );
  });

  it("reports the undecided file as review-overdue once the due date passes (exit 7)", async () => {
    sb.store.advanceClock(3 * 24 * 60);
    const p = await splitPreview(t, KINDS, "AccessReview::review");
    assert.equal(p.code, 7);
    const overdue = [...p.findings.values()].filter((f) => f.kind === "review-overdue");
    assert.deepEqual(
      overdue.map((f) => f.id),
      [`review-overdue:2026-q4/${SAM}`],
    );
    assert.match(overdue[0].message, new RegExp(`${SAM} has left 23 of 25 rows undecided in .*${SAM}\\.csv`));
  });

  it("exports evidence naming the decider, the commit and the time code's revoke ended; the IdP's is pending", async () => {
    const rows = await evidence("evidence-1");
    const ritaCommit = git(["log", "--format=%H", "--author", RITA, "-1"]);
    const samCommit = git(["log", "--format=%H", "--author", SAM, "-1"]);
    const removed = removals(ANA);
    assert.equal(removed.length, 1);
    assert.deepEqual(pick(rows, ANA), [
      "revoke",
      `Rita Reviewer <${RITA}>`,
      ritaCommit,
      removed[0].time,
      "pulumi",
      removed[0].id,
    ]);
    assert.deepEqual(pick(rows, BEN), ["keep", `Rita Reviewer <${RITA}>`, ritaCommit, "kept", "", ""]);
    assert.deepEqual(pick(rows, CHLOE), ["revoke", `Sam Hr <${SAM}>`, samCommit, "pending", "", ""]);
    assert.equal(rows.filter((x) => x.ended === "undecided").length, 23);
    const md = fs.readFileSync(path.join(repo, "evidence-1", "evidence.md"), "utf8");
    assert.match(md, /\n27 rows: 2 kept, 2 revoked \(1 ended, 1 pending\), 23 undecided\.\n/);
  });

  it("passes the refresh preview (exit 0) once the IdP removes her and the last rows are decided", async () => {
    const hr = sb.store.world.idp.groups.find((g) => g.displayName === "dept-hr")!;
    const mails = hr.members.map((id) => sb.store.world.idp.users.find((u) => u.objectId === id)!.mail);
    await sandboxControl(sb, "/idp/groups", { displayName: "dept-hr", members: mails.filter((m) => m !== CHLOE) });
    await sandboxControl(sb, "/idp/sync", {});
    const rest = csvOf(`${SAM}.csv`).filter((r) => r.decision === "");
    decide(`${SAM}.csv`, Object.fromEntries(rest.map((r) => [r.email, ["keep", ""]])));
    commit({ name: "Sam Hr", email: SAM }, "2026-q4: dept-hr decided");
    const up = await t.stack.up();
    assert.deepEqual(up.outputs.tally.value, { rows: 27, kept: 25, revoked: 2, undecided: 0 });
    const p = await splitPreview(t, KINDS, "AccessReview::review");
    assert.deepEqual([p.code, [...p.findings.keys()]], [0, []], p.lines.join("\n"));

    const rows = await evidence("evidence-2");
    const [scim] = removals(CHLOE);
    assert.equal(scim.action, "scim_group_remove_member");
    assert.deepEqual(pick(rows, CHLOE).slice(3), [scim.time, "scim", scim.id]);
    assert.deepEqual(
      rows.filter((x) => x.email === "olga.arden@acme.example").map((x) => [x.decision, x.decided_by, x.ended]),
      [["keep", `Sam Hr <${SAM}>`, "kept"]],
    );
  });
});
