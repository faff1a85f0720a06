// Temporary access rules (issue 14 item 1): members with an until, which have ended at a time (server time, passed
// in), the plan line, the checks of each entry and of maxDuration, and the finding of an expired membership.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  durationMs,
  durationWords,
  endedMembers,
  expiredMemberFinding,
  maxDurationProblem,
  memberEntryProblems,
  memberTimeProblems,
  refreshedMembers,
  temporaryPlanLine,
  timeUntil,
  wantedEmails,
  type MemberEntry,
} from "../../provider/rules/temporary";

const NOW = Date.parse("2026-12-02T00:00:00Z");
const DAY = 86_400_000;
const MEMBERS: MemberEntry[] = [
  "ana@acme.example",
  { email: "ben@acme.example", until: "2026-12-05T00:00:00Z" },
  { email: "cleo@acme.example", until: "2026-12-01" },
  { email: "dan@acme.example", until: "2026-12-31" },
];
const never = () => false;

describe("rules/temporary", () => {
  describe("wantedEmails and endedMembers", () => {
    it("wants plain members and temporary ones before their until; a day lasts through its end, UTC", () => {
      assert.deepEqual(wantedEmails(MEMBERS, NOW), ["ana@acme.example", "ben@acme.example", "dan@acme.example"]);
      assert.deepEqual(endedMembers(MEMBERS, NOW), [{ email: "cleo@acme.example", until: "2026-12-01" }]);
      // 2026-12-01 ends at 2026-12-02T00:00:00Z: a millisecond before, cleo is still wanted.
      assert.deepEqual(endedMembers(MEMBERS, NOW - 1), []);
    });

    it("ends a membership at its until exactly, and every temporary one past the last", () => {
      const at = Date.parse("2026-12-05T00:00:00Z");
      assert.deepEqual(
        endedMembers(MEMBERS, at).map((m) => m.email),
        ["ben@acme.example", "cleo@acme.example"],
      );
      assert.deepEqual(wantedEmails(MEMBERS, Date.parse("2027-01-01T00:00:00Z")), ["ana@acme.example"]);
    });
  });

  describe("temporaryPlanLine", () => {
    it("says when each running temporary membership ends, soonest first", () => {
      assert.equal(
        temporaryPlanLine('Group "contractors"', MEMBERS, NOW),
        '[atlassian-access] Group "contractors": 2 temporary members: ben@acme.example until 2026-12-05T00:00:00Z (in 3 days), dan@acme.example until 2026-12-31 (through that day UTC: ends 2027-01-01T00:00:00Z, in 30 days).',
      );
    });

    it("prints nothing for a group without running temporary members", () => {
      assert.equal(temporaryPlanLine('Group "g"', ["ana@acme.example"], NOW), undefined);
      assert.equal(temporaryPlanLine('Group "g"', MEMBERS, Date.parse("2027-01-02T00:00:00Z")), undefined);
    });

    it("words the time left in days, hours or minutes", () => {
      assert.deepEqual([3 * DAY, 2 * DAY, 47 * 3_600_000, 2 * 3_600_000, 89 * 60_000, 30_000].map(timeUntil), [
        "in 3 days",
        "in 2 days",
        "in 2 days",
        "in 2 hours",
        "in 89 minutes",
        "in 1 minute",
      ]);
    });
  });

  describe("memberEntryProblems", () => {
    it("accepts plain emails and { email, until } mixed", () => {
      assert.deepEqual(memberEntryProblems(MEMBERS, never), []);
    });

    it("refuses a malformed entry naming the field, the value and the fix", () => {
      const f = memberEntryProblems(
        [
          "not-an-email",
          { email: "ana@acme.example", until: "31/12/2026" },
          { email: "ben@acme.example" },
          { email: "cleo", until: "2026-12-31" },
          { email: "dan@acme.example", until: "2026-12-31", reason: "x" },
          42,
          { email: "dan@acme.example", until: "2027-01-31" },
        ],
        never,
      );
      assert.deepEqual(
        f.map((x) => x.reason),
        [
          '"not-an-email" is not an email address; members are listed by email.',
          'members[1] "ana@acme.example" until "31/12/2026" is not a date: write YYYY-MM-DD (a member through the end of that day, UTC) or an ISO-8601 time with a zone, e.g. "2026-12-31" or "2026-12-31T17:00:00Z".',
          'members[2] "ben@acme.example" has no until: write the plain email for a permanent member, or add an end, e.g. { email: "ben@acme.example", until: "2026-12-31" }.',
          'members[3] "cleo" email "cleo" is not an email address; members are listed by email.',
          'members[4] "dan@acme.example" has an unknown key "reason"; a temporary member takes email and until.',
          "members[5] must be an email or { email, until }; got 42.",
          'members[6] "dan@acme.example" is listed again (first at members[4]); list each member once, with until when the access is temporary.',
        ],
      );
      assert.ok(f.every((x) => x.property === "members"));
    });

    it("refuses a time without a zone and a day that does not exist", () => {
      const f = memberEntryProblems(
        [
          { email: "ana@acme.example", until: "2026-12-31T17:00:00" },
          { email: "ben@acme.example", until: "2026-02-30" },
        ],
        never,
      );
      assert.equal(f.length, 2);
      assert.match(f[0].reason, /until "2026-12-31T17:00:00" is not a date/);
      assert.match(f[1].reason, /until "2026-02-30" is not a date/);
    });

    it("lets a plain email listed twice through, as before temporary members existed", () => {
      assert.deepEqual(memberEntryProblems(["ana@acme.example", "ANA@acme.example"], never), []);
    });
  });

  describe("memberTimeProblems", () => {
    const base = { nowMs: NOW, before: new Set<string>(), group: "contractors" };

    it("refuses a new member whose until has already passed, and lets a declared one expire", () => {
      assert.deepEqual(memberTimeProblems(MEMBERS, base), [
        {
          property: "members",
          reason:
            'members[2] "cleo@acme.example" until "2026-12-01" has already passed (server time 2026-12-02T00:00:00Z): a new member would be removed at once. Set a later until, or drop the entry.',
        },
      ]);
      assert.deepEqual(memberTimeProblems(MEMBERS, { ...base, before: new Set(["cleo@acme.example"]) }), []);
    });

    it("with maxDuration, refuses an until further away and a member without one", () => {
      const f = memberTimeProblems(MEMBERS, {
        ...base,
        before: new Set(["cleo@acme.example"]),
        maxDuration: "P14D",
      });
      assert.deepEqual(
        f.map((x) => x.reason),
        [
          'members[0] "ana@acme.example" has no until, but group "contractors" has maxDuration "P14D" (2 weeks): every member must end within it. Give it an until no later than 2026-12-16T00:00:00Z, e.g. { email: "ana@acme.example", until: "2026-12-16T00:00:00Z" }, or remove maxDuration from the Group.',
          'members[3] "dan@acme.example" until "2026-12-31" ends in 30 days, further away than group "contractors"\'s maxDuration "P14D" (2 weeks) allows: set until no later than 2026-12-16T00:00:00Z, or raise maxDuration on the Group.',
        ],
      );
    });

    it("words a GroupMember's problem on its until", () => {
      const f = memberTimeProblems([{ email: "ana@acme.example", until: "2026-11-30" }], {
        ...base,
        where: "GroupMember",
      });
      assert.deepEqual(f, [
        {
          property: "until",
          reason:
            'GroupMember ana@acme.example in group "contractors" until "2026-11-30" has already passed (server time 2026-12-02T00:00:00Z): a new member would be removed at once. Set a later until, or drop the GroupMember.',
        },
      ]);
    });
  });

  describe("maxDuration", () => {
    it("reads ISO-8601 durations of weeks, days, hours and minutes", () => {
      assert.deepEqual(["P30D", "P2W", "PT8H", "P1DT12H", "PT90M"].map(durationMs), [
        30 * DAY,
        14 * DAY,
        8 * 3_600_000,
        36 * 3_600_000,
        90 * 60_000,
      ]);
      assert.deepEqual(
        ["P30D", "P2W", "PT8H", "P1DT12H", "PT90M"].map((d) => durationWords(durationMs(d)!)),
        ["30 days", "2 weeks", "8 hours", "36 hours", "90 minutes"],
      );
    });

    it("refuses a number, months or years, an empty and a zero duration, with the fix", () => {
      assert.equal(maxDurationProblem("P30D"), undefined);
      assert.equal(
        maxDurationProblem(30),
        'maxDuration must be a positive ISO-8601 duration in weeks, days, hours or minutes, e.g. "P30D" (30 days), "P2W" or "PT8H"; got 30.',
      );
      assert.equal(
        maxDurationProblem("P1M"),
        'maxDuration "P1M" uses years or months, whose length varies: write it in weeks, days or hours, e.g. "P90D".',
      );
      assert.match(maxDurationProblem("P1Y")!, /uses years or months/);
      for (const bad of ["P", "PT", "P0D", "30d", ""]) assert.match(maxDurationProblem(bad)!, /must be a positive/);
    });
  });

  describe("expiredMemberFinding", () => {
    it("is a finding in code's lane naming the member, the group, the end and who added them", () => {
      const f = expiredMemberFinding("contractors", { email: "Ben@acme.example", until: "2026-12-05" }, "members", {
        actor: "pulumi",
        at: "2026-11-23T14:30:00.000Z",
        evidence: ["event:e1"],
      });
      assert.deepEqual(f, {
        id: "temporary-member-expired:contractors/ben@acme.example",
        kind: "temporary-member-expired",
        subject: "contractors/ben@acme.example",
        lane: "pulumi",
        message:
          'ben@acme.example\'s temporary membership of code-owned group "contractors" ended at 2026-12-06T00:00:00Z (until "2026-12-05" on the Group\'s members entry), and they are still a member, added by pulumi.',
        fix: "`pulumi up` removes them; to extend the access, set a later until on the Group's members entry (a reviewed change).",
        actor: "pulumi",
        at: "2026-11-23T14:30:00.000Z",
        evidence: ["event:e1"],
      });
    });
  });

  describe("refreshedMembers", () => {
    it("keeps observed emails, temporary ones as their entry, and ended ones code already removed", () => {
      assert.deepEqual(refreshedMembers(["ana@acme.example", "ben@acme.example", "eve@acme.example"], MEMBERS, NOW), [
        "ana@acme.example",
        { email: "ben@acme.example", until: "2026-12-05T00:00:00Z" },
        "eve@acme.example",
        { email: "cleo@acme.example", until: "2026-12-01" },
      ]);
      assert.deepEqual(refreshedMembers(["ana@acme.example"], undefined, NOW), ["ana@acme.example"]);
    });
  });
});

