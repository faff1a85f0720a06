// orgFindings: the split's findings with causes, and the composition of every org-wide rule (unique, sorted ids).
import { strict as assert } from "node:assert";
import { orgFindings } from "../../provider/rules/drift";
import { ADMIN, ISC, ROLE, SCIM, SITE, ev, group, one, split, user, view } from "../helpers/builders";

describe("orgFindings", () => {
  describe("split findings", () => {
    it("names a local group blocking the IdP's same-named group, once", () => {
      const sales = group("dept-sales");
      const conflict = ev(3, "group_sync_conflict", SCIM, { group: sales });
      const fs = orgFindings(
        view({
          groups: [sales],
          events: [conflict],
          scim: { users: [], groups: [{ id: "sg-sales", displayName: "DEPT-sales" }] },
        }),
        split,
      );
      assert.deepEqual(
        fs.map((f) => f.id),
        ["group-name-conflict:dept-sales"],
      );
      const f = one(fs, "group-name-conflict", ['"DEPT-sales"']);
      assert.equal(f.subject, "dept-sales");
      assert.equal(f.lane, "scim");
      assert.equal(f.actor, "scim");
      assert.deepEqual(f.evidence, [`event:${conflict.id}`, "scim-group:sg-sales"]);
      assert.ok(f.fix.includes('"dept-sales"'));
    });

    it("blames SCIM for a name conflict no event explains", () => {
      const sales = group("dept-sales");
      const f = one(
        orgFindings(
          view({ groups: [sales], scim: { users: [], groups: [{ id: "sg-sales", displayName: "dept-sales" }] } }),
          split,
        ),
        "group-name-conflict",
        [],
      );
      assert.equal(f.actor, "scim");
      assert.deepEqual(f.evidence, ["scim-group:sg-sales"]);
    });

    it("keeps local-group-in-scim-lane for a local group the IdP does not push", () => {
      const fs = orgFindings(view({ groups: [group("dept-legal")], scim: { users: [], groups: [] } }), split);
      assert.deepEqual(
        fs.map((f) => f.id),
        ["local-group-in-scim-lane:dept-legal"],
      );
    });

    it("reports a synced group no lane claims", () => {
      const fs = orgFindings(view({ groups: [group("team-xyz", true)] }), split);
      assert.deepEqual(
        fs.map((f) => f.id),
        ["unclaimed-synced-group:team-xyz"],
      );
      const f = one(fs, "unclaimed-synced-group", ['"team-xyz"']);
      assert.equal(f.lane, "none");
      assert.ok(f.fix.includes("unclaimed-synced-group:team-xyz"));
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
      ev(5, "group_granted_product_access", ADMIN, { group: jira, role: ROLE }),
      ev(6, "group_sync_conflict", SCIM, { group: sales }),
    ];
    const fs = orgFindings(
      view({
        groups: [plat, jira, sales, xyz, group("old-admins")],
        users: [cy, kim, kim2],
        events,
        scim: {
          users: [
            {
              id: "su-kim",
              userName: "kim.lo@acme.example",
              email: "kim.lo@acme.example",
              active: true,
              accountId: kim2.accountId,
            },
          ],
          groups: [{ id: "sg-sales", displayName: "dept-sales" }],
        },
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
