// The real-shapes corpus (test/fixtures/real-shapes, sources in its SOURCES.md and sandbox/REALITY.md): every client
// schema and auditEntry read it, and an event that names a group, a user or an actor yields one. Also: the one list
// of action keys (rules/audit-actions.ts) against the finding kinds, a real catalogue, and the sandbox's catalogue.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EventActions, EventPage } from "../../provider/clients/atlassian/schemas";
import { actorOf, auditEntry, causeFrom, type RawEvent } from "../../provider/rules/attribution";
import {
  KIND_ACTIONS,
  RULE_ACTION_KEYS,
  unattributableKinds,
  unattributableLine,
} from "../../provider/rules/audit-actions";
import { ALL_FINDING_KINDS } from "../../provider/rules/finding-kinds";
import { catalogue, EMITTED_KEYS } from "../../sandbox/org/audit-shapes";

const dir = join(__dirname, "../fixtures/real-shapes");
const json = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), "utf8"));

const TYPES = { group: ["groups", "group"], user: ["users", "user"] };

describe("the real-shapes corpus", () => {
  const page = EventPage.parse(json("events.json"));

  it("parses with the client's schemas: every event, and the catalogue", () => {
    assert.equal(page.data.length, 11);
    assert.deepEqual(page.links, {}, "the recorded last page has no links.next");
    const actions = EventActions.parse(json("event-actions.json"));
    assert.ok(actions.data.every((a) => a.id === a.id.toUpperCase() && a.type === "eventActions"));
  });

  it("yields a group, a user and an actor for every event that names one", () => {
    for (const raw of page.data) {
      const e = auditEntry(raw);
      const names = (types: string[]) => raw.attributes.context.some((c) => types.includes(c.type ?? ""));
      if (names(TYPES.group)) assert.ok(e.groupId && e.groupName, `${raw.id} (${e.action}) names a group`);
      if (names(TYPES.user)) assert.ok(e.accountId || e.email, `${raw.id} (${e.action}) names a user`);
      assert.notEqual(actorOf(e), "unknown", `${raw.id} (${e.action}) names its actor`);
      assert.ok(causeFrom(e, {}).evidence.includes(`event:${raw.id}`));
    }
  });

  it("names each kind of actor: a person, an API key's bot account (by its label), Atlassian itself", () => {
    const byAction = new Map(page.data.map((r) => [r.attributes.action, auditEntry(r as unknown as RawEvent)]));
    assert.equal(actorOf(byAction.get("group_deleted")!), "person:pat.admin@example.com");
    assert.equal(actorOf(byAction.get("policy_deleted")!), "api-key:demo-api-key");
    assert.equal(actorOf(byAction.get("policy_deleted")!, { "demo-api-key": "pulumi" }), "pulumi");
    assert.equal(actorOf(byAction.get("added_org_admin")!), "atlassian");
    const member = byAction.get("user_added_to_group")!;
    assert.deepEqual(
      [member.groupName, member.email, member.host],
      ["jira-administrators", "pat.admin@example.com", "example.atlassian.net"],
    );
    assert.equal(byAction.get("user_logged_in_as_user")!.email, "example.user@example.io", "a user without an id");
  });
});

describe("audit action keys (rules/audit-actions.ts)", () => {
  it("names only kinds of the catalogue", () => {
    for (const kind of Object.keys(KIND_ACTIONS)) assert.ok(ALL_FINDING_KINDS.includes(kind as never), kind);
  });

  it("says which kinds a real org's catalogue cannot attribute, and nothing for an unread catalogue", () => {
    const keys = EventActions.parse(json("event-actions.json")).data.map((a) => a.id);
    const missing = unattributableKinds(keys);
    assert.deepEqual(
      missing.map((k) => k.kind),
      ["self-signup-changed-outside-code"],
      "the recorded catalogue lacks only the assumed user_access_settings_domain_updated",
    );
    assert.match(
      unattributableLine(missing)!,
      /self-signup-changed-outside-code \(the catalogue has none of user_access_settings_domain_updated\)/,
    );
    assert.deepEqual(unattributableKinds([]), []);
    assert.ok(unattributableKinds(["GROUP_CREATED"]).some((k) => k.kind === "group-deleted"));
  });

  it("the sandbox's catalogue lists every key the rules read, and every key the sandbox emits", () => {
    const served = new Set(catalogue().map((k) => k.toLowerCase()));
    for (const k of RULE_ACTION_KEYS) assert.ok(served.has(k), `the sandbox's event-actions lacks ${k}`);
    for (const k of EMITTED_KEYS) assert.ok(served.has(k), `the sandbox emits ${k} but does not list it`);
    assert.deepEqual(unattributableKinds(catalogue()), []);
  });
});
