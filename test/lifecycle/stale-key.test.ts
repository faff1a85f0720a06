// How the provider asks the Pulumi CLI running it for the stack's current apiKey (issue 12 item 6).
import { strict as assert } from "node:assert";
import { apiKeyStanding, findPulumiCli, stackFlags } from "../../provider/runtime/stale-key";

describe("stale key: asking the CLI for the stack's apiKey", () => {
  it("passes on the run's --stack, -s and --config-file, in both spellings, and nothing else", () => {
    assert.deepEqual(
      stackFlags(["preview", "--refresh", "-s", "dev", "--cwd", "/p", "--config-file=/p/c.yaml", "--non-interactive"]),
      ["--stack", "dev", "--config-file", "/p/c.yaml"],
    );
    assert.deepEqual(stackFlags(["up", "--stack=org/prod", "--yes"]), ["--stack", "org/prod"]);
    assert.deepEqual(stackFlags(["refresh", "--stack"]), []);
  });

  it("finds no CLI above a process that pulumi did not start (mocha here)", () => {
    assert.equal(findPulumiCli(), undefined);
  });

  it("is stale when the stack holds another key, current when the same, unknown when it holds none", async () => {
    assert.equal(await apiKeyStanding("old", async () => "new"), "stale");
    assert.equal(await apiKeyStanding("old", async () => "old"), "current");
    assert.equal(await apiKeyStanding("old", async () => undefined), "unknown");
    assert.equal(await apiKeyStanding("old", async () => ""), "unknown");
  });
});
