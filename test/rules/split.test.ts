// OwnershipSplit rules: one finding kind per contradiction between the declared lanes and the org's groups, and input checks.
import { strict as assert } from "node:assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { checkSplit, splitFindings, type Split, type SplitGroup } from "../../provider/rules/split";
import { findingId, isFindingId, parseFindingId } from "../../provider/rules/findings";
import { judgeAcceptances } from "../../provider/rules/acceptances";

const split: Split = {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["jira-*", "confluence-*"] },
  pulumi: { groups: ["site-admins"] },
};

const local = (name: string): SplitGroup => ({ id: `id-${name}`, name, externalSynced: false, managedBy: "admins" });
const synced = (name: string): SplitGroup => ({ id: `id-${name}`, name, externalSynced: true, managedBy: "external" });

describe("splitFindings", () => {
  it("finds nothing when every group sits in the lane its sync marker allows", () => {
    assert.deepEqual(
      splitFindings(split, [synced("dept-sales"), synced("ALL-EMPLOYEES"), local("jira-users"), local("site-admins")]),
      [],
    );
  });

  const cases: { title: string; split?: Split; group: SplitGroup; want: object }[] = [
    {
      title: "reports a group matched by two lanes' patterns, keeping a local group out of scim",
      split: { ...split, isc: { groups: ["jira-*", "site-*"] } },
      group: local("site-admins"),
      want: {
        id: "group-claimed-twice:site-admins",
        kind: "group-claimed-twice",
        subject: "site-admins",
        lane: "none",
        message:
          'Group "site-admins" is claimed by pulumi ("site-admins") and isc ("site-*"); a group has exactly one owner lane.',
        fix: "It is a local group: keep it in one of pulumi or isc and narrow the other lanes' patterns.",
      },
    },
    {
      title: "reports a synced group claimed twice, sending it to scim",
      split: { ...split, isc: { groups: ["dept-eng*"] } },
      group: synced("dept-engineering"),
      want: {
        id: "group-claimed-twice:dept-engineering",
        kind: "group-claimed-twice",
        subject: "dept-engineering",
        lane: "none",
        message:
          'Group "dept-engineering" is claimed by scim ("dept-*") and isc ("dept-eng*"); a group has exactly one owner lane.',
        fix: "It is synced from the identity provider, so keep it in scim and narrow the other lanes' patterns.",
      },
    },
    {
      title: "reports a synced group claimed by isc",
      group: synced("jira-servicedesk"),
      want: {
        id: "synced-group-outside-scim:jira-servicedesk",
        kind: "synced-group-outside-scim",
        subject: "jira-servicedesk",
        lane: "isc",
        message:
          'Group "jira-servicedesk" is synced from the identity provider (read-only in Atlassian: only the IdP changes it), but the isc lane claims it.',
        fix: "Claim it in scim.groups and remove it from isc.groups; to let ISC manage it, manage the group upstream in the identity provider.",
      },
    },
    {
      title: "reports a synced group claimed by pulumi (managedBy external alone marks it synced)",
      group: { id: "x", name: "site-admins", managedBy: "external" },
      want: {
        id: "synced-group-outside-scim:site-admins",
        kind: "synced-group-outside-scim",
        subject: "site-admins",
        lane: "pulumi",
        message:
          'Group "site-admins" is synced from the identity provider (read-only in Atlassian: only the IdP changes it), but the pulumi lane claims it.',
        fix: "Claim it in scim.groups and remove it from pulumi.groups; to let code manage it, manage the group upstream in the identity provider.",
      },
    },
    {
      title: "reports a local group in the scim lane as the IdP name conflict (acme's dept-legal)",
      group: local("dept-legal"),
      want: {
        id: "local-group-in-scim-lane:dept-legal",
        kind: "local-group-in-scim-lane",
        subject: "dept-legal",
        lane: "scim",
        message: `Group "dept-legal" matches the scim lane but is a local group, not synced from the identity provider: a same-named local group blocks the IdP's group (group name conflict).`,
        fix: 'Accept or reject the sync of "dept-legal" in Atlassian admin, or rename the local group; if it is meant to stay local, narrow scim.groups and claim it in isc or pulumi.',
      },
    },
    {
      title: "reports a synced group no lane claims",
      group: synced("contractors"),
      want: {
        id: "unclaimed-synced-group:contractors",
        kind: "unclaimed-synced-group",
        subject: "contractors",
        lane: "none",
        message: 'Group "contractors" is synced from the identity provider but no lane claims it.',
        fix: 'Add "contractors" (or a pattern matching it) to scim.groups, or list "unclaimed-synced-group:contractors" in acceptedFindings.',
      },
    },
    {
      title: "reports a local group no lane claims",
      group: local("old-admins"),
      want: {
        id: "unclaimed-group:old-admins",
        kind: "unclaimed-group",
        subject: "old-admins",
        lane: "none",
        message: 'Local group "old-admins" is claimed by no lane: nobody owns its membership.',
        fix: 'Add "old-admins" to isc.groups or pulumi.groups, delete it in Atlassian admin if unused, or list "unclaimed-group:old-admins" in acceptedFindings.',
      },
    },
  ];
  for (const c of cases) {
    it(c.title, () => assert.deepEqual(splitFindings(c.split ?? split, [c.group]), [c.want]));
  }

  it("treats a missing pulumi lane as claiming nothing and sorts findings by id", () => {
    const { pulumi: _, ...noPulumi } = split;
    const ids = splitFindings(noPulumi, [local("site-admins"), synced("contractors"), local("dept-legal")]).map(
      (f) => f.id,
    );
    assert.deepEqual(ids, [
      "local-group-in-scim-lane:dept-legal",
      "unclaimed-group:site-admins",
      "unclaimed-synced-group:contractors",
    ]);
  });

  it("gives the same ids on every run for the same org", () => {
    const groups = [local("b"), synced("a"), local("dept-x")];
    assert.deepEqual(splitFindings(split, groups), splitFindings(split, [...groups].reverse()));
  });
});

