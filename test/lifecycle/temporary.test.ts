// Temporary access (issue 14 item 1) in the Group and GroupMember lifecycles against the sandbox, whose clock is the
// server's time the provider reads from `Date` headers: the plan says when each membership ends; past its until a
// refresh reports temporary-member-expired and keeps the resource changed; update removes the member (the
// blast-radius limit does not refuse an expiry, but prints its numbers); after that the resource is clean and the
// member is not added back; check refuses a new member already past its until and one beyond maxDuration.
import { strict as assert } from "node:assert";
import { captureConsoleLog } from "../helpers/io";
import { configure, setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { resetServerClock } from "../../provider/clients/server-clock";
import { groupLifecycle, type GroupArgs } from "../../provider/lifecycle/group/lifecycle";
import { groupMemberLifecycle, type GroupMemberArgs } from "../../provider/lifecycle/group-member/lifecycle";
import { appAccessLifecycle } from "../../provider/lifecycle/app-access/lifecycle";
import type { Finding } from "../../provider/rules/findings";
import { providerConfigure, startTestSandbox, type TestSandbox, acmePeople } from "../helpers/sandbox";

const T0 = "2026-12-01T00:00:00Z";
const at = (days: number) => new Date(Date.parse(T0) + days * 86_400_000).toISOString().replace(".000Z", "Z");

describe("temporary access in the Group and GroupMember lifecycles", function () {
  this.timeout(30_000);
  let sb: TestSandbox;
  let people: string[];
  const logged = captureConsoleLog();
  const lines = () => logged.filter((l) => l.includes("[atlassian-access]"));
  const membersOf = (id: string) =>
    sb.store.world.org.groups
      .find((g) => g.id === id)!
      .members.map((a) => sb.store.world.org.users.find((u) => u.accountId === a)!.email.toLowerCase())
      .sort();

  /** A new provider process at sandbox time `iso`: nothing read, nothing printed, the server's clock unknown. */
  function newRun(iso: string) {
    sb.store.setClock(iso);
    resetServerClock();
    resetRunState();
    configure(providerConfigure(sb, { pollIntervalMs: "5", roleConsistencyTimeoutMs: "2000" }));
    logged.length = 0;
  }

  before(async () => {
    sb = await startTestSandbox();
    people = acmePeople(sb, 14);
  });
  after(async () => {
    setContextForTests(undefined);
    resetRunState();
    await sb.close();
  });

  it("plans, reports past until, removes past the blast-radius limit, then is clean and does not re-add", async () => {
    const [ana, ben, ...crew] = people;
    const temporary = crew.map((email) => ({ email, until: at(3) }));
    const args: GroupArgs = {
      name: "temp-contractors",
      owner: "pulumi",
      members: [ana, { email: ben, until: at(10) }, ...temporary],
    };
    newRun(T0);
    assert.deepEqual((await groupLifecycle.check({}, args)).failures, undefined);
    const { id, outs } = await groupLifecycle.create(args);
    await appAccessLifecycle.create({ group: id, site: "acme-eu.atlassian.net", product: "jira-software" });
    assert.equal(membersOf(id).length, 14);

    // Before the end: no change, and the plan says when each one ends.
    newRun(at(1));
    let read = await groupLifecycle.read(id, outs);
    assert.deepEqual(read.props!.findings, []);
    assert.equal((await groupLifecycle.diff(id, read.props!, args)).changes, false);
    assert.deepEqual(lines(), [
      `[atlassian-access] Group "temp-contractors": 13 temporary members: ${temporary.map((m) => `${m.email} until ${at(3)} (in 2 days)`).join(", ")}, ${ben} until ${at(10)} (in 9 days).`,
    ]);

    // Past the 12 crew members' until (sandbox clock): expired, reported, changed; the limit (10) does not refuse it.
    newRun(at(3.25));
    read = await groupLifecycle.read(id, outs);
    const findings: Finding[] = read.props!.findings;
    assert.deepEqual(
      findings.map((f) => [f.id, f.actor]),
      // actorLanes is empty in this configuration: code's key is named by its label, not taken for a lane.
      crew.map((e) => [`temporary-member-expired:temp-contractors/${e}`, "api-key:pulumi-ci"]),
    );
    assert.equal(
      findings[0].message,
      `${crew[0]}'s temporary membership of code-owned group "temp-contractors" ended at ${at(3)} (until "${at(3)}" on the Group's members entry), and they are still a member, added by the API key "pulumi-ci" (atlassian-access:actorLanes does not map it).`,
    );
    assert.equal(lines().filter((l) => l.includes("temporary-member-expired:")).length, 12);
    assert.deepEqual((await groupLifecycle.check(read.inputs!, args)).failures, undefined);
    logged.length = 0;
    assert.equal((await groupLifecycle.diff(id, read.props!, args)).changes, true);
    assert.deepEqual(lines(), [
      `[atlassian-access] Group "temp-contractors": removing 12 member(s) whose until has passed removes access from 12 person(s): acme-eu.atlassian.net/jira-software (atlassian/user) 12.`,
      `[atlassian-access] Group "temp-contractors": 1 temporary member: ${ben} until ${at(10)} (in 7 days).`,
    ]);
    const up = await groupLifecycle.update(id, read.props!, args);
    assert.deepEqual(membersOf(id), [ana, ben]);
    assert.deepEqual(up.outs.members, [ana, ben]);

    // The next run: clean, the expired entries still in code but not wanted, and nobody added back.
    newRun(at(4));
    read = await groupLifecycle.read(id, up.outs);
    assert.deepEqual(read.props!.findings, []);
    assert.deepEqual((await groupLifecycle.check(read.inputs!, args)).failures, undefined);
    assert.equal((await groupLifecycle.diff(id, read.props!, args)).changes, false);
    await groupLifecycle.update(id, read.props!, args);
    assert.deepEqual(membersOf(id), [ana, ben]);

    // A later until is a change: the member comes back.
    const extended: GroupArgs = {
      ...args,
      members: [ana, { email: ben, until: at(10) }, { email: crew[0], until: at(9) }],
    };
    assert.equal((await groupLifecycle.diff(id, read.props!, extended)).changes, true);
    await groupLifecycle.update(id, read.props!, extended);
    assert.deepEqual(membersOf(id), [ana, ben, crew[0]].sort());
  });

  it("refuses at check a new member already past its until, and one beyond maxDuration, on the server's clock", async () => {
    const [ana, ben] = people;
    // The sandbox plays a day far from the local clock: only the server's time gives these answers.
    newRun("2031-03-01T12:00:00Z");
    const f = await groupLifecycle.check(
      {},
      {
        name: "temp-bounded",
        owner: "pulumi",
        maxDuration: "P14D",
        members: [
          { email: ana, until: "2031-02-28" },
          { email: ben, until: "2031-04-01T18:00:00Z" },
        ],
      },
    );
    assert.deepEqual(
      f.failures!.map((x) => [x.property, x.reason.replace(/T12:00:0\dZ/g, "T12:00:0?Z")]),
      [
        [
          "members",
          `members[0] "${ana}" until "2031-02-28" has already passed (server time 2031-03-01T12:00:0?Z): a new member would be removed at once. Set a later until, or drop the entry.`,
        ],
        [
          "members",
          `members[1] "${ben}" until "2031-04-01T18:00:00Z" ends in 31 days, further away than group "temp-bounded"'s maxDuration "P14D" (2 weeks) allows: set until no later than 2031-03-15T12:00:0?Z, or raise maxDuration on the Group.`,
        ],
      ],
    );
    const fine = await groupLifecycle.check(
      {},
      { name: "temp-bounded", owner: "pulumi", maxDuration: "P14D", members: [{ email: ana, until: "2031-03-10" }] },
    );
    assert.equal(fine.failures, undefined);
    const bad = await groupLifecycle.check({}, { name: "temp-bounded", owner: "scim", maxDuration: "30" });
    assert.deepEqual(
      bad.failures!.map((x) => x.property),
      ["maxDuration"],
    );
  });

  it("ends a GroupMember at its until, keeps it (expired) so it is neither re-added nor refused, and extends it", async () => {
    const email = people[5];
    newRun(T0);
    const g = await groupLifecycle.create({ name: "temp-additive", owner: "pulumi" });
    const args: GroupMemberArgs = { group: g.id, email, until: at(2) };
    assert.equal((await groupMemberLifecycle.check({}, args)).failures, undefined);
    const { id, outs } = await groupMemberLifecycle.create(args);
    assert.deepEqual(membersOf(g.id), [email]);

    newRun(at(1));
    assert.equal((await groupMemberLifecycle.diff(id, outs, args)).changes, false);
    assert.deepEqual(lines(), [
      `[atlassian-access] GroupMember ${email}: 1 temporary member: ${email} until ${at(2)} (in 24 hours).`,
    ]);

    newRun(at(2.5));
    let read = await groupMemberLifecycle.read(id, outs);
    assert.deepEqual(
      read.props!.findings!.map((f) => f.id),
      [`temporary-member-expired:temp-additive/${email}`],
    );
    assert.deepEqual(lines(), [
      `[atlassian-access] temporary-member-expired:temp-additive/${email} — ${email}'s temporary membership of code-owned group "temp-additive" ended at ${at(2)} (until "${at(2)}" on its GroupMember), and they are still a member. Fix: \`pulumi up\` removes them; to extend the access, set a later until on its GroupMember (a reviewed change).`,
    ]);
    assert.equal((await groupMemberLifecycle.diff(id, read.props!, args)).changes, true);
    const up = await groupMemberLifecycle.update(id, read.props!, args);
    assert.equal(up.outs.expired, true);
    assert.deepEqual(membersOf(g.id), []);

    newRun(at(3));
    read = await groupMemberLifecycle.read(id, up.outs);
    assert.equal(read.id, id, "the expired edge stays in the state");
    assert.deepEqual([read.props!.expired, read.props!.findings], [true, []]);
    assert.equal((await groupMemberLifecycle.check(read.inputs!, args)).failures, undefined);
    assert.equal((await groupMemberLifecycle.diff(id, read.props!, args)).changes, false);
    // A new GroupMember with that until is refused: it would be removed at once.
    const refused = await groupMemberLifecycle.check({}, args);
    assert.match(
      refused.failures![0].reason,
      /^GroupMember .* until ".*" has already passed \(server time 2026-12-04T00:00:0\dZ\)/,
    );

    const later = { ...args, until: at(6) };
    assert.equal((await groupMemberLifecycle.diff(id, read.props!, later)).changes, true);
    const back = await groupMemberLifecycle.update(id, read.props!, later);
    assert.equal(back.outs.expired, undefined);
    assert.deepEqual(membersOf(g.id), [email]);
  });

  it("refuses a GroupMember without until, or beyond it, in a Group with maxDuration (the program context)", async () => {
    newRun(T0);
    const base = {
      group: "temp-additive",
      email: people[6],
      program: { group: { resource: "g", name: "temp-additive", maxDuration: "P7D" } },
    };
    const none = await groupMemberLifecycle.check({}, base);
    assert.match(
      none.failures![0].reason,
      /^GroupMember .* in group "temp-additive" has no until, but group "temp-additive" has maxDuration "P7D" \(1 week\): every member must end within it/,
    );
    const far = await groupMemberLifecycle.check({}, { ...base, until: at(8) });
    assert.match(
      far.failures![0].reason,
      /ends in 8 days, further away than group "temp-additive"'s maxDuration "P7D"/,
    );
    assert.equal((await groupMemberLifecycle.check({}, { ...base, until: at(6) })).failures, undefined);
    const bad = await groupMemberLifecycle.check({}, { ...base, until: "soon" });
    assert.deepEqual(bad.failures, [
      {
        property: "until",
        reason: `GroupMember ${people[6]}: until "soon" is not a date: write YYYY-MM-DD (a member through the end of that day, UTC) or an ISO-8601 time with a zone, e.g. "2026-12-31" or "2026-12-31T17:00:00Z".`,
      },
    ]);
  });
});
