// The transport against a real local server: auth, retries and their timing, ambiguity, pacing, redaction, schemas.
import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { z } from "zod";
import { createHttp, type HttpOptions } from "../../provider/clients/http";
import { ApiError, SchemaValidationError, isAmbiguous, isNotFound, isRateLimited } from "../../provider/clients/errors";
import { recordingSleep, rejectionOf, startTestServer, type Reply, type TestServer } from "./test-server";

const TOKEN = "sk-test-0123456789abcdef-secret";
const NOW = Date.parse("2026-11-23T14:30:00.000Z");
/** The server's Date header, at our injected clock. */
const DATE = new Date(NOW).toUTCString();
const Thing = z.object({ id: z.string(), name: z.string() });

describe("createHttp", () => {
  let server: TestServer;
  let replies: Reply[];
  let rec: ReturnType<typeof recordingSleep>;

  const http = (opts: Partial<HttpOptions> = {}) =>
    createHttp({
      baseURL: server.url,
      name: "Test API",
      auth: () => TOKEN,
      sleep: rec.sleep,
      now: () => NOW,
      random: () => 0.5,
      ...opts,
    });

  beforeEach(async () => {
    replies = [];
    rec = recordingSleep();
    server = await startTestServer(
      (_req, i) => replies[i] ?? { status: 500, body: { errors: [{ code: "unscripted" }] } },
    );
  });
  afterEach(() => server.close());

  it("sends the bearer token, user agent and JSON body, and parses the answer through the schema", async () => {
    replies = [{ status: 200, body: { id: "g1", name: "devs", extra: true } }];
    const out = await http({ userAgent: "atlassian-access-test" }).request({
      method: "POST",
      url: "/things/search",
      params: { ids: ["a", "b"], q: 'name eq "x"' },
      data: { limit: 5 },
      schema: Thing,
      idempotent: true,
    });
    assert.deepEqual(out, { id: "g1", name: "devs" });
    assert.equal(server.requests.length, 1);
    const [req] = server.requests;
    assert.equal(req.url, "/things/search?ids=a&ids=b&q=name%20eq%20%22x%22");
    assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(req.headers["user-agent"], "atlassian-access-test");
    assert.deepEqual(req.json, { limit: 5 });
  });

  it("retries a read refused with 429 after the Retry-After seconds", async () => {
    replies = [
      { status: 429, headers: { "Retry-After": "7" } },
      { status: 200, body: { id: "1", name: "a" } },
    ];
    await http().request({ method: "GET", url: "/x", schema: Thing, idempotent: true });
    assert.equal(server.requests.length, 2);
    assert.deepEqual(rec.delays, [7000]);
  });

  it("reads Retry-After given as an HTTP date", async () => {
    replies = [
      { status: 429, headers: { Date: DATE, "Retry-After": new Date(NOW + 5000).toUTCString() } },
      { status: 204 },
    ];
    await http().request({ method: "GET", url: "/x", idempotent: true });
    assert.deepEqual(rec.delays, [5000]);
  });

  it("falls back to X-RateLimit-Reset as an ISO-8601 instant when Retry-After is absent", async () => {
    replies = [
      {
        status: 429,
        headers: { Date: DATE, "X-RateLimit-Reset": new Date(NOW + 3250).toISOString(), "X-RateLimit-Remaining": "0" },
      },
      { status: 204 },
    ];
    await http().request({ method: "POST", url: "/search", data: {}, idempotent: true });
    assert.equal(server.requests.length, 2);
    assert.deepEqual(rec.delays, [3250]);
  });

  it("reads an org 429 as the gateway sends it: a ProxyError body, X-RateLimit-Reset to the minute with an offset", async () => {
    // sandbox/REALITY.md: grove's admin API client parses -Reset as %Y-%m-%dT%H:%M%z; no Retry-After is documented.
    const resets = ["2026-11-23T14:31+0000", "2026-11-23T14:31Z", "2026-11-23T14:31+00:00"];
    replies = resets.flatMap((reset) => [
      { status: 429, headers: { Date: DATE, "X-RateLimit-Reset": reset }, body: { code: 429, message: "Too Many" } },
      { status: 204 },
    ]);
    for (const _ of resets) await http().request({ method: "GET", url: "/x", idempotent: true });
    assert.equal(server.requests.length, 6);
    assert.deepEqual(rec.delays, [60_000, 60_000, 60_000]);
  });

  it("reads X-RateLimit-Reset against the server's Date header, so our clock's skew does not count", async () => {
    replies = [
      { status: 429, headers: { Date: DATE, "X-RateLimit-Reset": new Date(NOW + 4000).toISOString() } },
      { status: 204 },
    ];
    const skewedClock = NOW + 3_600_000;
    await http({ now: () => skewedClock }).request({ method: "GET", url: "/x", idempotent: true });
    assert.deepEqual(rec.delays, [4000]);
  });

  it("retries a mutation refused with 429, since a refusal was not applied", async () => {
    replies = [{ status: 429, headers: { "Retry-After": "1" } }, { status: 201 }];
    await http().request({ method: "POST", url: "/groups", data: { name: "g" }, expect: [201], idempotent: false });
    assert.equal(server.requests.length, 2);
    assert.deepEqual(rec.delays, [1000]);
    assert.deepEqual(
      server.requests.map((r) => r.json),
      [{ name: "g" }, { name: "g" }],
    );
  });

  it("sits out a storm of 429s past the failure retries: refusals have their own budget (rateLimitRetries)", async () => {
    const refused = { status: 429, headers: { "Retry-After": "0" } };
    replies = [refused, refused, refused, refused, refused, refused, { status: 500 }, refused, { status: 201 }];
    await http({ retry: { retries: 1 } }).request({
      method: "GET",
      url: "/x",
      expect: [201],
      idempotent: true,
    });
    assert.equal(server.requests.length, 9);
  });

  it("gives up after rateLimitRetries refusals, with the server's wait in the error", async () => {
    replies = Array.from({ length: 5 }, () => ({ status: 429, headers: { "Retry-After": "2" } }));
    const err = await rejectionOf(
      http({ retry: { rateLimitRetries: 3 } }).request({ method: "GET", url: "/x", idempotent: true }),
    );
    assert.ok(isRateLimited(err));
    assert.equal(err.retryAfterMs, 2000);
    assert.equal(server.requests.length, 4);
  });

  it("fails at once, with the wait, when Retry-After exceeds maxRetryAfterMs", async () => {
    replies = [{ status: 429, headers: { "Retry-After": "1200" }, body: { message: " Rate Limit Exceeded " } }];
    const err = await rejectionOf(
      http({ retry: { maxRetryAfterMs: 60_000 } }).request({ method: "GET", url: "/x", idempotent: true }),
    );
    assert.ok(isRateLimited(err));
    assert.equal(err.retryAfterMs, 1_200_000);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(rec.delays, []);
  });

  it("does not resend a mutation answered with 503, and throws an ambiguous error", async () => {
    replies = [
      { status: 503, body: { errors: [{ id: "t-1", status: "503", code: "unavailable", detail: "try later" }] } },
    ];
    const err = await rejectionOf(
      http().request({
        method: "POST",
        url: "/groups",
        data: { name: "g" },
        operation: 'createGroup "g"',
        idempotent: false,
      }),
    );
    assert.equal(server.requests.length, 1);
    assert.ok(isAmbiguous(err));
    assert.equal(err.kind, "ambiguous");
    assert.equal(err.status, 503);
    assert.equal(
      err.message,
      `Test API: the outcome of createGroup "g" (POST ${server.url}/groups) is unknown (the server failed with HTTP 503). ` +
        "The change may or may not have been applied; re-read the object to settle it before trying again.",
    );
  });

  it("retries a read on 5xx with capped exponential backoff and jitter", async () => {
    replies = [{ status: 500 }, { status: 502 }, { status: 504 }, { status: 200, body: { id: "1", name: "a" } }];
    await http({ retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 250 } }).request({
      method: "GET",
      url: "/x",
      schema: Thing,
      idempotent: true,
    });
    assert.equal(server.requests.length, 4);
    // steps 100, 200, min(250, 400); half of each fixed, half jittered by random() = 0.5
    assert.deepEqual(rec.delays, [75, 150, 188]);
  });

  it("gives up after the retry budget with an HttpError carrying the service's code and tracking id", async () => {
    replies = Array.from({ length: 3 }, () => ({
      status: 500,
      body: { errors: [{ id: "trk-9", status: "500", code: "internal", detail: "boom" }] },
    }));
    const err = await rejectionOf(
      http({ retry: { retries: 2 } }).request({ method: "GET", url: "/x", operation: "getThing x", idempotent: true }),
    );
    assert.equal(server.requests.length, 3);
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, "http");
    assert.equal(
      err.message,
      `Test API: getThing x (GET ${server.url}/x) failed with HTTP 500 internal: boom [tracking id trk-9]. The service failed; try again later.`,
    );
    assert.equal(err.attempts, 3);
  });

  it("throws a 404 as a not-found HttpError without retrying", async () => {
    replies = [{ status: 404, body: { errors: [{ code: "ADMIN-404-10", detail: "Group g was not found." }] } }];
    const err = await rejectionOf(http().request({ method: "GET", url: "/groups/g", idempotent: true }));
    assert.ok(isNotFound(err));
    assert.equal(server.requests.length, 1);
    assert.equal(err.code, "ADMIN-404-10");
  });

  it("treats a connection dropped after a mutation was sent as ambiguous, sending it once", async () => {
    replies = ["destroy"];
    const err = await rejectionOf(http().request({ method: "DELETE", url: "/groups/g", idempotent: false }));
    assert.equal(server.requests.length, 1);
    assert.ok(isAmbiguous(err));
    assert.equal(err.status, 0);
  });

  it("retries a read after a dropped connection", async () => {
    replies = ["destroy", { status: 200, body: { id: "1", name: "a" } }];
    const out = await http().request({ method: "GET", url: "/x", schema: Thing, idempotent: true });
    assert.equal(out.id, "1");
    assert.equal(server.requests.length, 2);
  });

  it("throws a TimeoutError for a read that never answers, and an ambiguous error for a mutation", async () => {
    replies = ["hang", "hang", "hang"];
    const read = await rejectionOf(
      http({ timeoutMs: 250, retry: { retries: 1 } }).request({ method: "GET", url: "/x", idempotent: true }),
    );
    assert.equal(read.kind, "timeout");
    assert.equal(read.attempts, 2);
    const write = await rejectionOf(
      http({ timeoutMs: 250 }).request({ method: "POST", url: "/y", data: {}, idempotent: false }),
    );
    assert.ok(isAmbiguous(write));
    assert.match(write.message, /no answer within 250 ms/);
    assert.equal(server.requests.length, 3);
  });

  it("treats a 2xx other than the expected one on a mutation as ambiguous", async () => {
    replies = [{ status: 200, body: {} }];
    const err = await rejectionOf(
      http().request({ method: "POST", url: "/groups", data: {}, expect: [201], idempotent: false }),
    );
    assert.ok(isAmbiguous(err));
    assert.match(err.message, /answered HTTP 200, not 201/);
  });

  it("never puts the token or a client secret in an error", async () => {
    const echo = `Bearer ${TOKEN}; client_secret=hunter2-very-secret; {"access_token":"eyJabc.def.ghi"}`;
    replies = [
      { status: 401, body: { errors: [{ code: "401", detail: `rejected ${echo}`, title: TOKEN }] } },
      "destroy",
    ];
    const errors = [
      await rejectionOf(
        http().request({ method: "GET", url: "/x", params: { access_token: TOKEN }, idempotent: true }),
      ),
      await rejectionOf(http().request({ method: "POST", url: "/y", data: { token: TOKEN }, idempotent: false })),
    ];
    for (const err of errors) {
      for (const text of [String(err), JSON.stringify(err), inspect(err, { depth: 10, showHidden: true })]) {
        assert.ok(!text.includes(TOKEN), `token leaked: ${text}`);
        assert.ok(!text.includes("hunter2-very-secret"), `secret leaked: ${text}`);
        assert.ok(!text.includes("eyJabc.def.ghi"), `access token leaked: ${text}`);
      }
    }
    assert.equal(errors[0].url, `${server.url}/x?access_token=[REDACTED]`);
    assert.match(errors[0].message, /rejected Bearer \[REDACTED\]; client_secret=\[REDACTED\]/);
  });

  it("throws a SchemaValidationError naming the operation and the issue paths", async () => {
    replies = [{ status: 200, body: { data: [{ id: 5 }] } }];
    const Page = z.object({ data: z.array(Thing) });
    const err = await rejectionOf(
      http().request({
        method: "POST",
        url: "/search",
        data: {},
        schema: Page,
        schemaName: "ThingPage",
        operation: "searchThings",
        idempotent: true,
      }),
    );
    assert.ok(err instanceof SchemaValidationError);
    assert.ok(!(err instanceof ApiError));
    assert.deepEqual(
      err.issues.map((i: { path: string }) => i.path),
      ["data.0.id", "data.0.name"],
    );
    assert.match(
      err.message,
      /^Test API: the answer to searchThings \(POST \/search\) did not match ThingPage: data\.0\.id: /,
    );
  });

  it("holds later calls until X-RateLimit-Reset once X-RateLimit-Remaining reaches 0", async () => {
    replies = [
      {
        status: 200,
        headers: { Date: DATE, "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": new Date(NOW + 2000).toISOString() },
        body: "{}",
      },
      { status: 204 },
    ];
    const client = http();
    await client.request({ method: "GET", url: "/a", idempotent: true });
    assert.deepEqual(rec.delays, []);
    await client.request({ method: "GET", url: "/b", idempotent: true });
    assert.deepEqual(rec.delays, [2000]);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    await server.close();
    let inFlight = 0;
    let peak = 0;
    server = await startTestServer(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 15));
      inFlight--;
      return { status: 204 };
    });
    const client = http({ concurrency: 2 });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => client.request({ method: "GET", url: `/n/${i}`, idempotent: true })),
    );
    assert.equal(server.requests.length, 8);
    assert.equal(peak, 2);
  });
});
