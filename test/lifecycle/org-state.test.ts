// The process's org state and grants: reads shared by every resource, writes patched in, one poll per group.
import { strict as assert } from "node:assert";
import { OrgState } from "../../provider/org/org-state";
import { awaitRole, grantHolders, patchGrant, dropGroupGrants } from "../../provider/org/grants";
import { orgState, snapshotView } from "../../provider/org/snapshot";
import { carryCauses } from "../../provider/lifecycle/ownership-split/lifecycle";
import { setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { ProviderConfig } from "../../provider/config";
import { fakeOrg } from "./fake-org";
import type { Finding } from "../../provider/rules/findings";

const G1 = "00000000-0000-4000-a000-000000000001";
const EU = "ari:cloud:jira-software::site/eu";

describe("OrgState", () => {
  const state = () =>
    new OrgState(
      [
        { id: "g1", name: "Eng", externalSynced: false, managedBy: "admins" },
        { id: "g2", name: "eng", externalSynced: false, managedBy: "admins" },
      ],
      [
        { accountId: "a1", email: "Ana@acme.example", groups: ["g1"] },
        { accountId: "a2", email: "ben@acme.example", groups: [] },
      ],
      [],
    );

  it("answers members, exact names and case twins from one read", () => {
    const s = state();
    assert.deepEqual(s.memberEmails("g1"), ["ana@acme.example"]);
    assert.equal(s.groupByExactName("eng")?.id, "g2");
    assert.deepEqual(
      s.groupsNamedLike("ENG").map((g) => g.id),
      ["g1", "g2"],
    );
    assert.equal(s.userByEmail("ANA@acme.example")?.accountId, "a1");
  });

  it("follows this process's writes without a re-read, and bumps its version for derived views", () => {
    const s = state();
    const v = s.version;
    s.addMember("g1", "a2");
    s.removeMember("g1", "a1");
    assert.deepEqual(s.memberEmails("g1"), ["ben@acme.example"]);
    assert.deepEqual(s.user("a2")?.groups, ["g1"]);
    assert.deepEqual(s.user("a1")?.groups, []);
    s.addGroup({ id: "g3", name: "new", externalSynced: false, managedBy: "admins" });
    s.addMember("g3", "a1");
    s.removeGroup("g3");
    assert.equal(s.group("g3"), undefined);
    assert.deepEqual(s.user("a1")?.groups, []);
    assert.ok(s.version > v);
  });
});

describe("grants and the shared read", () => {
  let org: ReturnType<typeof fakeOrg>;
  beforeEach(() => {
    org = fakeOrg();
    resetRunState();
    setContextForTests({
      config: ProviderConfig.parse({ orgId: "o", apiKey: "k", directoryId: "d", pollIntervalMs: 5 }),
      org: org as never,
      access: {} as never,
    });
  });
  afterEach(() => setContextForTests(undefined));

  it("reads the org once for any number of readers, and one view per state of it", async () => {
    await Promise.all([orgState(), orgState(), orgState()]);
    const a = await snapshotView({ events: false });
    const b = await snapshotView({ events: false });
    assert.equal(a, b);
    (await orgState()).addMember("x", "acc-0");
    assert.equal(org.calls.filter((c) => c === "search groups").length, 1);
  });

  it("reads who holds a role on a site once per pair, and patches it after writes", async () => {
    org.groups.push({ id: G1, name: "eng", members: [], roles: [{ resourceId: EU, roleId: "atlassian/user" }] });
    const [a, b] = await Promise.all([grantHolders(EU, "atlassian/user"), grantHolders(EU, "atlassian/user")]);
    assert.equal(a, b);
    assert.deepEqual([...a], [G1]);
    patchGrant("g9", EU, "atlassian/user", true);
    dropGroupGrants(G1);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual([...(await grantHolders(EU, "atlassian/user"))], ["g9"]);
    assert.equal(org.calls.filter((c) => c.startsWith("search groups holding")).length, 1);
  });

  it("settles every grant awaiting the same group with one read of its role assignments", async () => {
    const us = "ari:cloud:jira-software::site/us";
    org.groups.push({
      id: G1,
      name: "eng",
      members: [],
      roles: [EU, us].map((resourceId) => ({ resourceId, roleId: "atlassian/user" })),
    });
    let reads = 0;
    const read = org.getGroupRoleAssignments.bind(org);
    org.getGroupRoleAssignments = async (id: string) => {
      reads++;
      return read(id);
    };
    await Promise.all([
      awaitRole(G1, EU, "atlassian/user", true),
      awaitRole(G1, us, "atlassian/user", true),
      awaitRole(G1, EU, "atlassian/admin", false),
    ]);
    assert.equal(reads, 1);
  });
});

describe("carryCauses", () => {
  const f = (id: string, actor: string, evidence: string[] = []): Finding => ({
    id,
    kind: "unclaimed-group",
    subject: id,
    lane: "none",
    message: "",
    fix: "",
    actor,
    evidence,
  });

  it("keeps the cause a persisting finding had when its event has left the audit window", () => {
    const out = carryCauses(
      [f("a", "unknown"), f("b", "scim", ["event:2"]), f("c", "unknown")],
      [f("a", "person:ana@acme.example", ["event:1"]), f("b", "isc", ["event:0"])],
    );
    assert.deepEqual(
      out.map((x) => [x.id, x.actor, x.evidence]),
      [
        ["a", "person:ana@acme.example", ["event:1"]],
        ["b", "scim", ["event:2"]],
        ["c", "unknown", []],
      ],
    );
  });
});
