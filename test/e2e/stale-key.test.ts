// Through the real Pulumi CLI (issue 12 item 6): after the org API key is rotated and the new one set with
// `pulumi config set --secret`, a refresh still runs with the key the last `up` stored in the state (the engine's rule).
// The 401 then says so and what to run, telling that apart from a key that is wrong in the stack's config itself.
import { strict as assert } from "node:assert";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import { openStack, runCli, sandboxConfig, requireEngine, type TestStack, closeEngineStack } from "../helpers/stack";

const STALE =
  "atlassian-access:apiKey: the stack's config holds a new key, but this run uses the one the last `pulumi up` stored in the state (a refresh runs with the state's provider configuration), and ";
const STALE_END =
  " does not accept that one (HTTP 401). Run `pulumi up` without --refresh once to store the new key, then refresh again.";
const WRONG_END =
  " (HTTP 401), and it is the key the stack's config holds: it is wrong or revoked. Set a current org API key with `pulumi config set --secret atlassian-access:apiKey <key>`.";

describe("engine: a stale API key in the state after a config fix (issue 12)", function () {
  this.timeout(240_000);
  let sb: TestSandbox;
  let t: TestStack;

  before(async function () {
    requireEngine(this);
    sb = await startEngineSandbox();
    t = await openStack("basic", { ...sandboxConfig(sb), "e2e:groupName": { value: "e2e-stale-key" } });
  });
  after(() => closeEngineStack(sb, t));

  /** Revokes code's key and issues another for the same account; returns the new token. */
  const rotate = (suffix: string): string => {
    const keys = sb.store.world.org.apiKeys;
    const i = keys.findIndex((k) => k.purpose === "pulumi");
    const next = { ...keys[i], token: `${keys[i].token.replace(/-rotated-.*$/, "")}-rotated-${suffix}` };
    keys.splice(i, 1, next);
    return next.token;
  };

  it("names the stored key as stale, and a plain `up` stores the new one", async () => {
    await runCli(t, ["up", "--yes", "--skip-preview"]);
    const fresh = rotate("1");
    await t.stack.setConfig("atlassian-access:apiKey", { value: fresh, secret: true });

    const stale = await runCli(t, ["preview", "--refresh"], [255, 1]);
    const text = stale.stdout + stale.stderr;
    assert.ok(text.includes(STALE + sb.url + STALE_END), text);
    assert.ok(!text.includes(fresh), "the new key must not be printed");

    await runCli(t, ["up", "--yes", "--skip-preview"]);
    const clean = await runCli(t, ["preview", "--refresh", "--expect-no-changes"]);
    assert.equal(clean.code, 0);
  });

  it("calls a key the stack's config itself holds wrong or revoked, without the stale explanation", async () => {
    rotate("2"); // revoked in the org; the stack's config still holds it
    const wrong = await runCli(t, ["preview", "--refresh"], [255, 1]);
    const text = wrong.stdout + wrong.stderr;
    assert.ok(text.includes(`atlassian-access:apiKey was not accepted by ${sb.url}${WRONG_END}`), text);
    assert.ok(!/stored in the (stack.s )?state/.test(text), text);
  });
});
