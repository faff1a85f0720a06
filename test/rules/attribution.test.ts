// Attribution: audit events flattened to plain facts, actors mapped to lanes, and "who did this last" lookups.
import { strict as assert } from "node:assert";
import {
  actorOf,
  auditEntry,
  causeFrom,
  EventIndex,
  laneOfActor,
  type ActorLanes,
  type AuditEntry,
  type RawEvent,
} from "../../provider/rules/attribution";

const LANES: ActorLanes = { "pulumi-ci": "pulumi", "isc-connector": "isc", "admin-script": "person" };

const token = (label: string, id = `svc-${label}`) => ({ id, name: label, authType: "api-token", tokenLabel: label });

let seq = 0;
function entry(time: string, action: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { id: `e${++seq}`, time, action, actor: token("pulumi-ci"), ...extra };
}

describe("auditEntry", () => {
  it("flattens the group, user and site context of an events API record", () => {
    const raw: RawEvent = {
      id: "ev-1",
      attributes: {
        time: "2026-11-23T15:00:00.000Z",
        action: "group_role_assigned",
        actor: {
          id: "svc-1",
          name: "pulumi-ci",
          email: null,
          auth: { authType: "api-token", tokenId: "tok-1", tokenLabel: "pulumi-ci" },
        },
        context: [
          { id: "g-1", type: "group", attributes: { name: "site-admins" } },
          { id: "acc-1", type: "user", attributes: { email: "ana@acme.example" } },
          {
            id: "ari:site/1",
            type: "site",
            attributes: { host: "acme-eu.atlassian.net", product: "jira-software", role: "atlassian/user" },
          },
        ],
      },
    };
    assert.deepEqual(auditEntry(raw), {
      id: "ev-1",
      time: "2026-11-23T15:00:00.000Z",
      action: "group_role_assigned",
      actor: { id: "svc-1", name: "pulumi-ci", email: undefined, authType: "api-token", tokenLabel: "pulumi-ci" },
      groupId: "g-1",
      groupName: "site-admins",
      accountId: "acc-1",
      email: "ana@acme.example",
      resourceId: "ari:site/1",
      host: "acme-eu.atlassian.net",
      product: "jira-software",
      role: "atlassian/user",
    });
  });

  it("treats missing auth, empty strings, null attributes and unknown context types as absent", () => {
    const e = auditEntry({
      id: "ev-2",
      attributes: {
        time: "2026-11-23T15:01:00.000Z",
        action: "group_created",
        actor: { id: "acc-admin", name: "", email: "admin@acme.example", auth: null },
        context: [
          { id: "g-2", type: "group", attributes: null },
          { id: "org-1", type: "orgs", attributes: { name: "Acme" } },
        ],
      },
    });
    assert.deepEqual(e.actor, {
      id: "acc-admin",
      name: undefined,
      email: "admin@acme.example",
      authType: undefined,
      tokenLabel: undefined,
    });
    assert.equal(e.groupId, "g-2");
    assert.equal(e.groupName, undefined);
    assert.equal(e.accountId, undefined);
    assert.equal(e.resourceId, undefined);
  });
});

describe("actorOf", () => {
  it("maps an api-token's label through actorLanes", () => {
    assert.equal(actorOf({ actor: token("pulumi-ci") }, LANES), "pulumi");
    assert.equal(actorOf({ actor: token("isc-connector") }, LANES), "isc");
  });

  it("maps an actor id through actorLanes when the label is not listed", () => {
    assert.equal(actorOf({ actor: token("renamed-key", "svc-isc") }, { "svc-isc": "isc" }), "isc");
  });

  it("names a SCIM directory (container token, or a scim: id) scim", () => {
    assert.equal(
      actorOf({
        actor: {
          id: "scim:dir-1",
          name: "User provisioning (Entra)",
          authType: "container-token",
          tokenLabel: "Entra SCIM token",
        },
      }),
      "scim",
    );
    assert.equal(actorOf({ actor: { id: "dir-1", authType: "container-token" } }), "scim");
    assert.equal(actorOf({ actor: { id: "scim:dir-1" } }), "scim");
  });

  it("names a person in admin.atlassian.com by lowercased email", () => {
    assert.equal(
      actorOf({ actor: { id: "acc-9", name: "Ana Arden", email: "Ana.Arden@Acme.Example" } }, LANES),
      "person:ana.arden@acme.example",
    );
  });

  it("calls an unmapped token unknown, also when it carries an email", () => {
    assert.equal(actorOf({ actor: token("some-other-key") }, LANES), "unknown");
    assert.equal(actorOf({ actor: { ...token("some-other-key"), email: "x@acme.example" } }, LANES), "unknown");
    assert.equal(actorOf({ actor: { id: "acc-9" } }), "unknown");
  });

  it("names a token actorLanes maps to person after its email (lowercased), else its label", () => {
    assert.equal(
      actorOf({ actor: { ...token("admin-script"), email: "Ops@Acme.Example" } }, LANES),
      "person:ops@acme.example",
    );
    assert.equal(actorOf({ actor: token("admin-script") }, LANES), "person:admin-script");
  });

  it("lets actorLanes override the built-in shapes", () => {
    assert.equal(
      actorOf(
        { actor: { id: "scim:dir-1", authType: "container-token", tokenLabel: "Entra SCIM token" } },
        { "Entra SCIM token": "isc" },
      ),
      "isc",
    );
  });
});