describe("checkSplit", () => {
  it("accepts a well-formed split", () => {
    assert.deepEqual(checkSplit({ ...split, acceptedFindings: ["unclaimed-group:old-admins"] }), []);
  });

  const cases: { title: string; args: unknown; want: { property: string; reason: string }[] }[] = [
    {
      title: "refuses an accountCreator other than scim or isc",
      args: { ...split, accountCreator: "pulumi" },
      want: [
        {
          property: "accountCreator",
          reason:
            'accountCreator must be "scim" or "isc" (the one lane that creates Atlassian accounts; two creators is unsafe); got "pulumi".',
        },
      ],
    },
    {
      title: "refuses a missing accountCreator",
      args: { scim: split.scim, isc: split.isc },
      want: [
        {
          property: "accountCreator",
          reason:
            'accountCreator must be "scim" or "isc" (the one lane that creates Atlassian accounts; two creators is unsafe); got undefined.',
        },
      ],
    },
    {
      title: "refuses a lane without a groups list",
      args: { ...split, isc: {} },
      want: [{ property: "isc", reason: "isc must be { groups: string[] } (group names or glob patterns)." }],
    },
    {
      title: "refuses an empty or non-string pattern",
      args: { ...split, scim: { groups: ["dept-*", " ", 7] } },
      want: [
        { property: "scim", reason: 'scim.groups[1] must be a non-empty group name or glob pattern; got " ".' },
        { property: "scim", reason: "scim.groups[2] must be a non-empty group name or glob pattern; got 7." },
      ],
    },
    {
      title: "refuses the same literal pattern in two lanes, naming both lanes and the fix",
      args: { ...split, pulumi: { groups: ["Dept-*"] } },
      want: [
        {
          property: "pulumi",
          reason:
            '"Dept-*" is listed in both scim.groups and pulumi.groups; a group has exactly one owner lane. Remove it from one of them (synced groups belong to scim).',
        },
      ],
    },
    {
      title: "refuses an accepted finding that is not <kind>:<subject>",
      args: { ...split, acceptedFindings: ["old-admins"] },
      want: [
        {
          property: "acceptedFindings",
          reason:
            'acceptedFindings[0] "old-admins" is not a finding id: ids look like "<kind>:<subject>", e.g. "unclaimed-group:old-admins", as listed in the unacceptedFindings output; end one with * to accept a family, e.g. "unclaimed-group:legacy-*".',
        },
      ],
    },
    {
      title: "refuses an accepted finding of an unknown kind",
      args: { ...split, acceptedFindings: ["unclaimed-groups:old-admins"] },
      want: [
        {
          property: "acceptedFindings",
          reason:
            'acceptedFindings[0] "unclaimed-groups:old-admins" has kind "unclaimed-groups", which the OwnershipSplit does not report, so it would accept nothing; the OwnershipSplit reports group-claimed-twice, synced-group-outside-scim, local-group-in-scim-lane, unclaimed-synced-group, unclaimed-group, group-name-conflict, app-access-revoked-outside-code, app-access-granted-outside-code, group-deleted, app-access-lost-with-group, isc-create-race, account-created-by-wrong-lane, invited-unlinked, duplicate-person, cross-lane-write, direct-user-access, dormant-access, open-self-signup, sod-conflict, leaver-with-access, orphan-account, credential-expiring, credential-expired.',
        },
      ],
    },
    {
      title: "refuses acceptedFindings that is not a list",
      args: { ...split, acceptedFindings: "unclaimed-group:x" },
      want: [
        {
          property: "acceptedFindings",
          reason: "acceptedFindings must be a list of finding ids or { id, reason, until?, ticket? } objects.",
        },
      ],
    },
  ];
  for (const c of cases) {
    it(c.title, () => assert.deepEqual(checkSplit(c.args as Split), c.want));
  }

  it("skips values the preview does not know yet", () => {
    const U = "unknown";
    const f = checkSplit({ accountCreator: U, scim: { groups: [U] }, isc: U, acceptedFindings: [U] } as never, {
      isUnknown: (v) => v === U,
    });
    assert.deepEqual(f, []);
  });
});

describe("findings", () => {
  it("builds and parses ids of the form <kind>:<subject>, keeping colons in the subject", () => {
    assert.equal(findingId("unclaimed-group", "a:b"), "unclaimed-group:a:b");
    assert.deepEqual(parseFindingId("unclaimed-group:a:b"), { kind: "unclaimed-group", subject: "a:b" });
    assert.equal(isFindingId("Unclaimed:x"), false);
    assert.equal(isFindingId("unclaimed-group:"), false);
    assert.throws(() => findingId("NotKebab", "x"), /not kebab-case/);
  });

  it("matches accepted ids case-insensitively, like group names", () => {
    const fs = splitFindings(split, [local("Old-Admins"), local("tmp")]);
    assert.deepEqual(judgeAcceptances(fs, ["unclaimed-group:old-admins"], () => false).unaccepted, [
      "unclaimed-group:tmp",
    ]);
  });
});

describe("rules layout", () => {
  it("imports nothing from clients, lifecycle, resources or @pulumi", () => {
    const dir = join(__dirname, "../../provider/rules");
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts"))) {
      const imports = [...readFileSync(join(dir, f), "utf8").matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
      for (const i of imports) assert.ok(!/clients|lifecycle|resources|@pulumi/.test(i), `${f} imports ${i}`);
    }
  });
});
