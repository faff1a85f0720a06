// Every command connects the same way (issue 23): `--stack NAME --cwd DIR` through the real Pulumi CLI (no engine
// run: only `pulumi config`), the stack's secrets read from the CLI's stdout into memory. access and discover here
// (doctor has its own file, test/doctor/stack.test.ts; report and drift run the stack's preview): each reads the org
// with the stack's configuration and nothing holds a secret in clear on disk, before or after.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main as access } from "../../provider/access/cli";
import { main as discover } from "../../provider/discover/cli";
import { pulumiRunner } from "../../provider/cli/connection";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { configuredStackProject, engineEnv, requireEngine, stackSidecar, type EngineEnv } from "../helpers/stack";
import { captureIo } from "../helpers/io";
import { textsUnder } from "../helpers/files";

const SECRETS = [
  SANDBOX_CREDENTIALS.orgApiKeys.pulumi,
  SANDBOX_CREDENTIALS.scimToken,
  SANDBOX_CREDENTIALS.iscClientSecret,
];

describe("every command connects with --stack (Pulumi CLI)", function () {
  this.timeout(120_000);
  let sb: TestSandbox;
  let engine: EngineEnv;
  let project: string;
  const saved: Record<string, string | undefined> = {};

  before(async function () {
    requireEngine(this);
    // Nothing may come from env: the stack alone configures the commands.
    for (const k of Object.keys(process.env).filter((k) => k.startsWith("ATLASSIAN_ACCESS_"))) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
    sb = await startTestSandbox();
    engine = engineEnv();
    project = configuredStackProject(sb, engine, "cli-stack");
  });
  after(() => {
    Object.assign(process.env, saved);
    return sb?.close();
  });

  const noSecretLeft = (io: { out: string; err: string }, dirs: string[]) => {
    for (const s of SECRETS) {
      assert.ok(!`${io.out}${io.err}`.includes(s), "a secret was printed");
      for (const dir of dirs)
        for (const text of textsUnder(dir)) assert.ok(!text.includes(s), `a secret is on disk under ${dir}`);
    }
  };

  it("access --stack prints the review of the stack's org", async () => {
    const io = captureIo();
    const code = await access(
      ["access", "--stack", "dev", "--cwd", project, "--format", "json", "--lane", "direct"],
      io,
      pulumiRunner(engine.env),
    );
    assert.equal(code, 0, io.err);
    const review = JSON.parse(io.out) as { grants: { email: string }[] };
    assert.ok(review.grants.length > 0, "the acme seed has direct grants");
    noSecretLeft(io, [project, engine.home]);
  });

  it("discover --stack writes the program for the stack's org", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "cli-stack-discover-"));
    const io = captureIo();
    const code = await discover(
      ["discover", "--stack", "dev", "--cwd", project, "--out", out],
      io,
      pulumiRunner(engine.env),
    );
    assert.equal(code, 0, io.err);
    assert.ok(fs.readFileSync(path.join(out, "index.ts"), "utf8").includes("new access.OwnershipSplit("));
    // The next steps give the generated stack the same configuration, secrets through env, never their values.
    assert.match(io.out, /pulumi config set --secret atlassian-access:apiKey "\$ATLASSIAN_ACCESS_API_KEY"/);
    noSecretLeft(io, [project, engine.home, out]);
  });

  it("names the fix when the stack's state sidecar was left empty by a killed run", async () => {
    const sidecar = stackSidecar(engine.backendDir, "dev");
    const kept = fs.readFileSync(sidecar);
    fs.writeFileSync(sidecar, "");
    try {
      const io = captureIo();
      const code = await access(["access", "--stack", "dev", "--cwd", project], io, pulumiRunner(engine.env));
      // A state that cannot be loaded is a failure (1), not the command line's fault (2).
      assert.equal(code, 1, io.err);
      assert.match(io.err, /pulumi config --json failed: failed to load checkpoint: EOF\. /);
      assert.match(
        io.err,
        /`<stack>\.json\.attrs` sidecar empty; remove the empty sidecars under the backend's folder \(the file:\/\/ path `pulumi whoami -v` shows\) with find <that folder>\/\.pulumi\/stacks -name '\*\.attrs' -size 0 -print -delete, and retry/,
      );
      assert.equal(io.err.trim().split("\n").length, 1, io.err);
    } finally {
      fs.writeFileSync(sidecar, kept);
    }
  });

  it("names --cwd when the folder holds no Pulumi project, instead of pulumi's `pulumi new`", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "cli-stack-empty-"));
    const io = captureIo();
    assert.equal(await access(["access", "--stack", "dev", "--cwd", empty], io, pulumiRunner(engine.env)), 2);
    assert.equal(
      io.err,
      `atlassian-access: pulumi config --json failed: no Pulumi.yaml project file found (searching upwards from ${fs.realpathSync(empty)}). Run the command in the stack's project folder (where its Pulumi.yaml is), or pass --cwd <project dir>\n`,
    );
  });

  it("--stack and --config together are a usage error, in each command alike", async () => {
    for (const [name, run] of [
      ["access", access],
      ["discover", discover],
    ] as const) {
      const io = captureIo();
      const argv = [name, "--stack", "dev", "--config", "x.json", ...(name === "discover" ? ["--out", "/tmp/x"] : [])];
      assert.equal(await run(argv, io, pulumiRunner(engine.env)), 2, name);
      assert.match(io.err, /--stack and --config are alternatives/, name);
    }
  });
});
