// A refresh keeps every setting of every kind (issue 21 item 1): cases generated from each kind's settings list in its
// args.ts. Guards the two bugs of hand-written lists in read: a Group refresh once dropped deleteOnDestroy,
// allowAccessLoss and maxDuration, and GroupMember's read dropped four of its five program hints.
import { strict as assert } from "node:assert";
import { resetRunState, setContextForTests } from "../../provider/lifecycle/context";
import { carriedInputs } from "../../provider/runtime/settings";
import { groupLifecycle } from "../../provider/lifecycle/group/lifecycle";
import { groupMemberLifecycle } from "../../provider/lifecycle/group-member/lifecycle";
import { appAccessLifecycle } from "../../provider/lifecycle/app-access/lifecycle";
import { adminsLifecycle } from "../../provider/lifecycle/admins/lifecycle";
import { appAccessSettingsLifecycle } from "../../provider/lifecycle/app-access-settings/lifecycle";
import { ownershipSplitLifecycle } from "../../provider/lifecycle/ownership-split/lifecycle";
import { GROUP_SETTINGS } from "../../provider/lifecycle/group/args";
import { GROUP_MEMBER_SETTINGS } from "../../provider/lifecycle/group-member/args";
import { APP_ACCESS_SETTINGS } from "../../provider/lifecycle/app-access/args";
import { APP_ACCESS_SETTINGS_SETTINGS } from "../../provider/lifecycle/app-access-settings/args";
import { ADMINS_SETTINGS } from "../../provider/lifecycle/admins/args";
import { OWNERSHIP_SPLIT_SETTINGS } from "../../provider/lifecycle/ownership-split/args";
import type { Lifecycle } from "../../provider/runtime/types";
import { GROUP_OBSERVED } from "../../provider/lifecycle/group/args";
import { APP_ACCESS_SETTINGS_OBSERVED } from "../../provider/lifecycle/app-access-settings/args";
import { ADMINS_OBSERVED } from "../../provider/lifecycle/admins/args";
import { GroupInputs as GroupSchema } from "../../provider/lifecycle/group/args";
import { AppAccessSettingsInputs as SettingsSchema } from "../../provider/lifecycle/app-access-settings/args";
import { AdminsInputs as AdminsSchema } from "../../provider/lifecycle/admins/args";
import { AppAccessInputs, APP_ACCESS_OBSERVED } from "../../provider/lifecycle/app-access/args";
import { GroupMemberInputs, GROUP_MEMBER_OBSERVED } from "../../provider/lifecycle/group-member/args";
import { OwnershipSplitInputs, OWNERSHIP_SPLIT_OBSERVED } from "../../provider/lifecycle/ownership-split/args";
import { fakeOrg } from "./fake-org";

const ALL: Record<string, readonly string[]> = {
  group: GROUP_SETTINGS,
  "group-member": GROUP_MEMBER_SETTINGS,
  "app-access": APP_ACCESS_SETTINGS,
  "app-access-settings": APP_ACCESS_SETTINGS_SETTINGS,
  admins: ADMINS_SETTINGS,
  "ownership-split": OWNERSHIP_SPLIT_SETTINGS,
};

/** A program context as the program would send it (its shape is the kind's, but read carries it whatever it holds). */
const PROGRAM = {
  group: { resource: "g", name: "eng", owner: "pulumi" },
  split: { lanes: [], patterns: {} },
};

