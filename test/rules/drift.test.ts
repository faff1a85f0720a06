// Drift rules over small org snapshots: each finding names what is outside its lane, who caused it, and the evidence.
import { strict as assert } from "node:assert";
import type { ActorLanes, AuditEntry } from "../../provider/rules/attribution";
import {
  appAccessGoneCause,
  groupFindings,
  orgFindings,
  SnapshotView,
  type DeclaredGroup,
  type IscView,
  type OrgSnapshot,
  type SnapGroup,
  type SnapUser,
} from "../../provider/rules/drift";
import type { Finding } from "../../provider/rules/findings";
import type { Split } from "../../provider/rules/split";

// ---------------------------------------------------------------------------------------------------------------
// Snapshot builders
// ---------------------------------------------------------------------------------------------------------------

const LANES: ActorLanes = { "pulumi-ci": "pulumi", "isc-connector": "isc" };

const PULUMI = { id: "svc-pulumi", name: "pulumi-ci", authType: "api-token", tokenLabel: "pulumi-ci" };
const ISC = { id: "svc-isc", name: "isc-connector", authType: "api-token", tokenLabel: "isc-connector" };
const SCIM = { id: "scim:dir-1", name: "User provisioning (Entra)", authType: "container-token", tokenLabel: "Entra SCIM token" };
const ADMIN = { id: "acc-admin", name: "Olga Admin", email: "Olga.Admin@acme.example" };
const ADMIN_ACTOR = "person:olga.admin@acme.example";

const T0 = Date.parse("2026-11-23T15:00:00.000Z");
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

const SITE = { id: "ari:cloud:platform::site/eu-jira", host: "acme-eu.atlassian.net", product: "jira-software" };
const ROLE = "atlassian/user";

const group = (name: string, synced = false): SnapGroup => ({ id: `g-${name}`, name, synced });
const user = (email: string, groups: SnapGroup[] = [], extra: Partial<SnapUser> = {}): SnapUser => ({
  accountId: `acc-${email.split("@")[0]}`,
  email,
  groups: groups.map((g) => g.id),
  ...extra,
});

let seq = 0;
/** One audit event at `minute` after T0, by `actor`, about `ctx`. */
function ev(minute: number, action: string, actor: AuditEntry["actor"], ctx: { group?: SnapGroup; user?: SnapUser; role?: string } = {}): AuditEntry {
  const e: AuditEntry = { id: `ev-${++seq}`, time: at(minute), action, actor };
  if (ctx.group) Object.assign(e, { groupId: ctx.group.id, groupName: ctx.group.name });
  if (ctx.user) Object.assign(e, { accountId: ctx.user.accountId, email: ctx.user.email });
  if (ctx.role) Object.assign(e, { resourceId: SITE.id, host: SITE.host, product: SITE.product, role: ctx.role });
  return e;
}

function snapshot(parts: Partial<OrgSnapshot>): OrgSnapshot {
  return { takenAt: at(120), groups: [], users: [], workspaces: [SITE], events: [], ...parts };
}

const view = (parts: Partial<OrgSnapshot>) => new SnapshotView(snapshot(parts), LANES);

const split: Split = {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["jira-*"] },
  pulumi: { groups: ["platform-*"] },
};

const ofKind = (fs: Finding[], kind: string) => fs.filter((f) => f.kind === kind);

/** The one finding of `kind`, with the common checks: id, message and fix naming the object. */
function one(fs: Finding[], kind: string, mentions: string[]): Finding {
  const found = ofKind(fs, kind);
  assert.equal(found.length, 1, `one ${kind} finding in ${JSON.stringify(fs.map((f) => f.id))}`);
  const f = found[0];
  assert.equal(f.id, `${kind}:${f.subject}`);
  for (const m of mentions) {
    assert.ok(f.message.includes(m), `message names ${m}: ${f.message}`);
  }
  assert.ok(f.fix.length > 0);
  return f;
}

