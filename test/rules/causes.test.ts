// Findings by cause: a group's deletion is one finding, the grants it took with it inside it as consequences.
import { strict as assert } from "node:assert";
import { appAccessGoneCause } from "../../provider/rules/app-access";
import type { AuditEntry } from "../../provider/rules/attribution";
import { andList, groupDeletions } from "../../provider/rules/causes";
import { orgFindings } from "../../provider/rules/drift";
import { withConsequences, type Finding } from "../../provider/rules/findings";
import type { SnapGroup } from "../../provider/rules/snapshot";
import { ADMIN, ADMIN_ACTOR, ISC, PULUMI, ROLE, SCIM, SITE, ev, group, split, view } from "../helpers/builders";

const US = { id: "ari:cloud:platform::site/us-jira", host: "acme-us.atlassian.net", product: "jira-software" };
const EU_JSM = { id: "ari:cloud:platform::site/eu-jsm", host: "acme-eu.atlassian.net", product: "jira-servicedesk" };
const WORKSPACES = [SITE, US, EU_JSM];

/** A role event on `site` (the builders' ev() puts role events on SITE). */
function onSite(
  minute: number,
  action: string,
  actor: AuditEntry["actor"],
  g: SnapGroup,
  site: { id: string; host: string; product: string },
): AuditEntry {
  return {
    ...ev(minute, action, actor, { group: g, role: ROLE }),
    resourceId: site.id,
    host: site.host,
    product: site.product,
  };
}

const lostId = (name: string, site: { host: string; product: string }) =>
  `app-access-lost-with-group:${name}@${site.host}/${site.product}/${ROLE}`;

