// Membership drift rules: code-owned and ISC-owned groups changed outside their lane, with actor and evidence.
import { strict as assert } from "node:assert";
import { groupFindings, type DeclaredGroup } from "../../provider/rules/membership";
import type { IscView, SnapGroup, SnapUser } from "../../provider/rules/snapshot";
import { ADMIN, ADMIN_ACTOR, ISC, PULUMI, ev, group, one, user, view } from "../helpers/builders";

describe("groupFindings on a code-owned group", () => {
  const plat = group("platform-admins");
  const declared: DeclaredGroup = {
    id: plat.id,
    name: plat.name,
    owner: "pulumi",
    members: ["Ana@acme.example", "bo@acme.example"],
  };
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
    const fs = groupFindings(
      view({
        groups: [plat],
        users: [ana, bo, cy],
        events: [ev(5, "user_added_to_group", PULUMI, { group: plat, user: cy })],
      }),
      declared,
    );
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
    const fs = groupFindings(
      view({ groups: [plat], users: [cy], events: [ev(5, "user_added_to_group", ADMIN, { group: plat, user: cy })] }),
      {
        ...declared,
        members: undefined,
      },
    );
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
    assert.deepEqual(
      groupFindings(view({ groups: [jira], users: [ana], isc: iscView([{ user: ana, groups: [jira] }]) }), declared),
      [],
    );
  });

  it("names the person who added a member ISC never granted", () => {
    const eve = user("eve@acme.example", [jira]);
    const added = ev(3, "user_added_to_group", ADMIN, { group: jira, user: eve });
    const fs = groupFindings(
      view({
        groups: [jira],
        users: [ana, eve],
        events: [added],
        isc: iscView([
          { user: ana, groups: [jira] },
          { user: eve, groups: [] },
        ]),
      }),
      declared,
    );
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
      view({
        groups: [jira],
        users: [ana, fay],
        events: [ev(3, "user_added_to_group", ISC, { group: jira, user: fay })],
        isc: iscView([{ user: ana, groups: [jira] }]),
      }),
      declared,
    );
    assert.deepEqual(fs, []);
  });

  it("reports an ISC entitlement holder missing from the Atlassian group, with ISC's account as evidence", () => {
    const gus = user("gus@acme.example");
    const removed = ev(4, "user_removed_from_group", ADMIN, { group: jira, user: gus });
    const fs = groupFindings(
      view({
        groups: [jira],
        users: [ana, gus],
        events: [removed],
        isc: iscView([
          { user: ana, groups: [jira] },
          { user: gus, groups: [jira] },
        ]),
      }),
      declared,
    );
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
    assert.deepEqual(
      unknown.map((f) => [f.kind, f.actor, f.evidence]),
      [["isc-group-member-removed", "unknown", [`isc-account:isc-${gus.accountId}`]]],
    );
    const revoked = groupFindings(
      view({
        groups: [jira],
        users: [gus],
        isc,
        events: [ev(4, "user_removed_from_group", ISC, { group: jira, user: gus })],
      }),
      declared,
    );
    assert.deepEqual(revoked, []);
  });

  it("finds nothing without ISC's record in the snapshot", () => {
    const eve = user("eve@acme.example", [jira]);
    assert.deepEqual(
      groupFindings(
        view({
          groups: [jira],
          users: [eve],
          events: [ev(3, "user_added_to_group", ADMIN, { group: jira, user: eve })],
        }),
        declared,
      ),
      [],
    );
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
