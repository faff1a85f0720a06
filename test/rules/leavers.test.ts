// Leavers and orphans (issue #24 item 3), over small snapshots: who the IdP or ISC says left but still holds access,
// and who holds access that no lane manages.
import { strict as assert } from "node:assert";
import { leaversWithAccess, orphanAccounts } from "../../provider/rules/leavers";
import { isExpiredAt, judgeAcceptances } from "../../provider/rules/acceptances";
import { ADMIN, ADMIN_ACTOR, ROLE, SCIM, SITE, ev, group, split, user, view } from "../helpers/builders";

const LABEL = `${SITE.host}/${SITE.product}`;
const scimOf = (users: { id: string; email: string; active: boolean; accountId?: string }[]) => ({
  users: users.map((u) => ({ ...u, userName: u.email })),
  groups: [],
});

describe("leaversWithAccess", () => {
  const dept = group("dept-eng", true);
  const local = group("legacy-tools");
  const usage = (accountId: string, direct = false) => ({
    groupRoles: [
      { groupId: dept.id, resourceId: SITE.id, role: ROLE },
      { groupId: local.id, resourceId: SITE.id, role: ROLE },
    ],
    directGrants: direct ? [{ accountId, resourceId: SITE.id, role: ROLE }] : [],
    candidates: [],
  });

  it("reports an IdP-managed account no active SCIM record links any more, with who deactivated and who reactivated it", () => {
    const pat = user("pat@acme.example", [local], {
      managementSource: "synced",
      accountStatus: "active",
      productAccess: [{ resourceId: SITE.id, lastActive: "2026-11-01T10:00:00.000Z" }],
    });
    const off = ev(10, "scim_user_delete", SCIM, { user: pat });
    const back = ev(20, "managed_account_reactivated", ADMIN, { user: pat });
    const [f, ...rest] = leaversWithAccess(
      view({ users: [pat], groups: [local], usage: usage(pat.accountId), scim: scimOf([]), events: [off, back] }),
      split,
    );
    assert.deepEqual(rest, []);
    assert.equal(f.id, "leaver-with-access:pat@acme.example");
    assert.equal(f.lane, "none"); // legacy-tools is claimed by no lane
    assert.equal(f.actor, "scim");
    assert.deepEqual(f.evidence, [`event:${off.id}`, `event:${back.id}`, `account:${pat.accountId}`]);
    assert.equal(
      f.message,
      `pat@acme.example left (the IdP deactivated or deleted its SCIM record: the account is IdP-managed, but no active SCIM record links it (deactivated by scim at ${off.time}), and ${ADMIN_ACTOR} reactivated the account at ${back.time}), yet the account is active and still holds ${LABEL} through "legacy-tools" (none lane). Last active 2026-11-01 on ${LABEL}.`,
    );
  });

  it("reports an account ISC disabled, by isc, in code's lane for a direct role; none without access or once deactivated", () => {
    const kim = user("kim@acme.example", [], { accountStatus: "active" });
    const isc = {
      sourceId: "src",
      accounts: [
        {
          id: "isc-1",
          nativeIdentity: kim.accountId,
          uncorrelated: false,
          identityId: "id-1",
          groups: [],
          disabled: true,
          modified: "2026-11-22T08:00:00.000Z",
        },
      ],
      activities: [],
    };
    const [f] = leaversWithAccess(view({ users: [kim], usage: usage(kim.accountId, true), isc }), split);
    assert.deepEqual(
      [f.id, f.lane, f.actor, f.at],
      ["leaver-with-access:kim@acme.example", "pulumi", "isc", "2026-11-22T08:00:00.000Z"],
    );
    assert.deepEqual(f.evidence, ["isc-account:isc-1", `account:${kim.accountId}`]);
    assert.match(
      f.message,
      /holds acme-eu\.atlassian\.net\/jira-software directly \(atlassian\/user\)\. Never active on them\.$/,
    );
    assert.deepEqual(leaversWithAccess(view({ users: [kim], usage: usage(kim.accountId), isc }), split), []);
    const gone = { ...kim, accountStatus: "inactive" };
    assert.deepEqual(leaversWithAccess(view({ users: [gone], usage: usage(kim.accountId, true), isc }), split), []);
  });

  it("does not report a person the IdP still pushes and links", () => {
    const ana = user("ana@acme.example", [dept], { managementSource: "synced", accountStatus: "active" });
    const scim = scimOf([{ id: "s1", email: ana.email, active: true, accountId: ana.accountId }]);
    assert.deepEqual(
      leaversWithAccess(view({ users: [ana], groups: [dept], usage: usage(ana.accountId), scim }), split),
      [],
    );
  });
});

