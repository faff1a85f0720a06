// A full read of a big org's lists must cost each page its own items, not a scan of the org per page (issue 22): the
// sandbox counts the items a request scanned or rendered (store.touched), and a page after a listing's first touches
// only the items it returns, at 3,000 users as at 600.
import { strict as assert } from "node:assert";
import { call, orgPath, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";

/** Items touched by each page of one listing: `next` fetches a page and says how many items it held and what follows. */
async function perPage(
  sb: TestSandbox,
  next: (cursor: unknown) => Promise<{ items: number; cursor?: unknown }>,
): Promise<{ touched: number; items: number }[]> {
  const out: { touched: number; items: number }[] = [];
  let cursor: unknown;
  do {
    const before = sb.store.touched;
    const page = await next(cursor);
    out.push({ touched: sb.store.touched - before, items: page.items });
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

describe("sandbox: a page costs its own items", function () {
  this.timeout(120_000);
  const sizes = [
    { users: 600, groups: 60 },
    { users: 3000, groups: 300 },
  ];
  const results: Record<string, { touched: number; items: number }[]>[] = [];
  before(async () => {
    for (const s of sizes) {
      const sb = await startTestSandbox({
        scenario: `scale:groups=${s.groups},users=${s.users},members=${s.users * 2},grants=${s.groups},events=50`,
      });
      try {
        results.push({
          "org users": await orgUsers(sb),
          "org groups": await orgGroups(sb),
          "scim users": await scim(sb, "Users"),
          "scim groups": await scim(sb, "Groups"),
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

  it("scans the list once, on the listing's first page", () => {
    for (const [i, s] of sizes.entries()) {
      const first = results[i]["org users"][0];
      assert.equal(first.touched, s.users + first.items);
    }
  });
});
