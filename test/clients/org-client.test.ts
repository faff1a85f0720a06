// The org and audit clients against a scripted local server: exact paths, bodies, call counts and outcomes.
import { strict as assert } from "node:assert";
import { createOrgClient } from "../../provider/clients/atlassian/org-client";
import { createAuditClient } from "../../provider/clients/atlassian/audit-client";
import { MultipleMatchesError, isAmbiguous, isConflict, isNotFound } from "../../provider/clients/errors";
import { rejectionOf, startTestServer, type RecordedRequest, type Reply, type TestServer } from "./test-server";

const ORG = "org-1";
const DIR = "dir-1";
const KEY = "org-api-key-abcdefghijklmnop";
const P = `/admin/v2/orgs/${ORG}/directories/${DIR}`;
const group = (id: string, name: string) => ({
  id,
  name,
  directoryId: DIR,
  externalSynced: false,
  managedBy: "admins",
});

describe("createOrgClient", () => {
  let server: TestServer;
  let reply: (req: RecordedRequest, i: number) => Reply;
  const client = () =>
    createOrgClient({
      apiUrl: server.url,
      orgId: ORG,
      directoryId: DIR,
      apiKey: KEY,
      sleep: async () => {},
      random: () => 0,
    });
  const sent = () => server.requests.map((r) => `${r.method} ${r.url}${r.body ? ` ${r.body}` : ""}`);

  beforeEach(async () => {
    server = await startTestServer((req, i) => reply(req, i));
  });
  afterEach(() => server.close());

  it("lists directories from GET /admin/v2/orgs/{orgId}/directories", async () => {
    reply = () => ({ status: 200, body: { data: [{ directoryId: DIR, name: "Acme" }], links: {} } });
    assert.deepEqual(await client().getDirectories(), [{ directoryId: DIR, name: "Acme" }]);
    assert.deepEqual(sent(), [`GET /admin/v2/orgs/${ORG}/directories`]);
    assert.equal(server.requests[0].headers.authorization, `Bearer ${KEY}`);
  });

  it("searches groups across every page with the cursor in the body", async () => {
    reply = (_r, i) =>
      i === 0
        ? { status: 200, body: { data: [group("g1", "a")], links: { next: "n1" } } }
        : { status: 200, body: { data: [group("g2", "b")], links: { self: "n1" } } };
    const groups = await client().searchDirectoryGroups({ searchTerm: "x" });
    assert.deepEqual(
      groups.map((g) => g.id),
      ["g1", "g2"],
    );
    assert.deepEqual(sent(), [
      `POST ${P}/groups/search {"limit":100,"searchTerm":"x"}`,
      `POST ${P}/groups/search {"limit":100,"searchTerm":"x","cursor":"n1"}`,
    ]);
  });

  it("finds a group by exact name, ignoring a name that differs only in case", async () => {
    reply = () => ({ status: 200, body: { data: [group("g1", "Devs"), group("g2", "devs")], links: {} } });
    assert.equal((await client().findGroupByExactName("devs"))?.id, "g2");
    assert.equal(await client().findGroupByExactName("DEVS"), undefined);
    assert.deepEqual(server.requests[0].json, { limit: 100, groupNames: ["devs"] });
  });

  it("refuses to pick when two groups carry the exact name", async () => {
    reply = () => ({ status: 200, body: { data: [group("g1", "devs"), group("g2", "devs")], links: {} } });
    const err = await rejectionOf(client().findGroupByExactName("devs"));
    assert.ok(err instanceof MultipleMatchesError);
    assert.deepEqual(err.ids, ["g1", "g2"]);
    assert.match(err.message, /2 objects match group name "devs" \(ids g1, g2\)/);
  });

  it("gets a group from its data wrapper, throws not-found for getGroup and returns undefined for findGroup", async () => {
    reply = (req) =>
      req.path.endsWith("/g1")
        ? { status: 200, body: { data: group("g1", "a") } }
        : { status: 404, body: { errors: [{ code: "ADMIN-404-10", detail: "Group not found." }] } };
    assert.equal((await client().getGroup("g1")).name, "a");
    assert.ok(isNotFound(await rejectionOf(client().getGroup("gone"))));
    assert.equal(await client().findGroup("gone"), undefined);
    assert.deepEqual(sent(), [`GET ${P}/groups/g1`, `GET ${P}/groups/gone`, `GET ${P}/groups/gone`]);
  });

  it("creates a group with one POST expecting 201 and no body", async () => {
    reply = () => ({ status: 201 });
    await client().createGroup({ name: "jira-admins", description: "Jira admins" });
    assert.deepEqual(sent(), [`POST ${P}/groups {"name":"jira-admins","description":"Jira admins"}`]);
  });

  it("does not resend a create answered with 500, leaving the outcome to be settled by a search", async () => {
    reply = () => ({ status: 500, body: { errors: [{ code: "internal" }] } });
    const err = await rejectionOf(client().createGroup({ name: "jira-admins" }));
    assert.ok(isAmbiguous(err));
    assert.equal(server.requests.length, 1);
    assert.match(
      err.message,
      /^Atlassian org API: the outcome of createGroup "jira-admins" \(POST http:\/\/127\.0\.0\.1:\d+\/admin\/v2\/orgs\/org-1\/directories\/dir-1\/groups\) is unknown/,
    );
  });

  it("reports a 409 on create as a conflict", async () => {
    reply = () => ({
      status: 409,
      body: { errors: [{ code: "ADMIN-409-28", detail: "A group with this name already exists." }] },
    });
    const err = await rejectionOf(client().createGroup({ name: "dup" }));
    assert.ok(isConflict(err));
    assert.equal(err.detail, "A group with this name already exists.");
  });

  it("sends memberships, deletion and role changes to their v2 paths", async () => {
    reply = (req) => ({
      status: req.path.endsWith("/assign") ? 200 : 204,
      body: req.path.endsWith("/assign") ? {} : undefined,
    });
    const c = client();
    await c.addGroupMembership("g1", "712020:abc");
    await c.removeGroupMembership("g1", "712020:abc");
    await c.assignGroupRole("g1", { roleId: "atlassian/user", resourceId: "ari:cloud:jira::site/1" });
    await c.revokeGroupRole("g1", { roleId: "atlassian/user", resourceId: "ari:cloud:jira::site/1" });
    await c.deleteGroup("g1");
    assert.deepEqual(sent(), [
      `POST ${P}/groups/g1/memberships {"accountId":"712020:abc"}`,
      `DELETE ${P}/groups/g1/memberships/712020%3Aabc`,
      `POST ${P}/groups/g1/role-assignments/assign {"roleId":"atlassian/user","resourceId":"ari:cloud:jira::site/1"}`,
      `POST ${P}/groups/g1/role-assignments/revoke {"roleId":"atlassian/user","resourceId":"ari:cloud:jira::site/1"}`,
      `DELETE ${P}/groups/g1`,
    ]);
  });

  it("reads role assignments over GET pages with ?cursor=", async () => {
    const row = (r: string) => ({
      resourceId: r,
      resourceOwner: "jira-software",
      roles: ["atlassian/user"],
      defaultRole: null,
    });
    reply = (_r, i) => ({
      status: 200,
      body: i === 0 ? { data: [row("ari:1")], links: { next: "k" } } : { data: [row("ari:2")], links: {} },
    });
    const rows = await client().getGroupRoleAssignments("g1", { roleIds: ["atlassian/user"] });
    assert.deepEqual(
      rows.map((r) => r.resourceId),
      ["ari:1", "ari:2"],
    );
    assert.deepEqual(sent(), [
      `GET ${P}/groups/g1/role-assignments?limit=100&roleIds=atlassian%2Fuser`,
      `GET ${P}/groups/g1/role-assignments?limit=100&roleIds=atlassian%2Fuser&cursor=k`,
    ]);
  });

  it("searches users and queries workspaces, the latter with the cursor alone", async () => {
    reply = (req, i) =>
      req.path.endsWith("/users/search")
        ? {
            status: 200,
            body: {
              data: [{ accountId: "a1", email: "a@x", accountStatus: "active", managementSource: null }],
              links: {},
            },
          }
        : {
            status: 200,
            body: {
              data: [{ id: `ari:cloud:jira::site/${i}`, type: "workspace" }],
              links: i === 1 ? { next: "w2" } : {},
            },
          };
    const users = await client().searchDirectoryUsers({ groupIds: ["g1"] });
    assert.deepEqual(
      users.map((u) => u.accountId),
      ["a1"],
    );
    const ws = await client().queryWorkspaces();
    assert.deepEqual(
      ws.map((w) => w.id),
      ["ari:cloud:jira::site/1", "ari:cloud:jira::site/2"],
    );
    assert.deepEqual(sent(), [
      `POST ${P}/users/search {"limit":100,"groupIds":["g1"]}`,
      `POST /admin/v2/orgs/${ORG}/workspaces {"limit":1000}`,
      `POST /admin/v2/orgs/${ORG}/workspaces {"cursor":"w2"}`,
    ]);
  });
});

