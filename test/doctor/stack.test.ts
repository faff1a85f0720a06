// `doctor --stack NAME --cwd DIR` through the real Pulumi CLI (no engine run: only `pulumi config`): the stack's
// secrets are read from the CLI's stdout into memory; nothing holds them in clear on disk before or after.
import { strict as assert } from "node:assert";
import { main as doctor } from "../../provider/doctor/cli";
import { pulumiRunner } from "../../provider/cli/connection";
import type { Check } from "../../provider/doctor/types";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { configuredStackProject, engineEnv, requireEngine, type EngineEnv } from "../helpers/stack";
import { captureIo } from "../helpers/io";
import { textsUnder } from "../helpers/files";

describe("atlassian-access doctor --stack (Pulumi CLI)", function () {
  this.timeout(120_000);
  let sb: TestSandbox;
  let engine: EngineEnv;
  let project: string;

  before(async function () {
    requireEngine(this);
    sb = await startTestSandbox();
    engine = engineEnv();
    project = configuredStackProject(sb, engine, "doctor-stack");
  });
  after(() => sb?.close());

  it("reads the stack's config, secrets included, in memory, and passes", async () => {
    const io = captureIo();
    const code = await doctor(
      ["doctor", "--stack", "dev", "--cwd", project, "--format", "json"],
      io,
      pulumiRunner(engine.env),
    );
    const checks = (JSON.parse(io.out) as { checks: Check[] }).checks;
    assert.equal(code, 0, io.out);
    assert.equal(checks.find((c) => c.id === "connection")?.status, "ok");
    assert.equal(checks.find((c) => c.id === "isc")?.status, "ok");
    const secrets = [
      SANDBOX_CREDENTIALS.orgApiKeys.pulumi,
      SANDBOX_CREDENTIALS.scimToken,
      SANDBOX_CREDENTIALS.iscClientSecret,
    ];
    for (const s of secrets) {
      assert.ok(!`${io.out}${io.err}`.includes(s), "a secret was printed");
      for (const text of [...textsUnder(project), ...textsUnder(engine.home)])
        assert.ok(!text.includes(s), "a secret is on disk in clear");
    }
  });

  it("a stack that does not exist is a usage error naming it", async () => {
    const io = captureIo();
    assert.equal(await doctor(["doctor", "--stack", "nope", "--cwd", project], io, pulumiRunner(engine.env)), 2);
    assert.match(io.err, /pulumi config --json failed: .*nope/);
  });
});
