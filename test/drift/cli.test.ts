// `atlassian-access drift` with a stubbed preview run: what it asks the Automation API for, the four files it writes
// (the report command's renderings, byte for byte, and the preview's output), its summary and its exit codes.
// test/e2e/demo.test.ts runs its whole path against the sandbox, through the real CLI.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../provider/drift/cli";
import { main as cliMain } from "../../provider/cli/main";
import type { RunPreview } from "../../provider/report/preview";
import { captureIo } from "../helpers/io";
import { commandError } from "../helpers/report";

const FIXTURES = path.join(__dirname, "..", "report", "fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
const events = JSON.parse(fixture("events.json")) as unknown[];

describe("drift cli", () => {
  let out: string;
  beforeEach(() => {
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "drift-cli-")), "reports");
  });

  it("runs the refresh preview with --expect-no-changes for --stack in --cwd; exit 7 writes every report", async () => {
    const io = captureIo();
    let asked: unknown;
    const preview: RunPreview = async (opts) => {
      asked = { stack: opts.stack, cwd: opts.cwd, expectNoChanges: opts.expectNoChanges };
      opts.progress("previewing");
      return { events: events as never, error: commandError(7, "Previewing update (prod):\n"), stdout: "Previewing" };
    };
    const code = await main(["drift", "--stack", "prod", "--cwd", "/project", "--out", out], io, preview);
    assert.equal(code, 7, io.err);
    assert.deepEqual(asked, { stack: "prod", cwd: "/project", expectNoChanges: true });
    assert.equal(fs.readFileSync(path.join(out, "report.md"), "utf8"), fixture("preview.md"));
    assert.equal(fs.readFileSync(path.join(out, "report.github.md"), "utf8"), fixture("preview.github.md"));
    assert.equal(fs.readFileSync(path.join(out, "report.json"), "utf8"), fixture("preview.report.json"));
    assert.equal(fs.readFileSync(path.join(out, "preview.txt"), "utf8"), "Previewing");
    assert.equal(
      io.out,
      `Atlassian access: 4 causes to review, 4 resources differ, 1 accepted (stack prod)\n` +
        `drift: 4 unaccepted finding(s), 4 resource(s) differ\n` +
        `reports: ${["report.md", "report.github.md", "report.json", "preview.txt"].map((f) => path.join(out, f)).join(", ")}\n`,
    );
    assert.match(io.err, /^previewing\n$/);
  });

  it("exits 0 on a clean preview, still writing the reports", async () => {
    const io = captureIo();
    const preview: RunPreview = async () => ({ events: [], stdout: "Resources:\n    3 unchanged\n" });
    assert.equal(await main(["drift", "--stack", "prod", "--out", out], io, preview), 0);
    assert.match(io.out, /^Atlassian access: nothing to review, no resource differs \(stack prod\)\nclean: /);
    assert.match(fs.readFileSync(path.join(out, "report.github.md"), "utf8"), /^<!-- atlassian-access report -->\n/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, "report.json"), "utf8")).unaccepted.length, 0);
  });

  it("says when the last update did not finish: a line in the summary, the recovery first in the reports", async () => {
    const io = captureIo();
    const urn = (n: string) => `urn:pulumi:prod::p::pulumi-nodejs:dynamic/atlassian:Group::${n}`;
    const type = "pulumi-nodejs:dynamic/atlassian:Group";
    const operations = [
      { urn: urn("new-5"), type, name: "new-5", op: "creating" },
      { urn: urn("new-6"), type, name: "new-6", op: "creating" },
      { urn: urn("old"), type, name: "old", op: "deleting" },
    ];
    const preview: RunPreview = async () => ({
      events: events as never,
      error: commandError(7, ""),
      interrupted: { operations },
    });
    assert.equal(await main(["drift", "--stack", "prod", "--out", out], io, preview), 7);
    assert.match(
      io.out,
      /\nthe last update did not finish \(2 creating, 1 deleting\); recover before reviewing: pulumi cancel --yes, then pulumi refresh --clear-pending-creates --yes, then pulumi up\nreports: /,
    );
    assert.match(io.out, /^Atlassian access: .*, 3 operations an interrupted update left pending \(stack prod\)\n/);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, "report.json"), "utf8")).interrupted, { operations });
    const md = fs.readFileSync(path.join(out, "report.md"), "utf8");
    const section = md.indexOf("### The last update did not finish: 3 operations pending");
    assert.ok(section >= 0 && section < md.indexOf("### Code (pulumi lane)"), md);

    const unknown = captureIo();
    const unread: RunPreview = async () => ({
      events: events as never,
      error: commandError(7, ""),
      interrupted: { unreadable: "pulumi stack export failed: boom" },
    });
    assert.equal(await main(["drift", "--stack", "prod", "--out", out], unknown, unread), 7);
    assert.match(unknown.out, /\ncould not tell whether the last update finished: pulumi stack export failed: boom\n/);
  });

  it("exits 1 when the preview failed for another reason, the error in the reports", async () => {
    const io = captureIo();
    const preview: RunPreview = async () => ({
      events: events as never,
      error: commandError(255, "", "error: update failed\n"),
    });
    assert.equal(await main(["drift", "--stack", "prod", "--out", out], io, preview), 1);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, "report.json"), "utf8")).errors, ["update failed"]);
    assert.match(io.out, /\nthe check failed: update failed\n/);
  });

  it("exits 1 with one line when the preview could not start", async () => {
    const io = captureIo();
    const preview: RunPreview = async () => ({
      events: [],
      error: commandError(255, "", "error: no stack named 'nope' found\n"),
    });
    assert.equal(await main(["drift", "--stack", "nope", "--out", out], io, preview), 1);
    assert.equal(
      io.err,
      "atlassian-access: no stack named 'nope' found. `pulumi stack ls` lists the stacks of the project (--cwd) on the backend `pulumi whoami -v` names; `pulumi stack init nope` creates it\n",
    );
    assert.equal(io.out, "");
    assert.ok(!fs.existsSync(out));
  });

  it("exits 2 with one line on a missing --stack or --out, or an unknown flag; --help exits 0", async () => {
    for (const [argv, line] of [
      [["drift", "--out", "x"], "--stack <name> is required"],
      [["drift", "--stack", "prod"], "--out <dir> is required"],
      [
        ["drift", "--stack", "prod", "--out", "x", "--format", "json"],
        "unknown option --format for drift (`atlassian-access drift --help` lists its options)",
      ],
    ] as const) {
      const io = captureIo();
      assert.equal(await main([...argv], io, () => assert.fail("no preview on a usage error")), 2, argv.join(" "));
      assert.equal(io.err, `atlassian-access: ${line}\n`);
    }
    const io = captureIo();
    assert.equal(await cliMain(["drift", "--help"], io), 0);
    assert.match(io.out, /^Usage: atlassian-access drift --stack <name> \[--cwd <dir>\] --out <dir>\n/);
    assert.match(io.out, /Exit codes: 0 clean .* 7 drift or unaccepted findings/s);
  });
});
