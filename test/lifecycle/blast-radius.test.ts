// The blast-radius guard (issue 12 item 4) against the sandbox: a change that removes access from more people than the
// limit, or empties a group, is refused before any write, with the numbers per site × product; an explicit allowance
// (the resource's allowAccessLoss, config accessLossAllowed) lets it through; people who keep the access through
// another group are not counted.
import { strict as assert } from "node:assert";
import { captureConsoleLog } from "../helpers/io";
import { configure, setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { resetServerClock } from "../../provider/clients/server-clock";
import { groupLifecycle, type GroupOutputs } from "../../provider/lifecycle/group/lifecycle";
import { appAccessLifecycle } from "../../provider/lifecycle/app-access/lifecycle";
import { call, providerConfigure, startTestSandbox, type TestSandbox, acmePeople } from "../helpers/sandbox";

const SITE = "acme-eu.atlassian.net";

describe("blast radius: access removed past the limit is refused before any write", function () {
  this.timeout(30_000);
  let sb: TestSandbox;
  let people: string[];
  const logged = captureConsoleLog();
  const writes = (from: number) =>
    sb.store.world.requests
      .slice(from)
      .filter((r) => r.api === "org" && r.method !== "GET" && !/\/search$|\/workspaces$/.test(r.path)).length;

  function newRun(extra: Record<string, string> = {}) {
    resetServerClock();
    resetRunState();
    configure(providerConfigure(sb, { pollIntervalMs: "5", roleConsistencyTimeoutMs: "2000", ...extra }));
  }

  /** A code-owned group of `n` people holding Jira on `site` (each test its own site: earlier groups keep theirs). */
  async function granted(name: string, n: number, site = SITE) {
    newRun();
    const { id, outs } = await groupLifecycle.create({ name, owner: "pulumi", members: people.slice(0, n) });
    const grant = await appAccessLifecycle.create({
      group: id,
      site,
      product: "jira-software",
      role: "atlassian/user",
    });
    newRun();
    return { id, outs, grant: grant.outs };
  }

  before(async () => {
    sb = await startTestSandbox();
    people = acmePeople(sb, 14);
    assert.equal(people.length, 14);
  });
  after(async () => {
    setContextForTests(undefined);
    resetRunState();
    await sb.close();
  });

  it("refuses at diff removing 12 declared members from a group granting Jira, naming the numbers", async () => {
    const { id, outs } = await granted("blast-12", 14);
    const from = sb.store.world.requests.length;
    const news = { name: "blast-12", owner: "pulumi" as const, members: people.slice(0, 2) };
    await assert.rejects(groupLifecycle.diff(id, outs, news), (e: Error) => {
      assert.equal(
        e.message,
        `Group "blast-12": removing 12 member(s) removes access from 12 people, more than the limit of 10 (atlassian-access:accessLossLimit) (${SITE}/jira-software (atlassian/user): 12). If that is intended, set allowAccessLoss: true (or the number of people) on the resource and run \`pulumi up\` again, or list the group in atlassian-access:accessLossAllowed (a destroy runs with the config the last \`pulumi up\` stored: run \`up\` after changing it); otherwise keep the members or grants.`,
      );
      return true;
    });
    assert.equal(writes(from), 0);
    // Allowed for this resource, or under the limit: the change goes, and the preview line gives the numbers.
    assert.equal((await groupLifecycle.diff(id, outs, { ...news, allowAccessLoss: 12 })).changes, true);
    assert.match(logged.join("\n"), /Group "blast-12": removing 12 member\(s\) removes access from 12 person\(s\)/);
    newRun({ accessLossLimit: "12" });
    assert.equal((await groupLifecycle.diff(id, outs, news)).changes, true);
  });

  it("does not count people who keep the grant through another group", async () => {
    const { id, outs } = await granted("blast-overlap", 14, "acme-us.atlassian.net");
    // Another group with 10 of the same people holds the same grant: of the 12 removed, 4 really lose Jira.
    await granted("blast-keeps", 10, "acme-us.atlassian.net");
    newRun();
    assert.equal(
      (await groupLifecycle.diff(id, outs, { name: "blast-overlap", owner: "pulumi", members: people.slice(0, 2) }))
        .changes,
      true,
    );
    assert.match(
      logged.join("\n"),
      /removing 12 member\(s\) removes access from 4 person\(s\): acme-us.atlassian.net\/jira-software \(atlassian\/user\) 4\./,
    );
  });

  it("does not count people who hold the same role directly, reading only the losers' role assignments", async () => {
    const { id, outs } = await granted("blast-direct", 14, "acme-jp.atlassian.net");
    // Three of the twelve removed were also given Jira on that site directly, by hand: they keep it.
    for (const email of people.slice(11, 14)) {
      const r = await call(sb, "POST", "/__sandbox/admin/user-role", {
        body: { email, role: "atlassian/user", site: "acme-jp.atlassian.net", product: "jira-software" },
        token: null,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    newRun();
    const from = sb.store.world.requests.length;
    assert.equal(
      (await groupLifecycle.diff(id, outs, { name: "blast-direct", owner: "pulumi", members: people.slice(0, 2) }))
        .changes,
      true,
    );
    assert.match(
      logged.join("\n"),
      /Group "blast-direct": removing 12 member\(s\) removes access from 9 person\(s\): acme-jp.atlassian.net\/jira-software \(atlassian\/user\) 9\./,
    );
    const reads = sb.store.world.requests.slice(from).filter((r) => /\/users\/[^/]+\/role-assignments$/.test(r.path));
    assert.equal(reads.length, 12, "one role-assignments read per person who would lose access");
  });

  it("refuses emptying a group, and a listed group in accessLossAllowed passes", async () => {
    const { id, outs } = await granted("blast-empty", 3, "acme-uk.atlassian.net");
    await assert.rejects(
      groupLifecycle.diff(id, outs, { name: "blast-empty", owner: "pulumi", members: [] }),
      /Group "blast-empty": removing 3 member\(s\) empties the group/,
    );
    newRun({ accessLossAllowed: JSON.stringify(["BLAST-EMPTY"]) });
    assert.equal(
      (await groupLifecycle.diff(id, outs, { name: "blast-empty", owner: "pulumi", members: [] })).changes,
      true,
    );
  });

  it("refuses revoking a grant from 14 people and deleting their group, before the revoke or delete goes out", async () => {
    const { id, grant } = await granted("blast-revoke", 14, "acme-de.atlassian.net");
    const from = sb.store.world.requests.length;
    await assert.rejects(
      appAccessLifecycle.delete("x", grant),
      /^Error: AppAccess blast-revoke@acme-de.atlassian.net\/jira-software: revoking atlassian\/user removes access from 14 people/,
    );
    const g = sb.store.world.org.groups.find((x) => x.id === id)!;
    await assert.rejects(
      groupLifecycle.delete(id, { name: "blast-revoke", owner: "pulumi", groupId: id, adopted: false } as GroupOutputs),
      /^Error: Group "blast-revoke": deleting it removes access from 14 people/,
    );
    assert.equal(writes(from), 0);
    assert.equal(sb.store.world.org.groups.includes(g), true);
    await groupLifecycle.delete(id, {
      name: "blast-revoke",
      owner: "pulumi",
      groupId: id,
      adopted: false,
      allowAccessLoss: true,
    } as GroupOutputs);
    assert.equal(sb.store.world.org.groups.includes(g), false);
  });

  it("refuses adopting an existing 14-member group with members: [] (it would empty it)", async () => {
    await granted("blast-adopt", 14, "acme-fr.atlassian.net");
    await assert.rejects(
      groupLifecycle.create({ name: "blast-adopt", owner: "pulumi", adopt: true, members: [] }),
      /^Error: Group "blast-adopt": adopting it removes 14 member\(s\) and removes access from 14 people/,
    );
    assert.equal(sb.store.world.org.groups.find((g) => g.name === "blast-adopt")!.members.length, 14);
  });
});
