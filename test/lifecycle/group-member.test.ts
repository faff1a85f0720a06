// GroupMember lifecycle over a fake org API: check messages, the additive edge, 409 settled by reading, read and delete.
import { strict as assert } from "node:assert";
import {
  groupMemberLifecycle,
  type GroupMemberArgs,
  type GroupMemberOutputs,
} from "../../provider/lifecycle/group-member/lifecycle";
import { UNKNOWN } from "../../provider/runtime/values";
import { setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { isConflict } from "../../provider/clients/errors";
import { fakeOrg } from "./fake-org";

const ENG = "00000000-0000-4000-a000-00000000e000";
const DEPT = "00000000-0000-4000-a000-00000000d000";

/** A fake org with a local group "eng" holding cleo (added by hand), and a synced group "dept-eng". */
function org() {
  const o = fakeOrg();
  o.groups.push({ id: ENG, name: "eng", members: ["acc-2"], roles: [] });
  o.groups.push({ id: DEPT, name: "dept-eng", externalSynced: true, managedBy: "external", members: [], roles: [] });
  return o;
}

describe("groupMemberLifecycle", () => {
  afterEach(() => setContextForTests(undefined));

  describe("check", () => {
    const failures = async (args: Partial<GroupMemberArgs>) =>
      (await groupMemberLifecycle.check({}, args as GroupMemberArgs)).failures ?? [];

    it("refuses a missing group, naming the field and what it takes", async () => {
      org();
      assert.deepEqual(await failures({ email: "ana@acme.example" }), [
        { property: "group", reason: "group is required: a group name, a Group's groupId, or the Group itself." },
      ]);
    });

    it("refuses a missing email", async () => {
      org();
      assert.deepEqual(await failures({ group: "eng", email: "" }), [
        { property: "email", reason: "email is required: the email of the member's Atlassian account." },
      ]);
    });

    it("refuses an email that is not an email address", async () => {
      org();
      assert.deepEqual(await failures({ group: "eng", email: "ana" }), [
        { property: "email", reason: '"ana" is not an email address; email names the member\'s Atlassian account.' },
      ]);
    });

    it("refuses a group whose Group declares members, naming the group by name and the fix", async () => {
      org();
      assert.deepEqual(
        await failures({
          group: ENG,
          email: "ana@acme.example",
          program: { group: { resource: "g", name: "eng", membersManaged: true } },
        }),
        [
          {
            property: "group",
            reason:
              'group "eng" declares `members` on its Group, and that list is authoritative: the Group\'s next update would remove this member. ' +
              'Remove `members` from Group "eng" or drop this GroupMember.',
          },
        ],
      );
    });

    it("refuses it at preview while the Group's groupId is still unknown (a new Group), with no lookup", async () => {
      const o = org();
      const [f] = await failures({
        group: UNKNOWN,
        email: "ana@acme.example",
        program: { group: { resource: "g", name: "eng", membersManaged: true } },
      });
      assert.equal(f.property, "group");
      assert.match(f.reason, /^group "eng" declares `members` on its Group/);
      assert.deepEqual(o.calls, []);
    });

    it("accepts a group whose Group leaves members alone, and returns the inputs unchanged", async () => {
      org();
      const news = { group: ENG, email: "ana@acme.example", program: { group: { resource: "g", name: "eng" } } };
      assert.deepEqual(await groupMemberLifecycle.check({}, news), { inputs: news });
    });

    it("lets unknown preview values through, including a not-yet-known program context", async () => {
      org();
      assert.deepEqual(await failures({ group: UNKNOWN, email: UNKNOWN, program: UNKNOWN }), []);
      assert.deepEqual(await failures({ group: ENG, email: "ana@acme.example", program: { group: UNKNOWN } }), []);
    });
  });

  describe("create", () => {
    it("resolves the group by exact name and the account by email, then adds only that member", async () => {
      const o = org();
      const res = await groupMemberLifecycle.create({ group: "eng", email: "Ben@acme.example" });
      assert.deepEqual(res, {
        id: `${ENG}/acc-1`,
        outs: { group: "eng", email: "Ben@acme.example", groupId: ENG, accountId: "acc-1" },
      });
      assert.deepEqual(o.calls, ["search groups", "add acc-1"]); // the group and account come from the one org read
      assert.deepEqual(o.groups[0].members, ["acc-2", "acc-1"]);
    });

    it("takes a Group's groupId without searching by name", async () => {
      const o = org();
      const res = await groupMemberLifecycle.create({
        group: ENG,
        email: "ana@acme.example",
        program: { group: { resource: "g", name: "eng" } },
      });
      assert.deepEqual(res.outs, {
        group: ENG,
        email: "ana@acme.example",
        program: { group: { resource: "g", name: "eng" } },
        groupId: ENG,
        accountId: "acc-0",
      });
      assert.deepEqual(o.calls, ["search groups", "add acc-0"]);
    });

    it("treats a 409 as success when a re-read shows the account is already a member", async () => {
      const o = org();
      const res = await groupMemberLifecycle.create({ group: "eng", email: "cleo@acme.example" });
      assert.equal(res.id, `${ENG}/acc-2`);
      assert.deepEqual(o.calls, ["search groups", "add acc-2"]);
      assert.deepEqual(o.groups[0].members, ["acc-2"]);
    });

    it("reports a 409 the re-read does not explain as a user limit, keeping the API error as cause", async () => {
      const o = org();
      o.membershipLimitReached = true;
      await assert.rejects(groupMemberLifecycle.create({ group: "eng", email: "ana@acme.example" }), (e: Error) => {
        assert.equal(
          e.message,
          'Atlassian refused to add ana@acme.example to group "eng" (HTTP 409) and a re-read shows they are not a member: a product\'s user limit is probably reached. ' +
            "Free or buy licences for the products this group grants, then re-run `pulumi up`.",
        );
        assert.equal(isConflict(e.cause), true);
        return true;
      });
      assert.deepEqual(o.groups[0].members, ["acc-2"]);
    });

    it("refuses a group synced from the identity provider without writing", async () => {
      const o = org();
      await assert.rejects(groupMemberLifecycle.create({ group: "dept-eng", email: "ana@acme.example" }), {
        message:
          'Group "dept-eng" is synced from the identity provider, so its membership is owned by the identity provider; declare the member there (add ana@acme.example to the group in the IdP) and drop this GroupMember.',
      });
      assert.deepEqual(o.calls, ["search groups"]);
    });

    it("refuses a group that does not exist", async () => {
      org();
      await assert.rejects(groupMemberLifecycle.create({ group: "nope", email: "ana@acme.example" }), {
        message:
          'Group "nope" does not exist; declare it as an access.Group and pass that Group (or its groupId) as group, or wait for its lane to create it.',
      });
    });

    it("refuses an email no account has", async () => {
      const o = org();
      await assert.rejects(groupMemberLifecycle.create({ group: "eng", email: "zoe@acme.example" }), {
        message:
          "No Atlassian account has the email zoe@acme.example: a GroupMember needs an existing account (invite the person, or let SCIM provision them first).",
      });
      assert.deepEqual(o.calls, ["search groups"]);
    });

    it("refuses a group code manages authoritatively, even if check was bypassed", async () => {
      const o = org();
      await assert.rejects(
        groupMemberLifecycle.create({
          group: ENG,
          email: "ana@acme.example",
          program: { group: { resource: "g", name: "eng", membersManaged: true } },
        }),
        /Remove `members` from Group "eng" or drop this GroupMember\.$/,
      );
      assert.deepEqual(o.calls, []);
    });
  });

  describe("read", () => {
    const created = async () => groupMemberLifecycle.create({ group: "eng", email: "ana@acme.example" });

    it("returns the props and the inputs while the member is there, whoever else joined", async () => {
      const o = org();
      const { id, outs } = await created();
      o.groups[0].members.push("acc-1"); // added by hand: not this edge's business
      assert.deepEqual(await groupMemberLifecycle.read(id, outs), {
        id,
        props: outs,
        inputs: { group: "eng", email: "ana@acme.example" },
      });
    });

    it("returns an empty id when the member was removed by hand, so up re-creates the edge", async () => {
      const o = org();
      const { id, outs } = await created();
      o.groups[0].members = ["acc-2"];
      resetRunState(); // a refresh is a new engine run: a new provider process
      assert.deepEqual(await groupMemberLifecycle.read(id, outs), { id: "" });
    });

    it("returns an empty id when the group was deleted", async () => {
      const o = org();
      const { id, outs } = await created();
      o.groups.splice(0, 1);
      resetRunState();
      assert.deepEqual(await groupMemberLifecycle.read(id, outs), { id: "" });
    });

    it("finds the edge from its id when the props lack groupId and accountId", async () => {
      org();
      const { id } = await created();
      const res = await groupMemberLifecycle.read(id, {
        group: "eng",
        email: "ana@acme.example",
      } as GroupMemberOutputs);
      assert.deepEqual(res.props, { group: "eng", email: "ana@acme.example", groupId: ENG, accountId: "acc-0" });
    });
  });

  describe("diff", () => {
    const outs: GroupMemberOutputs = { group: "eng", email: "ana@acme.example", groupId: ENG, accountId: "acc-0" };

    it("answers no change for the same edge, given by name, by groupId, or in another letter case", async () => {
      const same = { changes: false, replaces: [], deleteBeforeReplace: true };
      assert.deepEqual(await groupMemberLifecycle.diff("id", outs, { group: "eng", email: "ana@acme.example" }), same);
      assert.deepEqual(
        await groupMemberLifecycle.diff("id", outs, {
          group: ENG,
          email: "ANA@acme.example",
          program: { group: { resource: "g", name: "eng" } },
        }),
        same,
      );
    });

    it("replaces on a group or email change, deleting first so the new edge is not undone", async () => {
      assert.deepEqual(await groupMemberLifecycle.diff("id", outs, { group: "ops", email: "ben@acme.example" }), {
        changes: true,
        replaces: ["group", "email"],
        deleteBeforeReplace: true,
      });
    });

    it("replaces when the group is not yet known (its Group is being replaced)", async () => {
      assert.deepEqual(await groupMemberLifecycle.diff("id", outs, { group: UNKNOWN, email: "ana@acme.example" }), {
        changes: true,
        replaces: ["group"],
        deleteBeforeReplace: true,
      });
    });
  });

  describe("delete", () => {
    it("removes only its own member", async () => {
      const o = org();
      const { id, outs } = await groupMemberLifecycle.create({ group: "eng", email: "ana@acme.example" });
      await groupMemberLifecycle.delete(id, outs);
      assert.deepEqual(o.groups[0].members, ["acc-2"]);
    });

    it("succeeds when the member was already removed (404) or the group is gone", async () => {
      const o = org();
      const { id, outs } = await groupMemberLifecycle.create({ group: "eng", email: "ana@acme.example" });
      o.groups[0].members = ["acc-2"];
      resetRunState(); // a later run: a new provider process
      o.calls.length = 0;
      await groupMemberLifecycle.delete(id, outs);
      assert.deepEqual(o.calls, ["search groups", "remove acc-0"]);
      o.groups.splice(0, 1);
      resetRunState();
      o.calls.length = 0;
      await groupMemberLifecycle.delete(id, outs);
      assert.deepEqual(o.calls, ["search groups"]); // the org read, and no write
    });

    it("forgets the edge without writing when the group has since become synced", async () => {
      const o = org();
      const { id, outs } = await groupMemberLifecycle.create({ group: "eng", email: "ana@acme.example" });
      o.groups[0].externalSynced = true;
      resetRunState();
      o.calls.length = 0;
      await groupMemberLifecycle.delete(id, outs);
      assert.deepEqual(o.calls, ["search groups"]); // the org read, and no write
      assert.deepEqual(o.groups[0].members, ["acc-2", "acc-0"]);
    });
  });
});
