// A full read of a big org's lists must cost each page its own items, not a scan of the org per page (issue 22): the
// sandbox counts the items a request scanned or rendered (store.touched), and a page after a listing's first touches
// only the items it returns, at 3,000 users as at 600. Rows it looks up by id (an ISC account's identity) are counted
// too: each read of a row of the world's big tables, by any route or helper, is counted through a proxy.
import { strict as assert } from "node:assert";
import { call, orgPath, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";

/** Reads of a row (by index or by iteration) of the world's big tables since the sandbox started. */
const rowReads = new WeakMap<TestSandbox, { n: number }>();

/** Puts each big table of the world behind a proxy that counts the reads of its rows. */
function countRowReads(sb: TestSandbox): void {
  const count = { n: 0 };
  rowReads.set(sb, count);
  const counted = <T extends object>(rows: T[]): T[] =>
    new Proxy(rows, {
      get(target, prop, receiver) {
        if (typeof prop === "string" && /^\d+$/.test(prop)) count.n++;
        return Reflect.get(target, prop, receiver);
      },
    });
  const w = sb.store.world;
  w.org.users = counted(w.org.users);
  w.org.groups = counted(w.org.groups);
  w.scim.users = counted(w.scim.users);
  w.scim.groups = counted(w.scim.groups);
  w.isc.accounts = counted(w.isc.accounts);
  w.isc.identities = counted(w.isc.identities);
}

interface PageCost {
  touched: number;
  items: number;
  /** Rows of the world's big tables read while answering the page. */
  reads: number;
}

/** Items touched by each page of one listing: `next` fetches a page and says how many items it held and what follows. */
async function perPage(
  sb: TestSandbox,
  next: (cursor: unknown) => Promise<{ items: number; cursor?: unknown }>,
): Promise<PageCost[]> {
  const out: PageCost[] = [];
  const reads = rowReads.get(sb)!;
  let cursor: unknown;
  do {
    const before = sb.store.touched;
    const readBefore = reads.n;
    const page = await next(cursor);
    out.push({ touched: sb.store.touched - before, items: page.items, reads: reads.n - readBefore });
    cursor = page.cursor;
  } while (cursor !== undefined);
  return out;
}

const orgUsers = (sb: TestSandbox) =>
  perPage(sb, async (cursor) => {
    const body = cursor ? { cursor } : { limit: 100, expand: ["groups", "productAccess"] };
    const res = await call(sb, "POST", orgPath(sb, "/users/search"), { body });
    assert.equal(res.status, 200);
    return { items: res.body.data.length, cursor: res.body.links.next ?? undefined };
  });

const orgGroups = (sb: TestSandbox) =>
  perPage(sb, async (cursor) => {
    const res = await call(sb, "POST", orgPath(sb, "/groups/search"), { body: cursor ? { cursor } : { limit: 100 } });
    assert.equal(res.status, 200);
    return { items: res.body.data.length, cursor: res.body.links.next ?? undefined };
  });

const scim = (sb: TestSandbox, kind: "Users" | "Groups") =>
  perPage(sb, async (cursor) => {
    const start = (cursor as number | undefined) ?? 1;
    const dir = sb.store.world.scim.directoryId;
    const res = await call(sb, "GET", `/scim/directory/${dir}/${kind}?startIndex=${start}&count=100`, {
      token: SANDBOX_CREDENTIALS.scimToken,
    });
    assert.equal(res.status, 200);
    const got = res.body.Resources.length as number;
    return { items: got, cursor: start + got <= res.body.totalResults && got > 0 ? start + got : undefined };
  });

/** ISC's accounts of the source, 250 a page by offset, sorted by id, as the provider reads them. */
const iscAccounts = async (sb: TestSandbox) => {
  const auth = await fetch(`${sb.url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `grant_type=client_credentials&client_id=${SANDBOX_CREDENTIALS.iscClientId}&client_secret=${SANDBOX_CREDENTIALS.iscClientSecret}`,
  });
  const token = ((await auth.json()) as { access_token: string }).access_token;
  const filters = encodeURIComponent(`sourceId eq "${sb.store.world.isc.sourceId}"`);
  return perPage(sb, async (cursor) => {
    const offset = (cursor as number | undefined) ?? 0;
    const res = await call(sb, "GET", `/v3/accounts?limit=250&offset=${offset}&filters=${filters}&sorters=id`, {
      token,
    });
    assert.equal(res.status, 200);
    const got = res.body.length as number;
    return { items: got, cursor: got === 250 ? offset + got : undefined };
  });
};

describe("sandbox: a page costs its own items", function () {
  this.timeout(120_000);
  const sizes = [
    { users: 600, groups: 60 },
    { users: 3000, groups: 300 },
  ];
  const results: Record<string, PageCost[]>[] = [];
  before(async () => {
    for (const s of sizes) {
      const sb = await startTestSandbox({
        scenario: `scale:groups=${s.groups},users=${s.users},members=${s.users * 2},grants=${s.groups},events=50`,
      });
      countRowReads(sb);
      try {
        results.push({
          "org users": await orgUsers(sb),
          "org groups": await orgGroups(sb),
          "scim users": await scim(sb, "Users"),
          "scim groups": await scim(sb, "Groups"),
          "isc accounts": await iscAccounts(sb),
        });
      } finally {
        await sb.close();
      }
    }
  });

  it("reads every item once, in pages of 100", () => {
    for (const [i, s] of sizes.entries()) {
      const r = results[i];
      assert.equal(
        r["org users"].reduce((n, p) => n + p.items, 0),
        s.users,
      );
      assert.equal(r["org users"].length, s.users / 100);
      assert.equal(
        r["scim users"].reduce((n, p) => n + p.items, 0),
        s.users,
      );
      assert.ok(r["org groups"].length >= 1 && r["scim groups"].length >= 1);
    }
  });

  it("touches only a page's own items on every page after the first, whatever the org's size", () => {
    for (const r of results)
      for (const [list, pages] of Object.entries(r))
        for (const [n, p] of pages.slice(1).entries())
          assert.equal(p.touched, p.items, `${list} page ${n + 2}: touched ${p.touched} for ${p.items} items`);
  });

  it("reads a few rows of the world's tables per item on every page after the first, not a lookup scan per item", () => {
    // A lookup by id reads its row three times (org/lookup.ts); rendering reads nothing else from the tables.
    for (const r of results)
      for (const [list, pages] of Object.entries(r))
        for (const [n, p] of pages.slice(1).entries())
          assert.ok(p.reads <= 3 * p.items, `${list} page ${n + 2}: read ${p.reads} rows for ${p.items} items`);
  });

  it("scans the list once, on the listing's first page", () => {
    for (const [i, s] of sizes.entries()) {
      const first = results[i]["org users"][0];
      assert.equal(first.touched, s.users + first.items);
    }
  });
});