describe("the governance guide's temporary access example", () => {
  // docs/guides/governance.md, Temporary access: the plan line and the refusal, on 2026-12-01 at 17:00 UTC.
  const now = Date.parse("2026-12-01T17:00:00Z");
  const members: MemberEntry[] = [
    { email: "kim.novak@acme.example", until: "2026-12-18" },
    { email: "quinn.arden@acme.example", until: "2026-12-05T17:00:00Z" },
  ];
  const readme = readFileSync(path.join(__dirname, "../../docs/guides/governance.md"), "utf8");
  const flat = (s: string) => s.replace(/\s+/g, " ");

  it("prints the plan line the guide shows", () => {
    const line = temporaryPlanLine('Group "contractors"', members, now)!;
    assert.ok(readme.includes(line), line);
    const expired = expiredMemberFinding("contractors", members[1] as { email: string; until: string }, "members");
    assert.ok(readme.includes(`${expired.id} — ${expired.message} Fix: ${expired.fix}`));
  });

  it("refuses the plain member with the message the guide shows", () => {
    const [f] = memberTimeProblems(["ana.arden@acme.example", ...members], {
      nowMs: now,
      before: new Set(),
      maxDuration: "P30D",
      group: "contractors",
    });
    assert.ok(flat(readme).includes(flat(f.reason)), f.reason);
  });
});
