// The errors a newcomer meets first, before any org is read: a mistyped command or flag, a flag without its value,
// no configuration at all, a --config file that is not there, no Pulumi CLI for --stack or a preview, no Pulumi
// project. Each is one line (one per configuration key) naming the flag or key, the value and the fix, exit 2, no
// stack frames, and the usage is not printed after it.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { COMMANDS, main } from "../../provider/cli/main";
import { pulumiFailureFix, pulumiRunner } from "../../provider/cli/connection";
import { main as doctor } from "../../provider/doctor/cli";
import { main as access } from "../../provider/access/cli";
import { main as review } from "../../provider/review/cli";
import { main as drift } from "../../provider/drift/cli";
import { main as report } from "../../provider/report/cli";
import { captureIo } from "../helpers/io";

const help = (command: string) => `(\`atlassian-access ${command} --help\` lists its options)`;
/** The argv that reaches a command's options (review's needs its subcommand). */
const argvOf = (command: string, ...rest: string[]) =>
  command === "review" ? [command, "start", ...rest] : [command, ...rest];

describe("the errors a newcomer meets first", function () {
  this.timeout(60_000);
  const saved: Record<string, string | undefined> = {};
  let dir: string;
  before(() => {
    for (const k of Object.keys(process.env).filter((k) => k.startsWith("ATLASSIAN_ACCESS_"))) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
  });
  after(() => Object.assign(process.env, saved));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "first-errors-"));
  });

  it("names an unknown command, the one it most likely meant, and the list, in one line", async () => {
    const io = captureIo();
    assert.equal(await main(["discovr"], io), 2);
    assert.equal(
      io.err,
      'atlassian-access: unknown command "discovr": did you mean discover? (commands: report, discover, drift, access, review, doctor; `atlassian-access --help` says what each does)\n',
    );
    const none = captureIo();
    assert.equal(await main(["xyz"], none), 2);
    assert.match(none.err, /^atlassian-access: unknown command "xyz" \(commands: [^\n]+\)\n$/);
  });

  it("refuses an unknown option in every command with one line naming it and --help, exit 2", async () => {
    for (const command of Object.keys(COMMANDS)) {
      const io = captureIo();
      assert.equal(await main(argvOf(command, "--bogus"), io), 2, command);
      const shown = command === "review" ? "review start" : command;
      assert.equal(io.err, `atlassian-access: unknown option --bogus for ${shown} ${help(shown)}\n`, command);
      assert.equal(io.out, "", command);
    }
  });

  it("suggests the flag a typo meant, and names a flag given without its value", async () => {
    const typo = captureIo();
    assert.equal(await main(["doctor", "--stak", "prod"], typo), 2);
    assert.equal(
      typo.err,
      `atlassian-access: unknown option --stak for doctor: did you mean --stack? ${help("doctor")}\n`,
    );
    const cut = captureIo();
    assert.equal(await main(["access", "--form", "csv"], cut), 2);
    assert.match(cut.err, /^atlassian-access: unknown option --form for access: did you mean --format\? /);
    const missing = captureIo();
    assert.equal(await main(["discover", "--out"], missing), 2);
    assert.equal(missing.err, `atlassian-access: --out needs a value: --out <value> ${help("discover")}\n`);
    const flagged = captureIo();
    assert.equal(await main(["discover", "--out", "x", "--force=yes"], flagged), 2);
    assert.equal(flagged.err, "atlassian-access: --force takes no value: pass --force alone\n");
  });

  it("refuses no configuration at all with exit 2, each key with how this command takes it, for access and review", async () => {
    for (const [name, run, argv] of [
      ["access", access, ["access"]],
      ["review", review, ["review", "start", "--name", "q1", "--dir", path.join(os.tmpdir(), "first-errors-none")]],
    ] as const) {
      const io = captureIo();
      assert.equal(await run([...argv], io), 2, name);
      const lines = io.err.trimEnd().split("\n");
      assert.equal(lines[0], "atlassian-access: the configuration is incomplete or invalid:", name);
      assert.match(
        io.err,
        /\n {2}- atlassian-access:orgId is missing: set it with `pulumi config set atlassian-access:orgId <value>`/,
      );
      assert.ok(lines.includes(`    (${name}: --stack, --config or env ATLASSIAN_ACCESS_ORG_ID)`), io.err);
      assert.ok(lines.includes(`    (${name}: --stack, --config or env ATLASSIAN_ACCESS_API_KEY)`), io.err);
      assert.doesNotMatch(io.err, /\n\s+at /, name);
    }
  });

  it("names a --config file that is not there, where it was looked for, and the fix", async () => {
    const file = path.join(dir, "acme.json");
    for (const [run, command] of [
      [doctor, "doctor"],
      [access, "access"],
    ] as const) {
      const io = captureIo();
      assert.equal(await run([command, "--config", file], io), 2, command);
      assert.equal(
        io.err,
        `atlassian-access: --config ${file}: no such file (${file}); pass the JSON \`pulumi config --json --show-secrets\` prints, or --stack <name> to read the stack's configuration\n`,
      );
    }
  });

  it("says --stack needs the Pulumi CLI, which binary was looked for, and the ways on", async () => {
    const cli = path.join(dir, "no-pulumi");
    const io = captureIo();
    assert.equal(await doctor(["doctor", "--stack", "prod"], io, pulumiRunner({ PULUMI_CLI: cli })), 2);
    assert.equal(
      io.err,
      `atlassian-access: --stack needs the Pulumi CLI and PULUMI_CLI ${cli} does not exist: install it (https://www.pulumi.com/docs/install/) or point PULUMI_CLI at it, or pass --config <file> instead of --stack\n`,
    );
  });

  it("says drift's and report's preview needs the Pulumi CLI when it is not on PATH (exit 2), not 'code: -2'", async () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: first-errors\nruntime: nodejs\n");
    const PATH = process.env.PATH;
    process.env.PATH = path.join(dir, "bin");
    try {
      const d = captureIo();
      assert.equal(await drift(["drift", "--stack", "prod", "--cwd", dir, "--out", path.join(dir, "out")], d), 2);
      assert.equal(
        d.err,
        "atlassian-access: the preview needs the Pulumi CLI and `pulumi` is not on PATH: install it (https://www.pulumi.com/docs/install/) and put it on PATH\n",
      );
      const r = captureIo();
      assert.equal(await report(["report", "--stack", "prod", "--cwd", dir], r), 2);
      assert.match(
        r.err,
        /`pulumi` is not on PATH: .*, or pass --preview-json <file> \(`pulumi preview --refresh --json` output\) instead\n$/,
      );
    } finally {
      process.env.PATH = PATH;
    }
  });

  it("refuses a --cwd with no Pulumi project as a usage error naming the folder", async () => {
    const io = captureIo();
    assert.equal(await drift(["drift", "--stack", "prod", "--cwd", dir, "--out", path.join(dir, "out")], io), 2);
    assert.equal(io.err, `atlassian-access: no Pulumi project (Pulumi.yaml) in ${dir}: pass --cwd <project dir>\n`);
  });

  it("adds the way on to the Pulumi failures a first --stack meets: no project here, a wrong passphrase", () => {
    assert.equal(
      pulumiFailureFix(
        "no Pulumi.yaml project file found (searching upwards from /tmp/x). If you have not created a project yet, use `pulumi new` to do so: no project file found",
      ),
      ". Run the command in the stack's project folder (where its Pulumi.yaml is), or pass --cwd <project dir>",
    );
    assert.equal(
      pulumiFailureFix("incorrect passphrase"),
      ". The stack's secrets are encrypted with the passphrase it was created with: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) to that one",
    );
    assert.equal(pulumiFailureFix("something else"), "");
  });
});