// ---------------------------------------------------------------------------------------------------------------
// groupFindings
// ---------------------------------------------------------------------------------------------------------------

describe("groupFindings on a code-owned group", () => {
  const plat = group("platform-admins");
  const declared: DeclaredGroup = { id: plat.id, name: plat.name, owner: "pulumi", members: ["Ana@acme.example", "bo@acme.example"] };
  const ana = user("ana@acme.example", [plat]);
  const bo = user("bo@acme.example", [plat]);

  it("finds nothing when Atlassian holds exactly code's members (emails compare case-insensitively)", () => {
    assert.deepEqual(groupFindings(view({ groups: [plat], users: [ana, bo] }), declared), []);
  });

  it("names the person who added a member code does not declare", () => {
    const cy = user("cy@acme.example", [plat]);
    const older = ev(1, "user_added_to_group", PULUMI, { group: plat, user: cy });
    const added = ev(5, "user_added_to_group", ADMIN, { group: plat, user: cy });
    const fs = groupFindings(view({ groups: [plat], users: [ana, bo, cy], events: [added, older] }), declared);
    assert.equal(fs.length, 1);
    const f = one(fs, "code-group-member-added", ["cy@acme.example", '"platform-admins"', ADMIN_ACTOR]);
    assert.equal(f.subject, "platform-admins/cy@acme.example");
    assert.equal(f.lane, "pulumi");
    assert.equal(f.actor, ADMIN_ACTOR);
    assert.equal(f.at, added.time);
    assert.deepEqual(f.evidence, [`event:${added.id}`]);
    assert.ok(f.fix.includes("cy@acme.example"));
  });

  it("finds nothing for a member code added and then dropped from its members list (a plain diff)", () => {
    const cy = user("cy@acme.example", [plat]);
    const fs = groupFindings(view({ groups: [plat], users: [ana, bo, cy], events: [ev(5, "user_added_to_group", PULUMI, { group: plat, user: cy })] }), declared);
    assert.deepEqual(fs, []);
  });

  it("names the ISC credential that removed a declared member", () => {
    const boOut = user("bo@acme.example");
    const removed = ev(7, "user_removed_from_group", ISC, { group: plat, user: boOut });
    const fs = groupFindings(view({ groups: [plat], users: [ana, boOut], events: [removed] }), declared);
    assert.equal(fs.length, 1);
    const f = one(fs, "code-group-member-removed", ["bo@acme.example", '"platform-admins"', "by isc"]);
    assert.equal(f.subject, "platform-admins/bo@acme.example");
    assert.equal(f.lane, "pulumi");
    assert.equal(f.actor, "isc");
    assert.deepEqual(f.evidence, [`event:${removed.id}`]);
    assert.ok(f.fix.includes("bo@acme.example"));
  });

  it("says unknown, with no evidence, when no event in the window names a cause", () => {
    const dee = user("dee@acme.example", [plat]);
    const fs = groupFindings(view({ groups: [plat], users: [ana, dee] }), declared);
    assert.deepEqual(
      fs.map((f) => [f.kind, f.subject, f.actor, f.evidence, f.at]),
      [
        ["code-group-member-added", "platform-admins/dee@acme.example", "unknown", undefined, undefined],
        ["code-group-member-removed", "platform-admins/bo@acme.example", "unknown", undefined, undefined],
      ],
    );
    assert.ok(fs[0].message.includes("an unknown actor"));
  });

  it("leaves membership alone when code declares no members list", () => {
    const cy = user("cy@acme.example", [plat]);
    const fs = groupFindings(view({ groups: [plat], users: [cy], events: [ev(5, "user_added_to_group", ADMIN, { group: plat, user: cy })] }), {
      ...declared,
      members: undefined,
    });
    assert.deepEqual(fs, []);
  });
});

