// Pacing at the quota against the sandbox, on the sandbox's clock (the clients' sleeps move it, so nothing really
// waits): a client keeps to ISC's published quota and to the budget the org API's rate headers announce, and draws
// no 429 doing so; without pacing the same calls are refused.
import { strict as assert } from "node:assert";
import { createIscClient } from "../../provider/clients/isc/isc-client";
import { createOrgClient } from "../../provider/clients/atlassian/org-client";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox";

describe("pacing at the quota, against the sandbox", () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox({ settings: { rateLimits: true } });
  });
  after(() => sb.close());

  /** The sandbox clock as the client's: a sleep moves it to the sleep's end. */
  const sandboxTime = () => ({
    now: () => sb.store.nowMs(),
    sleep: async (ms: number) => {
      const until = sb.store.nowMs() + ms;
      await new Promise((r) => setImmediate(r));
      if (until > sb.store.nowMs()) sb.store.setClock(new Date(until).toISOString());
    },
  });

  /** `n` calls at once; the API's requests they sent and how far the sandbox clock moved meanwhile (ms). */
  async function calls(api: string, n: number, call: () => Promise<unknown>) {
    sb.store.world.rateWindows = {};
    const from = sb.store.world.requests.length;
    const t0 = sb.store.nowMs();
    await Promise.all(Array.from({ length: n }, call));
    const log = sb.store.world.requests.slice(from).filter((r) => r.api === api);
    return { log, refused: log.filter((r) => r.status === 429).length, movedMs: sb.store.nowMs() - t0 };
  }

  const isc = (paceToQuotas: boolean) =>
    createIscClient({
      iscUrl: sb.url,
      clientId: SANDBOX_CREDENTIALS.iscClientId,
      clientSecret: SANDBOX_CREDENTIALS.iscClientSecret,
      paceToQuotas,
      ...sandboxTime(),
    });

  it("ISC: 250 reads at once keep to 100 per 10 s and draw no 429; unpaced, the same reads are refused", async () => {
    const account = sb.store.world.isc.accounts[0].id;
    const paced = isc(true);
    const r = await calls("isc", 250, () => paced.getAccountEntitlements(account));
    // 250 reads and the token: 251 requests, all answered, none refused.
    assert.equal(r.log.length, 251);
    assert.equal(r.refused, 0);
    // The 101st and 201st requests waited for the window: two windows of the sandbox clock went by, not more.
    assert.ok(r.movedMs >= 20_000 && r.movedMs < 30_000, `sandbox clock moved ${r.movedMs} ms`);

    const unpaced = isc(false);
    const u = await calls("isc", 250, () => unpaced.getAccountEntitlements(account));
    assert.ok(u.refused > 0, "the sandbox refused none: the quota was not on");
  });

  it("org API: 60 reads at once keep to the budget its rate headers announce and draw no 429", async () => {
    Object.assign(sb.store.world.settings, { quotas: { org: { max: 20, windowMs: 10_000 } } });
    try {
      const w = sb.store.world;
      const org = createOrgClient({
        apiUrl: sb.url,
        orgId: w.org.id,
        directoryId: w.org.directoryId,
        apiKey: SANDBOX_CREDENTIALS.orgApiKeys.pulumi,
        ...sandboxTime(),
      });
      const r = await calls("org", 60, () => org.getOrg());
      assert.equal(r.log.length, 60);
      assert.equal(r.refused, 0);
      assert.ok(r.movedMs >= 20_000, `sandbox clock moved ${r.movedMs} ms`);
    } finally {
      Object.assign(sb.store.world.settings, { quotas: undefined });
    }
  });
});