describe("createAuditClient", () => {
  let server: TestServer;
  afterEach(() => server.close());

  it("reads the window as epoch milliseconds and follows the cursor of a full-URL links.next", async () => {
    const event = (id: string) => ({
      id,
      type: "events",
      attributes: {
        time: "2026-11-23T15:00:00.000Z",
        action: "group_created",
        actor: { id: "acc", auth: { authType: "api-token", tokenLabel: "pulumi-ci" } },
        context: [{ id: "g1", type: "group" }],
      },
      links: { self: "x" },
    });
    server = await startTestServer((req) =>
      req.query.get("cursor")
        ? { status: 200, body: { data: [event("e2")], links: { self: "x" }, meta: { page_size: 500 } } }
        : {
            status: 200,
            body: {
              data: [event("e1")],
              links: { next: `${server.url}/admin/v1/orgs/${ORG}/events?cursor=abc` },
              meta: { next: "abc", page_size: 500 },
            },
          },
    );
    const audit = createAuditClient({ apiUrl: server.url, orgId: ORG, apiKey: KEY });
    const events = await audit.getEvents({
      from: "2026-11-23T14:30:00.000Z",
      to: new Date("2026-11-23T16:00:00.000Z"),
    });
    assert.deepEqual(
      events.map((e) => e.id),
      ["e1", "e2"],
    );
    assert.equal(events[0].attributes.actor.auth?.tokenLabel, "pulumi-ci");
    assert.deepEqual(
      server.requests.map((r) => r.url),
      [
        `/admin/v1/orgs/${ORG}/events?from=1795444200000&to=1795449600000&limit=500`,
        `/admin/v1/orgs/${ORG}/events?from=1795444200000&to=1795449600000&limit=500&cursor=abc`,
      ],
    );
  });
});
