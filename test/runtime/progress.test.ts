// Progress of long reads (provider/runtime/progress.ts): silent for short work, then a line at most every interval,
// with pages read of about how many, and a last line; and one command (discover) printing it on stderr. The clock is
// injected: nothing here waits.
import { strict as assert } from "node:assert";
import { Progress, pageRead, withProgress } from "../../provider/runtime/progress";
import { main as discover } from "../../provider/discover/cli";
import { envName } from "../../provider/config";
import { stackConfig } from "../../sandbox/cli";
import { startTestSandbox } from "../helpers/sandbox";
import { captureIo } from "../helpers/io";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A clock that moves only when the test says so. */
function fakeClock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("progress of long reads", () => {
  it("prints nothing for work shorter than afterMs", () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const p = new Progress({ sink: (l) => lines.push(l), now: clock.now, afterMs: 5000, everyMs: 5000 });
    for (let i = 0; i < 50; i++) {
      clock.advance(90);
      p.page("searchDirectoryUsers");
    }
    p.finish();
    assert.deepEqual(lines, []);
  });

  it("then prints at most one line per everyMs, with the pages of each list, and a last line", () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const p = new Progress({ sink: (l) => lines.push(l), now: clock.now, afterMs: 5000, everyMs: 5000 });
    // 100 pages a second for 20 s: SCIM's list tells its size, the org's users are estimated from it.
    for (let i = 1; i <= 2000; i++) {
      clock.advance(10);
      p.page("listUsers", 2000);
      if (i % 2 === 0) p.page("searchDirectoryUsers");
    }
    p.finish();
    // At 5, 10, 15 and 20 s, then the last line.
    assert.equal(lines.length, 5, lines.join("\n"));
    // The line at 5 s is printed by SCIM's 500th page, before the org's 250th.
    assert.equal(lines[0], "reading SCIM users: 500 of 2000 pages, users: 249 of ~2000 pages");
    assert.equal(lines[4], "reading SCIM users: 2000 of 2000 pages, users: 1000 of ~2000 pages");
  });

  it("names only the org's big lists, counts lists without a size, and ignores one-page lookups", () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const p = new Progress({ sink: (l) => lines.push(l), now: clock.now, afterMs: 0, everyMs: 0, label: "read" });
    p.page('listUsers (userName eq "a@b.c")');
    p.page("getGroup g-1");
    p.page("searchDirectoryGroups");
    p.page("listAccounts of source s-1");
    assert.deepEqual(lines, ["read groups: 1 page", "read groups: 1 page, ISC accounts: 1 page"]);
  });

  it("is off outside withProgress, and one Progress serves overlapping readers until the last ends", async () => {
    pageRead("searchDirectoryUsers"); // no reader: nothing to count into, nothing printed
    const clock = fakeClock();
    const lines: string[] = [];
    const opts = { sink: (l: string) => lines.push(l), now: clock.now, afterMs: 1000, everyMs: 1000 };
    let release!: () => void;
    const slow = withProgress(opts, () => new Promise<void>((r) => (release = r)));
    await withProgress({ ...opts, label: "other" }, async () => {
      clock.advance(2000);
      pageRead("searchDirectoryGroups");
    });
    assert.deepEqual(lines, ["reading groups: 1 page"]);
    clock.advance(2000);
    pageRead("searchDirectoryGroups");
    release();
    await slow;
    // No last line: nothing was read since the last one.
    assert.deepEqual(lines, ["reading groups: 1 page", "reading groups: 2 pages"]);
    pageRead("searchDirectoryGroups");
    assert.equal(lines.length, 2);
  });
});

describe("progress of a command: discover", function () {
  this.timeout(60_000);
  it("prints pages read on stderr once the read has lasted a few seconds (a clock 2 s per look)", async () => {
    const sb = await startTestSandbox({ scenario: "scale:groups=40,users=450,members=900,grants=40,events=20" });
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(stackConfig(sb.url, sb.store.world)))
      if (k.startsWith("atlassian-access:")) env[envName(k.slice("atlassian-access:".length))] = String(v.value);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "progress-"));
    try {
      let t = 0;
      const io = Object.assign(captureIo(), { now: () => (t += 2000) });
      const code = await discover(["discover", "--out", dir], io);
      assert.equal(code, 0, io.err);
      const lines = io.err.split("\n").filter((l) => /^discover: reading .* pages?(,|$)/.test(l));
      assert.ok(lines.length >= 2, `${code} ${io.err}`);
      // The org's users: 5 pages of 100, estimated from SCIM's count.
      assert.match(lines[lines.length - 1], /users: 5 of ~5 pages/);
      assert.match(lines[lines.length - 1], /SCIM users: 5 of 5 pages/);
    } finally {
      process.env = saved;
      await sb.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
