// Attribution through the public surface, with the sandbox emitting the audit log's real shapes (sandbox/REALITY.md:
// plural context types, catalogue action keys, API keys acting as bot accounts with no `auth`): a member added by hand
// is the person's, a code-owned group deleted with another org API key is the lane actorLanes maps that key's label
// to, and a code-owned group deleted by a person is a finding naming the person.
import { strict as assert } from "node:assert";
import path from "node:path";
import { stackConfig } from "../../sandbox/cli";
import type { TestSandbox } from "../helpers/sandbox";
import { openEngineStack, sandboxConfig, runCli, REPO_ROOT, type TestStack, closeEngineStack } from "../helpers/stack";

const PROGRAM = path.join(REPO_ROOT, "test", "e2e", "programs", "real-shapes");
const PERSON = "person:alex.admin@acme.example";

interface Finding {
  id: string;
  lane: string;
  actor?: string;
  evidence?: string[];
  message: string;
}

describe("engine: attribution from real-shaped audit events", function () {
  this.timeout(900_000);
  let sb: TestSandbox;
  let t: TestStack;

  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${sb.url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.ok(res.status < 300, `${route}: ${res.status} ${await res.text()}`);
  };

  before(async function () {
    // The admin's script key is mapped to the isc lane by its label, as a user maps any other key.
    const lanes = { "pulumi-ci": "pulumi", "sailpoint-isc-connector": "isc", "admin-script": "isc" };
    ({ sb, t } = await openEngineStack(this, PROGRAM, (s) =>
      sandboxConfig(s, {
        ...stackConfig(s.url, s.store.world),
        "atlassian-access:actorLanes": { value: JSON.stringify(lanes) },
      }),
    ));
  });
  after(() => closeEngineStack(sb, t));

  it("names the person, the key's lane and the person again, from events in the real shapes", async () => {
    await runCli(t, ["up", "--yes", "--skip-preview"]);
    await post("/__sandbox/admin/group-members", { group: "real-members", email: "ben.arden@acme.example" });
    await post("/__sandbox/admin/group-delete", { group: "real-by-key", apiKey: "admin-script" });
    await post("/__sandbox/admin/group-delete", { group: "real-by-person" });
    // The events the provider reads are in the real shapes (no singular types, no auth on the key's actor).
    const deleted = sb.store.world.events.filter((e) => e.action === "group_deleted");
    assert.ok(deleted.every((e) => e.context.every((c) => c.type === "groups")));

    const { code, stdout } = await runCli(t, ["preview", "--refresh", "--expect-no-changes", "--json"], [0, 7]);
    assert.equal(code, 7);
    const digest = JSON.parse(stdout) as {
      steps?: { op: string; oldState?: { outputs?: { findings?: Finding[] } } }[];
    };
    const findings = new Map<string, Finding>();
    for (const s of digest.steps ?? [])
      if (s.op !== "refresh") for (const f of s.oldState?.outputs?.findings ?? []) findings.set(f.id, f);
    const get = (id: string) => {
      const f = findings.get(id);
      assert.ok(f, `no finding ${id}; found: ${[...findings.keys()].join(", ")}`);
      return f;
    };

    const added = get("code-group-member-added:real-members/ben.arden@acme.example");
    assert.equal(added.actor, PERSON);

    const byKey = get("cross-lane-write:real-by-key/deleted");
    assert.deepEqual([byKey.actor, byKey.lane], ["isc", "pulumi"], "the key's label maps to its lane");

    const byPerson = get("group-deleted:real-by-person");
    assert.deepEqual([byPerson.actor, byPerson.lane], [PERSON, "pulumi"]);
    assert.match(byPerson.message, /deleted by person:alex\.admin@acme\.example/);
  });
});
