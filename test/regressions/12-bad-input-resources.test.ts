// Issue 12 items 5-6: bad resource inputs refused at check with one message naming the field, the value and the fix
// (group names, roles, members, lanes), and the facts only the API knows refused before any write.
import { strict as assert } from "node:assert";
import { groupLifecycle, type GroupArgs } from "../../provider/lifecycle/group/lifecycle";
import { groupMemberLifecycle, type GroupMemberArgs } from "../../provider/lifecycle/group-member/lifecycle";
import { appAccessLifecycle } from "../../provider/lifecycle/app-access/lifecycle";
import { setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { ProviderConfig } from "../../provider/config";
import { HttpError } from "../../provider/clients/errors";
import { GROUP_ROLES } from "../../provider/rules/roles";
import { fakeOrg } from "../lifecycle/fake-org";

const ENG = "00000000-0000-4000-a000-00000000e000";
const DEPT = "00000000-0000-4000-a000-00000000d000";
const ISC = "00000000-0000-4000-a000-00000000c000";
const ROLES = GROUP_ROLES.join(", ");

/** A fake org with a local group "Eng", a synced "dept-eng", and "isc-requesters" that ISC governs (with ISC config). */
function org(opts: { isc?: boolean } = {}) {
  const o = fakeOrg();
  o.groups.push({ id: ENG, name: "Eng", members: [], roles: [] });
  o.groups.push({ id: DEPT, name: "dept-eng", externalSynced: true, managedBy: "external", members: [], roles: [] });
  o.groups.push({ id: ISC, name: "isc-requesters", members: [], roles: [] });
  if (opts.isc) {
    const config = ProviderConfig.parse({ orgId: "org", apiKey: "k", directoryId: "d", iscSourceId: "src" });
    const isc = {
      listEntitlements: async () => [
        { id: "e1", name: "isc-requesters", value: ISC, requestable: true },
        { id: "e2", name: "Eng", value: ENG, requestable: false }, // aggregated, not governed
      ],
    };
    setContextForTests({ config, org: o as never, access: {} as never, isc: isc as never });
  }
  return o;
}

const writes = (calls: string[]) => calls.filter((c) => /^(create|add|remove|delete|assign|revoke) /.test(c));

describe("bad input: Group name (issue 12)", () => {
  afterEach(() => setContextForTests(undefined));
  const failures = async (args: Partial<GroupArgs>, olds: Partial<GroupArgs> = {}) => {
    org();
    return (await groupLifecycle.check(olds, { owner: "pulumi", ...args } as GroupArgs)).failures ?? [];
  };
  const name = (reason: string) => [{ property: "name", reason }];

  const long = "g".repeat(101);
  const cases: [string, Partial<GroupArgs>, string][] = [
    [
      "refuses a name over 100 characters, naming the limit",
      { name: long },
      `name "${"g".repeat(57)}..." is 101 characters long; Atlassian's group search matches names of at most 100 characters, so the group could not be found again. Shorten it to 100 characters or fewer.`,
    ],
    [
      "refuses a name with a bell character, naming its code point and place",
      { name: "eng\u0007ops" },
      'name "eng\\u0007ops" contains the control character U+0007 at position 4; group names are shown as plain text in Atlassian. Remove it.',
    ],
    [
      "refuses a name with a line break",
      { name: "eng\nops" },
      'name "eng\\nops" contains the control character U+000A at position 4; group names are shown as plain text in Atlassian. Remove it.',
    ],
    [
      "refuses a name with DEL",
      { name: "eng\u007f" },
      'name "eng\u007f" contains the control character U+007F at position 4; group names are shown as plain text in Atlassian. Remove it.',
    ],
    [
      "refuses a leading space, showing the trimmed name",
      { name: " eng-tools" },
      `name " eng-tools" starts with white space, which Atlassian's admin UI does not show and its search may not match. Use "eng-tools".`,
    ],
    [
      "refuses a trailing space",
      { name: "eng-tools " },
      `name "eng-tools " ends with white space, which Atlassian's admin UI does not show and its search may not match. Use "eng-tools".`,
    ],
    [
      "refuses padding on both ends",
      { name: "  eng-tools  " },
      `name "  eng-tools  " starts and ends with white space, which Atlassian's admin UI does not show and its search may not match. Use "eng-tools".`,
    ],
    ["refuses a name of only spaces", { name: "   " }, 'name "   " is only white space; give the group a name.'],
    [
      "refuses a name that differs only in case from an existing group",
      { name: "eng" },
      `name "eng" differs only in case from the existing group (id ${ENG}) "Eng"; Atlassian's group names are case-insensitive, so both name one group. Use "Eng", or choose a different name.`,
    ],
    [
      "refuses a name that differs only in case from another Group of the program",
      { name: "Rel-B", program: { sameNameAs: { resource: "rel-b", name: "rel-b" } } },
      `name "Rel-B" differs only in case from Group "rel-b" of this program "rel-b"; Atlassian's group names are case-insensitive, so both name one group. Use "rel-b", or choose a different name.`,
    ],
    [
      "refuses the same name declared by two Groups of the program",
      { name: "rel-b", program: { sameNameAs: { resource: "first", name: "rel-b" } } },
      `Group "first" of this program already declares group "rel-b"; one Atlassian group declared twice has two owners. Declare it once.`,
    ],
  ];
  for (const [title, args, reason] of cases)
    it(title, async () => assert.deepEqual(await failures(args), name(reason)));

  it("accepts a name of exactly 100 characters", async () => {
    assert.deepEqual(await failures({ name: "g".repeat(100) }), []);
  });

  it("does not call the group's own old name a clash (a case-only rename is the replacement's business)", async () => {
    assert.deepEqual(await failures({ name: "ENG" }, { name: "Eng" }), []);
  });
});

describe("bad input: Group members (issue 12)", () => {
  afterEach(() => setContextForTests(undefined));
  const TYPO =
    "No Atlassian account has the email ana@acme.exmaple: members must be existing accounts (invite them, or let SCIM provision them first), or fix the typo.";

  it("refuses a member with no account at check (preview), naming the email", async () => {
    org();
    const res = await groupLifecycle.check({}, { name: "new-team", owner: "pulumi", members: ["ana@acme.exmaple"] });
    assert.deepEqual(res.failures, [{ property: "members", reason: TYPO }]);
  });

  it("refuses the typo at create before the group exists: nothing is created", async () => {
    const o = org();
    await assert.rejects(
      groupLifecycle.create({ name: "new-team", owner: "pulumi", members: ["ben@acme.example", "ana@acme.exmaple"] }),
      { message: TYPO },
    );
    assert.deepEqual(writes(o.calls), []);
    assert.equal(
      o.groups.find((g) => g.name === "new-team"),
      undefined,
    );
  });

  it("refuses the typo at update before any membership write", async () => {
    const o = org();
    const { id, outs } = await groupLifecycle.create({ name: "team", owner: "pulumi", members: ["ben@acme.example"] });
    o.calls.length = 0;
    await assert.rejects(
      groupLifecycle.update(id, outs, {
        name: "team",
        owner: "pulumi",
        members: ["cleo@acme.example", "ana@acme.exmaple"],
      }),
      { message: TYPO },
    );
    assert.deepEqual(writes(o.calls), []);
  });
});

describe("bad input: AppAccess role (issue 12)", () => {
  afterEach(() => {
    setContextForTests(undefined);
    resetRunState();
  });
  const base = { group: "Eng", site: "acme-eu.atlassian.net", product: "jira-software" };
  const failures = async (role: string) => {
    org();
    return (await appAccessLifecycle.check({}, { ...base, role })).failures;
  };

  it("refuses an unknown role at check, listing the roles a group can hold", async () => {
    assert.deepEqual(await failures("atlassian/users"), [
      {
        property: "role",
        reason: `role "atlassian/users" is not a role Atlassian grants to a group on a product. Use one of ${ROLES} (default atlassian/user).`,
      },
    ]);
  });

  it("suggests the full role id for a bare one", async () => {
    assert.deepEqual(await failures("admin"), [
      {
        property: "role",
        reason: `role "admin" is not a role Atlassian grants to a group on a product. Did you mean "atlassian/admin"? Use one of ${ROLES} (default atlassian/user).`,
      },
    ]);
  });

  it("refuses an org-level role as app access", async () => {
    assert.deepEqual(await failures("atlassian/org-admin"), [
      {
        property: "role",
        reason: `role "atlassian/org-admin" is not a role Atlassian grants to a group on a product. Use one of ${ROLES} (default atlassian/user).`,
      },
    ]);
  });

  it("accepts every role the spec lists for group role assignments", async () => {
    for (const role of GROUP_ROLES) assert.equal(await failures(role), undefined, role);
  });

  it("names the role, product and site when Atlassian refuses it for the product at up (ADMIN-UAM-400-3)", async () => {
    const o = org();
    o.assignGroupRole = async () => {
      throw new HttpError({
        api: "Atlassian org API",
        operation: "assignGroupRole",
        method: "POST",
        url: "/admin/v2/orgs/org/directories/d/groups/x/role-assignments/assign",
        status: 400,
        code: "ADMIN-UAM-400-3",
        detail: "Invalid Role for Resource",
        attempts: 1,
      });
    };
    await assert.rejects(appAccessLifecycle.create({ ...base, role: "atlassian/customer" }), {
      message:
        'Atlassian refused role "atlassian/customer" for product jira-software on site acme-eu.atlassian.net (ADMIN-UAM-400-3, Invalid Role for Resource): not every product offers every role, and nothing was granted. ' +
        `Set role to one that jira-software offers (the product's page in admin.atlassian.com lists them); the roles a group can hold are ${ROLES}.`,
    });
    assert.deepEqual(o.groups.find((g) => g.id === ENG)!.roles, []);
  });
});

describe("lanes: GroupMember on a SCIM- or ISC-owned group (issue 12 item 5)", () => {
  afterEach(() => {
    setContextForTests(undefined);
    resetRunState();
  });
  const check = async (args: Partial<GroupMemberArgs>, opts: { isc?: boolean } = {}) => {
    const o = org(opts);
    const res = await groupMemberLifecycle.check({}, { email: "ana@acme.example", ...args } as GroupMemberArgs);
    return { failures: res.failures, writes: writes(o.calls) };
  };
  const isc = (group: string, because: string) =>
    `Group "${group}" is owned by SailPoint ISC: its membership changes only through ISC access requests, and a change made by code is a cross-lane write ISC does not govern (${because}). ` +
    "Request the access for ana@acme.example in ISC and drop this GroupMember.";
  const scim = (group: string, because: string) =>
    `Group "${group}" is owned by the identity provider: its membership is pushed by SCIM, and a change made by code is overwritten or blocks the sync (${because}). ` +
    "Add ana@acme.example to the group in the identity provider and drop this GroupMember.";

  it("refuses a group whose Group in the program has owner isc", async () => {
    assert.deepEqual(
      (await check({ group: "Eng", program: { group: { resource: "g", name: "Eng", owner: "isc" } } })).failures,
      [{ property: "group", reason: isc("Eng", 'its Group in this program has owner "isc"') }],
    );
  });

  it("refuses a group whose Group in the program has owner scim", async () => {
    assert.deepEqual(
      (await check({ group: "Eng", program: { group: { resource: "g", name: "Eng", owner: "scim" } } })).failures,
      [{ property: "group", reason: scim("Eng", 'its Group in this program has owner "scim"') }],
    );
  });

  it("refuses a group the OwnershipSplit's isc lane claims, naming the pattern", async () => {
    const f = await check({ group: "isc-new", program: { split: { lanes: ["isc"], patterns: { isc: ["isc-*"] } } } });
    assert.deepEqual(f.failures, [
      { property: "group", reason: isc("isc-new", 'the OwnershipSplit\'s isc lane claims it (pattern "isc-*")') },
    ]);
  });

  it("refuses a group ISC governs (a requestable entitlement), though neither program nor markers say so", async () => {
    const because = "SailPoint ISC governs it as a requestable entitlement of its Atlassian source";
    assert.deepEqual((await check({ group: "isc-requesters" }, { isc: true })).failures, [
      { property: "group", reason: isc("isc-requesters", because) },
    ]);
  });

  it("refuses a live synced group at check, before the up that would write", async () => {
    assert.deepEqual((await check({ group: "dept-eng" })).failures, [
      {
        property: "group",
        reason:
          'Group "dept-eng" is synced from the identity provider, so its membership is owned by the identity provider; declare the member there (add ana@acme.example to the group in the IdP) and drop this GroupMember.',
      },
    ]);
  });

  it("refuses an email no account has at check", async () => {
    assert.deepEqual((await check({ group: "Eng", email: "ana@acme.exmaple" })).failures, [
      {
        property: "email",
        reason:
          "No Atlassian account has the email ana@acme.exmaple: a GroupMember needs an existing account (invite the person, or let SCIM provision them first).",
      },
    ]);
  });

  it("accepts a local group no other lane claims (an aggregated, non-requestable entitlement is not ISC's)", async () => {
    assert.deepEqual(await check({ group: "Eng" }, { isc: true }), { failures: undefined, writes: [] });
  });

  it("refuses at create, before any write, a group the split gives to isc", async () => {
    const o = org();
    await assert.rejects(
      groupMemberLifecycle.create({
        group: "Eng",
        email: "ana@acme.example",
        program: { split: { lanes: ["isc"], patterns: {} } },
      }),
      { message: isc("Eng", "the OwnershipSplit's isc lane claims it") },
    );
    assert.deepEqual(writes(o.calls), []);
  });

  it("refuses at create, before any write, a group ISC governs", async () => {
    const o = org({ isc: true });
    await assert.rejects(groupMemberLifecycle.create({ group: "isc-requesters", email: "ana@acme.example" }), {
      message: isc("isc-requesters", "SailPoint ISC governs it as a requestable entitlement of its Atlassian source"),
    });
    assert.deepEqual(writes(o.calls), []);
  });
});

describe("lanes: a code-owned Group's members on another lane's group (issue 12 item 5)", () => {
  afterEach(() => {
    setContextForTests(undefined);
    resetRunState();
  });

  it("refuses to adopt an ISC-governed group with members, before any write", async () => {
    const o = org({ isc: true });
    await assert.rejects(
      groupLifecycle.create({ name: "isc-requesters", owner: "pulumi", adopt: true, members: ["ana@acme.example"] }),
      {
        message:
          'Group "isc-requesters": group "isc-requesters" is owned by SailPoint ISC: its membership changes only through ISC access requests, and a change made by code is a cross-lane write ISC does not govern (SailPoint ISC governs it as a requestable entitlement of its Atlassian source). ' +
          'Remove members from this Group and declare it with owner "isc"; its lane changes the membership.',
      },
    );
    assert.deepEqual(writes(o.calls), []);
  });

  it("refuses an update of members once the live group is synced, before any write", async () => {
    const o = org();
    const { id, outs } = await groupLifecycle.create({ name: "team", owner: "pulumi", members: ["ben@acme.example"] });
    Object.assign(
      o.groups.find((g) => g.id === id)!,
      { managedBy: "external" },
    );
    o.calls.length = 0;
    await assert.rejects(
      groupLifecycle.update(id, outs, { name: "team", owner: "pulumi", members: ["cleo@acme.example"] }),
      {
        message:
          'Group "team": group "team" is owned by the identity provider: its membership is pushed by SCIM, and a change made by code is overwritten or blocks the sync (Atlassian marks it as synced from the identity provider). ' +
          'Remove members from this Group and declare it with owner "scim"; its lane changes the membership.',
      },
    );
    assert.deepEqual(writes(o.calls), []);
  });
});

describe("lanes: a code-owned Group on another lane's existing group, refused at check (issue 12 item 5)", () => {
  afterEach(() => {
    setContextForTests(undefined);
    resetRunState();
  });

  it("refuses at preview a code-owned Group of a synced group's name, adopt or not", async () => {
    org();
    const res = await groupLifecycle.check({}, { name: "dept-eng", owner: "pulumi", adopt: true });
    assert.deepEqual(res.failures, [
      {
        property: "owner",
        reason:
          'Group "dept-eng" is synced from the identity provider; code cannot own it. Declare it with owner "scim".',
      },
    ]);
  });

  it("refuses at preview members on a code-owned Group of a group ISC governs", async () => {
    org({ isc: true });
    const args: GroupArgs = { name: "isc-requesters", owner: "pulumi", adopt: true, members: ["ana@acme.example"] };
    assert.deepEqual((await groupLifecycle.check({}, args)).failures, [
      {
        property: "members",
        reason:
          'Group "isc-requesters": group "isc-requesters" is owned by SailPoint ISC: its membership changes only through ISC access requests, and a change made by code is a cross-lane write ISC does not govern (SailPoint ISC governs it as a requestable entitlement of its Atlassian source). ' +
          'Remove members from this Group and declare it with owner "isc"; its lane changes the membership.',
      },
    ]);
  });
});