describe("settings a refresh carries over", () => {
  afterEach(() => {
    setContextForTests(undefined);
    resetRunState();
  });

  const schemas: [string, { shape: object }, readonly string[]][] = [
    ["group", GroupSchema, GROUP_OBSERVED],
    ["app-access-settings", SettingsSchema, APP_ACCESS_SETTINGS_OBSERVED],
    ["admins", AdminsSchema, ADMINS_OBSERVED],
    ["app-access", AppAccessInputs, APP_ACCESS_OBSERVED],
    ["group-member", GroupMemberInputs, GROUP_MEMBER_OBSERVED],
    ["ownership-split", OwnershipSplitInputs, OWNERSHIP_SPLIT_OBSERVED],
  ];
  for (const [kind, schema, observed] of schemas) {
    it(`${kind}: every input of its schema is a setting or observed, so none is left out of the settings list`, () => {
      assert.deepEqual(Object.keys(schema.shape).sort(), [...ALL[kind], ...observed].sort());
    });
  }

  for (const [kind, settings] of Object.entries(ALL)) {
    it(`${kind}: carriedInputs keeps each of ${settings.join(", ")} and the program context, and nothing observed`, () => {
      const stored: Record<string, unknown> = { observedOnly: ["live"], program: PROGRAM };
      settings.forEach((k, i) => (stored[k] = `value-${i}`));
      const carried = carriedInputs(stored, settings as never) as Record<string, unknown>;
      assert.deepEqual(Object.keys(carried).sort(), [...settings, "program"].sort());
      for (const k of settings) assert.equal(carried[k], stored[k], k);
    });
  }

  /** A non-default value per setting (each case sets one; the others stay at their defaults). */
  const samples: Record<string, Record<string, unknown>> = {
    group: { owner: "pulumi", adopt: true, deleteOnDestroy: true, allowAccessLoss: 3, maxDuration: "P30D" },
    "group-member": { group: "eng", email: "ana@acme.example", until: "2999-12-31" },
    "app-access": {
      group: "eng",
      site: "acme-eu.atlassian.net",
      product: "confluence",
      role: "atlassian/admin",
      allowAccessLoss: true,
    },
  };

  /** Creates with `inputs` in a fresh fake org holding group "eng", then refreshes. */
  async function createThenRead<A, O>(l: Lifecycle<A, O>, inputs: A) {
    const org = fakeOrg();
    if (!org.groups.some((g) => g.name === "eng")) await org.createGroup({ name: "eng" });
    resetRunState();
    const { id, outs } = await l.create(inputs);
    resetRunState();
    const read = await l.read(id, outs);
    return { id, read };
  }

  const cases: [string, Lifecycle<unknown, unknown>, (one: Record<string, unknown>) => Record<string, unknown>][] = [
    ["group", groupLifecycle, (one) => ({ name: "team", owner: "pulumi", ...one })],
    ["group-member", groupMemberLifecycle, (one) => ({ group: "eng", email: "ana@acme.example", ...one })],
    [
      "app-access",
      appAccessLifecycle,
      (one) => ({ group: "eng", site: "acme-eu.atlassian.net", product: "jira-software", ...one }),
    ],
  ];
  for (const [kind, lifecycle, inputsWith] of cases) {
    for (const setting of ALL[kind]) {
      it(`${kind}: a refresh keeps ${setting} and the program context, and diff then sees no change`, async () => {
        const inputs: Record<string, unknown> = {
          ...inputsWith({ [setting]: samples[kind][setting] }),
          program: PROGRAM,
        };
        const { id, read } = await createThenRead(lifecycle, inputs);
        const carried = read.inputs as Record<string, unknown>;
        assert.deepEqual(carried[setting], inputs[setting], `${setting} after refresh`);
        assert.deepEqual(carried.program, PROGRAM, "program after refresh");
        assert.equal((await lifecycle.diff(id, read.props, inputs)).changes, false);
      });
    }
  }

  /** Per kind, a value of each setting other than the base inputs' (issue 21: diff compares the settings list). */
  const others: Record<string, Record<string, unknown>> = {
    group: { owner: "isc", adopt: true, deleteOnDestroy: true, allowAccessLoss: 3, maxDuration: "P30D" },
    "group-member": { group: "ops", email: "bo@acme.example", until: "2999-12-31" },
    "app-access": {
      group: "ops",
      site: "acme-us.atlassian.net",
      product: "confluence",
      role: "atlassian/admin",
      allowAccessLoss: true,
    },
    admins: {
      orgAdmins: ["ana@acme.example"],
      siteAdmins: { "acme-eu": ["ana@acme.example"] },
      enforce: true,
      adopt: true,
    },
    "app-access-settings": { domain: "other.example", allowAnyDomain: true, adopt: true, deleteOnDestroy: true },
    "ownership-split": {
      accountCreator: "isc",
      scim: { groups: ["x"] },
      isc: { groups: ["y"] },
      pulumi: { groups: ["p"] },
      acceptedFindings: ["group-claimed-twice:x"],
      dormantAfterDays: 90,
      conflicts: [{ name: "c", a: { group: "a" }, b: { group: "b" }, reason: "r" }],
      credentials: [{ name: "entra-scim", kind: "scim-token", expires: "2027-03-01" }],
    },
  };
  const OTHER_PROGRAM = { group: { resource: "h", name: "ops", owner: "isc" } };

  for (const [kind, lifecycle, inputsWith] of cases) {
    it(`${kind}: diff sees a change to each of ${ALL[kind].join(", ")}, and none to the program context alone`, async () => {
      const inputs = { ...inputsWith({}), program: PROGRAM };
      const { id, read } = await createThenRead(lifecycle, inputs);
      for (const k of ALL[kind])
        assert.equal((await lifecycle.diff(id, read.props, { ...inputs, [k]: others[kind][k] })).changes, true, k);
      assert.equal((await lifecycle.diff(id, read.props, { ...inputs, program: OTHER_PROGRAM })).changes, false);
    });
  }

  const stateless: [string, Lifecycle<unknown, unknown>, Record<string, unknown>][] = [
    ["admins", adminsLifecycle, {}],
    ["app-access-settings", appAccessSettingsLifecycle, { domain: "acme.example", products: [] }],
    // The split's program context is its `declared` (what a later preview's removals are): that one is a change.
    [
      "ownership-split",
      ownershipSplitLifecycle,
      { accountCreator: "scim", scim: { groups: ["idp-*"] }, isc: { groups: [] } },
    ],
  ];
  for (const [kind, lifecycle, base] of stateless) {
    it(`${kind}: diff sees a change to each of ${ALL[kind].join(", ")}`, async () => {
      const olds = { ...base, findings: [], unacceptedFindings: [], missing: [] };
      assert.equal((await lifecycle.diff("id", olds, base)).changes, false, "unchanged");
      for (const k of ALL[kind])
        assert.equal((await lifecycle.diff("id", olds, { ...base, [k]: others[kind][k] })).changes, true, k);
      if (kind !== "ownership-split")
        assert.equal((await lifecycle.diff("id", olds, { ...base, program: OTHER_PROGRAM })).changes, false, "program");
    });
  }
});
