// App-access drift rules: grants gone, granted by hand, or lost with a deleted group.
import { strict as assert } from "node:assert";
import { appAccessGoneCause } from "../../provider/rules/app-access";
import { orgFindings } from "../../provider/rules/drift";
import { ADMIN, ADMIN_ACTOR, PULUMI, ROLE, SCIM, SITE, ev, group, ofKind, one, split, view } from "../helpers/builders";

describe("appAccessGoneCause", () => {
  const eng = group("dept-engineering", true);
  const access = { groupId: eng.id, groupName: eng.name, resourceId: SITE.id, role: ROLE };
  const subject = `dept-engineering@${SITE.host}/${SITE.product}/${ROLE}`;

  it("blames the group's deletion by SCIM when the group is gone (its grant older than the window)", () => {
    const deleted = ev(9, "group_deleted", SCIM, { group: eng });
    const f = appAccessGoneCause(view({ events: [deleted] }), access);
    assert.equal(f.kind, "app-access-lost-with-group");
    assert.equal(f.id, `app-access-lost-with-group:${subject}`);
    assert.equal(f.subject, subject);
    assert.equal(f.lane, "pulumi");
    assert.equal(f.actor, "scim");
    assert.equal(f.at, deleted.time);
    assert.deepEqual(f.evidence, [`event:${deleted.id}`]);
    assert.ok(
      f.message.includes('"dept-engineering"') && f.message.includes("by scim") && f.message.includes(SITE.host),
    );
    assert.ok(f.fix.includes('"dept-engineering"'));
  });

  it("answers with the whole group-deleted cause when the window has the grant (causes.test.ts has its wording)", () => {
    const deleted = ev(9, "group_deleted", SCIM, { group: eng });
    const f = appAccessGoneCause(
      view({ events: [ev(1, "group_granted_product_access", PULUMI, { group: eng, role: ROLE }), deleted] }),
      access,
    );
    assert.equal(f.id, "group-deleted:dept-engineering");
    assert.deepEqual(
      f.consequences?.map((c) => c.id),
      [`app-access-lost-with-group:${subject}`],
    );
  });

  it("names the person who revoked the access", () => {
    const revoked = ev(9, "group_revoked_product_access", ADMIN, { group: eng, role: ROLE });
    const f = appAccessGoneCause(
      view({
        groups: [eng],
        events: [ev(1, "group_granted_product_access", PULUMI, { group: eng, role: ROLE }), revoked],
      }),
      access,
    );
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

describe("orgFindings", () => {
  describe("app-access-granted-outside-code", () => {
    const plat = group("platform-admins");
    const key = `${plat.id}/${SITE.id}/${ROLE}`;
    const subject = `platform-admins@${SITE.host}/${SITE.product}/${ROLE}`;

    it("reports a person's grant that still stands", () => {
      const granted = ev(4, "group_granted_product_access", ADMIN, { group: plat, role: ROLE });
      const fs = orgFindings(
        view({ groups: [plat], roles: [{ groupId: plat.id, resourceId: SITE.id, role: ROLE }], events: [granted] }),
        split,
      );
      assert.deepEqual(
        fs.map((f) => f.id),
        [`app-access-granted-outside-code:${subject}`],
      );
      const f = one(fs, "app-access-granted-outside-code", [
        ADMIN_ACTOR,
        "granted",
        ROLE,
        SITE.host,
        '"platform-admins"',
      ]);
      assert.equal(f.lane, "pulumi");
      assert.equal(f.actor, ADMIN_ACTOR);
      assert.deepEqual(f.evidence, [`event:${granted.id}`]);
    });

    it("trusts the event when role assignments were not read", () => {
      const fs = orgFindings(
        view({ groups: [plat], events: [ev(4, "group_granted_product_access", ADMIN, { group: plat, role: ROLE })] }),
        split,
      );
      assert.equal(ofKind(fs, "app-access-granted-outside-code").length, 1);
    });

    it("is gone when the role assignments show it revoked, or code declares it", () => {
      const events = [ev(4, "group_granted_product_access", ADMIN, { group: plat, role: ROLE })];
      assert.deepEqual(orgFindings(view({ groups: [plat], roles: [], events }), split), []);
      assert.deepEqual(orgFindings(view({ groups: [plat], events }), split, { declaredAccess: new Set([key]) }), []);
    });

    it("finds nothing when code made the newest change", () => {
      const events = [
        ev(4, "group_granted_product_access", ADMIN, { group: plat, role: ROLE }),
        ev(6, "group_granted_product_access", PULUMI, { group: plat, role: ROLE }),
      ];
      assert.deepEqual(
        orgFindings(
          view({ groups: [plat], roles: [{ groupId: plat.id, resourceId: SITE.id, role: ROLE }], events }),
          split,
        ),
        [],
      );
    });

    it("reports a person's revoke of a live group's access", () => {
      const revoked = ev(6, "group_revoked_product_access", ADMIN, { group: plat, role: ROLE });
      const fs = orgFindings(
        view({
          groups: [plat],
          roles: [],
          events: [ev(4, "group_granted_product_access", PULUMI, { group: plat, role: ROLE }), revoked],
        }),
        split,
      );
      assert.deepEqual(
        fs.map((f) => f.id),
        [`app-access-revoked-outside-code:${subject}`],
      );
      assert.equal(fs[0].actor, ADMIN_ACTOR);
    });
  });
});