describe("groupFindings on an ISC-owned group", () => {
  const jira = group("jira-users");
  const declared: DeclaredGroup = { id: jira.id, name: jira.name, owner: "isc" };
  const ana = user("ana@acme.example", [jira]);
  const iscView = (accounts: { user: SnapUser; groups: SnapGroup[] }[]): IscView => ({
    sourceId: "src-atl",
    accounts: accounts.map(({ user: u, groups }) => ({
      id: `isc-${u.accountId}`,
      nativeIdentity: u.accountId,
      name: u.email,
      identityId: `ident-${u.accountId}`,
      uncorrelated: false,
      groups: groups.map((g) => g.id),
    })),
    activities: [],
  });

  it("finds nothing when Atlassian and ISC's record agree", () => {
    assert.deepEqual(groupFindings(view({ groups: [jira], users: [ana], isc: iscView([{ user: ana, groups: [jira] }]) }), declared), []);
  });

  it("names the person who added a member ISC never granted", () => {
    const eve = user("eve@acme.example", [jira]);
    const added = ev(3, "user_added_to_group", ADMIN, { group: jira, user: eve });
    const fs = groupFindings(view({ groups: [jira], users: [ana, eve], events: [added], isc: iscView([{ user: ana, groups: [jira] }, { user: eve, groups: [] }]) }), declared);
    assert.equal(fs.length, 1);
    const f = one(fs, "isc-group-member-added", ["eve@acme.example", '"jira-users"', ADMIN_ACTOR]);
    assert.equal(f.subject, "jira-users/eve@acme.example");
    assert.equal(f.lane, "isc");
    assert.equal(f.actor, ADMIN_ACTOR);
    assert.deepEqual(f.evidence, [`event:${added.id}`]);
    assert.ok(f.fix.includes("eve@acme.example") && f.fix.includes('"jira-users"'));
  });

  it("finds nothing for a member ISC granted whose account record has not caught up yet", () => {
    const fay = user("fay@acme.example", [jira]);
    const fs = groupFindings(
      view({ groups: [jira], users: [ana, fay], events: [ev(3, "user_added_to_group", ISC, { group: jira, user: fay })], isc: iscView([{ user: ana, groups: [jira] }]) }),
      declared,
    );
    assert.deepEqual(fs, []);
  });

  it("reports an ISC entitlement holder missing from the Atlassian group, with ISC's account as evidence", () => {
    const gus = user("gus@acme.example");
    const removed = ev(4, "user_removed_from_group", ADMIN, { group: jira, user: gus });
    const fs = groupFindings(view({ groups: [jira], users: [ana, gus], events: [removed], isc: iscView([{ user: ana, groups: [jira] }, { user: gus, groups: [jira] }]) }), declared);
    assert.equal(fs.length, 1);
    const f = one(fs, "isc-group-member-removed", ["gus@acme.example", '"jira-users"', ADMIN_ACTOR]);
    assert.equal(f.subject, "jira-users/gus@acme.example");
    assert.equal(f.lane, "isc");
    assert.equal(f.actor, ADMIN_ACTOR);
    assert.deepEqual(f.evidence, [`event:${removed.id}`, `isc-account:isc-${gus.accountId}`]);
  });

  it("keeps ISC's account as evidence when no event names the remover, and skips ISC's own revoke", () => {
    const gus = user("gus@acme.example");
    const isc = iscView([{ user: gus, groups: [jira] }]);
    const unknown = groupFindings(view({ groups: [jira], users: [gus], isc }), declared);
    assert.deepEqual(unknown.map((f) => [f.kind, f.actor, f.evidence]), [["isc-group-member-removed", "unknown", [`isc-account:isc-${gus.accountId}`]]]);
    const revoked = groupFindings(view({ groups: [jira], users: [gus], isc, events: [ev(4, "user_removed_from_group", ISC, { group: jira, user: gus })] }), declared);
    assert.deepEqual(revoked, []);
  });

  it("finds nothing without ISC's record in the snapshot", () => {
    const eve = user("eve@acme.example", [jira]);
    assert.deepEqual(groupFindings(view({ groups: [jira], users: [eve], events: [ev(3, "user_added_to_group", ADMIN, { group: jira, user: eve })] }), declared), []);
  });
});