describe("laneOfActor", () => {
  it("gives the three lanes and nothing for people or unknown actors", () => {
    assert.deepEqual(["pulumi", "scim", "isc", "person:ana@acme.example", "unknown"].map(laneOfActor), [
      "pulumi",
      "scim",
      "isc",
      undefined,
      undefined,
    ]);
  });
});

describe("EventIndex", () => {
  const member = { groupId: "g-1", accountId: "acc-1" };
  const added1 = entry("2026-11-23T15:00:00.000Z", "user_added_to_group", member);
  const removed = entry("2026-11-23T15:05:00.000Z", "user_removed_from_group", {
    ...member,
    actor: token("isc-connector"),
  });
  const added2 = entry("2026-11-23T15:10:00.000Z", "user_added_to_group", {
    ...member,
    actor: { id: "acc-admin", email: "admin@acme.example" },
  });
  const other = entry("2026-11-23T15:20:00.000Z", "user_added_to_group", { groupId: "g-2", accountId: "acc-1" });
  // Input order is not time order: the index sorts.
  const index = new EventIndex([added2, other, added1, removed]);

  it("picks the newest event under a key among the given actions", () => {
    assert.equal(index.latest("member:g-1/acc-1", ["user_added_to_group"])?.id, added2.id);
    assert.equal(index.latest("member:g-1/acc-1", ["user_removed_from_group"])?.id, removed.id);
    assert.equal(index.latest("member:g-1/acc-1", ["user_added_to_group", "user_removed_from_group"])?.id, added2.id);
    assert.equal(index.latest("member:g-1/acc-1", ["group_deleted"]), undefined);
    assert.equal(index.latest("member:g-9/acc-1", ["user_added_to_group"]), undefined);
  });

  it("lists every key newest first", () => {
    assert.deepEqual(
      index.all("account:acc-1").map((e) => e.id),
      [other.id, added2.id, removed.id, added1.id],
    );
    assert.deepEqual(
      index.all("group:g-1").map((e) => e.id),
      [added2.id, removed.id, added1.id],
    );
    assert.deepEqual(
      index.all("action:user_removed_from_group").map((e) => e.id),
      [removed.id],
    );
    assert.deepEqual(index.all("nothing"), []);
  });

  it("keys a role event by group, resource and role", () => {
    const e = entry("2026-11-23T15:00:00.000Z", "group_role_assigned", {
      groupId: "g-1",
      resourceId: "ari:site/1",
      role: "atlassian/user",
    });
    assert.deepEqual(EventIndex.keysOf(e), [
      "action:group_role_assigned",
      "group:g-1",
      "role:g-1/ari:site/1/atlassian/user",
    ]);
  });
});

describe("causeFrom", () => {
  it("gives actor, time and the event as evidence, or unknown with none", () => {
    const e = entry("2026-11-23T15:00:00.000Z", "group_deleted", {
      actor: { id: "scim:dir-1", authType: "container-token" },
    });
    assert.deepEqual(causeFrom(e, LANES), { actor: "scim", at: e.time, evidence: [`event:${e.id}`] });
    assert.deepEqual(causeFrom(undefined, LANES), { actor: "unknown", evidence: [] });
  });

  it("names an API token no lane claims, since mapping it in actorLanes is the fix", () => {
    const e = entry("2026-11-23T15:00:00.000Z", "group_role_assigned", {
      actor: { id: "acc-9", authType: "api-token", tokenLabel: "ci-key-2" },
    });
    assert.deepEqual(causeFrom(e, LANES), {
      actor: "unknown",
      at: e.time,
      evidence: [`event:${e.id}`, "api-token:ci-key-2 (not in atlassian-access:actorLanes)"],
    });
  });
});