describe("orphanAccounts", () => {
  const local = group("legacy-tools");
  const platform = group("platform-eng"); // pulumi lane in the builders' split
  const usage = {
    groupRoles: [
      { groupId: local.id, resourceId: SITE.id, role: ROLE },
      { groupId: platform.id, resourceId: SITE.id, role: ROLE },
    ],
    directGrants: [],
    candidates: [],
  };

  it("reports an invited account in unclaimed groups only, by who invited it; not one in a claimed group, pushed or correlated", () => {
    const vic = user("vic@partner.example", [local], { managementSource: "invited", accountStatus: "active" });
    const invited = ev(5, "user_invited", ADMIN, { user: vic });
    const scim = scimOf([]);
    const [f, ...rest] = orphanAccounts(
      view({ users: [vic], groups: [local, platform], usage, scim, events: [invited] }),
      split,
    );
    assert.deepEqual(rest, []);
    assert.deepEqual(
      [f.id, f.lane, f.actor, f.evidence],
      ["orphan-account:vic@partner.example", "none", ADMIN_ACTOR, [`event:${invited.id}`, `account:${vic.accountId}`]],
    );
    const claimed = { ...vic, groups: [local.id, platform.id] };
    assert.deepEqual(orphanAccounts(view({ users: [claimed], groups: [local, platform], usage, scim }), split), []);
    const pushed = scimOf([{ id: "s1", email: vic.email, active: true }]);
    assert.deepEqual(orphanAccounts(view({ users: [vic], groups: [local], usage, scim: pushed }), split), []);
    // Without SCIM's or ISC's record nothing says who manages whom: not judged.
    assert.deepEqual(orphanAccounts(view({ users: [vic], groups: [local], usage }), split), []);
  });
});

describe("leavers and orphans clearing", () => {
  const local = group("legacy-tools");
  const grant = { groupId: local.id, resourceId: SITE.id, role: ROLE };
  const usage = (groupRoles = [grant]) => ({ groupRoles, directGrants: [], candidates: [] });
  const vic = user("vic@partner.example", [local], { managementSource: "invited", accountStatus: "active" });
  const pat = user("pat@acme.example", [local], { managementSource: "synced", accountStatus: "active" });
  const scim = scimOf([]);
  const found = (roles = [grant]) => {
    const v = view({ users: [vic, pat], groups: [local], usage: usage(roles), scim });
    return [...leaversWithAccess(v, split), ...orphanAccounts(v, split)];
  };
  const IDS = ["leaver-with-access:pat@acme.example", "orphan-account:vic@partner.example"];
  const later = (id: string) => ({ id, reason: "offboarding ticket ACC-91", until: "2026-12-31" });

  it("reports both while the access stands, and neither once it is gone", () => {
    assert.deepEqual(
      found().map((f) => f.id),
      IDS,
    );
    assert.deepEqual(found([]), []);
  });

  it("leaves neither unaccepted once accepted with a reason and an until, and both again when it expires", () => {
    const entries = IDS.map(later);
    assert.deepEqual(judgeAcceptances(found(), entries, () => false).unaccepted, []);
    assert.deepEqual(
      judgeAcceptances(found(), entries, (a) => isExpiredAt(a, Date.parse("2027-01-01"))).unaccepted,
      IDS,
    );
  });
});
