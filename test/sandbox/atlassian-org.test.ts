// The org API v2 routes as the provider sees them: paging, exact-name search, refusals, role assignments.
import { strict as assert } from "node:assert";
import { startTestSandbox, call, orgPath, type TestSandbox } from "../helpers/sandbox";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";

describe("sandbox org API v2", () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  it("rejects a request without a valid org API key", async () => {
    const res = await call(sb, "POST", orgPath(sb, "/groups/search"), { body: {}, token: "not-a-key" });
    assert.equal(res.status, 401);
    assert.equal(res.body.errors[0].code, "unauthorized", "a v2 path's 401 keeps the Errors body its spec declares");
  });

  it("pages groups with opaque cursors until links.next is absent", async () => {
    const seen: string[] = [];
    let body: Record<string, unknown> = { limit: 2 };
    for (let i = 0; i < 50; i++) {
      const res = await call(sb, "POST", orgPath(sb, "/groups/search"), { body });
      assert.equal(res.status, 200);
      seen.push(...res.body.data.map((g: { name: string }) => g.name));
      if (!res.body.links.next) break;
      body = { cursor: res.body.links.next };
    }
    assert.equal(seen.length, sb.store.world.org.groups.length);
    assert.equal(new Set(seen).size, seen.length);
  });

  it("finds a group by exact, case-insensitive name", async () => {
    const res = await call(sb, "POST", orgPath(sb, "/groups/search"), { body: { groupNames: ["CONTRACTORS"] } });
    assert.deepEqual(
      res.body.data.map((g: { name: string }) => g.name),
      ["contractors"],
    );
  });

  it("refuses groupNames together with searchTerm", async () => {
    const res = await call(sb, "POST", orgPath(sb, "/groups/search"), { body: { groupNames: ["a"], searchTerm: "a" } });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].status, "400");
  });

  it("creates a group with 201 and no body, then refuses a second of the same name with 409", async () => {
    const first = await call(sb, "POST", orgPath(sb, "/groups"), {
      body: { name: "jira-admins", description: "Jira admins" },
    });
    assert.equal(first.status, 201);
    assert.equal(first.body, undefined);
    const second = await call(sb, "POST", orgPath(sb, "/groups"), { body: { name: "Jira-Admins" } });
    assert.equal(second.status, 409);
    assert.equal(second.body.errors[0].detail, "A group with this name already exists.");
  });

  it("adds and removes a member, answering 409 on a duplicate add", async () => {
    const g = sb.store.world.org.groups.find((x) => x.name === "contractors")!;
    const u = sb.store.world.org.users.find((x) => x.email === "ana.arden@acme.example")!;
    const path = orgPath(sb, `/groups/${g.id}/memberships`);
    assert.equal((await call(sb, "POST", path, { body: { accountId: u.accountId } })).status, 204);
    assert.equal((await call(sb, "POST", path, { body: { accountId: u.accountId } })).status, 409);
    const members = await call(sb, "POST", orgPath(sb, "/users/search"), { body: { groupIds: [g.id] } });
    assert.ok(members.body.data.some((m: { accountId: string }) => m.accountId === u.accountId));
    assert.equal((await call(sb, "DELETE", `${path}/${encodeURIComponent(u.accountId)}`)).status, 204);
  });

  it("assigns and revokes app access on a workspace ARI", async () => {
    const g = sb.store.world.org.groups.find((x) => x.name === "contractors")!;
    const ws = sb.store.world.org.workspaces.find(
      (w) => w.host === "acme-eu.atlassian.net" && w.product === "confluence",
    )!;
    const base = orgPath(sb, `/groups/${g.id}/role-assignments`);
    const assign = await call(sb, "POST", `${base}/assign`, { body: { roleId: "atlassian/user", resourceId: ws.id } });
    assert.equal(assign.status, 200);
    const list = await call(sb, "GET", base);
    assert.deepEqual(list.body.data, [{ resourceId: ws.id, resourceOwner: "confluence", roles: ["atlassian/user"] }]);
    assert.equal(
      (await call(sb, "POST", `${base}/revoke`, { body: { roleId: "atlassian/user", resourceId: ws.id } })).status,
      204,
    );
    assert.deepEqual((await call(sb, "GET", base)).body.data, []);
  });

  it("refuses a role the product does not have", async () => {
    const g = sb.store.world.org.groups.find((x) => x.name === "contractors")!;
    const ws = sb.store.world.org.workspaces.find((w) => w.product === "jira-software")!;
    const res = await call(sb, "POST", orgPath(sb, `/groups/${g.id}/role-assignments/assign`), {
      body: { roleId: "atlassian/customer", resourceId: ws.id },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].code, "ADMIN-UAM-400-3");
  });

  it("lists 30 workspaces: 10 sites with Jira, Confluence and JSM each", async () => {
    const res = await call(sb, "POST", `/admin/v2/orgs/${sb.store.world.org.id}/workspaces`, { body: { limit: 100 } });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.length, 30);
    assert.equal(new Set(res.body.data.map((w: { attributes: { hostUrl: string } }) => w.attributes.hostUrl)).size, 10);
    assert.deepEqual(
      [...new Set(res.body.data.map((w: { attributes: { typeKey: string } }) => w.attributes.typeKey))].sort(),
      ["confluence", "jira-servicedesk", "jira-software"],
    );
  });

  it("hides a role assignment until the consistency delay has passed on the sandbox clock", async () => {
    sb.store.world.settings.roleConsistencyMs = 30_000;
    try {
      const g = sb.store.world.org.groups.find((x) => x.name === "contractors")!;
      const ws = sb.store.world.org.workspaces.find((w) => w.product === "jira-software")!;
      const base = orgPath(sb, `/groups/${g.id}/role-assignments`);
      await call(sb, "POST", `${base}/assign`, { body: { roleId: "atlassian/user", resourceId: ws.id } });
      assert.deepEqual((await call(sb, "GET", base)).body.data, []);
      sb.store.advanceClock(1);
      assert.equal((await call(sb, "GET", base)).body.data.length, 1);
    } finally {
      sb.store.world.settings.roleConsistencyMs = 0;
    }
  });

  it("records who made each mutation in the request log", async () => {
    const res = await fetch(`${sb.url}/__sandbox/requests?api=org`);
    const rows = ((await res.json()) as { requests: unknown }).requests as {
      method: string;
      status: number;
      actor: string;
    }[];
    assert.ok(rows.some((r) => r.method === "POST" && r.status === 201 && r.actor === "api-key:pulumi-ci"));
    assert.ok(SANDBOX_CREDENTIALS.orgApiKeys.pulumi.length > 0);
  });
});
