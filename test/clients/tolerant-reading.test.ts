// Tolerant reading (issue 20 item 4): one bad item is reported and skipped, never sinking its page; optional fields as
// the spec marks them; unknown enum values kept; the spec's own `adminNotifications: "ON_REQUEST"` read.
import { strict as assert } from "node:assert";
import { createOrgClient } from "../../provider/clients/atlassian/org-client";
import { createAuditClient } from "../../provider/clients/atlassian/audit-client";
import { createAccessClient } from "../../provider/clients/atlassian/access-client";
import { createIscClient } from "../../provider/clients/isc/isc-client";
import { createScimClient } from "../../provider/clients/scim/scim-client";
import { ReadingProblems } from "../../provider/clients/reading-problems";
import { startTestServer, type RecordedRequest, type Reply, type TestServer } from "./test-server";

const ORG = "org-1";
const DIR = "dir-1";
const KEY = "org-api-key-abcdefghijklmnop";
const user = (accountId: unknown, extra: Record<string, unknown> = {}) => ({
  accountId,
  email: `${String(accountId)}@x`,
  ...extra,
});
const event = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: "events",
  attributes: { time: "2026-11-23T14:30:00Z", action: "group_created", actor: { id: "a1" }, context: [], ...extra },
});

describe("tolerant reading", () => {
  let server: TestServer;
  let reply: (req: RecordedRequest, i: number) => Reply;
  let problems: ReadingProblems;
  const tuning = () => ({ sleep: async () => {}, random: () => 0, problems });
  const org = () => createOrgClient({ apiUrl: server.url, orgId: ORG, directoryId: DIR, apiKey: KEY, ...tuning() });

  beforeEach(async () => {
    problems = new ReadingProblems();
    server = await startTestServer((req, i) => reply(req, i));
  });
  afterEach(() => server.close());

  it("skips one unreadable user, reads the rest of its page and the next, and reports which and why", async () => {
    reply = (_r, i) =>
      i === 0
        ? { status: 200, body: { data: [user("u1"), user(42), user("u3")], links: { next: "c1" } } }
        : { status: 200, body: { data: [user("u4")], links: {} } };
    const users = await org().searchDirectoryUsers();
    assert.deepEqual(
      users.map((u) => u.accountId),
      ["u1", "u3", "u4"],
    );
    assert.equal(problems.list().length, 1);
    const [p] = problems.list();
    assert.equal(p.api, "Atlassian org API");
    assert.equal(p.operation, "searchDirectoryUsers");
    assert.equal(p.item, "item 1");
    assert.match(p.reason, /^accountId: /);
    assert.deepEqual(ReadingProblems.lines(problems.drain()), [
      `Atlassian org API: searchDirectoryUsers: skipped item 1: ${p.reason}`,
    ]);
    assert.equal(problems.list().length, 0, "drain empties the collector");
  });

  it("skips a bad group and names it by its id", async () => {
    reply = () => ({ status: 200, body: { data: [{ id: "g1", name: "a" }, { id: "g2" }], links: {} } });
    const groups = await org().searchDirectoryGroups();
    assert.deepEqual(
      groups.map((g) => g.id),
      ["g1"],
    );
    assert.deepEqual(
      problems.list().map((p) => [p.item, p.reason.split(":")[0]]),
      [['item 1 (id "g2")', "name"]],
    );
  });

  it("keeps a user whose groups list holds one bad entry, skipping only that entry", async () => {
    const groups = [{ id: "ari:cloud:identity::group/g1", name: "a" }, { name: "no id" }];
    reply = () => ({ status: 200, body: { data: [user("u1", { groups })], links: {} } });
    const [u] = await org().searchDirectoryUsers({ expand: ["groups"] });
    assert.deepEqual(
      u.groups?.map((g) => g.id),
      ["ari:cloud:identity::group/g1"],
    );
    assert.deepEqual(
      problems.list().map((p) => p.item),
      ['groups item 1 (name "no id")'],
    );
  });

  it("keeps unknown enum values as the strings they are", async () => {
    reply = () => ({
      status: 200,
      body: { data: [user("u1", { accountStatus: "archived", status: "pending_review", managementSource: "scim" })] },
    });
    const [u] = await org().searchDirectoryUsers();
    assert.deepEqual([u.accountStatus, u.status, u.managementSource], ["archived", "pending_review", "scim"]);
    assert.equal(problems.list().length, 0);
  });

  it("skips one unreadable audit event (no time) and reads the others of the page", async () => {
    const bad = event("e2");
    delete (bad.attributes as Record<string, unknown>).time;
    reply = () => ({ status: 200, body: { data: [event("e1"), bad, event("e3")], links: {}, meta: { next: "poll" } } });
    const audit = createAuditClient({ apiUrl: server.url, orgId: ORG, apiKey: KEY, ...tuning() });
    const events = await audit.streamEvents({ from: 0 });
    assert.deepEqual(
      events.map((e) => e.id),
      ["e1", "e3"],
    );
    assert.deepEqual(
      problems.list().map((p) => [p.operation, p.item, p.reason.split(":")[0]]),
      [["streamEvents", 'item 1 (id "e2")', "attributes.time"]],
    );
  });

  it("reads a user role row without resourceId (optional in the spec) as held on the org", async () => {
    reply = () => ({
      status: 200,
      body: { data: [{ roleAssignments: [{ role: "atlassian/org-admin", roleAssignmentMethods: ["direct"] }] }] },
    });
    const access = createAccessClient({ apiUrl: server.url, orgId: ORG, directoryId: DIR, apiKey: KEY, ...tuning() });
    const [row] = await access.getUserRoleAssignments("u1");
    assert.equal(row.resourceId, `ari:cloud:platform::org/${ORG}`);
    assert.equal(row.roleAssignments?.[0].role, "atlassian/org-admin");
    assert.equal(problems.list().length, 0);
  });

  it('reads the spec\'s own example adminNotifications: "ON_REQUEST" (the schema says boolean)', async () => {
    reply = () => ({
      status: 200,
      body: { domain: "acme.example", enabled: true, adminNotifications: "ON_REQUEST", products: [] },
    });
    const access = createAccessClient({ apiUrl: server.url, orgId: ORG, directoryId: DIR, apiKey: KEY, ...tuning() });
    const d = await access.getAppAccessSettingsDomain("acme.example");
    assert.equal(d.adminNotifications, true);
    reply = () => ({ status: 200, body: { domain: "acme.example", adminNotifications: "OFF" } });
    assert.equal((await access.getAppAccessSettingsDomain("acme.example")).adminNotifications, false);
  });

  it("skips a bad ISC account and still pages on, counting what the server sent", async () => {
    const acc = (i: number) => ({ id: `a${i}`, name: `n${i}`, sourceId: "s1", nativeIdentity: `n${i}` });
    reply = (r) => {
      if (r.path === "/oauth/token") return { status: 200, body: { access_token: "tok", expires_in: 600 } };
      const offset = Number(r.query.get("offset"));
      if (offset === 0) {
        const page = Array.from({ length: 250 }, (_, i) => acc(i));
        page[7] = { ...acc(7), origin: "MIGRATED" } as (typeof page)[number];
        (page[9] as Record<string, unknown>).sourceId = undefined;
        return { status: 200, body: page };
      }
      return { status: 200, body: [acc(250)] };
    };
    const isc = createIscClient({
      iscUrl: server.url,
      clientId: "c",
      clientSecret: "isc-secret-0123456789",
      ...tuning(),
    });
    const accounts = await isc.listAccounts({ sourceId: "s1" });
    assert.equal(accounts.length, 250, "249 of the first page and 1 of the second");
    assert.equal(accounts.find((a) => a.id === "a7")?.origin, "MIGRATED", "an unknown origin is kept");
    assert.deepEqual(
      problems.list().map((p) => [p.api, p.item, p.reason.split(":")[0]]),
      [["SailPoint ISC API", 'item 9 (id "a9")', "sourceId"]],
    );
  });

  it("skips a bad SCIM user and advances startIndex by what the server sent", async () => {
    const su = (i: number) => ({ id: `s${i}`, userName: `u${i}@x` });
    reply = (r) => {
      const start = Number(r.query.get("startIndex"));
      const all = [su(1), { id: "s2" }, su(3)];
      const slice = all.slice(start - 1, start + 1);
      return { status: 200, body: { totalResults: 3, startIndex: start, itemsPerPage: 2, Resources: slice } };
    };
    const scim = createScimClient({
      apiUrl: server.url,
      directoryId: "d",
      token: "scim-token-0123456789",
      pageSize: 2,
      ...tuning(),
    });
    const users = await scim.listUsers();
    assert.deepEqual(
      users.map((u) => u.id),
      ["s1", "s3"],
    );
    assert.deepEqual(
      server.requests.map((r) => r.query.get("startIndex")),
      ["1", "3"],
    );
    assert.deepEqual(
      problems.list().map((p) => p.item),
      ['item 1 (id "s2")'],
    );
  });
});