describe("groupFindings on a SCIM-owned group", () => {
  it("finds nothing: the IdP's membership is its own", () => {
    const dept = group("dept-sales", true);
    const zed = user("zed@acme.example", [dept]);
    const fs = groupFindings(
      view({
        groups: [dept],
        users: [zed],
        events: [ev(2, "user_added_to_group", ADMIN, { group: dept, user: zed })],
        isc: { sourceId: "src-atl", accounts: [], activities: [] },
      }),
      { id: dept.id, name: dept.name, owner: "scim", members: ["nobody@acme.example"] },
    );
    assert.deepEqual(fs, []);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// appAccessGoneCause
// ---------------------------------------------------------------------------------------------------------------

describe("appAccessGoneCause", () => {
  const eng = group("dept-engineering", true);
  const access = { groupId: eng.id, groupName: eng.name, resourceId: SITE.id, role: ROLE };
  const subject = `dept-engineering@${SITE.host}/${SITE.product}/${ROLE}`;

  it("blames the group's deletion by SCIM when the group is gone", () => {
    const deleted = ev(9, "group_deleted", SCIM, { group: eng });
    const f = appAccessGoneCause(view({ events: [ev(1, "group_role_assigned", PULUMI, { group: eng, role: ROLE }), deleted] }), access);
    assert.equal(f.kind, "app-access-lost-with-group");
    assert.equal(f.id, `app-access-lost-with-group:${subject}`);
    assert.equal(f.subject, subject);
    assert.equal(f.lane, "pulumi");
    assert.equal(f.actor, "scim");
    assert.equal(f.at, deleted.time);
    assert.deepEqual(f.evidence, [`event:${deleted.id}`]);
    assert.ok(f.message.includes('"dept-engineering"') && f.message.includes("by scim") && f.message.includes(SITE.host));
    assert.ok(f.fix.includes('"dept-engineering"'));
  });

  it("names the person who revoked the access", () => {
    const revoked = ev(9, "group_role_revoked", ADMIN, { group: eng, role: ROLE });
    const f = appAccessGoneCause(view({ groups: [eng], events: [ev(1, "group_role_assigned", PULUMI, { group: eng, role: ROLE }), revoked] }), access);
    assert.equal(f.kind, "app-access-revoked-outside-code");
    assert.equal(f.subject, subject);
    assert.equal(f.lane, "pulumi");
    assert.equal(f.actor, ADMIN_ACTOR);
    assert.deepEqual(f.evidence, [`event:${revoked.id}`]);
    assert.ok(f.message.includes('"dept-engineering"') && f.message.includes(ROLE) && f.message.includes(ADMIN_ACTOR));
  });

  it("says unknown when no event explains it", () => {
    const f = appAccessGoneCause(view({ groups: [eng] }), access);
    assert.equal(f.kind, "app-access-revoked-outside-code");
    assert.equal(f.actor, "unknown");
    assert.equal(f.evidence, undefined);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// orgFindings
// ---------------------------------------------------------------------------------------------------------------

describe("orgFindings", () => {
  describe("isc-create-race", () => {
    const jira = group("jira-users");
    const smith = user("j.smith@acme.example", [], { name: "John Smith", managementSource: "synced" });
    const provisioned = ev(0, "user_provisioned", SCIM, { user: smith });
    const scim = { users: [{ id: "su-smith", userName: smith.email, email: smith.email, active: true, accountId: smith.accountId }], groups: [] };
    const activity = (addStatus: string) => ({
      id: "act-1",
      created: at(2),
      completionStatus: "FAILURE",
      targetName: "John Smith",
      errors: [
        `sailpoint.connector.ConnectorException: Atlassian answered 409 to POST /admin/v2/orgs/org-1/users/invite: [ADMIN-409-28] An account with email J.Smith@acme.example already exists.`,
      ],
      items: [
        { operation: "CREATE", provisioningStatus: "FAILED", sourceId: "src-atl" },
        { operation: "ADD", provisioningStatus: addStatus, value: jira.id, sourceId: "src-atl", requestedName: "jira-users" },
      ],
    });
    const race = (correlated: boolean, addStatus: string, s: Split = split) =>
      orgFindings(
        view({
          groups: [jira],
          users: [smith],
          events: [provisioned],
          scim,
          isc: {
            sourceId: "src-atl",
            accounts: correlated ? [{ id: "isc-smith", nativeIdentity: smith.accountId, name: smith.email, identityId: "ident-smith", uncorrelated: false, groups: [] }] : [],
            activities: [activity(addStatus)],
          },
        }),
        s,
      );

    it("reports ISC's failed create of an account SCIM made first, with the pending access", () => {
      const fs = race(false, "PENDING");
      assert.deepEqual(fs.map((f) => f.id), ["isc-create-race:j.smith@acme.example"]);
      const f = one(fs, "isc-create-race", ["j.smith@acme.example", "scim had already created it", "409", "has not correlated", "pending: jira-users"]);
      assert.equal(f.subject, "j.smith@acme.example");
      assert.equal(f.lane, "scim");
      assert.equal(f.actor, "isc");
      assert.equal(f.at, at(2));
      assert.deepEqual(f.evidence, ["isc-activity:act-1", `event:${provisioned.id}`]);
      assert.ok(f.fix.includes("aggregation") && f.fix.includes("only scim"));
    });

    it("gives the finding to the split's account creator", () => {
      const f = one(race(false, "PENDING", { ...split, accountCreator: "isc" }), "isc-create-race", ["j.smith@acme.example"]);
      assert.equal(f.lane, "isc");
    });

    it("still reports a correlated account whose access is pending", () => {
      const f = one(race(true, "PENDING"), "isc-create-race", ["j.smith@acme.example", "pending: jira-users"]);
      assert.ok(!f.message.includes("has not correlated"));
    });

    it("is gone once ISC correlated the account and applied the access", () => {
      assert.deepEqual(race(true, "FINISHED"), []);
    });
  });

  describe("account-created-by-wrong-lane", () => {
    const kim = user("kim@acme.example", [], { managementSource: "invited" });

    it("reports an account ISC's credential invited when SCIM is the account creator", () => {
      const invited = ev(1, "user_invited", ISC, { user: kim });
      const again = ev(2, "user_invited", ISC, { user: kim });
      const fs = orgFindings(view({ users: [kim], events: [invited, again] }), split);
      assert.deepEqual(fs.map((f) => f.id), ["account-created-by-wrong-lane:kim@acme.example"]);
      const f = one(fs, "account-created-by-wrong-lane", ["kim@acme.example", "created by isc", "scim"]);
      assert.equal(f.subject, "kim@acme.example");
      assert.equal(f.lane, "scim");
      assert.equal(f.actor, "isc");
      assert.equal(f.evidence?.length, 1);
      assert.ok(f.fix.includes("ISC's Atlassian source") && f.fix.includes("kim@acme.example"));
    });

    it("leaves a hand invite by a person, and the creator's own accounts, alone", () => {
      const lee = user("lee@acme.example", [], { managementSource: "synced" });
      const fs = orgFindings(view({ users: [kim, lee], events: [ev(1, "user_invited", ADMIN, { user: kim }), ev(1, "user_provisioned", SCIM, { user: lee })] }), split);
      assert.deepEqual(fs, []);
    });

    it("reports SCIM provisioning when ISC is the account creator", () => {
      const lee = user("lee@acme.example", [], { managementSource: "synced" });
      const fs = orgFindings(view({ users: [lee], events: [ev(1, "user_provisioned", SCIM, { user: lee })] }), { ...split, accountCreator: "isc" });
      const f = one(fs, "account-created-by-wrong-lane", ["lee@acme.example", "created by scim"]);
      assert.equal(f.lane, "isc");
      assert.equal(f.actor, "scim");
    });
  });

  describe("invited-unlinked and duplicate-person", () => {
    it("reports a SCIM user the IdP pushes for an invited account it could not link", () => {
      const lee = user("Lee@acme.example", [], { name: "Lee Park", managementSource: "invited" });
      const invited = ev(1, "user_invited", ADMIN, { user: lee });
      const fs = orgFindings(
        view({ users: [lee], events: [invited], scim: { users: [{ id: "su-lee", userName: "lee@acme.example", email: "lee@acme.example", active: true }], groups: [] } }),
        split,
      );
      assert.deepEqual(fs.map((f) => f.id), ["invited-unlinked:lee@acme.example"]);
      const f = one(fs, "invited-unlinked", ["Lee@acme.example", "SCIM user lee@acme.example", ADMIN_ACTOR]);
      assert.equal(f.subject, "lee@acme.example");
      assert.equal(f.lane, "scim");
      assert.equal(f.actor, ADMIN_ACTOR);
      assert.deepEqual(f.evidence, [`event:${invited.id}`, "scim-user:su-lee", `account:${lee.accountId}`]);
    });

    it("ignores a linked or inactive SCIM user", () => {
      const lee = user("lee@acme.example", [], { managementSource: "invited" });
      const scimUser = { id: "su-lee", userName: "lee@acme.example", email: "lee@acme.example" };
      for (const su of [{ ...scimUser, active: true, accountId: lee.accountId }, { ...scimUser, active: false }]) {
        assert.deepEqual(orgFindings(view({ users: [lee], scim: { users: [su], groups: [] } }), split), []);
      }
    });

    it("reports an invited account and a synced one of the same person under different emails", () => {
      const invitedMia = user("mia.stone@contractor.example", [], { name: "Mia Stone", managementSource: "invited" });
      const syncedMia = user("mstone@acme.example", [], { name: "  mia  STONE ", managementSource: "synced" });
      const invited = ev(1, "user_invited", ADMIN, { user: invitedMia });
      const fs = orgFindings(
        view({
          users: [invitedMia, syncedMia],
          events: [invited, ev(2, "user_provisioned", SCIM, { user: syncedMia })],
          scim: { users: [{ id: "su-mia", userName: "mstone@acme.example", email: "mstone@acme.example", active: true, accountId: syncedMia.accountId }], groups: [] },
        }),
        split,
      );
      assert.deepEqual(fs.map((f) => f.id), ["duplicate-person:mia.stone@contractor.example"]);
      const f = one(fs, "duplicate-person", ['"Mia Stone"', "mia.stone@contractor.example", "mstone@acme.example", ADMIN_ACTOR]);
      assert.equal(f.lane, "scim");
      assert.equal(f.actor, ADMIN_ACTOR);
      assert.deepEqual(f.evidence, [`event:${invited.id}`, `account:${invitedMia.accountId}`, `account:${syncedMia.accountId}`]);
      assert.ok(f.fix.includes("mia.stone@contractor.example") && f.fix.includes("mstone@acme.example"));
    });

    it("does not pair a closed account or two accounts with the same email", () => {
      const closed = user("mia.stone@contractor.example", [], { name: "Mia Stone", managementSource: "invited", accountStatus: "closed" });
      const syncedMia = user("mstone@acme.example", [], { name: "Mia Stone", managementSource: "synced" });
      const scim = { users: [], groups: [] };
      assert.deepEqual(orgFindings(view({ users: [closed, syncedMia], scim }), split), []);
    });
  });

  describe("split findings", () => {
    it("names a local group blocking the IdP's same-named group, once", () => {
      const sales = group("dept-sales");
      const conflict = ev(3, "group_sync_conflict", SCIM, { group: sales });
      const fs = orgFindings(view({ groups: [sales], events: [conflict], scim: { users: [], groups: [{ id: "sg-sales", displayName: "DEPT-sales" }] } }), split);
      assert.deepEqual(fs.map((f) => f.id), ["group-name-conflict:dept-sales"]);
      const f = one(fs, "group-name-conflict", ['"DEPT-sales"']);
      assert.equal(f.subject, "dept-sales");
      assert.equal(f.lane, "scim");
      assert.equal(f.actor, "scim");
      assert.deepEqual(f.evidence, [`event:${conflict.id}`, "scim-group:sg-sales"]);
      assert.ok(f.fix.includes('"dept-sales"'));
    });

    it("blames SCIM for a name conflict no event explains", () => {
      const sales = group("dept-sales");
      const f = one(orgFindings(view({ groups: [sales], scim: { users: [], groups: [{ id: "sg-sales", displayName: "dept-sales" }] } }), split), "group-name-conflict", []);
      assert.equal(f.actor, "scim");
      assert.deepEqual(f.evidence, ["scim-group:sg-sales"]);
    });

    it("keeps local-group-in-scim-lane for a local group the IdP does not push", () => {
      const fs = orgFindings(view({ groups: [group("dept-legal")], scim: { users: [], groups: [] } }), split);
      assert.deepEqual(fs.map((f) => f.id), ["local-group-in-scim-lane:dept-legal"]);
    });

    it("reports a synced group no lane claims", () => {
      const fs = orgFindings(view({ groups: [group("team-xyz", true)] }), split);
      assert.deepEqual(fs.map((f) => f.id), ["unclaimed-synced-group:team-xyz"]);
      const f = one(fs, "unclaimed-synced-group", ['"team-xyz"']);
      assert.equal(f.lane, "none");
      assert.ok(f.fix.includes("unclaimed-synced-group:team-xyz"));
    });
  });

  describe("app-access-granted-outside-code", () => {
    const plat = group("platform-admins");
    const key = `${plat.id}/${SITE.id}/${ROLE}`;
    const subject = `platform-admins@${SITE.host}/${SITE.product}/${ROLE}`;

    it("reports a person's grant that still stands", () => {
      const granted = ev(4, "group_role_assigned", ADMIN, { group: plat, role: ROLE });
      const fs = orgFindings(view({ groups: [plat], roles: [{ groupId: plat.id, resourceId: SITE.id, role: ROLE }], events: [granted] }), split);
      assert.deepEqual(fs.map((f) => f.id), [`app-access-granted-outside-code:${subject}`]);
      const f = one(fs, "app-access-granted-outside-code", [ADMIN_ACTOR, "granted", ROLE, SITE.host, '"platform-admins"']);
      assert.equal(f.lane, "pulumi");
      assert.equal(f.actor, ADMIN_ACTOR);
      assert.deepEqual(f.evidence, [`event:${granted.id}`]);
    });

    it("trusts the event when role assignments were not read", () => {
      const fs = orgFindings(view({ groups: [plat], events: [ev(4, "group_role_assigned", ADMIN, { group: plat, role: ROLE })] }), split);
      assert.equal(ofKind(fs, "app-access-granted-outside-code").length, 1);
    });

    it("is gone when the role assignments show it revoked, or code declares it", () => {
      const events = [ev(4, "group_role_assigned", ADMIN, { group: plat, role: ROLE })];
      assert.deepEqual(orgFindings(view({ groups: [plat], roles: [], events }), split), []);
      assert.deepEqual(orgFindings(view({ groups: [plat], events }), split, { declaredAccess: new Set([key]) }), []);
    });

    it("finds nothing when code made the newest change", () => {
      const events = [ev(4, "group_role_assigned", ADMIN, { group: plat, role: ROLE }), ev(6, "group_role_assigned", PULUMI, { group: plat, role: ROLE })];
      assert.deepEqual(orgFindings(view({ groups: [plat], roles: [{ groupId: plat.id, resourceId: SITE.id, role: ROLE }], events }), split), []);
    });

    it("reports a person's revoke of a live group's access", () => {
      const revoked = ev(6, "group_role_revoked", ADMIN, { group: plat, role: ROLE });
      const fs = orgFindings(view({ groups: [plat], roles: [], events: [ev(4, "group_role_assigned", PULUMI, { group: plat, role: ROLE }), revoked] }), split);
      assert.deepEqual(fs.map((f) => f.id), [`app-access-revoked-outside-code:${subject}`]);
      assert.equal(fs[0].actor, ADMIN_ACTOR);
    });
  });

  describe("cross-lane-write", () => {
    const plat = group("platform-admins");
    const cy = user("cy@acme.example", [plat]);

    it("reports ISC's credential adding a member to a group code owns", () => {
      const added = ev(5, "user_added_to_group", ISC, { group: plat, user: cy });
      const fs = orgFindings(view({ groups: [plat], users: [cy], events: [added] }), split);
      assert.deepEqual(fs.map((f) => f.id), ["cross-lane-write:platform-admins/+cy@acme.example"]);
      const f = one(fs, "cross-lane-write", ["isc's credential", "cy@acme.example", '"platform-admins"', "pulumi lane"]);
      assert.equal(f.subject, "platform-admins/+cy@acme.example");
      assert.equal(f.lane, "pulumi");
      assert.equal(f.actor, "isc");
      assert.deepEqual(f.evidence, [`event:${added.id}`]);
      assert.ok(f.fix.includes("pulumi up"));
    });

    it("finds nothing once a later change by code undid it", () => {
      const cyOut = user("cy@acme.example");
      const events = [ev(5, "user_added_to_group", ISC, { group: plat, user: cyOut }), ev(8, "user_removed_from_group", PULUMI, { group: plat, user: cyOut })];
      assert.deepEqual(orgFindings(view({ groups: [plat], users: [cyOut], events }), split), []);
    });

    it("finds nothing for a lane writing its own group", () => {
      const jira = group("jira-users");
      const u = user("cy@acme.example", [jira]);
      assert.deepEqual(orgFindings(view({ groups: [jira], users: [u], events: [ev(5, "user_added_to_group", ISC, { group: jira, user: u })] }), split), []);
    });
  });

  it("gives unique ids, sorted, over a snapshot with many causes", () => {
    const plat = group("platform-admins");
    const jira = group("jira-users");
    const sales = group("dept-sales");
    const xyz = group("team-xyz", true);
    const cy = user("cy@acme.example", [plat, jira]);
    const kim = user("kim@acme.example", [], { managementSource: "invited", name: "Kim Lo" });
    const kim2 = user("kim.lo@acme.example", [], { managementSource: "synced", name: "Kim Lo" });
    const events = [
      ev(1, "user_invited", ISC, { user: kim }),
      ev(2, "user_invited", ISC, { user: kim }),
      ev(3, "user_added_to_group", ISC, { group: plat, user: cy }),
      ev(4, "user_added_to_group", ISC, { group: plat, user: cy }),
      ev(5, "group_role_assigned", ADMIN, { group: jira, role: ROLE }),
      ev(6, "group_sync_conflict", SCIM, { group: sales }),
    ];
    const fs = orgFindings(
      view({
        groups: [plat, jira, sales, xyz, group("old-admins")],
        users: [cy, kim, kim2],
        events,
        scim: { users: [{ id: "su-kim", userName: "kim.lo@acme.example", email: "kim.lo@acme.example", active: true, accountId: kim2.accountId }], groups: [{ id: "sg-sales", displayName: "dept-sales" }] },
      }),
      split,
    );
    const ids = fs.map((f) => f.id);
    assert.deepEqual(ids, [...new Set(ids)].sort());
    assert.deepEqual(ids, [
      "account-created-by-wrong-lane:kim@acme.example",
      `app-access-granted-outside-code:jira-users@${SITE.host}/${SITE.product}/${ROLE}`,
      "cross-lane-write:platform-admins/+cy@acme.example",
      "duplicate-person:kim@acme.example",
      "group-name-conflict:dept-sales",
      "unclaimed-group:old-admins",
      "unclaimed-synced-group:team-xyz",
    ]);
  });
});
