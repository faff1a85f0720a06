// The drift check's snapshot starts SCIM's and ISC's reads with the org lists, not after them (issue 22 item 4), and
// what it assembles from pages read several at once is what a read one page after another gives, in the same requests.
import { strict as assert } from "node:assert";
import { configure, resetRunState, setContextForTests } from "../../provider/lifecycle/context";
import { snapshotView } from "../../provider/org/snapshot";
import { groupLifecycle, type GroupOutputs } from "../../provider/lifecycle/group/lifecycle";
import { resetServerClock } from "../../provider/clients/server-clock";
import { createScimClient } from "../../provider/clients/scim/scim-client";
import { createIscClient } from "../../provider/clients/isc/isc-client";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { providerConfigure, startTestSandbox, type TestSandbox } from "../helpers/sandbox";

describe("orgSnapshot: SCIM and ISC alongside the org lists", function () {
  this.timeout(60_000);
  let sb: TestSandbox;

  before(async () => {
    sb = await startTestSandbox({ scenario: "scale:groups=20,users=900,members=100,grants=10,events=10" });
  });
  after(async () => {
    setContextForTests(undefined);
    resetRunState();
    resetServerClock();
    await sb.close();
  });

  /** A new run with SCIM and ISC configured: nothing read yet. */
  function newRun(): void {
    const w = sb.store.world;
    resetRunState();
    configure(
      providerConfigure(sb, {
        scimDirectoryId: w.scim.directoryId,
        scimToken: SANDBOX_CREDENTIALS.scimToken,
        iscUrl: sb.url,
        iscClientId: SANDBOX_CREDENTIALS.iscClientId,
        iscClientSecret: SANDBOX_CREDENTIALS.iscClientSecret,
        iscSourceId: w.isc.sourceId,
      }),
    );
  }

  /** Since `from`, every list read once, and SCIM's and ISC's first pages answered before the org's last users page. */
  function assertOverlap(from: number): void {
    // The sandbox logs each request as its answer finishes.
    const log = sb.store.world.requests.slice(from).map((r) => `${r.api} ${r.method} ${r.path}`);
    const orgUserPages = log.flatMap((l, i) => (/^org POST .*\/users\/search$/.test(l) ? [i] : []));
    const scimUserPages = log.flatMap((l, i) => (/^scim GET .*\/Users$/.test(l) ? [i] : []));
    const iscAccountPages = log.flatMap((l, i) => (/^isc GET .*\/v3\/accounts$/.test(l) ? [i] : []));
    assert.equal(orgUserPages.length, 9, log.join("\n"));
    assert.equal(scimUserPages.length, 9, log.join("\n"));
    assert.equal(iscAccountPages.length, 4, log.join("\n"));
    const lastOrgPage = orgUserPages[orgUserPages.length - 1];
    assert.ok(scimUserPages[0] < lastOrgPage, `SCIM's first page after the org's last:\n${log.join("\n")}`);
    assert.ok(iscAccountPages[0] < lastOrgPage, `ISC's first page after the org's last:\n${log.join("\n")}`);
  }

  it("reads SCIM's and ISC's pages while the org's user pages are still coming, and assembles them in order", async () => {
    const w = sb.store.world;
    newRun();
    const from = w.requests.length;
    const { snap } = await snapshotView();
    assertOverlap(from);

    // The same lists read one page at a time: the same items, in the same order.
    const scim = createScimClient({
      apiUrl: sb.url,
      directoryId: w.scim.directoryId,
      token: SANDBOX_CREDENTIALS.scimToken,
      concurrency: 1,
    });
    const isc = createIscClient({
      iscUrl: sb.url,
      clientId: SANDBOX_CREDENTIALS.iscClientId,
      clientSecret: SANDBOX_CREDENTIALS.iscClientSecret,
      concurrency: 1,
    });
    const users = await scim.listUsers();
    assert.equal(users.length, 900);
    assert.deepEqual(
      snap.scim!.users.map((u) => u.id),
      users.map((u) => u.id),
    );
    const accounts = await isc.listAccounts({ sourceId: w.isc.sourceId });
    assert.ok(accounts.length > 750, `${accounts.length} accounts`);
    assert.deepEqual(
      snap.isc!.accounts.map((a) => a.id),
      accounts.map((a) => a.id),
    );
  });

  it("starts them from a Group's read, which waits for the org lists, when its findings will ask for the snapshot", async () => {
    const w = sb.store.world;
    const g = w.org.groups.find((x) => x.name.startsWith("dept-")) ?? w.org.groups[0];
    newRun();
    const from = w.requests.length;
    const props = { name: g.name, owner: "pulumi", membersManaged: true, declaredMembers: [], members: [] };
    const read = await groupLifecycle.read(g.id, props as unknown as GroupOutputs);
    assert.equal(read.id, g.id);
    assertOverlap(from);
  });

  it("starts them from an IdP group's read when the program declares a split (whose read will ask), and not without", async () => {
    const w = sb.store.world;
    const g = w.org.groups.find((x) => x.name.startsWith("dept-")) ?? w.org.groups[0];
    const scimRequests = (from: number) => w.requests.slice(from).filter((r) => r.api === "scim").length;

    // No split in the program: an IdP group's read judges nothing from the snapshot and starts none of its reads.
    newRun();
    let from = w.requests.length;
    let read = await groupLifecycle.read(g.id, { name: g.name, owner: "scim" } as unknown as GroupOutputs);
    assert.equal(read.id, g.id);
    await new Promise((r) => setImmediate(r));
    assert.equal(scimRequests(from), 0);

    // The program's split claims it: the split's read in this refresh will ask for the snapshot, so it starts now.
    newRun();
    from = w.requests.length;
    const program = { split: { lanes: ["scim"], patterns: { scim: ["dept-*"] } } };
    read = await groupLifecycle.read(g.id, { name: g.name, owner: "scim", program } as unknown as GroupOutputs);
    assert.equal(read.id, g.id);
    await snapshotView();
    assertOverlap(from);
  });
});
