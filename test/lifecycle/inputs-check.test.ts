// Each kind's check refuses a malformed input with the message it always gave, now that its zod schema (args.ts) is
// the inputs' type and check parses it (issue 21 item 1). Messages copied from the hand-written checks they replace.
import { strict as assert } from "node:assert";
import { resetRunState, setContextForTests } from "../../provider/lifecycle/context";
import { appAccessLifecycle, type AppAccessArgs } from "../../provider/lifecycle/app-access/lifecycle";
import { groupMemberLifecycle, type GroupMemberArgs } from "../../provider/lifecycle/group-member/lifecycle";
import { UNKNOWN } from "../../provider/runtime/values";

const failuresOf = async (args: Record<string, unknown>) =>
  (await appAccessLifecycle.check({}, args as unknown as AppAccessArgs)).failures ?? [];

describe("check keeps its messages with the schema as the type", () => {
  afterEach(() => {
    setContextForTests(undefined);
    resetRunState();
  });

  describe("AppAccess", () => {
    const ok = { group: "eng", site: "acme-eu.atlassian.net", product: "jira-software" };

    it("refuses each missing or empty required input, in order", async () => {
      assert.deepEqual(await failuresOf({ site: "", product: 3 }), [
        { property: "group", reason: "group is required (a non-empty string)." },
        { property: "site", reason: "site is required (a non-empty string)." },
        { property: "product", reason: "product is required (a non-empty string)." },
      ]);
    });

    it("refuses a role that is not a string, and allowAccessLoss that is not a flag or a count, naming the value", async () => {
      for (const [allow, shown] of [
        [-1, "-1"],
        [2.5, "2.5"],
        ["x", '"x"'],
        [null, "null"],
      ] as const)
        assert.deepEqual(await failuresOf({ ...ok, role: 5, allowAccessLoss: allow }), [
          { property: "role", reason: "role must be a string." },
          {
            property: "allowAccessLoss",
            reason: `allowAccessLoss must be true, false or a whole number of people; got ${shown}.`,
          },
        ]);
    });

    it("lets values unknown at preview through (the site lookup waits for a known site)", async () => {
      assert.deepEqual(await failuresOf({ ...ok, site: UNKNOWN, role: UNKNOWN, allowAccessLoss: UNKNOWN }), []);
    });
  });

  describe("GroupMember", () => {
    const check = async (args: Record<string, unknown>) =>
      (await groupMemberLifecycle.check({}, args as unknown as GroupMemberArgs)).failures ?? [];

    it("refuses a missing group and a non-string email, then an empty email", async () => {
      assert.deepEqual(await check({ email: 3 }), [
        { property: "group", reason: "group is required: a group name, a Group's groupId, or the Group itself." },
        { property: "email", reason: "email is required: the email of the member's Atlassian account." },
      ]);
      assert.deepEqual(await check({ group: "", email: "" }), [
        { property: "group", reason: "group is required: a group name, a Group's groupId, or the Group itself." },
        { property: "email", reason: "email is required: the email of the member's Atlassian account." },
      ]);
    });

    it("refuses an email that is not one, quoting it as given", async () => {
      assert.deepEqual(await check({ group: "eng", email: 'ana"x' }), [
        { property: "email", reason: '"ana"x" is not an email address; email names the member\'s Atlassian account.' },
      ]);
    });
  });
});
