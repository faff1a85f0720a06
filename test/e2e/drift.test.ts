// Drift that names its cause, through the real Pulumi CLI against the sandbox: each story makes one situation happen
// the way its actor would (a person in the admin UI, Entra ID's SCIM push, ISC's connector), then
// `pulumi preview --refresh --expect-no-changes --json` must exit 7 and carry the finding's kind, subject and actor;
// `pulumi up` repairs what code owns and writes nothing into SCIM's or ISC's objects.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import path from "node:path";
import { stackConfig } from "../../sandbox/cli";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import type { TestSandbox } from "../helpers/sandbox";
import { openEngineStack, sandboxConfig, runCli, REPO_ROOT, type TestStack, closeEngineStack } from "../helpers/stack";

const PROGRAM = path.join(REPO_ROOT, "test", "e2e", "programs", "drift");
const PERSON = "person:alex.admin@acme.example";

interface Finding {
  id: string;
  kind: string;
  subject: string;
  lane: string;
  actor?: string;
  at?: string;
  evidence?: string[];
  message: string;
  fix: string;
  consequences?: Finding[];
}

interface Preview {
  code: number;
  /** Findings from every resource's refreshed state, by id, a cause's consequences too (`cause`: the cause's id). */
  findings: Map<string, Finding & { urn: string; cause?: string }>;
  /** Provider lines printed into the preview's diagnostics. */
  lines: string[];
  /** Plan steps that change something: `<op> <name>`. */
  changes: string[];
  text: string;
}

