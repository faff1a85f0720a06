// domain.md behaviours 1 and 2 through the public APIs: ISC's CREATE does not look first, and origin tells who created an account.
import { strict as assert } from "node:assert";
import { startTestSandbox, call, orgPath, type TestSandbox } from "../helpers/sandbox";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { J_SMITH } from "../../sandbox/scenarios/acme";

const q = (filters: string) => encodeURIComponent(filters);

describe("ISC behaviours (domain.md 1 and 2)", () => {
  let sb: TestSandbox;
  let token: string;
  const isc = (method: string, path: string, body?: unknown) => call(sb, method, path, { token, body });
  const control = (path: string, body?: unknown) => call(sb, "POST", `/__sandbox${path}`, { body: body ?? {} });
  const w = () => sb.store.world;
  /** ISC identities come from HR and have no route of their own in the sandbox: looked up in the world. */
  const jSmithIdentity = () => w().isc.identities.find((i) => i.email === J_SMITH.email)!.id;

  async function newToken(): Promise<string> {
    const res = await fetch(`${sb.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `grant_type=client_credentials&client_id=${SANDBOX_CREDENTIALS.iscClientId}&client_secret=${SANDBOX_CREDENTIALS.iscClientSecret}`,
    });
    return ((await res.json()) as { access_token: string }).access_token;
  }

  async function entitlementId(name: string): Promise<string> {
    const res = await isc(
      "GET",
      `/v2025/entitlements?filters=${q(`source.id eq "${w().isc.sourceId}" and name eq "${name}"`)}`,
    );
    assert.equal(res.body.length, 1);
    return res.body[0].id;
  }

  async function atlassianUser(email: string) {
    const res = await call(sb, "POST", orgPath(sb, "/users/search"), { body: { emails: [email] } });
    return res.body.data[0] as { accountId: string; email: string; managementSource?: string } | undefined;
  }

  async function groupMemberEmails(groupName: string): Promise<string[]> {
    const groups = await call(sb, "POST", orgPath(sb, "/groups/search"), { body: { groupNames: [groupName] } });
    const users = await call(sb, "POST", orgPath(sb, "/users/search"), {
      body: { groupIds: [groups.body.data[0].id], limit: 100 },
    });
    return users.body.data.map((u: { email: string }) => u.email);
  }

  async function requestFor(identityId: string, entId: string) {
    return isc("POST", "/v3/access-requests", {
      requestedFor: [identityId],
      requestedItems: [{ type: "ENTITLEMENT", id: entId }],
    });
  }

  before(async () => {
    sb = await startTestSandbox();
    token = await newToken();
  });
  after(() => sb.close());

  describe("behaviour 1: the j.smith timeline", () => {
    let entId: string;
    let accountId: string;
    let activityId: string;

    it("has SCIM create j.smith@acme.example at 15:00", async () => {
      await control("/clock/set", { time: "2026-11-23T15:00:00Z" });
      assert.equal(await atlassianUser(J_SMITH.email), undefined);
      await control("/idp/sync");
      const user = await atlassianUser(J_SMITH.email);
      assert.equal(user?.managementSource, "synced");
      accountId = user.accountId;
    });

    it("fails the 15:30 access request with Atlassian's 409, because the connector creates without looking", async () => {
      await control("/clock/set", { time: "2026-11-23T15:30:00Z" });
      token = await newToken();
      entId = await entitlementId("isc-jira-requesters");
      const res = await requestFor(jSmithIdentity(), entId);
      assert.equal(res.status, 202);
      assert.equal(res.body.newRequests[0].accessRequestIds.length, 1);

      const activities = await isc("GET", `/v3/account-activities?requested-for=${jSmithIdentity()}`);
      assert.equal(activities.body.length, 1);
      const [activity] = activities.body;
      activityId = activity.id;
      assert.deepEqual(
        [activity.type, activity.completionStatus, activity.created.slice(0, 16)],
        ["appRequest", "FAILURE", "2026-11-23T15:30"],
      );
      assert.deepEqual(activity.errors, [
        `sailpoint.connector.ConnectorException: Atlassian answered 409 to POST /admin/v2/orgs/${w().org.id}/users/invite: [ADMIN-409-28] An account with email ${J_SMITH.email} already exists.`,
      ]);
      assert.deepEqual(
        activity.items.map((i: { operation: string; provisioningStatus: string; value: string | null }) => [
          i.operation,
          i.provisioningStatus,
          i.value,
        ]),
        [
          ["CREATE", "FAILED", null],
          ["ADD", "PENDING", w().org.groups.find((g) => g.name === "isc-jira-requesters")!.id],
        ],
      );
    });

    it("shows the connector's 409 in the request log under its API key", async () => {
      const { body } = await call(sb, "GET", "/__sandbox/requests?api=org");
      const creates = body.requests.filter(
        (r: { method: string; path: string }) =>
          r.method === "POST" && r.path === `/admin/v2/orgs/${w().org.id}/users/invite`,
      );
      assert.deepEqual(
        creates.map((r: { status: number; actor: string }) => [r.status, r.actor]),
        [[409, "api-key:sailpoint-isc-connector"]],
      );
    });

    it("leaves j.smith without an ISC account and outside the Atlassian group until ISC aggregates", async () => {
      const byNative = await isc("GET", `/v3/accounts?filters=${q(`nativeIdentity eq "${accountId}"`)}`);
      const byIdentity = await isc("GET", `/v3/accounts?filters=${q(`identityId eq "${jSmithIdentity()}"`)}`);
      assert.deepEqual([byNative.body, byIdentity.body], [[], []]);
      assert.equal((await groupMemberEmails("isc-jira-requesters")).includes(J_SMITH.email), false);
    });

    it("answers a repeated request while the first is pending under existingRequests", async () => {
      const res = await requestFor(jSmithIdentity(), entId);
      assert.deepEqual([res.body.newRequests, res.body.existingRequests[0].accessRequestIds.length], [[], 1]);
    });

    it("correlates the SCIM-made account on load-accounts and then applies the pending group", async () => {
      const launched = await isc("POST", `/v2025/sources/${w().isc.sourceId}/load-accounts`);
      assert.equal(launched.status, 202);
      const status = await isc("GET", `/v2025/task-status/${launched.body.task.id}`);
      assert.equal(status.body.completionStatus, "SUCCESS");

      const accounts = await isc("GET", `/v3/accounts?filters=${q(`identityId eq "${jSmithIdentity()}"`)}`);
      assert.deepEqual(
        accounts.body.map((a: { nativeIdentity: string; uncorrelated: boolean; origin: string; name: string }) => [
          a.nativeIdentity,
          a.uncorrelated,
          a.origin,
          a.name,
        ]),
        [[accountId, false, "AGGREGATED", J_SMITH.email]],
      );
      assert.equal((await groupMemberEmails("isc-jira-requesters")).includes(J_SMITH.email), true);
      const ents = await isc("GET", `/v3/accounts/${accounts.body[0].id}/entitlements`);
      assert.deepEqual(
        ents.body.map((e: { name: string }) => e.name).filter((n: string) => n.startsWith("isc-")),
        ["isc-jira-requesters"],
      );
    });

    it("completes the pending ADD item and keeps the request's failure on record", async () => {
      const activity = (await isc("GET", `/v3/account-activities/${activityId}`)).body;
      assert.equal(activity.completionStatus, "FAILURE");
      assert.deepEqual(
        activity.items.map((i: { operation: string; provisioningStatus: string; nativeIdentity: string | null }) => [
          i.operation,
          i.provisioningStatus,
          i.nativeIdentity,
        ]),
        [
          ["CREATE", "FAILED", null],
          ["ADD", "FINISHED", accountId],
        ],
      );
      assert.deepEqual(w().isc.pending, []);
    });

    it("records the membership in the audit log as the connector's API key", async () => {
      const res = await call(sb, "GET", `/admin/v1/orgs/${w().org.id}/events?action=user_added_to_group&limit=1`);
      const [event] = res.body.data;
      // The connector's org API key acts as its bot account, named after the key's label (no auth object).
      assert.deepEqual(event.attributes.actor.name, "sailpoint-isc-connector");
      assert.equal(event.attributes.actor.auth, undefined);
      assert.deepEqual(
        event.attributes.context.map(
          (c: { type: string; attributes: { name?: string; email?: string } }) =>
            c.attributes.name ?? c.attributes.email,
        ),
        ["isc-jira-requesters", J_SMITH.email],
      );
    });
  });

  describe("behaviour 2: origin separates ISC-made from SCIM-made accounts", () => {
    before(async () => {
      await control("/reset", { scenario: "acme" });
      token = await newToken();
    });

    it("creates j.smith through the connector at 14:30, before SCIM knows him, with origin PROVISIONED", async () => {
      const entId = await entitlementId("isc-jira-requesters");
      await requestFor(jSmithIdentity(), entId);
      const [activity] = (await isc("GET", `/v3/account-activities?requested-for=${jSmithIdentity()}`)).body;
      assert.deepEqual(
        [
          activity.completionStatus,
          activity.items.map(
            (i: { operation: string; provisioningStatus: string }) => `${i.operation} ${i.provisioningStatus}`,
          ),
        ],
        ["SUCCESS", ["CREATE FINISHED", "ADD FINISHED"]],
      );
      const provisioned = await isc("GET", `/v3/accounts?filters=${q('origin eq "PROVISIONED"')}`);
      assert.deepEqual(
        provisioned.body.map((a: { name: string; identityId: string }) => [a.name, a.identityId]),
        [[J_SMITH.email, jSmithIdentity()]],
      );
      const user = await atlassianUser(J_SMITH.email);
      assert.equal(user?.managementSource, "invited");
      assert.equal((await groupMemberEmails("isc-jira-requesters")).includes(J_SMITH.email), true);
    });

    it("keeps origin PROVISIONED after SCIM links him and ISC aggregates, while SCIM-made accounts stay AGGREGATED", async () => {
      await control("/clock/set", { time: "2026-11-23T15:00:00Z" });
      await control("/idp/sync");
      token = await newToken();
      await isc("POST", `/v2025/sources/${w().isc.sourceId}/load-accounts`);
      const mine = await isc("GET", `/v3/accounts?filters=${q(`identityId eq "${jSmithIdentity()}"`)}`);
      assert.deepEqual(
        mine.body.map((a: { origin: string }) => a.origin),
        ["PROVISIONED"],
      );
      const ana = await isc("GET", `/v3/accounts?filters=${q('name eq "ana.arden@acme.example"')}`);
      assert.deepEqual(
        ana.body.map((a: { origin: string; uncorrelated: boolean }) => [a.origin, a.uncorrelated]),
        [["AGGREGATED", false]],
      );
    });
  });
});
