// OwnershipSplit lifecycle over a fake org API: findings in outputs, refresh re-reads the org, diff stays changed while findings are unreviewed.
import { strict as assert } from "node:assert";
import {
  ownershipSplitLifecycle as split,
  type OwnershipSplitArgs,
} from "../../provider/lifecycle/ownership-split/lifecycle";
import { lifecycleOf } from "../../provider/lifecycle/registry";
import { setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { UNKNOWN } from "../../provider/runtime/values";
import { fakeOrg } from "./fake-org";
import { observeServerDate, resetServerClock } from "../../provider/clients/server-clock";

const args: OwnershipSplitArgs = {
  accountCreator: "scim",
  scim: { groups: ["dept-*"] },
  isc: { groups: ["jira-*"] },
  pulumi: { groups: ["site-admins"] },
};

function seed(org: ReturnType<typeof fakeOrg>, groups: { name: string; synced: boolean }[]) {
  const base = org.groups.length;
  groups.forEach((g, i) =>
    org.groups.push({
      id: `g-${base + i}`,
      name: g.name,
      externalSynced: g.synced,
      managedBy: g.synced ? "external" : "admins",
      members: [],
      roles: [],
    }),
  );
}

describe("ownershipSplitLifecycle", () => {
  afterEach(() => setContextForTests(undefined));

  it("is registered under the ownership-split kind the shim uses", async () => {
    // every method is guarded (registry.ts: config, connection, failures as the engine prints them) around its own
    const own: unknown = Reflect.get(split, "diff");
    const seen: string[] = [];
    Reflect.set(split, "diff", async (id: string) => (seen.push(id), { changes: false }));
    try {
      assert.deepEqual(await lifecycleOf("ownership-split").diff("split-1", {}, {}), {
        changes: false,
      });
      assert.deepEqual(seen, ["split-1"]);
    } finally {
      Reflect.set(split, "diff", own);
    }
  });

  describe("check", () => {
    it("returns the inputs of a well-formed split", async () => {
      assert.deepEqual(await split.check({}, args), { inputs: args });
    });

    it("refuses a pattern listed in two lanes", async () => {
      const res = await split.check({}, { ...args, isc: { groups: ["dept-*"] } });
      assert.equal(res.failures?.[0].property, "isc");
      assert.match(res.failures[0].reason, /listed in both scim.groups and isc.groups/);
    });

    it("lets unknown preview values through", async () => {
      assert.deepEqual(
        (await split.check({}, { ...args, accountCreator: UNKNOWN as never, isc: { groups: [UNKNOWN] } })).failures,
        undefined,
      );
    });
  });

  describe("create", () => {
    it("reads every group, reports findings and the unaccepted ids, and writes nothing", async () => {
      const org = fakeOrg();
      seed(org, [
        { name: "dept-sales", synced: true },
        { name: "dept-legal", synced: false },
        { name: "jira-users", synced: false },
        { name: "old-admins", synced: false },
      ]);
      const res = await split.create({ ...args, acceptedFindings: ["unclaimed-group:old-admins"] });
      assert.equal(res.id, "org");
      assert.deepEqual(
        res.outs.findings.map((f) => [f.id, f.lane]),
        [
          ["local-group-in-scim-lane:dept-legal", "scim"],
          ["unclaimed-group:old-admins", "none"],
        ],
      );
      assert.deepEqual(res.outs.unacceptedFindings, ["local-group-in-scim-lane:dept-legal"]);
      assert.deepEqual(res.outs.scim, args.scim);
      assert.equal(res.outs.accountCreator, "scim");
      // The second search is the usage read (which groups hold a product role: direct-user-access, dormant-access).
      assert.deepEqual(
        org.calls,
        ["search groups", "search groups holding any of 9 roles"],
        "reads only: no create, add, assign or delete",
      );
    });

    it("reports no findings for an org that matches the split", async () => {
      const org = fakeOrg();
      seed(org, [
        { name: "dept-sales", synced: true },
        { name: "site-admins", synced: false },
      ]);
      const res = await split.create(args);
      assert.deepEqual(res.outs.findings, []);
      assert.deepEqual(res.outs.unacceptedFindings, []);
      assert.ok(!("acceptedFindings" in res.outs), "absent inputs stay absent, not undefined");
    });
  });

  describe("read", () => {
    it("recomputes findings from the org and returns the stored inputs for the refresh diff", async () => {
      const org = fakeOrg();
      seed(org, [{ name: "dept-sales", synced: true }]);
      const created = await split.create(args);
      assert.deepEqual(created.outs.unacceptedFindings, []);
      seed(org, [{ name: "contractors", synced: true }]);
      resetRunState(); // a refresh is a new engine run: a new provider process with nothing cached
      const res = await split.read(created.id, created.outs);
      assert.equal(res.id, "org");
      assert.deepEqual(res.inputs, args);
      assert.deepEqual(res.props?.unacceptedFindings, ["unclaimed-synced-group:contractors"]);
      assert.equal(
        res.props?.findings[0].message,
        'Group "contractors" is synced from the identity provider but no lane claims it.',
      );
    });
  });

  describe("acceptances", () => {
    afterEach(() => resetServerClock());
    const entry = { id: "unclaimed-group:old-*", reason: "kept for the audit", until: "2026-12-31", ticket: "ACC-7" };

    it("counts an acceptance until its day ends in server time, then shows the finding again, saying it expired", async () => {
      const org = fakeOrg();
      seed(org, [{ name: "old-admins", synced: false }]);
      observeServerDate("Thu, 31 Dec 2026 23:59:00 GMT");
      const before = await split.create({ ...args, acceptedFindings: [entry] });
      assert.deepEqual(before.outs.unacceptedFindings, []);
      assert.deepEqual(before.outs.acceptances, [{ finding: "unclaimed-group:old-admins", ...entry, expired: false }]);
      assert.equal((await split.diff(before.id, before.outs, { ...args, acceptedFindings: [entry] })).changes, false);

      observeServerDate("Fri, 01 Jan 2027 00:00:01 GMT");
      resetRunState();
      const after = await split.read(before.id, before.outs);
      assert.deepEqual(after.props?.unacceptedFindings, ["unclaimed-group:old-admins"]);
      assert.deepEqual(after.props?.acceptances, [{ finding: "unclaimed-group:old-admins", ...entry, expired: true }]);
      assert.match(
        after.props.findings[0].message,
        / Its acceptance "unclaimed-group:old-\*" expired on 2026-12-31 \(reason: "kept for the audit"; ticket ACC-7\)\.$/,
      );
      assert.equal((await split.diff(before.id, after.props, { ...args, acceptedFindings: [entry] })).changes, true);
    });

    it("treats a reordered or recased list as unchanged, and a new until as a change", async () => {
      const outs = { ...args, acceptedFindings: ["unclaimed-group:a", entry], findings: [], unacceptedFindings: [] };
      const same = { ...args, acceptedFindings: [{ ...entry, id: "UNCLAIMED-GROUP:OLD-*" }, "unclaimed-group:A"] };
      assert.equal((await split.diff("org", outs, same)).changes, false);
      const renewed = { ...args, acceptedFindings: ["unclaimed-group:a", { ...entry, until: "2027-06-30" }] };
      assert.equal((await split.diff("org", outs, renewed)).changes, true);
    });

    it("refuses an acceptance without a reason at check", async () => {
      const res = await split.check({}, { ...args, acceptedFindings: [{ id: "unclaimed-group:x" }] });
      assert.deepEqual(res.failures, [
        {
          property: "acceptedFindings",
          reason:
            'acceptedFindings[0] "unclaimed-group:x" has no reason: an acceptance says why the finding may stand, e.g. { id: "unclaimed-group:x", reason: "kept until the Jira Server migration ends", until: "2027-03-31" }.',
        },
      ]);
    });
  });

  describe("diff", () => {
    const outs = (unaccepted: string[], extra: Partial<OwnershipSplitArgs> = {}) => ({
      ...args,
      ...extra,
      findings: [],
      unacceptedFindings: unaccepted,
    });

    it("reports no changes when inputs match and every finding is accepted", async () => {
      assert.deepEqual(await split.diff("org", outs([]), args), { changes: false });
    });

    it("reports changes while any finding is unaccepted, so preview --expect-no-changes fails", async () => {
      assert.deepEqual(await split.diff("org", outs(["unclaimed-group:old-admins"]), args), { changes: true });
    });

    it("reports changes when inputs differ, and none for reordered or recased patterns", async () => {
      assert.equal(
        (await split.diff("org", outs([]), { ...args, isc: { groups: ["jira-*", "confluence-*"] } })).changes,
        true,
      );
      assert.equal((await split.diff("org", outs([]), { ...args, accountCreator: "isc" })).changes, true);
      assert.equal(
        (await split.diff("org", outs([]), { ...args, acceptedFindings: ["unclaimed-group:x"] })).changes,
        true,
      );
      assert.equal(
        (await split.diff("org", outs([], { isc: { groups: ["b", "a"] } }), { ...args, isc: { groups: ["A", "b"] } }))
          .changes,
        false,
      );
      assert.equal((await split.diff("org", outs([]), { ...args, isc: { groups: [UNKNOWN] } })).changes, true);
    });

    it("reports changes when dormantAfterDays is set, changed or removed, and none when it stays", async () => {
      assert.equal((await split.diff("org", outs([]), { ...args, dormantAfterDays: 90 })).changes, true);
      const ninety = outs([], { dormantAfterDays: 90 });
      assert.equal((await split.diff("org", ninety, { ...args, dormantAfterDays: 30 })).changes, true);
      assert.equal((await split.diff("org", ninety, args)).changes, true);
      assert.equal((await split.diff("org", ninety, { ...args, dormantAfterDays: 90 })).changes, false);
    });

    it("refuses a dormantAfterDays that is not a whole number of days at check", async () => {
      const res = await split.check({}, { ...args, dormantAfterDays: 0 });
      assert.deepEqual(
        res.failures?.map((f) => f.property),
        ["dormantAfterDays"],
      );
    });

    it("clears once the finding is accepted and the update recomputes", async () => {
      const org = fakeOrg();
      seed(org, [{ name: "old-admins", synced: false }]);
      const created = await split.create(args);
      assert.equal((await split.diff(created.id, created.outs, args)).changes, true);
      const news = { ...args, acceptedFindings: ["unclaimed-group:old-admins"] };
      assert.equal((await split.diff(created.id, created.outs, news)).changes, true);
      const updated = await split.update(created.id, created.outs, news);
      assert.deepEqual(updated.outs.unacceptedFindings, []);
      assert.deepEqual((await split.diff(created.id, updated.outs, news)).changes, false);
    });
  });

  describe("delete", () => {
    it("removes nothing from Atlassian", async () => {
      const org = fakeOrg();
      seed(org, [{ name: "old-admins", synced: false }]);
      await split.delete("org", { ...args, findings: [], unacceptedFindings: [] });
      assert.deepEqual(org.calls, []);
      assert.equal(org.groups.length, 1);
    });
  });
});
