// The ISC client against a scripted local server: token fetch, cache, refresh on expiry and on 401, paging, filters.
import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { createIscClient } from "../../provider/clients/isc/isc-client";
import { isUnauthorized } from "../../provider/clients/errors";
import { rejectionOf, startTestServer, type RecordedRequest, type Reply, type TestServer } from "./test-server";

const SECRET = "isc-client-secret-0123456789";
const account = (i: number) => ({
  id: `acc-${i}`,
  name: `user${i}`,
  sourceId: "src-1",
  sourceName: "Atlassian Cloud",
  nativeIdentity: `712020:${i}`,
  origin: i % 2 ? "PROVISIONED" : "AGGREGATED",
  attributes: { groups: [] },
  authoritative: false,
  disabled: false,
  locked: false,
  systemAccount: false,
  uncorrelated: false,
  manuallyCorrelated: false,
  hasEntitlements: false,
});

describe("createIscClient", () => {
  let server: TestServer;
  let clock: number;
  let tokens: number;
  /** Which tokens the API accepts; by default every issued one. */
  let accepts: (token: string) => boolean;
  let api: (req: RecordedRequest) => Reply;

  const client = () =>
    createIscClient({
      iscUrl: server.url,
      clientId: "cid",
      clientSecret: SECRET,
      now: () => clock,
      sleep: async () => {},
      random: () => 0,
    });
  const apiCalls = () => server.requests.filter((r) => r.path !== "/oauth/token");
  const tokenCalls = () => server.requests.filter((r) => r.path === "/oauth/token");

  beforeEach(async () => {
    clock = Date.parse("2026-11-23T14:30:00.000Z");
    tokens = 0;
    accepts = () => true;
    api = () => ({
      status: 200,
      body: { id: "src-1", name: "Atlassian Cloud", connectorName: "Atlassian Suite - Cloud" },
    });
    server = await startTestServer((req) => {
      if (req.path === "/oauth/token") {
        const form = new URLSearchParams(req.body);
        if (form.get("client_secret") !== SECRET)
          return {
            status: 401,
            body: { error: "invalid_client", error_description: `bad secret ${form.get("client_secret")}` },
          };
        return { status: 200, body: { access_token: `jwt-${++tokens}`, token_type: "bearer", expires_in: 749 } };
      }
      const auth = req.headers.authorization ?? "";
      if (!accepts(auth.replace(/^Bearer /, "")))
        return { status: 401, body: { error: "JWT validation failed: JWT is expired" } };
      return api(req);
    });
  });
  afterEach(() => server.close());

  it("fetches a token with a form-encoded client-credentials grant and reuses it", async () => {
    const isc = client();
    await isc.getSource("src-1");
    await isc.getSource("src-1");
    const [t] = tokenCalls();
    assert.equal(t.method, "POST");
    assert.match(String(t.headers["content-type"]), /^application\/x-www-form-urlencoded\b/);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(t.body)), {
      grant_type: "client_credentials",
      client_id: "cid",
      client_secret: SECRET,
    });
    assert.equal(tokenCalls().length, 1);
    assert.deepEqual(
      apiCalls().map((r) => [r.url, r.headers.authorization]),
      [
        ["/v3/sources/src-1", "Bearer jwt-1"],
        ["/v3/sources/src-1", "Bearer jwt-1"],
      ],
    );
  });

  it("fetches one token for concurrent first calls", async () => {
    const isc = client();
    await Promise.all([isc.getSource("a"), isc.getSource("b"), isc.getSource("c")]);
    assert.equal(tokenCalls().length, 1);
  });

  it("renews the token a minute before expires_in runs out", async () => {
    const isc = client();
    await isc.getSource("src-1");
    clock += (749 - 61) * 1000;
    await isc.getSource("src-1");
    assert.equal(tokenCalls().length, 1);
    clock += 2000;
    await isc.getSource("src-1");
    assert.equal(tokenCalls().length, 2);
    assert.equal(apiCalls()[2].headers.authorization, "Bearer jwt-2");
  });

  it("refreshes the token once on a 401 and resends the call", async () => {
    accepts = (t) => t !== "jwt-1";
    const source = await client().getSource("src-1");
    assert.equal(source.connectorName, "Atlassian Suite - Cloud");
    assert.equal(tokenCalls().length, 2);
    assert.deepEqual(
      apiCalls().map((r) => r.headers.authorization),
      ["Bearer jwt-1", "Bearer jwt-2"],
    );
  });

  it("gives up after one refresh when the API keeps answering 401", async () => {
    accepts = () => false;
    const err = await rejectionOf(client().getSource("src-1"));
    assert.ok(isUnauthorized(err));
    assert.equal(tokenCalls().length, 2);
    assert.equal(apiCalls().length, 2);
  });

  it("reports bad client credentials without the secret", async () => {
    const isc = createIscClient({
      iscUrl: server.url,
      clientId: "cid",
      clientSecret: "wrong-secret-abcdefgh",
      sleep: async () => {},
    });
    const err = await rejectionOf(isc.getSource("src-1"));
    assert.ok(isUnauthorized(err));
    assert.equal(err.code, "invalid_client");
    for (const text of [String(err), JSON.stringify(err), inspect(err, { depth: 10, showHidden: true })]) {
      assert.ok(!text.includes("wrong-secret-abcdefgh"), `secret leaked: ${text}`);
    }
    assert.equal(apiCalls().length, 0);
  });

  it("lists a source's accounts 250 at a time, sorted by id, until a short page", async () => {
    const all = Array.from({ length: 260 }, (_, i) => account(i));
    api = (req) => {
      const offset = Number(req.query.get("offset"));
      return { status: 200, body: all.slice(offset, offset + Number(req.query.get("limit"))) };
    };
    const accounts = await client().listAccounts({ sourceId: "src-1", filters: 'origin eq "PROVISIONED"' });
    assert.equal(accounts.length, 260);
    assert.equal(accounts[1].origin, "PROVISIONED");
    const filters = encodeURIComponent('sourceId eq "src-1" and origin eq "PROVISIONED"');
    assert.deepEqual(
      apiCalls().map((r) => r.url),
      [
        `/v3/accounts?filters=${filters}&sorters=id&limit=250&offset=0&count=true`,
        `/v3/accounts?filters=${filters}&sorters=id&limit=250&offset=250`,
      ],
    );
  });

  it("reads the accounts' later pages as the first page's X-Total-Count tells, in order", async () => {
    const all = Array.from({ length: 600 }, (_, i) => account(i));
    api = (req) => {
      const offset = Number(req.query.get("offset"));
      const headers = req.query.get("count") === "true" ? { "X-Total-Count": String(all.length) } : undefined;
      return { status: 200, headers, body: all.slice(offset, offset + Number(req.query.get("limit"))) };
    };
    const accounts = await client().listAccounts({ sourceId: "src-1" });
    assert.deepEqual(
      accounts.map((a) => a.id),
      all.map((a) => a.id),
    );
    assert.deepEqual(
      apiCalls().map((r) => [r.query.get("offset"), r.query.get("count")]),
      [
        ["0", "true"],
        ["250", null],
        ["500", null],
      ],
    );
  });

  it("reads entitlements from v2025 filtered on source.id, and an account's from v3", async () => {
    api = () => ({
      status: 200,
      body: [
        {
          id: "ent-1",
          name: "jira-users",
          attribute: "groups",
          value: "g1",
          source: { id: "src-1", type: "SOURCE", name: "Atlassian" },
        },
      ],
    });
    const isc = client();
    assert.equal((await isc.listEntitlements("src-1"))[0].value, "g1");
    assert.equal((await isc.getAccountEntitlements("acc 1"))[0].id, "ent-1");
    assert.deepEqual(
      apiCalls().map((r) => r.url),
      [
        `/v2025/entitlements?filters=${encodeURIComponent('source.id eq "src-1"')}&sorters=id&limit=250&offset=0`,
        "/v3/accounts/acc%201/entitlements?limit=250&offset=0",
      ],
    );
  });

  it("lists account activities since an instant, oldest first", async () => {
    api = () => ({
      status: 200,
      body: [
        {
          id: "act-1",
          type: "appRequest",
          completionStatus: "FAILURE",
          items: [{ operation: "CREATE", provisioningStatus: "FAILED", sourceId: "src-1", nativeIdentity: "x" }],
        },
      ],
    });
    const acts = await client().listAccountActivities({ since: "2026-11-23T14:00:00Z" });
    assert.equal(acts[0].items?.[0].provisioningStatus, "FAILED");
    assert.deepEqual(
      apiCalls().map((r) => r.url),
      [
        `/v3/account-activities?filters=${encodeURIComponent('created ge "2026-11-23T14:00:00.000Z"')}&sorters=created&limit=250&offset=0`,
      ],
    );
  });
});