describe("cursors on every endpoint, in either form", () => {
  let server: TestServer;
  let reply: (req: RecordedRequest, i: number) => Reply;
  const tuning = { sleep: async () => {}, random: () => 0, problems: new ReadingProblems() };

  beforeEach(async () => {
    server = await startTestServer((req, i) => reply(req, i));
  });
  afterEach(() => server.close());

  it("app access settings follow a bare cursor (they used to stop silently after page 1)", async () => {
    reply = (_r, i) =>
      i === 0
        ? { status: 200, body: { data: [{ domain: "a.example" }], links: { next: "bare-1" } } }
        : { status: 200, body: { data: [{ domain: "b.example" }], links: { next: null } } };
    const access = createAccessClient({ apiUrl: server.url, orgId: ORG, directoryId: DIR, apiKey: KEY, ...tuning });
    const domains = await access.listAppAccessSettingsDomains();
    assert.deepEqual(
      domains.map((d) => d.domain),
      ["a.example", "b.example"],
    );
    assert.equal(server.requests[1].query.get("cursor"), "bare-1");
  });

  it("workspaces follow a links.next URL (the spec's form), sending the cursor alone", async () => {
    reply = (_r, i) =>
      i === 0
        ? { status: 200, body: { data: [{ id: "ari:1" }], links: { next: `${server.url}/x?cursor=w2` } } }
        : { status: 200, body: { data: [{ id: "ari:2" }], links: {} } };
    const org = createOrgClient({ apiUrl: server.url, orgId: ORG, directoryId: DIR, apiKey: KEY, ...tuning });
    const ws = await org.queryWorkspaces();
    assert.deepEqual(
      ws.map((w) => w.id),
      ["ari:1", "ari:2"],
    );
    assert.deepEqual(server.requests[1].json, { cursor: "w2" });
  });

  it("the audit stream stops where the last page has no links.next, though meta.next (the poll cursor) is there", async () => {
    reply = (_r, i) =>
      i === 0
        ? {
            status: 200,
            body: { data: [event("e1")], links: { next: `${server.url}/s?cursor=p2` }, meta: { next: "p2" } },
          }
        : { status: 200, body: { data: [event("e2")], links: {}, meta: { next: "poll-later" } } };
    const audit = createAuditClient({ apiUrl: server.url, orgId: ORG, apiKey: KEY, ...tuning });
    const events = await audit.streamEvents({ from: 0 });
    assert.deepEqual(
      events.map((e) => e.id),
      ["e1", "e2"],
    );
    assert.equal(server.requests.length, 2);
  });

  it("the audit stream fails clearly when a page repeats a cursor", async () => {
    reply = () => ({ status: 200, body: { data: [event("e1")], links: { next: `${server.url}/s?cursor=same` } } });
    const audit = createAuditClient({ apiUrl: server.url, orgId: ORG, apiKey: KEY, ...tuning });
    await assert.rejects(audit.streamEvents({ from: 0 }), /streamEvents stopped: page 2 repeated the cursor "same"/);
  });
});
