// The provider process context: one set of clients per configuration, however many shims call configure.
import { strict as assert } from "node:assert";
import { configure, context, resetRunState, runPart, setContextForTests } from "../../provider/lifecycle/context";

const request = (values: Record<string, string>) => ({ config: { get: (k: string) => values[k] } });
const base = {
  "atlassian-access:orgId": "org-1",
  "atlassian-access:directoryId": "dir-1",
  "atlassian-access:apiKey": "test-key",
  "atlassian-access:apiUrl": "http://127.0.0.1:1",
};

describe("configure", () => {
  afterEach(() => setContextForTests(undefined));

  it("keeps the same org client when every resource kind configures with the same config", () => {
    configure(request(base));
    const first = context().org;
    configure(request(base));
    assert.equal(context().org, first);
  });

  it("builds new clients when the config changes", () => {
    configure(request(base));
    const first = context().org;
    configure(request({ ...base, "atlassian-access:orgId": "org-2" }));
    assert.notEqual(context().org, first);
    assert.equal(context().config.orgId, "org-2");
  });

  it("reads the wait timings as numbers, with defaults that suit the real Atlassian", () => {
    configure(request(base));
    const c = context().config;
    const waits = [c.roleConsistencyTimeoutMs, c.pollIntervalMs, c.retryBaseDelayMs, c.retryMaxDelayMs];
    assert.deepEqual(waits, [35_000, 250, 500, 30_000]);
    configure(
      request({
        ...base,
        "atlassian-access:pollIntervalMs": "20",
        "atlassian-access:retryBaseDelayMs": "10",
        "atlassian-access:retryMaxDelayMs": "100",
      }),
    );
    const shrunk = context().config;
    assert.deepEqual([shrunk.pollIntervalMs, shrunk.retryBaseDelayMs, shrunk.retryMaxDelayMs], [20, 10, 100]);
  });

  it("names a missing key without echoing the secret, when the context is used (configure itself never throws)", () => {
    configure(request({ "atlassian-access:apiKey": "test-key" }));
    assert.throws(
      () => context(),
      (e: Error) => {
        assert.match(e.message, /atlassian-access:orgId/);
        assert.ok(!e.message.includes("test-key"));
        return true;
      },
    );
  });
});

describe("the run state", () => {
  afterEach(() => setContextForTests(undefined));
  let built = 0;
  const part = runPart("test part", () => ({ n: ++built }));

  it("builds each part once per run, for every reader", () => {
    resetRunState();
    const before = built;
    assert.equal(part(), part());
    assert.equal(built, before + 1);
  });

  it("starts a new run on resetRunState and on new clients, not on the same configuration again", () => {
    configure(request(base));
    const first = part();
    configure(request(base));
    assert.equal(part(), first);
    configure(request({ ...base, "atlassian-access:orgId": "org-2" }));
    const second = part();
    assert.notEqual(second, first);
    resetRunState();
    assert.notEqual(part(), second);
    setContextForTests(undefined);
    assert.notEqual(part(), second);
  });

  it("keeps a part whose init configured the context in the run that configuration started", () => {
    setContextForTests(undefined);
    process.env.ATLASSIAN_ACCESS_ORG_ID = "org-env";
    process.env.ATLASSIAN_ACCESS_DIRECTORY_ID = "dir-env";
    process.env.ATLASSIAN_ACCESS_API_KEY = "env-key";
    try {
      const configured = runPart("configured part", () => ({ org: context().config.orgId }));
      const p = configured();
      assert.equal(p.org, "org-env");
      assert.equal(configured(), p);
    } finally {
      delete process.env.ATLASSIAN_ACCESS_ORG_ID;
      delete process.env.ATLASSIAN_ACCESS_DIRECTORY_ID;
      delete process.env.ATLASSIAN_ACCESS_API_KEY;
    }
  });
});
