// The SCIM and ISC clients against the sandbox: their schemas fit what it serves, paging ends, ISC tokens renew.
import { strict as assert } from "node:assert";
import { createScimClient } from "../../provider/clients/scim/scim-client";
import { createIscClient } from "../../provider/clients/isc/isc-client";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox";

describe("createScimClient against the sandbox", () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  const scim = (pageSize?: number) =>
    createScimClient({
      apiUrl: sb.url,
      directoryId: sb.store.world.scim.directoryId,
      token: SANDBOX_CREDENTIALS.scimToken,
      pageSize,
      sleep: async () => {},
    });

  it("lists every active user and every group over small pages", async () => {
    const users = await scim(2).listUsers();
    assert.deepEqual(
      users.map((u) => u.id).sort(),
      sb.store.world.scim.users
        .filter((u) => u.active)
        .map((u) => u.id)
        .sort(),
    );
    assert.equal((await scim(2).listGroups()).length, sb.store.world.scim.groups.length);
  });

  it("finds a user by userName in another case, and a group by displayName", async () => {
    const someone = sb.store.world.scim.users.find((u) => u.active)!;
    const found = await scim().findUserByUserName(someone.userName.toUpperCase());
    assert.equal(found?.id, someone.id);
    assert.ok(found?.["urn:scim:schemas:extension:atlassian-external:1.0"]?.atlassianAccountId);
    const group = sb.store.world.scim.groups[0];
    assert.equal((await scim().findGroupByDisplayName(group.displayName))?.id, group.id);
    assert.equal(await scim().findUserByUserName("nobody@acme.example"), undefined);
  });
});

describe("createIscClient against the sandbox", () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  const isc = () =>
    createIscClient({
      iscUrl: sb.url,
      clientId: SANDBOX_CREDENTIALS.iscClientId,
      clientSecret: SANDBOX_CREDENTIALS.iscClientSecret,
      sleep: async () => {},
    });
  const tokenRequests = () => sb.store.world.requests.filter((r) => r.path === "/oauth/token").length;

  it("reads the Atlassian source, its accounts, entitlements and account activities", async () => {
    const client = isc();
    const sourceId = sb.store.world.isc.sourceId;
    assert.equal((await client.getSource(sourceId)).id, sourceId);
    const accounts = await client.listAccounts({ sourceId });
    assert.equal(accounts.length, sb.store.world.isc.accounts.filter((a) => a.sourceId === sourceId).length);
    const ents = await client.listEntitlements(sourceId);
    assert.equal(ents.length, sb.store.world.isc.entitlements.length);
    const withEnts = accounts.find((a) => a.hasEntitlements);
    assert.ok(withEnts, "the acme scenario has an account holding entitlements");
    assert.ok((await client.getAccountEntitlements(withEnts.id)).length > 0);
    assert.equal((await client.listAccountActivities()).length, sb.store.world.isc.activities.length);
  });

  it("fetches a new token and resends when the sandbox answers 401 for an expired one", async () => {
    const client = isc();
    const sourceId = sb.store.world.isc.sourceId;
    const before = tokenRequests();
    await client.getSource(sourceId);
    await client.getSource(sourceId);
    assert.equal(tokenRequests() - before, 1);
    sb.store.advanceClock(sb.store.world.settings.iscTokenTtlSeconds / 60 + 1);
    await client.getSource(sourceId);
    assert.equal(tokenRequests() - before, 2);
  });
});
