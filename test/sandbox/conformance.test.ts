// The conformance checker itself: it must be live (wrong exchanges fail), know unknown routes, honour the overlay, stay fast.
import { strict as assert } from "node:assert";
import { loadConformance, defaultSpecsDir, type Conformance } from "../../sandbox/conformance";
import type { RequestRecord } from "../../sandbox/store";
import { startTestSandbox, call, type TestSandbox } from "../helpers/sandbox";

const record = (
  r: Partial<RequestRecord> & Pick<RequestRecord, "api" | "method" | "path" | "status">,
): RequestRecord => ({
  seq: 1,
  time: "2027-01-04T09:00:00.000Z",
  query: {},
  actor: "test",
  responseHeaders: { "content-type": "application/json; charset=utf-8" },
  ...r,
});
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("loadConformance", () => {
  it("returns undefined and says why when the specs are absent", () => {
    const reasons: string[] = [];
    assert.equal(
      loadConformance("/nonexistent/specs", (r) => reasons.push(r)),
      undefined,
    );
    assert.equal(reasons.length, 1);
    assert.match(reasons[0], /^specs not found at \/nonexistent\/specs: conformance skipped/);
  });
});

describe("Conformance.check", () => {
  let conformance: Conformance;
  let sb: TestSandbox;
  let eventsPage: RequestRecord;

  before(async function () {
    const loaded = loadConformance(defaultSpecsDir(), (reason) => {
      if (process.env.CI === "true")
        throw new Error(`${reason}; CI must run the conformance checks, so the specs must be at ${defaultSpecsDir()}`);
      console.log(`    ${reason}`);
    });
    if (!loaded) return this.skip();
    conformance = loaded;
    sb = await startTestSandbox();
    const res = await call(sb, "GET", `/admin/v1/orgs/${sb.store.world.org.id}/events?limit=3`);
    assert.equal(res.status, 200);
    eventsPage = clone(sb.store.world.requests[sb.store.world.requests.length - 1]);
  });
  after(() => sb?.close());

  it("passes a real sandbox exchange", () => {
    assert.equal(eventsPage.path, `/admin/v1/orgs/${sb.store.world.org.id}/events`);
    assert.deepEqual(conformance.check(eventsPage), []);
  });

  it("reports a response body that breaks the declared schema", () => {
    const wrong = clone(eventsPage) as RequestRecord & { responseBody: { data: { type: string }[] } };
    wrong.responseBody.data[0].type = "event";
    const violations = conformance.check(wrong);
    assert.equal(violations.length, 1);
    assert.equal(violations[0].kind, "response-body");
    assert.equal(
      violations[0].operation,
      "atlassian/atlassian-admin-organization.openapi.json GET /v1/orgs/{orgId}/events",
    );
    assert.match(violations[0].message, /^\/data\/0\/type must be equal to one of the allowed values \(\["events"\]\)/);
  });

  it("reports a status the operation does not declare", () => {
    const violations = conformance.check({ ...eventsPage, status: 418 });
    assert.deepEqual(
      violations.map((v) => [v.kind, v.message]),
      [["status", "status 418 is not declared; the spec declares 200, 400, 401, 429, 500"]],
    );
  });

  it("reports a request the sandbox accepted although the spec forbids it, and not one it refused", () => {
    const accepted = conformance.check({ ...eventsPage, query: { limit: "900" } });
    assert.deepEqual(
      accepted.map((v) => [v.kind, v.message]),
      [["request", "/query/limit must be <= 500"]],
    );
    const refused = record({
      api: "audit",
      method: "GET",
      path: eventsPage.path,
      status: 400,
      query: { limit: "900" },
      responseBody: { errors: [{ code: "ADMIN-400-19" }] },
    });
    assert.deepEqual(conformance.check(refused), []);
  });

  it("reports a route no spec describes as unknown-route", () => {
    const violations = conformance.check(
      record({ api: "org", method: "GET", path: "/admin/v9/orgs/o/teleporters", status: 200, responseBody: {} }),
    );
    assert.deepEqual(
      violations.map((v) => v.kind),
      ["unknown-route"],
    );
    assert.equal(violations[0].message, "no operation in the org specs matches GET /admin/v9/orgs/o/teleporters");
  });

  it("reports a method the path does not have as unknown-route, naming the methods it has", () => {
    const [v] = conformance.check({ ...eventsPage, method: "DELETE" });
    assert.equal(v.kind, "unknown-route");
    assert.match(v.message, /the spec has GET \/v1\/orgs\/\{orgId\}\/events$/);
  });

  it("skips the routes the overlay lists as not in any spec", () => {
    assert.deepEqual(
      conformance.check(record({ api: "controls", method: "POST", path: "/__sandbox/reset", status: 200 })),
      [],
    );
    assert.deepEqual(
      conformance.check(
        record({
          api: "user-provisioning",
          method: "GET",
          path: "/admin/user-provisioning/v1/org/o/user/u/onlyDeleteUserInDB",
          status: 204,
        }),
      ),
      [],
    );
  });

  it("applies the overlay's lenient entries only to the status they name", () => {
    const otherOrg = record({
      api: "audit",
      method: "GET",
      path: "/admin/v1/orgs/nope/events",
      status: 404,
      responseBody: { errors: [] },
    });
    assert.deepEqual(conformance.check(otherOrg), []);
    assert.deepEqual(
      conformance.check({ ...otherOrg, status: 409 }).map((v) => v.kind),
      ["status"],
    );
  });

  it("checks SCIM bodies sent as application/scim+json and ISC bodies against their own specs", () => {
    const scimUser = record({
      api: "scim",
      method: "GET",
      path: `/scim/directory/${sb.store.world.scim.directoryId}/Users/u-1`,
      status: 200,
      responseHeaders: { "content-type": "application/scim+json" },
      responseBody: { schemas: "not-a-list", userName: "a@acme.example" },
    });
    assert.deepEqual(
      conformance.check(scimUser).map((v) => v.kind),
      ["response-body"],
    );
    assert.deepEqual(
      conformance.check({ ...scimUser, responseHeaders: { "content-type": "text/plain" } }).map((v) => v.kind),
      ["content-type"],
    );
    const accounts = record({
      api: "isc",
      method: "GET",
      path: "/v3/accounts",
      status: 200,
      responseBody: [{ id: 5 }],
    });
    const [v] = conformance.check(accounts);
    assert.equal(v.kind, "response-body");
    assert.equal(v.operation, "isc/isc-v3-subset.json GET /accounts");
  });

  it("checks app access settings against the 2026-07-22 spec, and nothing else against that older copy", () => {
    const list = record({
      api: "org",
      method: "GET",
      path: `/admin/v2/orgs/${sb.store.world.org.id}/app-access-settings/domains`,
      status: 200,
      responseBody: { data: [{ domain: "ANYONE", enabled: "yes" }], links: {} },
    });
    const [v] = conformance.check(list);
    assert.equal(v.kind, "response-body");
    assert.equal(
      v.operation,
      "atlassian/atlassian-admin-organization.openapi.2026-07-22.json GET /v2/orgs/{orgId}/app-access-settings/domains",
    );
    // The v1 group search left the spec in 2026-08; only the older copy has it, and it does not count.
    const v1Search = record({ api: "org", method: "POST", path: "/admin/v1/orgs/o/groups/search", status: 200 });
    assert.deepEqual(
      conformance.check(v1Search).map((x) => x.kind),
      ["unknown-route"],
    );
  });

  it("checks 20,000 exchanges in under 10 seconds once each schema is compiled", function () {
    this.timeout(30_000);
    const records = sb.store.world.requests.filter((r) => r.api !== "controls");
    conformance.check(records[0]);
    const started = Date.now();
    for (let i = 0; i < 20_000; i++) conformance.check(records[i % records.length]);
    const elapsed = Date.now() - started;
    console.log(`      20,000 exchanges (${records.length} distinct) in ${elapsed} ms`);
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
  });
});