describe("groupDeletions", () => {
  const support = group("dept-support", true);

  it("makes one group-deleted finding naming the group and who deleted it, each lost grant a consequence", () => {
    const grants = [SITE, US, EU_JSM].map((s, i) => onSite(1 + i, "group_granted_product_access", PULUMI, support, s));
    const deleted = ev(9, "group_deleted", SCIM, { group: support });
    const fs = groupDeletions(view({ workspaces: WORKSPACES, roles: [], events: [...grants, deleted] }));
    const lost = (s: typeof SITE, grant: AuditEntry): Finding => ({
      id: lostId("dept-support", s),
      kind: "app-access-lost-with-group",
      subject: `dept-support@${s.host}/${s.product}/${ROLE}`,
      lane: "pulumi",
      message: `Group "dept-support" was deleted by scim, and with it the ${ROLE} access it granted on ${s.host}/${s.product}.`,
      fix: 'Re-creating a synced group does not restore access: once the IdP pushes "dept-support" again, `pulumi up` re-grants what code declares.',
      actor: "scim",
      at: deleted.time,
      evidence: [`event:${deleted.id}`, `event:${grant.id}`],
    });
    assert.deepEqual(fs, [
      {
        id: "group-deleted:dept-support",
        kind: "group-deleted",
        subject: "dept-support",
        lane: "pulumi",
        message:
          'Group "dept-support" was deleted by scim, and the 3 role assignments it held went with it: jira-servicedesk (atlassian/user) on acme-eu.atlassian.net; jira-software (atlassian/user) on acme-eu.atlassian.net and acme-us.atlassian.net.',
        fix: 'Push "dept-support" again from the identity provider (re-creating a synced group does not restore its access); then `pulumi up --refresh` re-grants the 3 that code granted.',
        actor: "scim",
        at: deleted.time,
        evidence: [`event:${deleted.id}`],
        consequences: [lost(EU_JSM, grants[2]), lost(SITE, grants[0]), lost(US, grants[1])],
      },
    ]);
  });

  it("keeps the consequences' ids, so every id that stood alone before is inside exactly one cause", () => {
    const events = [
      onSite(1, "group_granted_product_access", PULUMI, support, SITE),
      onSite(2, "group_granted_product_access", PULUMI, support, US),
      ev(9, "group_deleted", SCIM, { group: support }),
    ];
    const all = withConsequences(orgFindings(view({ workspaces: WORKSPACES, roles: [], events }), split));
    assert.deepEqual(
      all.map((f) => f.id),
      ["group-deleted:dept-support", lostId("dept-support", SITE), lostId("dept-support", US)],
    );
  });

  it("says who granted what by hand, and that accepting the cause is the way to keep the loss", () => {
    const plat = group("platform-admins");
    const events = [
      onSite(1, "group_granted_product_access", PULUMI, plat, SITE),
      onSite(2, "group_granted_product_access", ADMIN, plat, US),
      ev(9, "group_deleted", ADMIN, { group: plat }),
    ];
    const [f] = groupDeletions(view({ workspaces: WORKSPACES, events }));
    assert.equal(f.actor, ADMIN_ACTOR);
    assert.equal(
      f.message,
      `Group "platform-admins" was deleted by ${ADMIN_ACTOR}, and the 2 role assignments it held went with it: jira-software (atlassian/user) on acme-eu.atlassian.net and acme-us.atlassian.net.`,
    );
    assert.equal(
      f.fix,
      "`pulumi up --refresh` re-creates the group if code owns it and re-grants the one that code granted. " +
        `1 of them was granted outside code (by ${ADMIN_ACTOR}), so \`pulumi up\` will not restore it: declare it as access.AppAccess, re-grant it by hand, or accept "group-deleted:platform-admins" if the loss is intended.`,
    );
    assert.match(
      f.consequences![1].fix,
      /^This access was granted outside code \(by person:olga\.admin@acme\.example\)/,
    );
  });

  it("words a loss made wholly by hand, and one of a single grant", () => {
    const plat = group("platform-admins");
    const events = [
      onSite(2, "group_granted_product_access", ADMIN, plat, US),
      ev(9, "group_deleted", SCIM, { group: plat }),
    ];
    const [f] = groupDeletions(view({ workspaces: WORKSPACES, events }));
    assert.equal(
      f.message,
      'Group "platform-admins" was deleted by scim, and the role assignment it held went with it: jira-software (atlassian/user) on acme-us.atlassian.net.',
    );
    assert.equal(
      f.fix,
      `It was granted outside code (by ${ADMIN_ACTOR}), so \`pulumi up\` will not restore it: declare it as access.AppAccess, re-grant it by hand, or accept "group-deleted:platform-admins" if the loss is intended.`,
    );
  });

  it("keeps only what the group pushed again does not have back, and says the group is back", () => {
    const again = { ...group("dept-support", true), id: "g-dept-support-2" };
    const events = [
      onSite(1, "group_granted_product_access", PULUMI, support, SITE),
      onSite(2, "group_granted_product_access", PULUMI, support, US),
      ev(9, "group_deleted", SCIM, { group: support }),
    ];
    const roles = [{ groupId: again.id, resourceId: SITE.id, role: ROLE }];
    const [f] = groupDeletions(view({ workspaces: WORKSPACES, groups: [again], roles, events }));
    assert.deepEqual(
      f.consequences!.map((c) => c.id),
      [lostId("dept-support", US)],
    );
    assert.equal(
      f.message,
      'Group "dept-support" was deleted by scim, and the role assignment it held went with it: jira-software (atlassian/user) on acme-us.atlassian.net. A group named "dept-support" is back, but without it.',
    );
    assert.equal(f.fix, "Run `pulumi up --refresh`: it re-grants the one that code granted to the group that is back.");
    assert.match(f.consequences![0].message, /; the group is back but the access is not\.$/);
  });

  it("is no finding once every grant is back, for a group that held none, or for a group that still exists", () => {
    const again = { ...group("dept-support", true), id: "g-dept-support-2" };
    const granted = onSite(1, "group_granted_product_access", PULUMI, support, SITE);
    const deleted = ev(9, "group_deleted", SCIM, { group: support });
    const back = [{ groupId: again.id, resourceId: SITE.id, role: ROLE }];
    assert.deepEqual(groupDeletions(view({ groups: [again], roles: back, events: [granted, deleted] })), []);
    assert.deepEqual(groupDeletions(view({ events: [deleted] })), []);
    const revoked = onSite(5, "group_revoked_product_access", PULUMI, support, SITE);
    assert.deepEqual(groupDeletions(view({ events: [granted, revoked, deleted] })), []);
    assert.deepEqual(groupDeletions(view({ groups: [support], events: [granted, deleted] })), []);
  });

  it("makes a name deleted twice in the window one finding, naming both deletions, newest first", () => {
    const first = { ...support, id: "g-support-old" };
    const events = [
      onSite(1, "group_granted_product_access", PULUMI, first, SITE),
      ev(3, "group_deleted", SCIM, { group: first }),
      onSite(5, "group_granted_product_access", PULUMI, support, US),
      ev(9, "group_deleted", ISC, { group: support }),
    ];
    const fs = groupDeletions(view({ workspaces: WORKSPACES, events }));
    assert.equal(fs.length, 1);
    assert.equal(fs[0].actor, "isc");
    assert.deepEqual(fs[0].evidence, [`event:${events[3].id}`, `event:${events[1].id}`]);
    assert.match(fs[0].message, /^Group "dept-support" was deleted by isc \(2 times in the audit window\), and the 2 /);
    assert.deepEqual(
      fs[0].consequences!.map((c) => [c.id, c.actor]),
      [
        [lostId("dept-support", SITE), "scim"],
        [lostId("dept-support", US), "isc"],
      ],
    );
  });

  it("answers one view's question once (every AppAccess its group's deletion took asks it)", () => {
    const v = view({
      events: [
        onSite(1, "group_granted_product_access", PULUMI, support, SITE),
        ev(9, "group_deleted", SCIM, { group: support }),
      ],
    });
    assert.equal(groupDeletions(v), groupDeletions(v));
  });
});

