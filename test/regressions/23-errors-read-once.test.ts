// Issue 23 item 2, in-process: every config key is validated for range at configure (a lookback of 1e12 hours is named,
// not met later as "Invalid Date"), and a lifecycle's failure reaches the dynamic provider server as its message alone:
// the server's `console.error(`${e}: ${e.stack}`)` prints nothing for it, a partial create keeps its id, and a bug is one
// line with a hint to report it, its stack only under ATLASSIAN_ACCESS_DEBUG. (test/e2e/errors-read-once.test.ts runs
// each lifecycle path through the real CLI.)
import { strict as assert } from "node:assert";
import { ConfigError, readConfig, MAX_TIMER_MS } from "../../provider/config";
import { configure, setContextForTests } from "../../provider/lifecycle/context";
import { lifecycleOf } from "../../provider/lifecycle/registry";
import { DEBUG_ENV, forEngine, shownToEngine } from "../../provider/runtime/engine-errors";
import { PartialCreateError } from "../../provider/runtime/partial";

const BASE: Record<string, string> = {
  "atlassian-access:orgId": "org-1",
  "atlassian-access:directoryId": "dir-1",
  "atlassian-access:apiKey": "secret-key-value",
};

function problems(values: Record<string, string>): string[] {
  const all = { ...BASE, ...values };
  try {
    readConfig((k) => all[k], {});
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.problems;
  }
  return [];
}

/** What the dynamic provider server does with a rejected check, diff, read or delete, as its catch block does it. */
async function asTheServerDoes(call: () => Promise<unknown>): Promise<{ printed: string[]; error: Error }> {
  const printed: string[] = [];
  const original = console.error;
  // Beneath the package's own filter, which wraps whatever console.error is when it is first needed.
  console.error = (...a: unknown[]) => void printed.push(a.map(String).join(" "));
  try {
    await call();
  } catch (e) {
    const err = e as Error;
    console.error(`${String(err)}: ${err.stack}`);
    return { printed, error: err };
  } finally {
    console.error = original;
  }
  throw new Error("the call succeeded");
}

describe("config keys validated for range at configure (issue 23)", () => {
  it("names auditLookbackHours past ten years instead of failing later with Invalid Date", () => {
    assert.deepEqual(problems({ "atlassian-access:auditLookbackHours": "1e12" }), [
      "atlassian-access:auditLookbackHours is 1e12, more than 87600 (ten years); set a positive number of hours up to 87600.",
    ]);
    assert.deepEqual(problems({ "atlassian-access:auditLookbackHours": "87600" }), []);
  });

  it("names a wait no timer can take, for every millisecond key", () => {
    for (const key of ["roleConsistencyTimeoutMs", "pollIntervalMs", "retryBaseDelayMs"]) {
      assert.deepEqual(problems({ [`atlassian-access:${key}`]: "3e9", "atlassian-access:retryMaxDelayMs": "3e9" }), [
        `atlassian-access:${key} is 3e9, more than ${MAX_TIMER_MS} (the longest wait a timer takes); set a ${key === "pollIntervalMs" ? "positive" : "non-negative"} whole number of milliseconds up to ${MAX_TIMER_MS}.`,
        `atlassian-access:retryMaxDelayMs is 3e9, more than ${MAX_TIMER_MS} (the longest wait a timer takes); set a non-negative whole number of milliseconds up to ${MAX_TIMER_MS}.`,
      ]);
    }
  });

  it("names an accessLossLimit past the largest whole number counted exactly", () => {
    assert.deepEqual(problems({ "atlassian-access:accessLossLimit": "1e20" }), [
      `atlassian-access:accessLossLimit is 1e20, more than ${Number.MAX_SAFE_INTEGER} (the largest whole number counted exactly); set a non-negative whole number of people up to ${Number.MAX_SAFE_INTEGER}.`,
    ]);
  });
});

describe("a lifecycle's failure as the engine prints it (issue 23)", () => {
  const debug = process.env[DEBUG_ENV];
  afterEach(() => {
    setContextForTests(undefined);
    if (debug === undefined) delete process.env[DEBUG_ENV];
    else process.env[DEBUG_ENV] = debug;
  });

  it("a refusal: its message, no stack, nothing on the server's stderr", async () => {
    configure({ config: { get: (k) => ({ ...BASE, "atlassian-access:orgId": "" })[k] } });
    const { printed, error } = await asTheServerDoes(() => lifecycleOf("group").delete("g-1", {}));
    assert.deepEqual(printed, []);
    assert.equal(error.stack, "");
    assert.match(error.message, /^atlassian-access configuration is invalid:\n {2}- atlassian-access:orgId is missing/);
  });

  it("an unknown resource kind: the upgrade hint, nothing on stderr", async () => {
    const { printed, error } = await asTheServerDoes(async () => lifecycleOf("no-such-kind"));
    assert.deepEqual(printed, []);
    assert.match(error.message, /no resource kind "no-such-kind" in this version of the package/);
  });

  it("a partial create keeps the id and properties the engine records", () => {
    const partial = new PartialCreateError("g-1", { name: "g" }, new Error("HTTP 500"), 'Group "g" was created');
    const shown = forEngine(partial, "group create");
    assert.equal(shown, partial);
    assert.equal(shown.id, "g-1");
    assert.equal((shown as Error).stack, "");
  });

  it("a bug: one line naming it and where, with a hint to report it, and no frame", async () => {
    delete process.env[DEBUG_ENV];
    const { printed, error } = await asTheServerDoes(() =>
      shownToEngine("group diff", async () => (undefined as unknown as { x: number }).x),
    );
    assert.deepEqual(printed, []);
    assert.match(
      error.message,
      /^atlassian-access: unexpected TypeError in group diff: Cannot read properties of undefined \(reading 'x'\)\. This is a bug in atlassian-access, not a problem of your program or org; please report it with this message \(run with ATLASSIAN_ACCESS_DEBUG=1 to include the stack trace\)\.$/,
    );
    assert.doesNotMatch(`${String(error)}: ${error.stack}`, /\bat .*\(.*:\d+:\d+\)/);
  });

  it("a bug under ATLASSIAN_ACCESS_DEBUG=1: the stack printed once", async () => {
    process.env[DEBUG_ENV] = "1";
    const { printed } = await asTheServerDoes(() =>
      shownToEngine("group diff", async () => (undefined as unknown as { x: number }).x),
    );
    assert.equal(printed.length, 1, printed.join("\n"));
    assert.match(printed[0], /^TypeError: Cannot read properties of undefined[\s\S]*\n\s+at .*:\d+:\d+\)?/);
  });
});
