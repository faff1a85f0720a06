// The ISC routes as a client sees them: tokens and expiry, collection parameters, entitlements, requests, aggregation, rate limit.
import { strict as assert } from "node:assert";
import type { AddressInfo } from "node:net";
import express from "express";
import { startTestSandbox, call, type TestSandbox } from "../helpers/sandbox";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { ISC_GROUPS } from "../../sandbox/scenarios/acme";
import { iscRoutes } from "../../sandbox/routes/isc";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const CREDENTIALS = `grant_type=client_credentials&client_id=${SANDBOX_CREDENTIALS.iscClientId}&client_secret=${SANDBOX_CREDENTIALS.iscClientSecret}`;

async function iscToken(sb: TestSandbox): Promise<string> {
  const res = await fetch(`${sb.url}/oauth/token`, { method: "POST", headers: FORM, body: CREDENTIALS });
  assert.equal(res.status, 200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const q = (filters: string) => encodeURIComponent(filters);

/** Serves one router alone (unmatched paths answer 418 "next") for probes that must not reach the sandbox's request log. */
async function onBareApp(router: express.Router, probe: (base: string) => Promise<void>): Promise<void> {
  const app = express();
  app.use(router);
  app.use((_req, res) => void res.status(418).send("next"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    await probe(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe("sandbox ISC API", () => {
  let sb: TestSandbox;
  let token: string;
  let sourceId: string;
  const isc = (method: string, path: string, body?: unknown) => call(sb, method, path, { token, body });

  before(async () => {
    sb = await startTestSandbox();
    token = await iscToken(sb);
    sourceId = sb.store.world.isc.sourceId;
  });
  after(() => sb.close());

  describe("POST /oauth/token", () => {
    it("issues a JWT-shaped bearer token for form-encoded client credentials", async () => {
      const res = await fetch(`${sb.url}/oauth/token`, { method: "POST", headers: FORM, body: CREDENTIALS });
      const body = (await res.json()) as Record<string, unknown>;
      assert.deepEqual(
        [res.status, body.token_type, body.expires_in, String(body.access_token).split(".").length],
        [200, "bearer", 749, 3],
      );
    });

    it("accepts the credentials in the query string, as the docs show", async () => {
      const res = await fetch(`${sb.url}/oauth/token?${CREDENTIALS}`, { method: "POST" });
      assert.deepEqual([res.status, ((await res.json()) as { expires_in: number }).expires_in], [200, 749]);
    });

    it("refuses a wrong client secret with 401 invalid_client", async () => {
      const res = await fetch(`${sb.url}/oauth/token`, {
        method: "POST",
        headers: FORM,
        body: CREDENTIALS.replace(/client_secret=.*/, "client_secret=wrong"),
      });
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), {
        error: "invalid_client",
        error_description: "Bad client credentials: check client_id and client_secret.",
      });
    });

    it("refuses a grant type other than client_credentials with 400", async () => {
      const res = await fetch(`${sb.url}/oauth/token`, {
        method: "POST",
        headers: FORM,
        body: "grant_type=refresh_token&client_id=x&refresh_token=y",
      });
      const body = (await res.json()) as { detailCode: string; messages: { text: string }[] };
      assert.equal(res.status, 400);
      assert.equal(body.detailCode, "400.1 Bad Request Content");
      assert.equal(
        body.messages[0].text,
        'grant_type "refresh_token" is not served by the sandbox; use client_credentials.',
      );
    });
  });

  describe("bearer auth", () => {
    it("refuses a request without a token with the spec's 401 body", async () => {
      const res = await call(sb, "GET", "/v3/sources", { token: null });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { error: "JWT validation failed: no bearer token in the Authorization header" });
    });

    it("refuses a token whose signature does not match", async () => {
      const res = await call(sb, "GET", "/v3/sources", { token: `${token.slice(0, -4)}AAAA` });
      assert.deepEqual([res.status, res.body], [401, { error: "JWT validation failed: JWT signature is invalid" }]);
    });

    it("expires a token once the sandbox clock passes expires_in", async () => {
      const fresh = await iscToken(sb);
      await call(sb, "POST", "/__sandbox/clock/advance", { body: { minutes: 12 } });
      assert.equal((await call(sb, "GET", "/v3/sources", { token: fresh })).status, 200);
      await call(sb, "POST", "/__sandbox/clock/advance", { body: { minutes: 1 } });
      const res = await call(sb, "GET", "/v3/sources", { token: fresh });
      assert.deepEqual([res.status, res.body], [401, { error: "JWT validation failed: JWT is expired" }]);
      token = await iscToken(sb);
    });

    it("logs calls under the API client's name", async () => {
      await isc("GET", `/v3/sources/${sourceId}`);
      const { body } = await call(sb, "GET", "/__sandbox/requests?api=isc");
      const last = body.requests[body.requests.length - 1];
      assert.deepEqual(
        [last.method, last.path, last.status, last.actor],
        ["GET", `/v3/sources/${sourceId}`, 200, "isc:atlassian-access (read)"],
      );
    });

    it("leaves paths outside /v3, /v2025 and /beta to whatever is mounted after it", async () => {
      // On a bare app, so the probe of a path no spec has stays out of the request log the conformance check replays.
      await onBareApp(iscRoutes(sb.handle), async (base) => {
        const outside = await fetch(`${base}/admin/v2/orgs/x/directories/y/groups/search`, { method: "POST" });
        const inside = await fetch(`${base}/v3/sources`);
        assert.deepEqual([outside.status, await outside.text(), inside.status], [418, "next", 401]);
      });
    });
  });

  describe("GET /v3/sources", () => {
    it("lists the Atlassian source, found by connectorName", async () => {
      const res = await isc("GET", `/v3/sources?filters=${q('connectorName eq "Atlassian Suite - Cloud"')}`);
      assert.deepEqual(
        res.body.map((s: { id: string; name: string }) => [s.id, s.name]),
        [[sourceId, "Atlassian Cloud"]],
      );
    });

    it("answers 404 with an ErrorResponseDto for an unknown source", async () => {
      const res = await isc("GET", "/v3/sources/0000");
      assert.equal(res.status, 404);
      assert.equal(res.body.detailCode, "404 Not found");
      assert.equal(res.body.messages[0].text, "Source 0000 was not found.");
    });
  });

  describe("GET /v3/accounts", () => {
    it("sends X-Total-Count with count=true and pages with limit and offset", async () => {
      const total = sb.store.world.isc.accounts.length;
      const first = await isc("GET", "/v3/accounts?limit=150&count=true&sorters=id");
      assert.equal(first.headers.get("x-total-count"), String(total));
      const second = await isc("GET", "/v3/accounts?limit=150&offset=150&sorters=id");
      const ids = [...first.body, ...second.body].map((a: { id: string }) => a.id);
      assert.equal(ids.length, total);
      assert.equal(new Set(ids).size, total);
      assert.deepEqual(ids, [...ids].sort());
      assert.equal(second.headers.get("x-total-count"), null);
    });

    it("refuses a limit above 250", async () => {
      const res = await isc("GET", "/v3/accounts?limit=251");
      assert.equal(res.status, 400);
      assert.equal(res.body.messages[0].text, 'limit must be an integer from 0 to 250; got "251".');
    });

    it("filters by sourceId and origin together", async () => {
      const res = await isc(
        "GET",
        `/v3/accounts?count=true&filters=${q(`sourceId eq "${sourceId}" and origin eq "AGGREGATED"`)}`,
      );
      assert.equal(res.headers.get("x-total-count"), String(sb.store.world.isc.accounts.length));
      assert.ok(
        res.body.every(
          (a: { origin: string; sourceId: string }) => a.origin === "AGGREGATED" && a.sourceId === sourceId,
        ),
      );
    });

    it("finds the one uncorrelated account: the invited address no identity has", async () => {
      const res = await isc("GET", `/v3/accounts?filters=${q("uncorrelated eq true")}`);
      assert.deepEqual(
        res.body.map((a: { name: string; identityId?: string }) => [a.name, a.identityId]),
        [["m.garcia@acme.example", undefined]],
      );
    });

    it("filters by nativeIdentity in a list and by name", async () => {
      const [a, b] = sb.store.world.isc.accounts;
      const res = await isc(
        "GET",
        `/v3/accounts?sorters=nativeIdentity&filters=${q(`nativeIdentity in ("${b.nativeIdentity}","${a.nativeIdentity}")`)}`,
      );
      assert.deepEqual(
        res.body.map((x: { id: string }) => x.id),
        [a, b].sort((x, y) => x.nativeIdentity.localeCompare(y.nativeIdentity)).map((x) => x.id),
      );
      const byName = await isc("GET", `/v3/accounts?filters=${q('name eq "ana.arden@acme.example"')}`);
      assert.equal(byName.body.length, 1);
      assert.deepEqual(byName.body[0].attributes.email, "ana.arden@acme.example");
      assert.equal(byName.body[0].identity.name, "Ana Arden");
    });

    it("refuses an operator the spec does not list for the field", async () => {
      const res = await isc("GET", `/v3/accounts?filters=${q('name co "arden"')}`);
      assert.equal(res.status, 400);
      assert.equal(
        res.body.messages[0].text,
        'Filtering with operator "co" is not supported for field "name"; supported: eq, in, sw.',
      );
    });

    it("refuses a sorter outside the spec's list", async () => {
      assert.equal((await isc("GET", "/v3/accounts?sorters=attributes.email")).status, 400);
    });

    it("answers 404 for an unknown account or source and lists a known account's entitlements", async () => {
      assert.deepEqual(
        [
          (await isc("GET", "/v3/accounts/nope")).status,
          (await isc("POST", "/v2025/sources/nope/load-accounts")).status,
        ],
        [404, 400],
      );
      const account = sb.store.world.isc.accounts.find((a) => a.name === "m.garcia@acme.example")!;
      const res = await isc("GET", `/v3/accounts/${account.id}/entitlements`);
      assert.deepEqual(
        res.body.map((e: { name: string; attribute: string }) => [e.name, e.attribute]),
        [["contractors", "groups"]],
      );
    });
  });

  describe("GET /v2025/entitlements", () => {
    it("lists the source's requestable groups by source.id", async () => {
      const res = await isc(
        "GET",
        `/v2025/entitlements?sorters=name&filters=${q(`source.id eq "${sourceId}" and requestable eq true`)}`,
      );
      assert.deepEqual(
        res.body.map((e: { name: string }) => e.name),
        [...ISC_GROUPS].sort(),
      );
      const group = sb.store.world.org.groups.find((g) => g.name === "isc-jira-requesters")!;
      assert.equal(res.body.find((e: { name: string }) => e.name === "isc-jira-requesters").value, group.id);
    });

    it("refuses sourceId, which the v2025 spec does not list for entitlements", async () => {
      assert.equal((await isc("GET", `/v2025/entitlements?filters=${q(`sourceId eq "${sourceId}"`)}`)).status, 400);
    });
  });

  describe("POST /v3/access-requests", () => {
    const entitlement = (name: string) => sb.store.world.isc.entitlements.find((e) => e.name === name)!;
    const identity = (email: string) => sb.store.world.isc.identities.find((i) => i.email === email)!;

    it("adds the group at once for an identity with a correlated account", async () => {
      const ent = entitlement("isc-jsm-agents");
      const ana = identity("ana.arden@acme.example");
      const res = await isc("POST", "/v3/access-requests", {
        requestedFor: [ana.id],
        requestedItems: [{ type: "ENTITLEMENT", id: ent.id }],
      });
      assert.equal(res.status, 202);
      assert.equal(res.body.newRequests[0].requestedFor, ana.id);
      const activities = await isc("GET", `/v3/account-activities?requested-for=${ana.id}`);
      assert.deepEqual(
        activities.body.map(
          (a: { completionStatus: string; items: { operation: string; provisioningStatus: string }[] }) => [
            a.completionStatus,
            a.items.map((i) => `${i.operation} ${i.provisioningStatus}`),
          ],
        ),
        [["SUCCESS", ["ADD FINISHED"]]],
      );
      const account = sb.store.world.isc.accounts.find((a) => a.identityId === ana.id)!;
      const ents = await isc("GET", `/v3/accounts/${account.id}/entitlements`);
      assert.ok(ents.body.some((e: { id: string }) => e.id === ent.id));
      assert.ok(sb.store.world.org.groups.find((g) => g.id === ent.value)!.members.includes(account.nativeIdentity));
    });

    it("answers an item the identity already holds under existingRequests", async () => {
      const ent = entitlement("isc-jsm-agents");
      const ana = identity("ana.arden@acme.example");
      const res = await isc("POST", "/v3/access-requests", {
        requestedFor: [ana.id],
        requestedItems: [{ type: "ENTITLEMENT", id: ent.id }],
      });
      assert.deepEqual([res.status, res.body.newRequests, res.body.existingRequests.length], [202, [], 1]);
    });

    it("grants an access profile's entitlements and names the profile in the activity", async () => {
      const ent = entitlement("isc-confluence-contractors");
      const now = sb.store.nowIso();
      // No route creates access profiles in the sandbox: this one is seeded directly.
      const profile = {
        id: "ap0000000000000000000000000000001",
        name: "Confluence contractors",
        description: null,
        sourceId,
      };
      sb.store.world.isc.accessProfiles.push({
        ...profile,
        entitlementIds: [ent.id],
        requestable: true,
        enabled: true,
        created: now,
        modified: now,
      });
      const listed = await isc("GET", `/v3/access-profiles?filters=${q(`source.id eq "${sourceId}"`)}`);
      assert.deepEqual(
        listed.body.map((p: { entitlements: { name: string }[] }) => p.entitlements.map((e) => e.name)),
        [["isc-confluence-contractors"]],
      );
      const ben = identity("ben.arden@acme.example");
      const res = await isc("POST", "/v3/access-requests", {
        requestedFor: [ben.id],
        requestedItems: [{ type: "ACCESS_PROFILE", id: "ap0000000000000000000000000000001" }],
      });
      assert.equal(res.status, 202);
      const [activity] = (await isc("GET", `/v3/account-activities?requested-for=${ben.id}`)).body;
      assert.deepEqual(activity.items[0].accountRequestInfo, {
        requestedObjectId: "ap0000000000000000000000000000001",
        requestedObjectName: "Confluence contractors",
        requestedObjectType: "ACCESS_PROFILE",
      });
    });

    it("refuses a group ISC does not offer for request", async () => {
      const ent = entitlement("dept-sales");
      const res = await isc("POST", "/v3/access-requests", {
        requestedFor: [identity("ana.arden@acme.example").id],
        requestedItems: [{ type: "ENTITLEMENT", id: ent.id }],
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.messages[0].text, `Entitlement dept-sales (${ent.id}) is not requestable.`);
    });

    it("refuses ROLE items, which the sandbox does not model", async () => {
      const res = await isc("POST", "/v3/access-requests", {
        requestedFor: [identity("ana.arden@acme.example").id],
        requestedItems: [{ type: "ROLE", id: "r1" }],
      });
      assert.equal(
        res.body.messages[0].text,
        "requestedItems[0]: ROLE items are not modelled by the sandbox; request ENTITLEMENT or ACCESS_PROFILE.",
      );
    });
  });

  describe("aggregation and task status (v2025)", () => {
    it("answers load-accounts with the launched task, then reports it complete", async () => {
      const res = await isc("POST", `/v2025/sources/${sourceId}/load-accounts`);
      assert.equal(res.status, 202);
      assert.deepEqual(
        [res.body.success, res.body.task.name, res.body.task.completionStatus, res.body.task.completed],
        [true, "Cloud Account Aggregation", undefined, undefined],
      );
      const status = await isc("GET", `/v2025/task-status/${res.body.task.id}`);
      assert.deepEqual(
        [status.body.type, status.body.uniqueName, status.body.completionStatus, status.body.percentComplete],
        ["QUARTZ", "Cloud Account Aggregation", "SUCCESS", 100],
      );
      const listed = await isc(
        "GET",
        `/v2025/task-status?sorters=-created&filters=${q(`sourceId eq "${sourceId}" and type eq "CLOUD_ACCOUNT_AGGREGATION"`)}`,
      );
      assert.equal(listed.body[0].id, res.body.task.id);
      const agg = await isc("GET", `/v2025/account-aggregations/${res.body.task.id}/status`);
      assert.equal(agg.body.status, "COMPLETED");
      await call(sb, "POST", "/__sandbox/clock/advance", { body: { minutes: 61 } });
      token = await iscToken(sb);
      assert.equal((await isc("GET", `/v2025/account-aggregations/${res.body.task.id}/status`)).status, 404);
    });
  });

  describe("rate limit", () => {
    before(async () => {
      await call(sb, "POST", "/__sandbox/reset", { body: { scenario: "acme", settings: { rateLimits: true } } });
      token = await iscToken(sb);
    });
    after(async () => {
      await call(sb, "POST", "/__sandbox/reset", { body: { scenario: "acme" } });
    });

    it("answers the 101st call within 10 s with 429 and Retry-After, and lets calls through once the window passes", async () => {
      const results = await Promise.all(
        Array.from({ length: 100 }, () => isc("GET", `/v3/sources/${sb.store.world.isc.sourceId}`)),
      );
      assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
      const limited = await isc("GET", `/v3/sources/${sb.store.world.isc.sourceId}`);
      assert.equal(limited.status, 429);
      assert.deepEqual(
        limited.body,
        { message: " Rate Limit Exceeded " },
        "the v3 spec's 429 body, not ErrorResponseDto",
      );
      const retryAfter = Number(limited.headers.get("retry-after"));
      assert.ok(retryAfter >= 1 && retryAfter <= 10, `Retry-After was ${retryAfter}`);
      await call(sb, "POST", "/__sandbox/clock/advance", { body: { minutes: 10 / 60 } });
      assert.equal((await isc("GET", `/v3/sources/${sb.store.world.isc.sourceId}`)).status, 200);
    });
  });
});
