// The report CLI as a process (exit codes, stdout/stderr, files) and `main` with a stubbed preview run.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { main } from "../../provider/report/cli";
import type { RunPreview } from "../../provider/report/preview";
import { oneLine } from "../../provider/cli/io";
import { captureIo } from "../helpers/io";

const REPO = path.resolve(__dirname, "../..");
const FIXTURES = "test/report/fixtures";

/** The command as a process: the entry point's exit code and streams (one test; the others run `main` in-process). */
function spawnCli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "provider/report/cli.ts", ...args], {
    cwd: REPO,
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `main` as the entry point runs it, in this process: a process per case cost a ts-node start (1.4 s) each. */
async function cli(args: string[], input?: string) {
  assert.equal(process.cwd(), REPO, "the fixtures' paths are relative to the repository");
  const io = captureIo(input ?? "");
  const code = await main(args, io);
  return { code, stdout: io.out, stderr: io.err };
}

describe("report cli", function () {
  this.timeout(60_000);

  it("exits 7 with the Markdown report on findings and drift (the entry point, as a process)", () => {
    const r = spawnCli(["report", "--preview-json", `${FIXTURES}/preview.json`]);
    assert.equal(r.code, 7, r.stderr);
    assert.equal(r.stdout, fs.readFileSync(path.join(REPO, FIXTURES, "preview.md"), "utf8"));
    assert.equal(r.stderr, "4 unaccepted, 1 accepted finding(s); 4 resource(s) differ\n");
  });

  it("prints the PR comment with --format github", async () => {
    const r = await cli(["report", "--preview-json", `${FIXTURES}/preview.json`, "--format", "github"]);
    assert.equal(r.code, 7, r.stderr);
    assert.equal(r.stdout, fs.readFileSync(path.join(REPO, FIXTURES, "preview.github.md"), "utf8"));
  });

  it("exits 0 on a clean preview", async () => {
    const r = await cli(["report", "--preview-json", `${FIXTURES}/preview-clean.json`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^## Atlassian access: nothing to review, no resource differs\n/);
  });

  it("exits 1 on a preview that failed, still printing the report", async () => {
    const r = await cli(["report", "--preview-json", `${FIXTURES}/preview-error.json`, "--format", "json"]);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout).errors, [
      "Preview failed: Atlassian answered 500 for Group/engineering",
      "preview failed",
    ]);
  });

  it("exits 2 on a bad flag, a bad format or a missing command, in one line naming it", async () => {
    const refusals: [string[], string][] = [
      [["report", "--nope"], "unknown option --nope for report (`atlassian-access report --help` lists its options)"],
      [["report", "--format", "yaml"], '--format must be markdown, github or json, not "yaml"'],
      [["--preview-json", "x"], "missing command: report"],
      [["check"], 'unknown command "check"'],
    ];
    for (const [args, line] of refusals) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.stderr, `atlassian-access: ${line}\n`);
      assert.equal(r.stdout, "");
    }
  });

  it("--help prints usage and exits 0", async () => {
    const r = await cli(["report", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: atlassian-access report \[options\]/);
  });

  it("exits 2 on a --preview-json file that is missing, 1 on one that is not JSON, in one line", async () => {
    const missing = await cli(["report", "--preview-json", "no/such.json"]);
    assert.equal(missing.code, 2);
    assert.equal(
      missing.stderr,
      `atlassian-access: --preview-json no/such.json: no such file (${path.join(REPO, "no/such.json")}); write it with \`pulumi preview --refresh --json --show-sames > no/such.json\`, or pass - to read stdin\n`,
    );
    const text = await cli(["report", "--preview-json", "-"], "not json");
    assert.equal(text.code, 1);
    assert.match(text.stderr, /^atlassian-access: stdin is not JSON: .*\n$/);
    const verbose = await cli(["report", "--preview-json", "-", "--verbose"], "not json");
    assert.match(verbose.stderr, /\n\s+at /);
  });

  it("reads stdin, prints JSON, and writes the three files", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-cli-"));
    const md = path.join(dir, "r.md");
    const json = path.join(dir, "r.json");
    const gh = path.join(dir, "r.github.md");
    const input = fs.readFileSync(path.join(REPO, FIXTURES, "preview.json"), "utf8");
    const r = await cli(
      [
        "report",
        "--preview-json",
        "-",
        "--format",
        "json",
        "--markdown-out",
        md,
        "--json-out",
        json,
        "--github-out",
        gh,
      ],
      input,
    );
    assert.equal(r.code, 7, r.stderr);
    const golden = fs.readFileSync(path.join(REPO, FIXTURES, "preview.report.json"), "utf8");
    assert.equal(r.stdout, golden);
    assert.equal(fs.readFileSync(json, "utf8"), golden);
    assert.equal(fs.readFileSync(md, "utf8"), fs.readFileSync(path.join(REPO, FIXTURES, "preview.md"), "utf8"));
    assert.equal(fs.readFileSync(gh, "utf8"), fs.readFileSync(path.join(REPO, FIXTURES, "preview.github.md"), "utf8"));
  });

  it("reads engine events, as a JSON list or newline-delimited", async () => {
    const events = JSON.parse(fs.readFileSync(path.join(REPO, FIXTURES, "events.json"), "utf8")) as unknown[];
    const golden = fs.readFileSync(path.join(REPO, FIXTURES, "preview.report.json"), "utf8");
    const list = await cli(["report", "--preview-json", `${FIXTURES}/events.json`, "--format", "json"]);
    assert.equal(list.code, 7);
    assert.equal(list.stdout, golden);
    const ndjson = await cli(
      ["report", "--preview-json", "-", "--format", "json"],
      events.map((e) => JSON.stringify(e)).join("\n"),
    );
    assert.equal(ndjson.code, 7);
    assert.equal(ndjson.stdout, golden);
  });

  it("does not load the Pulumi engine for --preview-json", () => {
    const r = spawnSync(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        "-e",
        `require("./provider/report/cli"); console.log(Object.keys(require.cache).some((k) => k.includes("@pulumi")))`,
      ],
      { cwd: REPO, encoding: "utf8" },
    );
    assert.equal(r.stdout.trim(), "false", r.stderr);
  });

  describe("main with a stubbed preview", () => {
    const events = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "events.json"), "utf8"));

    it("runs the preview in --cwd for --stack and reports its events", async () => {
      const io = captureIo();
      let asked: unknown;
      const preview: RunPreview = async (opts) => {
        asked = { stack: opts.stack, cwd: opts.cwd };
        opts.progress("previewing");
        return { events };
      };
      const code = await main(["report", "--stack", "dev", "--cwd", "/project"], io, preview);
      assert.equal(code, 7);
      assert.deepEqual(asked, { stack: "dev", cwd: "/project" });
      assert.equal(io.out, fs.readFileSync(path.join(__dirname, "fixtures", "preview.md"), "utf8"));
      assert.match(io.err, /^previewing\n/);
    });

    it("a preview that fails after some events still reports, with the error, and exits 1", async () => {
      const io = captureIo();
      const preview: RunPreview = async () => ({
        events,
        error: new Error("code: 255\n stderr: error: update failed\n"),
      });
      assert.equal(await main(["report", "--format", "json"], io, preview), 1);
      assert.deepEqual(JSON.parse(io.out).errors, ["update failed"]);
    });

    it("a preview that fails before any event exits 1 with one line", async () => {
      const io = captureIo();
      const preview: RunPreview = async () => {
        throw new Error(
          "code: -2\n stdout: \n stderr: Command failed\nerror: no stack named 'nope' found\n err?: Error: Command failed\nerror: no stack named 'nope' found\n",
        );
      };
      assert.equal(await main(["report", "--stack", "nope"], io, preview), 1);
      assert.equal(
        io.err,
        "atlassian-access: no stack named 'nope' found. `pulumi stack ls` lists the stacks of the project (--cwd) on the backend `pulumi whoami -v` names; `pulumi stack init nope` creates it\n",
      );
      assert.equal(io.out, "");
    });
  });

  it("oneLine keeps the last `error:` line of CLI output, else the first line", () => {
    assert.equal(oneLine(new Error("code: 1\nerror: a\nerror: b\n")), "b");
    assert.equal(oneLine(new Error("plain\nmore")), "plain");
    assert.equal(oneLine("text"), "text");
  });
});
