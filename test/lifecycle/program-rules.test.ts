// The check rules that need the whole program: the resource classes read it (resources/program/context.ts) and pass
// one `program` input; the lifecycles' check validates it. Both halves here, without an engine (test/e2e/provider-rules.test.ts
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
  accessProgram,
  groupProgram,
  memberProgram,
  registerGroup,
  registerSplit,
} from "../../provider/resources/program/context";
import { resetProgram } from "../../provider/resources/program/store";
import { splitClaimOf } from "../../provider/rules/program-context";
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
    resetProgram();
  });

  describe("Group check against the OwnershipSplit (program.split)", () => {
    const failures = async (args: Partial<GroupArgs>) =>
      (await groupLifecycle.check({}, args as GroupArgs)).failures ?? [];

    it("refuses an owner the split contradicts, naming owner, the lane, its pattern and the fix", async () => {
      const f = await failures({
        name: "isc-jira-requesters",
        owner: "pulumi",
        program: { split: { lanes: ["isc"], patterns: { isc: ["isc-*"] } } },
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
        program: {
          split: { lanes: ["pulumi", "isc"], patterns: { pulumi: ["*-requesters"], isc: ["isc-*", "isc-jira-*"] } },
        },
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
        await failures({
          name: "isc-x",
          owner: "isc",
          program: { split: { lanes: ["isc"], patterns: { isc: ["isc-*"] } } },
        }),
        [],
      );
      assert.deepEqual(
        await failures({ name: "misc", owner: "pulumi", program: { split: { lanes: [], patterns: {} } } }),
        [],
      );
      assert.deepEqual(await failures({ name: "misc", owner: "pulumi" }), []);
    });

    it("diff ignores the program context and the hints of 0.1.0: adding, changing or dropping either is no change", async () => {
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
        { program: { split: { lanes: ["isc"], patterns: { isc: ["isc-*"] } } } },
        { program: UNKNOWN },
        { splitLanes: ["isc"], splitPatterns: { isc: ["isc-*"] } },
        {},
      ]) {
        const d = await groupLifecycle.diff(
          "g1",
          { ...olds, splitLanes: ["scim"] } as never,
          { name: "isc-x", owner: "isc", ...hint } as never,
        );
        assert.deepEqual(d, { changes: false, replaces: [] });
      }
    });

    it("lets unknown preview values through", async () => {
      assert.deepEqual(
        await failures({
          name: "isc-x",
          owner: "pulumi",
          program: UNKNOWN,
        }),
        [],
      );
      const isc = { split: { lanes: ["isc"], patterns: {} } };
      assert.deepEqual(await failures({ name: UNKNOWN, owner: "pulumi", program: isc }), []);
      assert.deepEqual(await failures({ name: "isc-x", owner: "pulumi", program: { split: UNKNOWN } }), []);
    });
  });

  describe("AppAccess check of program.duplicateOf", () => {
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
      assert.deepEqual(await check({ ...access, role: "atlassian/admin", program: { duplicateOf: "admins-eu" } }), [
        {
          property: "group",
          reason:
            'AppAccess "admins-eu" already declares this access (group "jira-admins", site acme-eu.atlassian.net, product jira-software, role atlassian/admin): ' +
            "one role assignment declared twice has two owners, and destroying either revokes it for both. Remove one of the two AppAccess declarations.",
        },
      ]);
    });

    it('says "the same group" while the group id is unknown (a new Group at preview)', async () => {
      const [f] = await check({ ...access, group: UNKNOWN, program: { duplicateOf: "admins-eu" } });
      assert.match(
        f.reason,
        /^AppAccess "admins-eu" already declares this access \(the same group, site acme-eu\.atlassian\.net, product jira-software, role atlassian\/user\)/,
      );
    });

    it("diff ignores the program context", async () => {
      const olds = { ...access, role: "atlassian/user", groupId: "g1", resourceId: EU, roleId: "atlassian/user" };
      assert.deepEqual(await appAccessLifecycle.diff("id", olds, { ...access, program: UNKNOWN }), {
        changes: false,
        replaces: [],
      });
    });

    it("accepts an access with no duplicateOf, or an unknown one", async () => {
      assert.deepEqual(await check(access), []);
      assert.deepEqual(await check({ ...access, program: UNKNOWN }), []);
      assert.deepEqual(await check({ ...access, program: { duplicateOf: UNKNOWN } }), []);
    });
  });

  describe("GroupMember check with a group given by name", () => {
    it("refuses it next to a Group of that name declaring members, naming the group without a lookup", async () => {
      const org = fakeOrg();
      const res = await groupMemberLifecycle.check(
        {},
        {
          group: "jira-admins",
          email: "ana@acme.example",
          program: { group: { resource: "g", name: "jira-admins", membersManaged: true } },
        },
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

  describe("program context (the program side)", () => {
    it("splitClaimOf: the lanes whose patterns match a name, case-insensitively, with those patterns only", () => {
      const claims = { scim: ["dept-*"], isc: ["isc-*", "other"], pulumi: ["*-REQUESTERS"] };
      assert.deepEqual(splitClaimOf(claims, "isc-jira-requesters"), {
        lanes: ["pulumi", "isc"],
        patterns: { pulumi: ["*-REQUESTERS"], isc: ["isc-*"] },
      });
      assert.deepEqual(splitClaimOf(claims, "misc"), { lanes: [], patterns: {} });
    });

    it("a Group declared before the split still gets the split's lanes (lookup after the synchronous section)", async () => {
      const program = groupProgram("isc-jira-requesters");
      registerSplit({}, "split", { scim: { groups: ["dept-*"] }, isc: { groups: pulumi.output(["isc-*"]) } });
      assert.deepEqual(await valueOf(program), { split: { lanes: ["isc"], patterns: { isc: ["isc-*"] } } });
    });

    it("no split: the context is absent; several: only the Group's explicit split counts", async () => {
      assert.equal(await valueOf(groupProgram("isc-x")), undefined);
      const a = {};
      registerSplit(a, "a", { scim: { groups: [] }, isc: { groups: ["isc-*"] } });
      registerSplit({}, "b", { scim: { groups: ["isc-*"] }, isc: { groups: [] } });
      assert.equal(await valueOf(groupProgram("isc-x")), undefined);
      assert.deepEqual((await valueOf(groupProgram("isc-x", a)))?.split?.lanes, ["isc"]);
    });

    it("duplicateOf: the first AppAccess with the same key, a Group's groupId counting as its name", async () => {
      const groupId = pulumi.output("id-1");
      registerGroup({}, { resourceName: "g", name: "Jira-Admins", owner: "pulumi", members: undefined, groupId });
      assert.equal(
        accessProgram("first", { group: groupId, site: "acme-eu.atlassian.net", product: "jira-software" }),
        undefined,
      );
      assert.equal(
        accessProgram("other-role", {
          group: "jira-admins",
          site: "acme-eu.atlassian.net",
          product: "jira-software",
          role: "atlassian/admin",
        }),
        undefined,
      );
      assert.deepEqual(
        accessProgram("second", {
          group: "jira-admins",
          site: "ACME-EU.atlassian.net",
          product: "jira-software",
          role: "atlassian/user",
        }),
        { duplicateOf: "first" },
      );
      const later = accessProgram("third", {
        group: pulumi.output("jira-admins"),
        site: "acme-eu.atlassian.net",
        product: "jira-software",
      });
      assert.deepEqual(await valueOf(later), { duplicateOf: "first" });
    });

    it("a GroupMember's group: its Group by name (declared before or after), by the Group's groupId, or none", async () => {
      const before = memberProgram("jira-admins");
      const other = memberProgram("isc-x");
      const groupId = pulumi.output("id-1");
      registerGroup(
        {},
        { resourceName: "g", name: "Jira-Admins", owner: "pulumi", members: ["ana@acme.example"], groupId },
      );
      registerGroup(
        {},
        { resourceName: "x", name: "isc-x", owner: "isc", members: undefined, groupId: pulumi.output("id-2") },
      );
      const managed = { group: { resource: "g", name: "Jira-Admins", owner: "pulumi", membersManaged: true } };
      assert.deepEqual(await valueOf(before), managed);
      assert.deepEqual(await valueOf(memberProgram("jira-admins")), managed);
      assert.deepEqual(await valueOf(memberProgram(groupId)), managed, "the groupId of a Group of this program");
      assert.deepEqual(await valueOf(other), { group: { resource: "x", name: "isc-x", owner: "isc" } });
      assert.equal(await valueOf(memberProgram("team")), undefined);
      assert.equal(await valueOf(memberProgram(pulumi.output("00000000-0000-4000-a000-000000000001"))), undefined);
    });
  });
});
