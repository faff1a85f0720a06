// SCIM's and ISC's later pages read several at once, once the first page told how many: requests in flight, the
// request count, and the items in page order whatever order the answers arrive in, against the sequential read.
import { strict as assert } from "node:assert";
import { collectItems, offsetPages, scimPages, type OffsetPage } from "../../provider/clients/paginate";
import { withProgress } from "../../provider/runtime/progress";

/** A later-asked page answers sooner: page k of each batch waits (8 - k % 4) turns of the event loop. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A fake transport that counts requests in flight and records the order answers arrive in. */
function transport() {
  const t = { inFlight: 0, maxInFlight: 0, asked: [] as number[], answered: [] as number[] };
  const send = async <R>(key: number, answer: () => R): Promise<R> => {
    t.asked.push(key);
    t.inFlight++;
    t.maxInFlight = Math.max(t.maxInFlight, t.inFlight);
    await turns(8 - (t.asked.length % 4));
    t.inFlight--;
    t.answered.push(key);
    return answer();
  };
  return { t, send };
}

const people = Array.from({ length: 1_030 }, (_, i) => `u${i}`);

function readScim(parallel: number, all = people) {
  const { t, send } = transport();
  const items = collectItems(
    scimPages(
      (startIndex, count) =>
        send(startIndex, () => ({
          totalResults: all.length,
          startIndex,
          Resources: all.slice(startIndex - 1, startIndex - 1 + count),
        })),
      { count: 100, api: "SCIM", operation: "listUsers", parallel },
    ),
    (p) => p.Resources,
  );
  return items.then((list) => ({ list, ...t }));
}

function readIsc(parallel: number, opts: { all?: string[]; total?: (n: number) => number } = {}) {
  const all = opts.all ?? people;
  const { t, send } = transport();
  const withTotal: boolean[] = [];
  const items = collectItems(
    offsetPages(
      (offset, limit, total) => {
        withTotal.push(total);
        return send(offset, (): OffsetPage<string> => ({
          items: all.slice(offset, offset + limit),
          total: total ? (opts.total ?? ((n) => n))(all.length) : undefined,
        }));
      },
      { limit: 250, api: "ISC", operation: "listAccounts", parallel },
    ),
    (p) => p,
  );
  return items.then((list) => ({ list, withTotal, ...t }));
}

describe("paginate: pages at once", () => {
  it("reads SCIM's later pages four at a time, in page order, with the sequential read's requests", async () => {
    const one = await readScim(1);
    const four = await readScim(4);
    assert.equal(one.maxInFlight, 1);
    assert.equal(four.maxInFlight, 4);
    assert.deepEqual(four.list, one.list);
    assert.deepEqual(four.list, people);
    assert.deepEqual(four.asked, one.asked);
    assert.equal(four.asked.length, 11);
    // The answers came back out of order, yet the items are in page order.
    assert.notDeepEqual(four.answered, four.asked);
  });

  it("reads SCIM's first page alone: its totalResults tells the rest", async () => {
    const four = await readScim(4);
    assert.deepEqual(four.answered[0], 1);
    assert.equal(four.asked.indexOf(101), 1);
  });

  it("reads ISC's later pages four at a time after the first page's X-Total-Count, in page order", async () => {
    const all = Array.from({ length: 2_600 }, (_, i) => `a${i}`);
    const one = await readIsc(1, { all });
    const four = await readIsc(4, { all });
    assert.equal(one.maxInFlight, 1);
    assert.equal(four.maxInFlight, 4);
    assert.deepEqual(four.list, all);
    assert.deepEqual(four.asked, one.asked);
    assert.equal(four.asked.length, 11);
    assert.deepEqual(four.withTotal, [true, ...Array<boolean>(10).fill(false)]);
    assert.deepEqual(one.withTotal, Array<boolean>(11).fill(false));
    assert.notDeepEqual(four.answered, four.asked);
  });

  it("follows a full last ISC page one page at a time, as the sequential read does", async () => {
    const all = Array.from({ length: 1_000 }, (_, i) => `a${i}`);
    const four = await readIsc(4, { all });
    // 4 full pages, then the empty one that ends the listing; a total that is too low reads the same.
    assert.deepEqual(four.asked, [0, 250, 500, 750, 1_000]);
    assert.deepEqual(four.list, all);
    const low = await readIsc(4, { all, total: () => 300 });
    assert.deepEqual(low.asked, [0, 250, 500, 750, 1_000]);
    assert.deepEqual(low.list, all);
  });

  it("ends an ISC listing at its short page when the total promised more", async () => {
    const all = Array.from({ length: 600 }, (_, i) => `a${i}`);
    const four = await readIsc(4, { all, total: () => 900 });
    assert.deepEqual(four.list, all);
    assert.deepEqual(four.asked.slice(0, 3), [0, 250, 500]);
  });

  it("counts each page once in progress, with ISC's total telling how many there are", async () => {
    const lines: string[] = [];
    let t = 0;
    const all = Array.from({ length: 1_100 }, (_, i) => `a${i}`);
    await withProgress({ sink: (l) => lines.push(l), now: () => (t += 1_000), afterMs: 0, everyMs: 0 }, async () => {
      await readScim(4);
      await readIsc(4, { all });
    });
    assert.equal(lines[lines.length - 1], "reading SCIM users: 11 of 11 pages, ISC accounts: 5 of 5 pages");
  });
});
