// Account drift rules: the ISC create race, accounts made by the wrong lane, unlinked and duplicate accounts.
import { strict as assert } from "node:assert";
import { orgFindings } from "../../provider/rules/drift";
import type { Split } from "../../provider/rules/split";
import { ADMIN, ADMIN_ACTOR, ISC, SCIM, at, ev, group, one, split, user, view } from "../helpers/builders";

describe("orgFindings", () => {
  describe("isc-create-race", () => {
    const jira = group("jira-users");
    const smith = user("j.smith@acme.example", [], { name: "John Smith", managementSource: "synced" });
    const provisioned = ev(0, "scim_user_create", SCIM, { user: smith });
    const scim = {
      users: [{ id: "su-smith", userName: smith.email, email: smith.email, active: true, accountId: smith.accountId }],
      groups: [],
    };
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
        {
          operation: "ADD",
          provisioningStatus: addStatus,
          value: jira.id,
          sourceId: "src-atl",
          requestedName: "jira-users",
        },
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
            accounts: correlated
              ? [
                  {
                    id: "isc-smith",
                    nativeIdentity: smith.accountId,
                    name: smith.email,
                    identityId: "ident-smith",
                    uncorrelated: false,
                    groups: [],
                  },
                ]
              : [],
            activities: [activity(addStatus)],
          },
        }),
        s,
      );

    it("reports ISC's failed create of an account SCIM made first, with the pending access", () => {
      const fs = race(false, "PENDING");
      assert.deepEqual(
        fs.map((f) => f.id),
        ["isc-create-race:j.smith@acme.example"],
      );
      const f = one(fs, "isc-create-race", [
        "j.smith@acme.example",
        "scim had already created it",
        "409",
        "has not correlated",
        "pending: jira-users",
      ]);
      assert.equal(f.subject, "j.smith@acme.example");
      assert.equal(f.lane, "scim");
      assert.equal(f.actor, "isc");
      assert.equal(f.at, at(2));
      assert.deepEqual(f.evidence, ["isc-activity:act-1", `event:${provisioned.id}`]);
      assert.ok(f.fix.includes("aggregation") && f.fix.includes("only scim"));
    });

    it("gives the finding to the split's account creator", () => {
      const f = one(race(false, "PENDING", { ...split, accountCreator: "isc" }), "isc-create-race", [
        "j.smith@acme.example",
      ]);
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
      assert.deepEqual(
        fs.map((f) => f.id),
        ["account-created-by-wrong-lane:kim@acme.example"],
      );
      const f = one(fs, "account-created-by-wrong-lane", ["kim@acme.example", "created by isc", "scim"]);
      assert.equal(f.subject, "kim@acme.example");
      assert.equal(f.lane, "scim");
      assert.equal(f.actor, "isc");
      assert.equal(f.evidence?.length, 1);
      assert.ok(f.fix.includes("ISC's Atlassian source") && f.fix.includes("kim@acme.example"));
    });

    it("leaves a hand invite by a person, and the creator's own accounts, alone", () => {
      const lee = user("lee@acme.example", [], { managementSource: "synced" });
      const fs = orgFindings(
        view({
          users: [kim, lee],
          events: [ev(1, "user_invited", ADMIN, { user: kim }), ev(1, "scim_user_create", SCIM, { user: lee })],
        }),
        split,
      );
      assert.deepEqual(fs, []);
    });

    it("reports SCIM provisioning when ISC is the account creator", () => {
      const lee = user("lee@acme.example", [], { managementSource: "synced" });
      const fs = orgFindings(view({ users: [lee], events: [ev(1, "scim_user_create", SCIM, { user: lee })] }), {
        ...split,
        accountCreator: "isc",
      });
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
        view({
          users: [lee],
          events: [invited],
          scim: {
            users: [{ id: "su-lee", userName: "lee@acme.example", email: "lee@acme.example", active: true }],
            groups: [],
          },
        }),
        split,
      );
      assert.deepEqual(
        fs.map((f) => f.id),
        ["invited-unlinked:lee@acme.example"],
      );
      const f = one(fs, "invited-unlinked", ["Lee@acme.example", "SCIM user lee@acme.example", ADMIN_ACTOR]);
      assert.equal(f.subject, "lee@acme.example");
      assert.equal(f.lane, "scim");
      assert.equal(f.actor, ADMIN_ACTOR);
      assert.deepEqual(f.evidence, [`event:${invited.id}`, "scim-user:su-lee", `account:${lee.accountId}`]);
    });

    it("ignores a linked or inactive SCIM user", () => {
      const lee = user("lee@acme.example", [], { managementSource: "invited" });
      const scimUser = { id: "su-lee", userName: "lee@acme.example", email: "lee@acme.example" };
      for (const su of [
        { ...scimUser, active: true, accountId: lee.accountId },
        { ...scimUser, active: false },
      ]) {
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
          events: [invited, ev(2, "scim_user_create", SCIM, { user: syncedMia })],
          scim: {
            users: [
              {
                id: "su-mia",
                userName: "mstone@acme.example",
                email: "mstone@acme.example",
                active: true,
                accountId: syncedMia.accountId,
              },
            ],
            groups: [],
          },
        }),
        split,
      );
      assert.deepEqual(
        fs.map((f) => f.id),
        ["duplicate-person:mia.stone@contractor.example"],
      );
      const f = one(fs, "duplicate-person", [
        '"Mia Stone"',
        "mia.stone@contractor.example",
        "mstone@acme.example",
        ADMIN_ACTOR,
      ]);
      assert.equal(f.lane, "scim");
      assert.equal(f.actor, ADMIN_ACTOR);
      assert.deepEqual(f.evidence, [
        `event:${invited.id}`,
        `account:${invitedMia.accountId}`,
        `account:${syncedMia.accountId}`,
      ]);
      assert.ok(f.fix.includes("mia.stone@contractor.example") && f.fix.includes("mstone@acme.example"));
    });

    it("does not pair a closed account or two accounts with the same email", () => {
      const closed = user("mia.stone@contractor.example", [], {
        name: "Mia Stone",
        managementSource: "invited",
        accountStatus: "closed",
      });
      const syncedMia = user("mstone@acme.example", [], { name: "Mia Stone", managementSource: "synced" });
      const scim = { users: [], groups: [] };
      assert.deepEqual(orgFindings(view({ users: [closed, syncedMia], scim }), split), []);
    });
  });
});
