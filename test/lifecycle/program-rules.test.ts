// The check rules that need the whole program: the resource classes read it (program-registry.ts) and pass plain
// inputs; the lifecycles' check validates them. Both halves here, without an engine (test/e2e/provider-rules.test.ts
// runs them through the real CLI).
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { groupLifecycle, type GroupArgs } from "../../provider/lifecycle/group/lifecycle";
import { appAccessLifecycle, type AppAccessArgs } from "../../provider/lifecycle/app-access/lifecycle";
import { groupMemberLifecycle } from "../../provider/lifecycle/group-member/lifecycle";
import { UNKNOWN } from "../../provider/runtime/values";
import { setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { ProviderConfig } from "../../provider/config";
import {
  membersManagedInput,
  registerAccess,
  registerGroup,
  registerSplit,
  resetProgramRegistry,
  splitHint,
  splitHintInputs,
} from "../../provider/resources/program-registry";
import { fakeOrg } from "./fake-org";

/** The value of an Input as the engine would serialize it (outside a deployment every Output is known). */
const valueOf = <T>(input: pulumi.Input<T>) =>
  new Promise<T>((resolve) => {
    pulumi.output(input).apply((v) => {
      resolve(v as T);
      return v;
    });
  });

describe("check rules that need the whole program", () => {
  afterEach(() => {
    setContextForTests(undefined);
    resetRunState();
    resetProgramRegistry();
  });

  describe("Group check against the OwnershipSplit (splitLanes, splitPatterns)", () => {
    const failures = async (args: Partial<GroupArgs>) =>
      (await groupLifecycle.check({}, args as GroupArgs)).failures ?? [];

    it("refuses an owner the split contradicts, naming owner, the lane, its pattern and the fix", async () => {
      const f = await failures({
        name: "isc-jira-requesters",
        owner: "pulumi",
        splitLanes: ["isc"],
        splitPatterns: { isc: ["isc-*"] },
      });
      assert.deepEqual(f, [
        {
          property: "owner",
          reason:
            'Group "isc-jira-requesters" has owner "pulumi" but the OwnershipSplit gives it to isc (pattern "isc-*"). Set owner: "isc", or change the split.',
        },
      ]);
    });

    it("refuses a group two lanes of the split claim, even when its owner is one of them", async () => {
      const f = await failures({
        name: "isc-jira-requesters",
        owner: "isc",
        splitLanes: ["pulumi", "isc"],
        splitPatterns: { pulumi: ["*-requesters"], isc: ["isc-*", "isc-jira-*"] },
      });
      assert.deepEqual(f, [
        {
          property: "owner",
          reason:
            'Group "isc-jira-requesters" is claimed by 2 lanes of the OwnershipSplit: pulumi (pattern "*-requesters") and isc (patterns "isc-*", "isc-jira-*"); ' +
            "a group has exactly one owner lane. Narrow the split's patterns so that only one lane claims it.",
        },
      ]);
    });

    it("accepts an owner the split agrees with, an unclaimed group, and a program without a split", async () => {
      assert.deepEqual(
        await failures({ name: "isc-x", owner: "isc", splitLanes: ["isc"], splitPatterns: { isc: ["isc-*"] } }),
        [],
      );
      assert.deepEqual(await failures({ name: "misc", owner: "pulumi", splitLanes: [], splitPatterns: {} }), []);
      assert.deepEqual(await failures({ name: "misc", owner: "pulumi" }), []);
    });

    it("diff ignores the hint: adding, changing or dropping it is no change", async () => {
      const olds = {
        name: "isc-x",
        owner: "isc" as const,
        groupId: "g1",
        members: [],
        membersManaged: false,
        synced: false,
        managedBy: "admins",
        adopted: false,
        findings: [],
      };
      for (const hint of [
        { splitLanes: ["isc"], splitPatterns: { isc: ["isc-*"] } },
        { splitLanes: [UNKNOWN], splitPatterns: UNKNOWN as never },
        {},
      ]) {
        const d = await groupLifecycle.diff(
          "g1",
          { ...olds, splitLanes: ["scim"] },
          { name: "isc-x", owner: "isc", ...hint },
        );
        assert.deepEqual(d, { changes: false, replaces: [] });
      }
    });

    it("lets unknown preview values through", async () => {
      assert.deepEqual(
        await failures({
          name: "isc-x",
          owner: "pulumi",
          splitLanes: UNKNOWN as never,
          splitPatterns: UNKNOWN as never,
        }),
        [],
      );
      assert.deepEqual(await failures({ name: UNKNOWN, owner: "pulumi", splitLanes: ["isc"] }), []);
      assert.deepEqual(await failures({ name: "isc-x", owner: "pulumi", splitLanes: [UNKNOWN] }), []);
    });
  });

  describe("AppAccess check of duplicateOf", () => {
    const EU = "ari:cloud:jira::site/eu";
    const check = async (args: Partial<AppAccessArgs>) =>
      (await appAccessLifecycle.check({}, args as AppAccessArgs)).failures ?? [];
    beforeEach(() => {
      const org = {
        queryWorkspaces: async () => [
          { id: EU, attributes: { hostUrl: "acme-eu.atlassian.net", typeKey: "jira-software" } },
        ],
      };
      setContextForTests({
        config: ProviderConfig.parse({ orgId: "org", apiKey: "k", directoryId: "d" }),
        org: org as never,
        access: {} as never,
      });
    });
    const access = { group: "jira-admins", site: "acme-eu.atlassian.net", product: "jira-software" };

    it("refuses the second declaration, naming the first and the fix", async () => {
      assert.deepEqual(await check({ ...access, role: "atlassian/admin", duplicateOf: "admins-eu" }), [
        {
          property: "duplicateOf",
          reason:
            'AppAccess "admins-eu" already declares this access (group "jira-admins", site acme-eu.atlassian.net, product jira-software, role atlassian/admin): ' +
            "one role assignment declared twice has two owners, and destroying either revokes it for both. Remove one of the two AppAccess declarations.",
        },
      ]);
    });

    it('says "the same group" while the group id is unknown (a new Group at preview)', async () => {
      const [f] = await check({ ...access, group: UNKNOWN, duplicateOf: "admins-eu" });
      assert.match(
        f.reason,
        /^AppAccess "admins-eu" already declares this access \(the same group, site acme-eu\.atlassian\.net, product jira-software, role atlassian\/user\)/,
      );
    });

    it("diff ignores duplicateOf", async () => {
      const olds = { ...access, role: "atlassian/user", groupId: "g1", resourceId: EU, roleId: "atlassian/user" };
      assert.deepEqual(await appAccessLifecycle.diff("id", olds, { ...access, duplicateOf: UNKNOWN }), {
        changes: false,
        replaces: [],
      });
    });

    it("accepts an access with no duplicateOf, or an unknown one", async () => {
      assert.deepEqual(await check(access), []);
      assert.deepEqual(await check({ ...access, duplicateOf: UNKNOWN }), []);
    });
  });

  describe("GroupMember check with a group given by name", () => {
    it("refuses it next to a Group of that name declaring members, naming the group without a lookup", async () => {
      const org = fakeOrg();
      const res = await groupMemberLifecycle.check(
        {},
        { group: "jira-admins", email: "ana@acme.example", groupMembersManaged: true },
      );
      assert.deepEqual(res.failures, [
        {
          property: "group",
          reason:
            'group "jira-admins" declares `members` on its Group, and that list is authoritative: the Group\'s next update would remove this member. ' +
            'Remove `members` from Group "jira-admins" or drop this GroupMember.',
        },
      ]);
      assert.deepEqual(org.calls, []);
    });
  });

  describe("program registry (the program side)", () => {
    it("splitHint: the lanes whose patterns match a name, case-insensitively, with those patterns only", () => {
      const claims = { scim: ["dept-*"], isc: ["isc-*", "other"], pulumi: ["*-REQUESTERS"] };
      assert.deepEqual(splitHint(claims, "isc-jira-requesters"), {
        splitLanes: ["pulumi", "isc"],
        splitPatterns: { pulumi: ["*-REQUESTERS"], isc: ["isc-*"] },
      });
      assert.deepEqual(splitHint(claims, "misc"), { splitLanes: [], splitPatterns: {} });
    });

    it("a Group declared before the split still gets the split's lanes (lookup after the synchronous section)", async () => {
      const hint = splitHintInputs("isc-jira-requesters");
      registerSplit({}, "split", { scim: { groups: ["dept-*"] }, isc: { groups: pulumi.output(["isc-*"]) } });
      assert.deepEqual(await valueOf(hint.splitLanes), ["isc"]);
      assert.deepEqual(await valueOf(hint.splitPatterns), { isc: ["isc-*"] });
    });

    it("no split: the hint is absent; several: only the Group's explicit split counts", async () => {
      const none = splitHintInputs("isc-x");
      assert.equal(await valueOf(none.splitLanes), undefined);
      const a = {};
      registerSplit(a, "a", { scim: { groups: [] }, isc: { groups: ["isc-*"] } });
      registerSplit({}, "b", { scim: { groups: ["isc-*"] }, isc: { groups: [] } });
      assert.equal(await valueOf(splitHintInputs("isc-x").splitLanes), undefined);
      assert.deepEqual(await valueOf(splitHintInputs("isc-x", a).splitLanes), ["isc"]);
    });

    it("duplicateOf: the first AppAccess with the same key, a Group's groupId counting as its name", async () => {
      const groupId = pulumi.output("id-1");
      registerGroup({}, { resourceName: "g", name: "Jira-Admins", owner: "pulumi", members: undefined, groupId });
      assert.equal(
        registerAccess("first", { group: groupId, site: "acme-eu.atlassian.net", product: "jira-software" }),
        undefined,
      );
      assert.equal(
        registerAccess("other-role", {
          group: "jira-admins",
          site: "acme-eu.atlassian.net",
          product: "jira-software",
          role: "atlassian/admin",
        }),
        undefined,
      );
      assert.equal(
        registerAccess("second", {
          group: "jira-admins",
          site: "ACME-EU.atlassian.net",
          product: "jira-software",
          role: "atlassian/user",
        }),
        "first",
      );
      const later = registerAccess("third", {
        group: pulumi.output("jira-admins"),
        site: "acme-eu.atlassian.net",
        product: "jira-software",
      });
      assert.equal(await valueOf(later), "first");
    });

    it("groupMembersManaged for a name: true next to a Group of that name with members, declared before or after", async () => {
      const before = membersManagedInput("jira-admins");
      const other = membersManagedInput("isc-x");
      const groupId = pulumi.output("id-1");
      registerGroup(
        {},
        { resourceName: "g", name: "Jira-Admins", owner: "pulumi", members: ["ana@acme.example"], groupId },
      );
      registerGroup(
        {},
        { resourceName: "x", name: "isc-x", owner: "isc", members: undefined, groupId: pulumi.output("id-2") },
      );
      assert.equal(await valueOf(before), true);
      assert.equal(await valueOf(membersManagedInput("jira-admins")), true);
      assert.equal(await valueOf(other), undefined);
      assert.equal(membersManagedInput(groupId), undefined, "a Group's groupId keeps today's behaviour");
    });
  });
});
