// Cross-lane writes: one lane's credential changing another lane's object.
import { strict as assert } from "node:assert";
import { orgFindings } from "../../provider/rules/drift";
import { ISC, PULUMI, ev, group, one, split, user, view } from "../helpers/builders";

describe("orgFindings", () => {
  describe("cross-lane-write", () => {
    const plat = group("platform-admins");
    const cy = user("cy@acme.example", [plat]);

    it("reports ISC's credential adding a member to a group code owns", () => {
      const added = ev(5, "user_added_to_group", ISC, { group: plat, user: cy });
      const fs = orgFindings(view({ groups: [plat], users: [cy], events: [added] }), split);
      assert.deepEqual(
        fs.map((f) => f.id),
        ["cross-lane-write:platform-admins/+cy@acme.example"],
      );
      const f = one(fs, "cross-lane-write", [
        "isc's credential",
        "cy@acme.example",
        '"platform-admins"',
        "pulumi lane",
      ]);
      assert.equal(f.subject, "platform-admins/+cy@acme.example");
      assert.equal(f.lane, "pulumi");
      assert.equal(f.actor, "isc");
      assert.deepEqual(f.evidence, [`event:${added.id}`]);
      assert.ok(f.fix.includes("pulumi up"));
    });

    it("finds nothing once a later change by code undid it", () => {
      const cyOut = user("cy@acme.example");
      const events = [
        ev(5, "user_added_to_group", ISC, { group: plat, user: cyOut }),
        ev(8, "user_removed_from_group", PULUMI, { group: plat, user: cyOut }),
      ];
      assert.deepEqual(orgFindings(view({ groups: [plat], users: [cyOut], events }), split), []);
    });

    it("finds nothing for a lane writing its own group", () => {
      const jira = group("jira-users");
      const u = user("cy@acme.example", [jira]);
      assert.deepEqual(
        orgFindings(
          view({ groups: [jira], users: [u], events: [ev(5, "user_added_to_group", ISC, { group: jira, user: u })] }),
          split,
        ),
        [],
      );
    });
  });
});