describe("appAccessGoneCause by cause", () => {
  const support = group("dept-support", true);
  const access = (s: typeof SITE) => ({ groupId: support.id, groupName: support.name, resourceId: s.id, role: ROLE });

  it("answers with the split's whole group-deleted finding when the window shows the grant went with it", () => {
    const v = view({
      workspaces: WORKSPACES,
      roles: [],
      events: [
        onSite(1, "group_granted_product_access", PULUMI, support, SITE),
        onSite(2, "group_granted_product_access", PULUMI, support, US),
        ev(9, "group_deleted", SCIM, { group: support }),
      ],
    });
    const split = orgFindings(v, { accountCreator: "scim", scim: { groups: ["dept-*"] }, isc: { groups: [] } });
    assert.deepEqual(appAccessGoneCause(v, access(SITE)), split[0]);
    assert.deepEqual(appAccessGoneCause(v, access(US)), split[0]);
  });

  it("answers with the one lost grant when the grant is older than the window", () => {
    const deleted = ev(9, "group_deleted", SCIM, { group: support });
    const f = appAccessGoneCause(view({ workspaces: WORKSPACES, events: [deleted] }), access(US));
    assert.equal(f.id, lostId("dept-support", US));
    assert.equal(f.consequences, undefined);
  });

  it("words a revoke as the split does, so the two print one line", () => {
    const plat = group("platform-admins");
    const events = [
      onSite(1, "group_granted_product_access", PULUMI, plat, SITE),
      onSite(4, "group_revoked_product_access", ADMIN, plat, SITE),
    ];
    const v = view({ groups: [plat], roles: [], events });
    const fromSplit = orgFindings(v, split);
    assert.deepEqual(fromSplit, [
      {
        id: `app-access-revoked-outside-code:platform-admins@${SITE.host}/${SITE.product}/${ROLE}`,
        kind: "app-access-revoked-outside-code",
        subject: `platform-admins@${SITE.host}/${SITE.product}/${ROLE}`,
        lane: "pulumi",
        message: `${ADMIN_ACTOR} revoked ${ROLE} on ${SITE.host}/${SITE.product} from "platform-admins" outside code; app access is code's lane.`,
        fix: "If code declares it as an access.AppAccess, `pulumi up` grants it again (removing that AppAccess drops it); otherwise declare it, or accept the loss.",
        actor: ADMIN_ACTOR,
        at: events[1].time,
        evidence: [`event:${events[1].id}`],
      },
    ]);
    assert.deepEqual(
      appAccessGoneCause(v, { groupId: plat.id, groupName: plat.name, resourceId: SITE.id, role: ROLE }),
      fromSplit[0],
    );
  });
});

describe("andList", () => {
  it("joins with commas and a final and", () => {
    assert.deepEqual([[], ["a"], ["a", "b"], ["a", "b", "c"]].map(andList), ["", "a", "a and b", "a, b and c"]);
  });
});