describe("engine: drift names its cause", function () {
  this.timeout(900_000);
  let sb: TestSandbox;
  let t: TestStack;
  let accepted: string[] = [];

  const post = async (route: string, body: unknown = {}, auth?: string) => {
    const res = await fetch(`${sb.url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.status < 300, `${route}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  /** `pulumi preview --refresh --expect-no-changes --json` as CI runs it; never throws on exit 7. */
  async function preview(): Promise<Preview> {
    const args = ["preview", "--refresh", "--expect-no-changes", "--json"];
    const { code, stdout } = await runCli(t, args, [0, 7]);
    if (process.env.DRIFT_DUMP) fs.writeFileSync(`${process.env.DRIFT_DUMP}-${Date.now()}.json`, stdout);
    const digest = JSON.parse(stdout) as {
      steps?: { op: string; urn: string; oldState?: { outputs?: { findings?: Finding[] } } }[];
      diagnostics?: { message?: string }[];
    };
    const findings = new Map<string, Finding & { urn: string; cause?: string }>();
    const changes: string[] = [];
    // The JSON's refresh steps repeat the stored state; the refreshed state is the plan steps' oldState. Unchanged
    // resources have no plan step, and a resource with an unreviewed finding is never unchanged.
    for (const s of digest.steps ?? []) {
      if (s.op === "refresh") continue;
      for (const f of s.oldState?.outputs?.findings ?? []) {
        findings.set(f.id, { ...f, urn: s.urn });
        for (const c of f.consequences ?? []) findings.set(c.id, { ...c, urn: s.urn, cause: f.id });
      }
      if (s.op !== "same") changes.push(`${s.op} ${s.urn.split("::").pop()}`);
    }
    const lines = (digest.diagnostics ?? [])
      .flatMap((d) => (d.message ?? "").split("\n"))
      .filter((l) => l.includes("[atlassian-access]"));
    return { code, findings, lines, changes: changes.sort(), text: stdout };
  }

  function expectFinding(p: Preview, id: string, want: { lane?: string; actor?: string; evidence?: RegExp }): Finding {
    const f = p.findings.get(id);
    assert.ok(f, `no finding ${id}; found: ${[...p.findings.keys()].join(", ")}`);
    if (want.lane) assert.equal(f.lane, want.lane, `${id} lane`);
    if (want.actor) assert.equal(f.actor, want.actor, `${id} actor`);
    if (want.evidence)
      assert.ok(
        (f.evidence ?? []).some((e) => want.evidence!.test(e)),
        `${id} evidence ${JSON.stringify(f.evidence)}`,
      );
    // A consequence is printed inside its cause's one line.
    const printed = f.cause ?? id;
    assert.ok(
      p.lines.some((l) => l.includes(printed)),
      `the preview output names ${printed}:\n${p.lines.join("\n")}`,
    );
    return f;
  }

  async function accept(...ids: string[]): Promise<void> {
    accepted = [...accepted, ...ids];
    await t.stack.setConfig("e2e:accepted", { value: JSON.stringify(accepted) });
  }

  /** Runs `up`, returning the org API writes it made (method, path). */
  async function up(): Promise<string[]> {
    const from = sb.store.world.requests.length;
    // As CI runs it: `up --refresh`, so drift in code's lane is seen and repaired. One CLI process: its JSON events
    // end with the update's summary, which the Automation API's up() reads back with two more commands.
    const { stdout } = await runCli(t, ["up", "--refresh", "--yes", "--skip-preview", "--json"]);
    type UpEvent = { summaryEvent?: { result?: string } };
    const events = stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as UpEvent);
    const summary = events.find((e) => e.summaryEvent)?.summaryEvent;
    assert.equal(summary?.result, "succeeded");
    return sb.store.world.requests
      .slice(from)
      .filter((r) => r.api === "org" && r.method !== "GET" && !/\/search$|\/workspaces$/.test(r.path))
      .map((r) => `${r.method} ${r.path}`);
  }

  const group = (name: string) => sb.store.world.org.groups.find((g) => g.name === name)!;

  /** Writes must touch only code's objects: the code-owned group's members, and role assignments (app access is code's). */
  function assertOnlyCodeLane(writes: string[], allowedGroups: string[]): void {
    const allowed = allowedGroups.map((n) => group(n)?.id).filter(Boolean);
    for (const w of writes) {
      const m = /\/groups\/([^/]+)\/(memberships|role-assignments)/.exec(w);
      if (m?.[2] === "role-assignments") continue;
      assert.ok(m && allowed.includes(m[1]), `up wrote outside code's lane: ${w}`);
    }
  }

  before(async function () {
    // Every connection (SCIM, ISC, actorLanes), as `npm run sandbox -- --config-out` writes it.
    ({ sb, t } = await openEngineStack(this, PROGRAM, (s) => sandboxConfig(s, stackConfig(s.url, s.store.world))));
  });
  after(() => closeEngineStack(sb, t));

  it("baseline: up converges; the seed's own findings are reported until accepted, then the preview is clean", async () => {
    await up();
    const p = await preview();
    assert.equal(p.code, 7);
    expectFinding(p, "group-name-conflict:dept-legal", { lane: "scim", actor: "scim" });
    expectFinding(p, "duplicate-person:m.garcia@acme.example", { lane: "scim", actor: PERSON, evidence: /^account:/ });
    // The roles acme's people hold directly (test/e2e/usage.test.ts tells their story): Alex gave Quinn JSM two days ago.
    expectFinding(
      p,
      "direct-user-access:quinn.arden@acme.example/acme-de.atlassian.net/jira-servicedesk/atlassian/user",
      {
        lane: "pulumi",
        actor: PERSON,
        evidence: /^event:/,
      },
    );
    // acme's ANYONE self-signup on acme-br, left on by the admin (issue 14): a seed finding of its own.
    expectFinding(p, "open-self-signup:ANYONE@acme-br.atlassian.net/jira-software", { lane: "pulumi", actor: PERSON });
    await accept(
      ...[...p.findings.keys()].filter((id) =>
        /^(group-name-conflict|duplicate-person|direct-user-access|open-self-signup):/.test(id),
      ),
    );
    await up();
    const clean = await preview();
    assert.equal(
      clean.code,
      0,
      `still reported: ${[...clean.findings.keys()].filter((k) => !accepted.includes(k)).join(", ")}`,
    );
  });

  it("membership of a code-owned group changed by a person: named, then removed by up and nothing else written", async () => {
    await post("/__sandbox/admin/group-members", { group: "jira-admins", email: "chloe.arden@acme.example" });
    const p = await preview();
    assert.equal(p.code, 7);
    const f = expectFinding(p, "code-group-member-added:jira-admins/chloe.arden@acme.example", {
      lane: "pulumi",
      actor: PERSON,
      evidence: /^event:/,
    });
    assert.match(f.fix, /pulumi up/);
    assert.ok(p.changes.includes("update jira-admins"), p.changes.join(", "));
    const writes = await up();
    assert.deepEqual(writes.length, 1, writes.join("\n"));
    assertOnlyCodeLane(writes, ["jira-admins"]);
    assert.equal((await preview()).code, 0);
  });

  it("an object of code's lane changed through ISC's credential: cross-lane write, repaired by up", async () => {
    const g = group("jira-admins");
    const david = sb.store.world.org.users.find((u) => u.email === "david.arden@acme.example")!;
    const dir = `/admin/v2/orgs/${sb.store.world.org.id}/directories/${sb.store.world.org.directoryId}`;
    await post(`${dir}/groups/${g.id}/memberships`, { accountId: david.accountId }, SANDBOX_CREDENTIALS.orgApiKeys.isc);
    const p = await preview();
    assert.equal(p.code, 7);
    expectFinding(p, "cross-lane-write:jira-admins/+david.arden@acme.example", { lane: "pulumi", actor: "isc" });
    expectFinding(p, "code-group-member-added:jira-admins/david.arden@acme.example", { actor: "isc" });
    assertOnlyCodeLane(await up(), ["jira-admins"]);
    assert.equal((await preview()).code, 0);
  });

  it("membership of an ISC-owned group changed outside ISC: named; up leaves ISC's group alone", async () => {
    await post("/__sandbox/admin/group-members", { group: "isc-jira-requesters", email: "elif.arden@acme.example" });
    const p = await preview();
    assert.equal(p.code, 7);
    expectFinding(p, "isc-group-member-added:isc-jira-requesters/elif.arden@acme.example", {
      lane: "isc",
      actor: PERSON,
    });
    const writes = await up();
    assertOnlyCodeLane(writes, []);
    assert.ok(
      group("isc-jira-requesters").members.includes(
        sb.store.world.org.users.find((u) => u.email === "elif.arden@acme.example")!.accountId,
      ),
    );
    const again = await preview();
    assert.equal(again.code, 7, "only ISC's lane can fix it: the preview keeps failing");
    assert.ok(again.findings.has("isc-group-member-added:isc-jira-requesters/elif.arden@acme.example"));
    await post("/__sandbox/admin/group-members", {
      group: "isc-jira-requesters",
      email: "elif.arden@acme.example",
      op: "remove",
    });
    assert.equal((await preview()).code, 0);
  });

  it("app access revoked and granted by hand: both named with the person; up re-grants code's and leaves the other", async () => {
    await post("/__sandbox/admin/app-access", {
      group: "dept-engineering",
      site: "acme-eu.atlassian.net",
      product: "jira-software",
      op: "revoke",
    });
    await post("/__sandbox/admin/app-access", {
      group: "dept-support",
      site: "acme-eu.atlassian.net",
      product: "confluence",
    });
    const p = await preview();
    assert.equal(p.code, 7);
    expectFinding(
      p,
      "app-access-revoked-outside-code:dept-engineering@acme-eu.atlassian.net/jira-software/atlassian/user",
      { lane: "pulumi", actor: PERSON },
    );
    expectFinding(p, "app-access-granted-outside-code:dept-support@acme-eu.atlassian.net/confluence/atlassian/user", {
      lane: "pulumi",
      actor: PERSON,
    });
    assert.ok(p.changes.includes("create eu-eng-jira"), p.changes.join(", "));
    const writes = await up();
    assert.equal(writes.filter((w) => w.includes("role-assignments/assign")).length, 1, writes.join("\n"));
    const after = await preview();
    assert.ok(
      !after.findings.has(
        "app-access-revoked-outside-code:dept-engineering@acme-eu.atlassian.net/jira-software/atlassian/user",
      ),
    );
    assert.ok(
      after.findings.has(
        "app-access-granted-outside-code:dept-support@acme-eu.atlassian.net/confluence/atlassian/user",
      ),
    );
    await accept("app-access-granted-outside-code:dept-support@acme-eu.atlassian.net/confluence/atlassian/user");
    await up();
    assert.equal((await preview()).code, 0);
  });

  it("a synced group deleted in Entra ID: the app access it granted is lost (actor scim), and up re-grants it once the group is back", async () => {
    const members = sb.store.world.idp.groups.find((g) => g.displayName === "dept-support")!.members;
    await post("/__sandbox/idp/groups", { displayName: "dept-support", delete: true });
    await post("/__sandbox/idp/sync");
    const p = await preview();
    assert.equal(p.code, 7);
    // One cause: the deletion, each grant that went with it inside it with the id it had on its own.
    const deletion = expectFinding(p, "group-deleted:dept-support", {
      lane: "pulumi",
      actor: "scim",
      evidence: /^event:/,
    });
    assert.deepEqual(
      deletion.consequences?.map((c) => c.id),
      [
        "app-access-lost-with-group:dept-support@acme-eu.atlassian.net/confluence/atlassian/user",
        "app-access-lost-with-group:dept-support@acme-eu.atlassian.net/jira-servicedesk/atlassian/user",
        "app-access-lost-with-group:dept-support@acme-us.atlassian.net/jira-servicedesk/atlassian/user",
      ],
    );
    expectFinding(p, "app-access-lost-with-group:dept-support@acme-eu.atlassian.net/jira-servicedesk/atlassian/user", {
      actor: "scim",
      evidence: /^event:/,
    });
    assert.equal(p.lines.filter((l) => l.includes("group-deleted:dept-support")).length, 1, p.lines.join("\n"));
    assert.deepEqual(
      p.lines.filter((l) => l.includes("app-access-lost-with-group:")),
      [],
      "the AppAccess the deletion took prints the split's cause, not a line of its own",
    );
    // Entra ID pushes the group again (a new group in Atlassian: the old access does not come back by itself).
    const mails = members.map((id) => sb.store.world.idp.users.find((u) => u.objectId === id)!.mail);
    await post("/__sandbox/idp/groups", { displayName: "dept-support", members: mails, assigned: true });
    await post("/__sandbox/idp/sync");
    const writes = await up();
    assert.equal(writes.filter((w) => w.includes("role-assignments/assign")).length, 2, writes.join("\n"));
    assertOnlyCodeLane(writes, []);
    const after = await preview();
    const lost = [...after.findings.keys()].filter((id) => id.startsWith("app-access-lost-with-group:dept-support"));
    // What code declares is back; the Confluence access a person granted by hand (the previous story) is not, and
    // the finding says so instead of promising that up restores it.
    assert.deepEqual(lost, ["app-access-lost-with-group:dept-support@acme-eu.atlassian.net/confluence/atlassian/user"]);
    const handGrant = expectFinding(after, lost[0], { actor: "scim", evidence: /^event:/ });
    assert.match(handGrant.fix, /granted outside code \(by person:alex\.admin@acme\.example\)/);
    assert.equal(after.code, 7);
    await accept(lost[0]);
    await up();
    const clean = await preview();
    assert.equal(
      clean.code,
      0,
      `still reported: ${[...clean.findings.keys()].filter((k) => !accepted.includes(k)).join(", ")}`,
    );
  });

  it("the ISC CREATE race: SCIM made j.smith at 15:00, ISC's 15:30 create failed with 409; named until an aggregation", async () => {
    await post("/__sandbox/clock/set", { time: "2026-11-23T15:00:00Z" });
    await post("/__sandbox/idp/sync");
    await post("/__sandbox/clock/set", { time: "2026-11-23T15:30:00Z" });
    await post("/__sandbox/isc/access-request", { email: "j.smith@acme.example", group: "isc-jira-requesters" });
    const p = await preview();
    assert.equal(p.code, 7);
    const f = expectFinding(p, "isc-create-race:j.smith@acme.example", {
      lane: "scim",
      actor: "isc",
      evidence: /^isc-activity:/,
    });
    assert.ok(
      f.evidence!.some((e) => e.startsWith("event:")),
      "the SCIM provisioning event is evidence too",
    );
    assert.match(f.message, /409/);
    await post("/__sandbox/isc/aggregate");
    const settled = await preview();
    assert.ok(!settled.findings.has("isc-create-race:j.smith@acme.example"), "an aggregation settles the race");
    assert.equal(
      settled.code,
      0,
      `still reported: ${[...settled.findings.keys()].filter((k) => !accepted.includes(k)).join(", ")}`,
    );
  });

  it("an account created by the lane that is not accountCreator: ISC's connector invites a new hire", async () => {
    sb.store.world.isc.identities.push({
      id: "c0ffee00000000000000000000000001",
      name: "Nia New",
      alias: "nia.new",
      email: "nia.new@acme.example",
    });
    await post("/__sandbox/isc/access-request", { email: "nia.new@acme.example", group: "isc-jira-requesters" });
    const p = await preview();
    assert.equal(p.code, 7);
    expectFinding(p, "account-created-by-wrong-lane:nia.new@acme.example", {
      lane: "scim",
      actor: "isc",
      evidence: /^event:/,
    });
    await accept("account-created-by-wrong-lane:nia.new@acme.example");
    await up();
    const clean = await preview();
    assert.equal(
      clean.code,
      0,
      `still reported: ${[...clean.findings.keys()].filter((k) => !accepted.includes(k)).join(", ")}`,
    );
  });

  it("an invited account the IdP cannot link although it has that person by email", async () => {
    // An account the org has not claimed (made before the domain was verified): SCIM keeps its record unlinked.
    await post("/__sandbox/admin/invite", { email: "pat.lee@acme.example", name: "Pat Lee", claimStatus: "unmanaged" });
    await post("/__sandbox/idp/users", {
      mail: "pat.lee@acme.example",
      displayName: "Pat Lee",
      groups: ["dept-engineering"],
    });
    await post("/__sandbox/idp/sync");
    const p = await preview();
    assert.equal(p.code, 7);
    expectFinding(p, "invited-unlinked:pat.lee@acme.example", { lane: "scim", actor: PERSON, evidence: /^scim-user:/ });
    await accept("invited-unlinked:pat.lee@acme.example");
    await up();
    const clean = await preview();
    assert.equal(
      clean.code,
      0,
      `still reported: ${[...clean.findings.keys()].filter((k) => !accepted.includes(k)).join(", ")}`,
    );
  });

  it("a synced group no lane claims: named with SCIM as its maker", async () => {
    await post("/__sandbox/idp/groups", {
      displayName: "project-apollo",
      members: ["ana.arden@acme.example"],
      assigned: true,
    });
    await post("/__sandbox/idp/sync");
    const p = await preview();
    assert.equal(p.code, 7);
    expectFinding(p, "unclaimed-synced-group:project-apollo", { lane: "none", actor: "scim" });
  });

  it("reads the audit log once per run, shared by every resource, waiting out the events API's 429", async () => {
    // The events-stream quota switched on, shortened to 1 request a second: the provider paces for at most
    // retryMaxDelayMs (100 ms here) after the page that spent it, so the next page is refused with Retry-After 1 and
    // waited out.
    // More than one page (500) of events since the last check, so the read has a second page to be refused.
    const admin = sb.store.world.admins[0];
    for (let i = 0; i < 600; i++)
      sb.store.recordEvent("api_token_created", { kind: "admin-ui", id: admin.accountId, name: admin.name }, [], "x");
    const quotas = { eventsStream: { max: 1, windowMs: 1000 } };
    Object.assign(sb.store.world.settings, { eventsRateLimit: true, quotas });
    const from = sb.store.world.requests.length;
    let p: Preview;
    try {
      p = await preview();
    } finally {
      Object.assign(sb.store.world.settings, { eventsRateLimit: false, quotas: undefined });
    }
    const audit = sb.store.world.requests.slice(from).filter((r) => r.api === "audit");
    const log = audit.map((r) => `${r.time} ${r.status} ${r.path} ${JSON.stringify(r.query)} ${r.actor}`).join("\n");
    // One read of the log: the first page, then only cursor continuations (500 events a page); a 429 waited out is the
    // same read. The org's catalogue (event-actions) is another endpoint of the audit API, read once by the preview to
    // say which findings it cannot attribute: it is counted on its own.
    const listing = (r: (typeof audit)[number]) => /\/events(-stream)?$/.test(r.path);
    const reads = audit.filter((r) => listing(r) && r.status !== 429 && !JSON.stringify(r.query).includes("cursor"));
    assert.equal(reads.length, 1, log);
    const catalogue = audit.filter((r) => r.path.endsWith("/event-actions") && r.status !== 429);
    assert.equal(catalogue.length, 1, log);
    const refused = audit.filter((r) => r.status === 429);
    assert.ok(refused.length >= 1, `no 429 to wait out:\n${log}`);
    assert.ok(
      refused.every((r) => r.responseHeaders?.["retry-after"] === "1"),
      log,
    );
    assert.ok(audit[audit.length - 1].status === 200, log);
    // The read that waited is whole: the last story's finding still names its maker from the audit log.
    assert.equal(p.code, 7);
    expectFinding(p, "unclaimed-synced-group:project-apollo", { lane: "none", actor: "scim" });
  });
});
