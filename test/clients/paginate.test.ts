// The three paging styles against a real local server: where the cursor goes, when paging stops, loops refused.
import { strict as assert } from "node:assert";
import { z } from "zod";
import { createHttp } from "../../provider/clients/http";
import { PaginationError } from "../../provider/clients/errors";
import {
  collect,
  collectItems,
  cursorOf,
  cursorPages,
  findFirst,
  itemsOf,
  offsetPages,
  scimPages,
} from "../../provider/clients/paginate";
import { rejectionOf, startTestServer, type RecordedRequest, type Reply, type TestServer } from "./test-server";

const Page = z.object({ data: z.array(z.string()), links: z.object({ next: z.string().nullish() }).nullish() });

describe("paginate", () => {
  let server: TestServer;
  let reply: (req: RecordedRequest, i: number) => Reply;
  const http = () =>
    createHttp({ baseURL: server.url, name: "Test API", auth: () => "t0ken-for-tests", sleep: async () => {} });

  beforeEach(async () => {
    server = await startTestServer((req, i) => reply(req, i));
  });
  afterEach(() => server.close());

  describe("cursorPages", () => {
    const pages: Array<{ data: string[]; links: { next?: string } }> = [
      { data: ["a", "b"], links: { next: "c1" } },
      { data: ["c", "d"], links: { next: "c2" } },
      { data: ["e"], links: {} },
    ];

    it("follows links.next, sending the cursor in the POST body beside the search", async () => {
      reply = (_r, i) => ({ status: 200, body: pages[i] });
      const items = await collectItems(
        cursorPages({
          http: http(),
          method: "POST",
          url: "/search",
          body: { groupNames: ["x"], limit: 2 },
          schema: Page,
          schemaName: "Page",
          operation: "search",
        }),
        (p) => p.data,
      );
      assert.deepEqual(items, ["a", "b", "c", "d", "e"]);
      assert.deepEqual(
        server.requests.map((r) => [r.method, r.url, r.json]),
        [
          ["POST", "/search", { groupNames: ["x"], limit: 2 }],
          ["POST", "/search", { groupNames: ["x"], limit: 2, cursor: "c1" }],
          ["POST", "/search", { groupNames: ["x"], limit: 2, cursor: "c2" }],
        ],
      );
    });

    it("sends only the cursor on later pages when cursorAlone is set", async () => {
      reply = (_r, i) => ({ status: 200, body: pages[i] });
      await collect(
        cursorPages({
          http: http(),
          method: "POST",
          url: "/ws",
          body: { limit: 1000 },
          cursorAlone: true,
          schema: Page,
          schemaName: "Page",
          operation: "ws",
        }),
      );
      assert.deepEqual(
        server.requests.map((r) => r.json),
        [{ limit: 1000 }, { cursor: "c1" }, { cursor: "c2" }],
      );
    });

    it("passes the cursor as ?cursor= on a GET", async () => {
      reply = (_r, i) => ({ status: 200, body: pages[i] });
      await collect(
        cursorPages({
          http: http(),
          method: "GET",
          url: "/roles",
          params: { limit: 2 },
          schema: Page,
          schemaName: "Page",
          operation: "roles",
        }),
      );
      assert.deepEqual(
        server.requests.map((r) => r.url),
        ["/roles?limit=2", "/roles?limit=2&cursor=c1", "/roles?limit=2&cursor=c2"],
      );
    });

    it("fails on a cursor the server already gave, instead of looping", async () => {
      const loop = [
        { data: ["a"], links: { next: "c1" } },
        { data: ["b"], links: { next: "c2" } },
        { data: ["a"], links: { next: "c1" } },
      ];
      reply = (_r, i) => ({ status: 200, body: loop[i] ?? loop[0] });
      const err = await rejectionOf(
        collect(
          cursorPages({
            http: http(),
            method: "POST",
            url: "/search",
            schema: Page,
            schemaName: "Page",
            operation: "searchDirectoryGroups",
          }),
        ),
      );
      assert.ok(err instanceof PaginationError);
      assert.equal(
        err.message,
        'Test API: paging through searchDirectoryGroups stopped: page 3 repeated the cursor "c1". Run again later; if it persists the API is misbehaving.',
      );
      assert.equal(server.requests.length, 3);
    });

    it("takes the cursor out of a links.next URL (absolute or relative) as well as a bare one", async () => {
      const mixed = [
        { data: ["a"], links: { next: "https://api.example/admin/x?cursor=c1&limit=2" } },
        { data: ["b"], links: { next: "/admin/x?limit=2&cursor=c%2F2" } },
        { data: ["c"], links: { next: "c3" } },
        { data: ["d"], links: { next: null } },
      ];
      reply = (_r, i) => ({ status: 200, body: mixed[i] });
      const items = await collectItems(
        cursorPages({ http: http(), method: "GET", url: "/x", schema: Page, schemaName: "Page", operation: "x" }),
        (p) => p.data,
      );
      assert.deepEqual(items, ["a", "b", "c", "d"]);
      assert.deepEqual(
        server.requests.map((r) => r.query.get("cursor")),
        [null, "c1", "c/2", "c3"],
      );
    });

    it("fails clearly on a next link that carries no cursor, instead of stopping after one page", async () => {
      reply = () => ({ status: 200, body: { data: ["a"], links: { next: "https://api.example/x?page=2" } } });
      const err = await rejectionOf(
        collect(
          cursorPages({ http: http(), method: "GET", url: "/x", schema: Page, schemaName: "Page", operation: "x" }),
        ),
      );
      assert.ok(err instanceof PaginationError);
      assert.match(err.message, /page 1's next link "https:\/\/api.example\/x\?page=2" carries no cursor parameter/);
    });

    it("cursorOf: URL forms give their cursor parameter, anything else is the cursor itself", () => {
      assert.equal(cursorOf("kloHX1ZQVasDAkx_P48NYQ"), "kloHX1ZQVasDAkx_P48NYQ");
      assert.equal(cursorOf("eyJmIjp7fX0="), "eyJmIjp7fX0=");
      assert.equal(cursorOf("/abc+def"), "/abc+def", "a base64 cursor may start with a slash");
      assert.equal(cursorOf("https://h/p?cursor=abc"), "abc");
      assert.equal(cursorOf("?cursor=abc"), "abc");
      assert.equal(cursorOf("https://h/p"), undefined);
      assert.equal(cursorOf(""), undefined);
      assert.equal(cursorOf(null), undefined);
    });

    it("reads no further pages than needed when the caller stops early", async () => {
      reply = (_r, i) => ({ status: 200, body: pages[i] });
      const pagesIt = cursorPages({
        http: http(),
        method: "GET",
        url: "/p",
        schema: Page,
        schemaName: "Page",
        operation: "p",
      });
      assert.equal(
        await findFirst(
          itemsOf(pagesIt, (p) => p.data),
          (x) => x === "b",
        ),
        "b",
      );
      assert.equal(server.requests.length, 1);
    });
  });

  describe("scimPages", () => {
    it("advances the 1-based startIndex by what came back and stops at totalResults", async () => {
      const all = ["u1", "u2", "u3", "u4", "u5"];
      const calls: Array<[number, number]> = [];
      const items = await collectItems(
        scimPages(
          async (startIndex, count) => {
            calls.push([startIndex, count]);
            return {
              totalResults: all.length,
              startIndex,
              Resources: all.slice(startIndex - 1, startIndex - 1 + count),
            };
          },
          { count: 2, api: "SCIM", operation: "listUsers" },
        ),
        (p) => p.Resources,
      );
      assert.deepEqual(items, all);
      assert.deepEqual(calls, [
        [1, 2],
        [3, 2],
        [5, 2],
      ]);
    });

    it("stops on an empty page even when totalResults promises more", async () => {
      let calls = 0;
      const items = await collectItems(
        scimPages(
          async () => (calls++ === 0 ? { totalResults: 9, Resources: ["a"] } : { totalResults: 9, Resources: [] }),
          { api: "SCIM", operation: "listUsers" },
        ),
        (p) => p.Resources,
      );
      assert.deepEqual(items, ["a"]);
      assert.equal(calls, 2);
    });
  });

  describe("offsetPages", () => {
    it("steps offset by limit and stops at the first short page", async () => {
      const calls: Array<[number, number]> = [];
      const all = ["a", "b", "c", "d", "e"];
      const items = await collectItems(
        offsetPages(
          async (offset, limit) => {
            calls.push([offset, limit]);
            return all.slice(offset, offset + limit);
          },
          { limit: 2, api: "ISC", operation: "listAccounts" },
        ),
        (p) => p,
      );
      assert.deepEqual(items, all);
      assert.deepEqual(calls, [
        [0, 2],
        [2, 2],
        [4, 2],
      ]);
    });

    it("asks once more after a full last page and stops on the empty one", async () => {
      const calls: number[] = [];
      await collect(
        offsetPages(async (offset) => (calls.push(offset), offset === 0 ? ["a", "b"] : []), {
          limit: 2,
          api: "ISC",
          operation: "x",
        }),
      );
      assert.deepEqual(calls, [0, 2]);
    });
  });
});
