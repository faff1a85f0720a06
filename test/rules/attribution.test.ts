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
  it("reads a real-shaped role event: plural context and a sites container, the role from the action", () => {
    // Shape: test/fixtures/real-shapes (go-atlassian's recorded events; the role attributes are assumed, REALITY.md).
    const raw: RawEvent = {
      id: "ev-1",
      attributes: {
        time: "2026-11-23T15:00:00.000Z",
        action: "group_granted_product_access",
        actor: {
          id: "6066553090e3950069df8558",
          name: "pulumi-ci",
          email: "4fc5c52a-2c28-48f2-8cd2-4d27d1cccc80@connect.atlassian.com",
        },
        context: [{ id: "g-1", type: "groups", attributes: { name: "site-admins", groupName: "site-admins" } }],
        container: [
          {
            id: "cloud-1",
            type: "sites",
            attributes: {
              siteHostName: "https://acme-eu.atlassian.net",
              name: "https://acme-eu.atlassian.net",
              siteName: "acme-eu",
              product: "jira-software",
            },
          },
        ],
      },
    };
    const e = auditEntry(raw);
    assert.equal(e.groupId, "g-1");
    assert.equal(e.groupName, "site-admins");
    assert.equal(e.siteId, "cloud-1");
    assert.equal(e.host, "acme-eu.atlassian.net");
    assert.equal(e.resourceId, "ari:cloud:jira-software::site/cloud-1");
    assert.equal(e.role, "atlassian/user");
    assert.deepEqual(e.notes, ["role atlassian/user inferred from the action group_granted_product_access"]);
    assert.equal(actorOf(e, LANES), "pulumi", "the bot account's name is the key's label");
  });

  it("reads the singular context types as a tolerated variant", () => {
    const raw: RawEvent = {
      id: "ev-1b",
      attributes: {
        time: "2026-11-23T15:00:00.000Z",
        action: "GROUP_GRANTED_PRODUCT_ACCESS",
        actor: {
          id: "svc-1",
          name: "pulumi-ci",
          auth: { authType: "api-token", tokenId: "tok-1", tokenLabel: "pulumi-ci" },
        },
        context: [
          { id: "g-1", type: "group", attributes: { name: "site-admins" } },
          { id: "acc-1", type: "user", attributes: { email: "ana@acme.example" } },
          {
            id: "ari:cloud:jira-software::site/1",
            type: "site",
            attributes: { host: "acme-eu.atlassian.net", product: "jira-software", role: "atlassian/user" },
          },
        ],
      },
    };
    const e = auditEntry(raw);
    assert.equal(e.action, "group_granted_product_access", "lowercased as events carry catalogue keys");
    assert.deepEqual(
      [e.groupId, e.groupName, e.accountId, e.email, e.resourceId, e.host, e.product, e.role, e.notes],
      [
        "g-1",
        "site-admins",
        "acc-1",
        "ana@acme.example",
        "ari:cloud:jira-software::site/1",
        "acme-eu.atlassian.net",
        "jira-software",
        "atlassian/user",
        undefined,
      ],
    );
  });

  it("treats missing auth, empty strings, null attributes and unknown context types as absent", () => {
    const e = auditEntry({
      id: "ev-2",
      attributes: {
        time: "2026-11-23T15:01:00.000Z",
        action: "group_created",
        actor: { id: "acc-admin", name: "", email: "admin@acme.example", auth: null },
        context: [
          { id: "g-2", type: "groups", attributes: null },
          { id: "pol-1", type: "org-policy", attributes: { name: "p" } },
        ],
      },
    });
    assert.deepEqual(e.actor, {
      id: "acc-admin",
      name: undefined,
      email: "admin@acme.example",
      authType: undefined,
      tokenLabel: undefined,
      tokenId: undefined,
    });
    assert.equal(e.groupId, "g-2");
    assert.equal(e.groupName, undefined);
    assert.equal(e.accountId, undefined);
    assert.equal(e.resourceId, undefined);
  });

  it("notes a role event that names no role rather than guessing one", () => {
    const e = auditEntry({
      id: "ev-3",
      attributes: {
        time: "2026-11-23T15:01:00.000Z",
        action: "group_granted_role",
        actor: { id: "acc-admin", email: "admin@acme.example" },
        context: [{ id: "g-2", type: "groups", attributes: { name: "x", groupName: "x" } }],
      },
    });
    assert.equal(e.role, undefined);
    assert.deepEqual(e.notes, ["the event does not name the role (action group_granted_role)"]);
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

  it("names an unmapped API key by its label, also when it carries an email; an actor with nothing to tell is unknown", () => {
    assert.equal(actorOf({ actor: token("some-other-key") }, LANES), "api-key:some-other-key");
    assert.equal(
      actorOf({ actor: { ...token("some-other-key"), email: "x@acme.example" } }, LANES),
      "api-key:some-other-key",
    );
    const bot = { id: "5f0c1e2d3c4b5a6978801234", name: "other-key", email: "0b1c@connect.atlassian.com" };
    assert.equal(actorOf({ actor: bot }, LANES), "api-key:other-key");
    assert.equal(actorOf({ actor: bot }, { "other-key": "isc" }), "isc", "a bot account maps by its name (the label)");
    assert.equal(actorOf({ actor: bot }, { [bot.id]: "isc" }), "isc", "and by its id");
    assert.equal(actorOf({ actor: { id: "acc-9" } }), "unknown");
  });

  it("names Atlassian's own actions, and a scim_* action scim whatever its actor", () => {
    const system = {
      id: "atlassian-internal-system",
      name: "Atlassian Internal System",
      email: "Atlassian Internal System",
    };
    assert.equal(actorOf({ actor: system }), "atlassian");
    assert.equal(actorOf({ actor: system, action: "scim_group_delete" }), "scim");
    assert.equal(actorOf({ actor: { id: "acc-9" }, action: "scim_group_add_member" }), "scim");
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
    const e = entry("2026-11-23T15:00:00.000Z", "group_granted_product_access", {
      groupId: "g-1",
      resourceId: "ari:site/1",
      role: "atlassian/user",
    });
    assert.deepEqual(EventIndex.keysOf(e), [
      "action:group_granted_product_access",
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
    const e = entry("2026-11-23T15:00:00.000Z", "group_granted_product_access", {
      actor: { id: "acc-9", authType: "api-token", tokenLabel: "ci-key-2" },
    });
    assert.deepEqual(causeFrom(e, LANES), {
      actor: "api-key:ci-key-2",
      at: e.time,
      evidence: [`event:${e.id}`, "api-token:ci-key-2 (not in atlassian-access:actorLanes)"],
    });
  });

  it("keeps an actor it cannot identify as raw evidence, and what the event could not tell", () => {
    const e = entry("2026-11-23T15:00:00.000Z", "group_deleted", {
      actor: { id: "robot-7", name: "Robot" },
      notes: ["the event does not name the role (action group_granted_role)"],
    });
    assert.deepEqual(causeFrom(e, LANES).evidence, [
      `event:${e.id}`,
      'actor:robot-7 "Robot" (not recognised; action group_deleted)',
      "note:the event does not name the role (action group_granted_role)",
    ]);
  });
});
