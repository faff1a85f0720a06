// Group lifecycle over a fake org API: check rules, adoption, ambiguity settled by reading, drift in diff/read.
import { strict as assert } from "node:assert";
import { groupLifecycle, type GroupArgs } from "../../provider/lifecycle/group/lifecycle";
import { UNKNOWN } from "../../provider/runtime/values";
import { setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { fakeOrg } from "./fake-org";

describe("groupLifecycle", () => {
  afterEach(() => setContextForTests(undefined));

  describe("check", () => {
    const failures = async (args: Partial<GroupArgs>) =>
      (await groupLifecycle.check({}, args as GroupArgs)).failures ?? [];

    it("refuses members on a SCIM-owned group, naming the field and the fix", async () => {
      const f = await failures({ name: "dept-x", owner: "scim", members: ["ana@acme.example"] });
      assert.equal(f.length, 1);
      assert.equal(f[0].property, "members");
      assert.match(
        f[0].reason,
        /only be declared on a group owned by "pulumi"; group "dept-x" is owned by "scim".*Remove members, or change owner to "pulumi"/,
      );
    });

    it("refuses members on an ISC-owned group", async () => {
      const f = await failures({ name: "isc-x", owner: "isc", members: ["ana@acme.example"] });
      assert.match(f[0].reason, /only SailPoint ISC changes/);
    });

    it("refuses a malformed member email", async () => {
      const f = await failures({ name: "g", owner: "pulumi", members: ["not-an-email"] });
      assert.deepEqual(f, [
        { property: "members", reason: '"not-an-email" is not an email address; members are listed by email.' },
      ]);
    });

    it("refuses an unknown owner", async () => {
      const f = await failures({ name: "g", owner: "okta" as never });
      assert.deepEqual(f, [{ property: "owner", reason: 'owner must be one of "pulumi", "scim", "isc"' }]);
    });

    it("lets unknown preview values through", async () => {
      assert.deepEqual(await failures({ name: UNKNOWN, owner: "pulumi", members: [UNKNOWN] }), []);
    });
  });

  describe("create", () => {
    it("creates the group, resolves its id by exact name, and adds members", async () => {
      const org = fakeOrg();
      const res = await groupLifecycle.create({ name: "admins", owner: "pulumi", members: ["ana@acme.example"] });
      assert.equal(res.id, org.groups[0].id);
      assert.deepEqual(res.outs.members, ["ana@acme.example"]);
      // Existence and the member's account come from the one org read; only the new id costs a lookup.
      assert.deepEqual(org.calls, ["search groups", "create admins", "find admins", "add acc-0"]);
    });

    it("refuses an existing group unless adopt is set, and never makes a duplicate", async () => {
      const org = fakeOrg();
      await org.createGroup({ name: "admins" });
      await assert.rejects(
        groupLifecycle.create({ name: "admins", owner: "pulumi" }),
        /already exists .* set adopt: true/,
      );
      const adopted = await groupLifecycle.create({ name: "admins", owner: "pulumi", adopt: true });
      assert.equal(adopted.outs.adopted, true);
      assert.equal(org.groups.length, 1);
    });

    it("settles a lost create response by reading, without re-sending the create", async () => {
      const org = fakeOrg();
      org.loseNextCreateResponse = true;
      const res = await groupLifecycle.create({ name: "admins", owner: "pulumi" });
      assert.equal(org.groups.length, 1);
      assert.equal(res.id, org.groups[0].id);
      assert.equal(org.calls.filter((c) => c.startsWith("create")).length, 1);
    });

    it("refuses a SCIM-owned group that exists only as a local group (the IdP name conflict)", async () => {
      const org = fakeOrg();
      await org.createGroup({ name: "dept-legal" });
      await assert.rejects(
        groupLifecycle.create({ name: "dept-legal", owner: "scim" }),
        /local group, not synced from the identity provider: .*\(group name conflict\)/,
      );
    });

    it("verifies a synced group without writing to it", async () => {
      const org = fakeOrg();
      org.groups.push({
        id: "g1",
        name: "dept-eng",
        externalSynced: true,
        managedBy: "external",
        members: ["acc-1"],
        roles: [],
      });
      const res = await groupLifecycle.create({ name: "dept-eng", owner: "scim" });
      assert.deepEqual(res.outs.members, ["ben@acme.example"]);
      assert.equal(res.outs.synced, true);
      assert.deepEqual(org.calls, ["search groups"]);
    });
  });

  describe("diff and read", () => {
    it("replaces on a name change and always answers changes", async () => {
      fakeOrg();
      const { outs } = await groupLifecycle.create({ name: "a", owner: "pulumi" });
      assert.deepEqual(await groupLifecycle.diff("id", outs, { name: "b", owner: "pulumi" }), {
        changes: true,
        replaces: ["name"],
      });
      assert.deepEqual(await groupLifecycle.diff("id", outs, { name: "a", owner: "pulumi" }), {
        changes: false,
        replaces: [],
      });
    });

    it("says in the plan what a rename does to members and grants, and deletes first only for a case-only one", async () => {
      fakeOrg();
      const { id, outs } = await groupLifecycle.create({
        name: "rel-b",
        owner: "pulumi",
        members: ["ana@acme.example"],
      });
      const lines: string[] = [];
      const log = console.log;
      console.log = (...a: unknown[]) => void lines.push(a.join(" "));
      try {
        const other = await groupLifecycle.diff(id, outs, { name: "rel-c", owner: "pulumi", members: [] });
        assert.equal(other.deleteBeforeReplace, undefined);
        const caseOnly = await groupLifecycle.diff(id, outs, { name: "REL-B", owner: "pulumi", members: [] });
        assert.deepEqual(caseOnly, { changes: true, replaces: ["name"], deleteBeforeReplace: true });
      } finally {
        console.log = log;
      }
      assert.deepEqual(lines, [
        '[atlassian-access] Group "rel-b" → "rel-c": replaced (Atlassian cannot rename a group): "rel-c" is created first with its declared members, the AppAccess resources on it grant its access, then "rel-b" is deleted. "rel-b" has 1 member(s) now; grants not declared as AppAccess go with it.',
        '[atlassian-access] Group "rel-b" → "REL-B": replaced (Atlassian cannot rename a group): "rel-b" is deleted first (a case-only rename: both names cannot exist at once), then "REL-B" is created with its declared members; app access lapses until the AppAccess resources on it grant it again. "rel-b" has 1 member(s) now; grants not declared as AppAccess go with it.',
      ]);
    });

    it("refuses a case-only rename of a group code adopted unless deleteOnDestroy was applied first", async () => {
      const org = fakeOrg();
      await org.createGroup({ name: "rel-b" });
      resetRunState();
      const { id, outs } = await groupLifecycle.create({ name: "rel-b", owner: "pulumi", adopt: true });
      await assert.rejects(
        groupLifecycle.diff(id, outs, { name: "REL-B", owner: "pulumi", adopt: true }),
        /^Error: Group "rel-b" → "REL-B": a case-only rename must delete "rel-b" before "REL-B" can exist .* set deleteOnDestroy: true on the Group, run `pulumi up`, then rename\.$/,
      );
      const allowed = await groupLifecycle.diff(
        id,
        { ...outs, deleteOnDestroy: true },
        { name: "REL-B", owner: "pulumi" },
      );
      assert.equal(allowed.deleteBeforeReplace, true);
    });

    it("refuses at check a declared description change on the same name, which Atlassian cannot make", async () => {
      fakeOrg();
      const olds = { name: "jira-users", owner: "pulumi" as const, description: "Jira users" };
      const res = await groupLifecycle.check(olds, { ...olds, description: "Everyone on Jira" });
      assert.equal(res.failures?.length, 1);
      assert.equal(res.failures[0].property, "description");
      assert.match(
        res.failures[0].reason,
        /^Group "jira-users": Atlassian cannot change a group's description, .* Keep the description "Jira users", or rename the group too/,
      );
      // With a new name the change is a replacement that creates first: allowed.
      assert.deepEqual(
        (await groupLifecycle.check(olds, { ...olds, name: "jira-all", description: "x" })).failures,
        undefined,
      );
    });

    it("keeps an adopted group whose description code does not declare: no replacement for a hand-written one", async () => {
      const org = fakeOrg();
      await org.createGroup({ name: "legacy", description: "Migrated from Jira Server" });
      resetRunState();
      const { id, outs } = await groupLifecycle.create({ name: "legacy", owner: "pulumi", adopt: true });
      resetRunState();
      const read = await groupLifecycle.read(id, outs);
      assert.equal(read.props?.description, "Migrated from Jira Server");
      assert.deepEqual(await groupLifecycle.diff(id, read.props, { name: "legacy", owner: "pulumi", adopt: true }), {
        changes: false,
        replaces: [],
      });
      // Declared and different from the live one (changed by hand), it still never replaces: only a rename does.
      const declared = { name: "legacy", owner: "pulumi" as const, adopt: true, description: "Jira users" };
      assert.deepEqual((await groupLifecycle.diff(id, read.props, declared)).replaces, []);
    });

    it("reports a member added by hand as drift, with live inputs naming it", async () => {
      const org = fakeOrg();
      const { id, outs } = await groupLifecycle.create({ name: "a", owner: "pulumi", members: ["ana@acme.example"] });
      org.groups[0].members.push("acc-2");
      resetRunState(); // a refresh is a new engine run: a new provider process
      const read = await groupLifecycle.read(id, outs);
      assert.deepEqual(read.inputs?.members, ["ana@acme.example", "cleo@acme.example"]);
      assert.equal(
        (await groupLifecycle.diff(id, read.props!, { name: "a", owner: "pulumi", members: ["ana@acme.example"] }))
          .changes,
        true,
      );
    });

    it("keeps deleteOnDestroy, allowAccessLoss and maxDuration through a refresh: no change, and destroy acts the same", async () => {
      fakeOrg();
      const args: GroupArgs = {
        name: "a",
        owner: "pulumi",
        adopt: true,
        deleteOnDestroy: true,
        allowAccessLoss: 20,
        maxDuration: "P30D",
      };
      const { id, outs } = await groupLifecycle.create(args);
      resetRunState();
      const read = await groupLifecycle.read(id, outs);
      for (const k of ["deleteOnDestroy", "allowAccessLoss", "maxDuration"] as const) {
        assert.equal(read.props?.[k], args[k], `props.${k}`);
        assert.equal(read.inputs?.[k], args[k], `inputs.${k}`);
      }
      assert.equal((await groupLifecycle.diff(id, read.props!, args)).changes, false);
    });

    it("keeps the program context through a refresh, so it never shows as removed", async () => {
      fakeOrg();
      const program = { split: { lanes: ["pulumi"], patterns: { pulumi: ["a"] } } };
      const args: GroupArgs = { name: "a", owner: "pulumi", program };
      const { id, outs } = await groupLifecycle.create(args);
      const read = await groupLifecycle.read(id, outs);
      assert.deepEqual(read.inputs?.program, program);
      assert.deepEqual(read.props?.program, program);
      assert.equal((await groupLifecycle.diff(id, read.props, args)).changes, false);
    });

    it("returns an empty id when the group was deleted out of band", async () => {
      const org = fakeOrg();
      const { id, outs } = await groupLifecycle.create({ name: "a", owner: "pulumi" });
      org.groups.length = 0;
      resetRunState();
      assert.deepEqual(await groupLifecycle.read(id, outs), { id: "" });
    });
  });

  describe("delete", () => {
    it("forgets a group code adopted unless deleteOnDestroy, and deletes one code created", async () => {
      const org = fakeOrg();
      await org.createGroup({ name: "hand-made" });
      await org.createGroup({ name: "hand-made-2" });
      resetRunState();
      const kept = await groupLifecycle.create({ name: "hand-made", owner: "pulumi", adopt: true });
      const gone = await groupLifecycle.create({
        name: "hand-made-2",
        owner: "pulumi",
        adopt: true,
        deleteOnDestroy: true,
      });
      const mine = await groupLifecycle.create({ name: "mine", owner: "pulumi" });
      resetRunState(); // destroy is a later run: the adopted ids are not this process's
      for (const r of [kept, gone, mine]) await groupLifecycle.delete(r.id, r.outs);
      assert.deepEqual(
        org.groups.map((g) => g.name),
        ["hand-made"],
      );
    });

    it("leaves a group alone that a replacement adopted in the same run", async () => {
      const org = fakeOrg();
      const old = await groupLifecycle.create({ name: "team", owner: "pulumi" });
      // The replacement (a description change) adopts the same group before the old resource's delete runs.
      const replacement = await groupLifecycle.create({ name: "team", owner: "pulumi", adopt: true, description: "x" });
      assert.equal(replacement.id, old.id);
      await groupLifecycle.delete(old.id, old.outs);
      assert.deepEqual(
        org.groups.map((g) => g.name),
        ["team"],
      );
    });

    it("deletes a code-owned group but only forgets a SCIM- or ISC-owned one", async () => {
      const org = fakeOrg();
      const mine = await groupLifecycle.create({ name: "mine", owner: "pulumi" });
      org.groups.push({ id: "s1", name: "dept", externalSynced: true, members: [], roles: [] });
      resetRunState();
      const scim = await groupLifecycle.create({ name: "dept", owner: "scim" });
      await groupLifecycle.delete(scim.id, scim.outs);
      await groupLifecycle.delete(mine.id, mine.outs);
      assert.deepEqual(
        org.groups.map((g) => g.name),
        ["dept"],
      );
    });
  });
});

describe("groupLifecycle with owner isc", () => {
  afterEach(() => setContextForTests(undefined));

  it("uses a group ISC's connector already made, without adopt and without writing", async () => {
    const org = fakeOrg();
    await org.createGroup({ name: "isc-jira-requesters" });
    org.calls.length = 0;
    const res = await groupLifecycle.create({ name: "isc-jira-requesters", owner: "isc" });
    assert.equal(res.id, org.groups[0].id);
    assert.deepEqual(org.calls, ["search groups"]);
  });
});
