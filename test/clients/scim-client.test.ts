// The SCIM client against a scripted local server: startIndex/count paging, filters, exact lookups.
import { strict as assert } from "node:assert";
import { createScimClient, scimString } from "../../provider/clients/scim/scim-client";
import { MultipleMatchesError } from "../../provider/clients/errors";
import { rejectionOf, startTestServer, type RecordedRequest, type Reply, type TestServer } from "./test-server";

const TOKEN = "scim-directory-token-0123456789";
const user = (i: number, userName = `u${i}@acme.example`) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: `scim-${i}`,
  userName,
  active: true,
  "urn:scim:schemas:extension:atlassian-external:1.0": { atlassianAccountId: `712020:${i}` },
});

describe("createScimClient", () => {
  let server: TestServer;
  let reply: (req: RecordedRequest) => Reply;
  const client = (pageSize?: number) =>
    createScimClient({ apiUrl: server.url, directoryId: "scim-dir", token: TOKEN, pageSize, sleep: async () => {} });

  beforeEach(async () => {
    server = await startTestServer((req) => reply(req));
  });
  afterEach(() => server.close());

  it("pages users by startIndex and count until totalResults, with the directory token", async () => {
    const all = Array.from({ length: 5 }, (_, i) => user(i));
    reply = (req) => {
      const start = Number(req.query.get("startIndex"));
      const count = Number(req.query.get("count"));
      return {
        status: 200,
        headers: { "content-type": "application/scim+json" },
        body: JSON.stringify({
          totalResults: 5,
          startIndex: start,
          itemsPerPage: count,
          Resources: all.slice(start - 1, start - 1 + count),
        }),
      };
    };
    const users = await client(2).listUsers();
    assert.deepEqual(
      users.map((u) => u["urn:scim:schemas:extension:atlassian-external:1.0"]?.atlassianAccountId),
      ["712020:0", "712020:1", "712020:2", "712020:3", "712020:4"],
    );
    assert.deepEqual(
      server.requests.map((r) => r.url),
      [
        "/scim/directory/scim-dir/Users?startIndex=1&count=2",
        "/scim/directory/scim-dir/Users?startIndex=3&count=2",
        "/scim/directory/scim-dir/Users?startIndex=5&count=2",
      ],
    );
    assert.equal(server.requests[0].headers.authorization, `Bearer ${TOKEN}`);
  });

  it("accepts an empty directory without Resources", async () => {
    reply = () => ({
      status: 200,
      body: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        totalResults: 0,
        itemsPerPage: 10000,
        startIndex: 1,
      },
    });
    assert.deepEqual(await client().listGroups(), []);
    assert.equal(server.requests.length, 1);
  });

  it("finds a user by userName with a quoted filter, comparing case-insensitively", async () => {
    reply = () => ({ status: 200, body: { totalResults: 1, Resources: [user(1, "J.Smith@acme.example")] } });
    assert.equal((await client().findUserByUserName("j.smith@acme.example"))?.id, "scim-1");
    assert.equal(server.requests[0].query.get("filter"), 'userName eq "j.smith@acme.example"');
  });

  it("re-checks the match, so a server that ignores the filter cannot hand back someone else", async () => {
    reply = () => ({ status: 200, body: { totalResults: 2, Resources: [user(1), user(2)] } });
    assert.equal(await client().findUserByUserName("nobody@acme.example"), undefined);
  });

  it("refuses two groups with the same displayName", async () => {
    const g = (id: string) => ({ id, displayName: "Engineering", members: [{ value: "scim-1" }] });
    reply = () => ({ status: 200, body: { totalResults: 2, Resources: [g("a"), g("b")] } });
    const err = await rejectionOf(client().findGroupByDisplayName("engineering"));
    assert.ok(err instanceof MultipleMatchesError);
    assert.deepEqual(err.ids, ["a", "b"]);
  });

  it("escapes quotes and backslashes in filter literals", () => {
    assert.equal(scimString('a"b\\c'), '"a\\"b\\\\c"');
  });
});
