// Reviewed acceptances: which finding an entry accepts, when it expires, and what check refuses, with exact messages.
import { strict as assert } from "node:assert";
import {
  acceptanceMatches,
  acceptancesKey,
  checkAcceptances,
  isExpiredAt,
  judgeAcceptances,
  SPLIT_KINDS,
  untilMs,
} from "../../provider/rules/acceptances";
import { makeFinding, type Finding } from "../../provider/rules/findings";

const unclaimed = (name: string): Finding =>
  makeFinding("unclaimed-group", name, "none", `Local group "${name}" is claimed by no lane.`, `Claim "${name}".`);
const KINDS = SPLIT_KINDS.join(", ");

describe("acceptances", () => {
  describe("untilMs", () => {
    it("reads a day as through its end (UTC) and a time with a zone as given", () => {
      assert.equal(untilMs("2026-12-31"), Date.parse("2027-01-01T00:00:00Z"));
      assert.equal(untilMs("2026-12-31T17:00:00Z"), Date.parse("2026-12-31T17:00:00Z"));
      assert.equal(untilMs("2026-12-31T17:00+02:00"), Date.parse("2026-12-31T15:00:00Z"));
    });

    it("refuses what is not a real date or has no zone", () => {
      for (const bad of ["2026-02-30", "31/12/2026", "2026-12-31T17:00:00", "2026-13-01", "tomorrow", ""])
        assert.equal(untilMs(bad), undefined, bad);
    });
  });

  it("expires at the end of the until day, never without until", () => {
    const a = { id: "unclaimed-group:x", reason: "r", until: "2026-12-31" };
    assert.equal(isExpiredAt(a, Date.parse("2026-12-31T23:59:59Z")), false);
    assert.equal(isExpiredAt(a, Date.parse("2027-01-01T00:00:00Z")), true);
    assert.equal(isExpiredAt({ id: "unclaimed-group:x" }, Number.MAX_SAFE_INTEGER), false);
  });

  it("matches exact ids and trailing-* families case-insensitively", () => {
    assert.equal(acceptanceMatches("unclaimed-group:Legacy-*", "unclaimed-group:legacy-jira"), true);
    assert.equal(acceptanceMatches("unclaimed-group:legacy-*", "unclaimed-group:jira-legacy"), false);
    assert.equal(acceptanceMatches("unclaimed-*", "unclaimed-synced-group:a"), true);
    assert.equal(acceptanceMatches("unclaimed-group:a", "unclaimed-group:A"), true);
    assert.equal(acceptanceMatches("unclaimed-group:a", "unclaimed-group:ab"), false);
  });

  describe("judgeAcceptances", () => {
    const findings = [unclaimed("legacy-a"), unclaimed("legacy-b"), unclaimed("tmp")];
    const family = { id: "unclaimed-group:legacy-*", reason: "migrated from Jira Server", ticket: "ACC-12" };

    it("accepts a family with a pattern and leaves the rest unaccepted", () => {
      const j = judgeAcceptances(findings, [family], () => false);
      assert.deepEqual(j.unaccepted, ["unclaimed-group:tmp"]);
      assert.deepEqual(j.findings, findings);
      assert.deepEqual(j.standings, [
        { finding: "unclaimed-group:legacy-a", ...family, expired: false },
        { finding: "unclaimed-group:legacy-b", ...family, expired: false },
      ]);
    });

    it("shows an expired acceptance's finding again, naming the id, the until date and the reason", () => {
      const old = { id: "unclaimed-group:tmp", reason: "kept for the audit", until: "2026-12-31", ticket: "ACC-7" };
      const j = judgeAcceptances([unclaimed("tmp")], [old], (a) => a.until !== undefined);
      assert.deepEqual(j.unaccepted, ["unclaimed-group:tmp"]);
      assert.deepEqual(j.standings, [{ finding: "unclaimed-group:tmp", ...old, expired: true }]);
      assert.equal(
        j.findings[0].message,
        'Local group "tmp" is claimed by no lane. Its acceptance "unclaimed-group:tmp" expired on 2026-12-31 (reason: "kept for the audit"; ticket ACC-7).',
      );
      assert.equal(
        j.findings[0].fix,
        'Claim "tmp". To keep accepting it, review it again and set a later until on its acceptedFindings entry.',
      );
    });

    it("prefers an unexpired entry, then an exact id over a pattern", () => {
      const expired = { id: "unclaimed-group:legacy-a", reason: "old", until: "2020-01-01" };
      const j = judgeAcceptances([unclaimed("legacy-a")], [expired, family], (a) => a.until === "2020-01-01");
      assert.deepEqual(j.unaccepted, []);
      assert.equal(j.standings[0].id, family.id);
      const exact = { id: "unclaimed-group:legacy-a", reason: "exact" };
      assert.equal(judgeAcceptances([unclaimed("legacy-a")], [family, exact], () => false).standings[0].id, exact.id);
    });

    describe("a cause", () => {
      const lost = (site: string): Finding =>
        makeFinding(
          "app-access-lost-with-group",
          `dept-support@${site}/jsm/atlassian/user`,
          "pulumi",
          `lost ${site}`,
          "f",
        );
      const cause: Finding = {
        ...makeFinding("group-deleted", "dept-support", "pulumi", "deleted", "push it again"),
        consequences: [lost("eu"), lost("us")],
      };
      const [EU, US] = cause.consequences!.map((c) => c.id);

      it("is accepted by its own id, which covers its consequences", () => {
        const j = judgeAcceptances(
          [cause],
          [{ id: "group-deleted:dept-support", reason: "gone for good" }],
          () => false,
        );
        assert.deepEqual(j.unaccepted, []);
        assert.deepEqual(j.findings, [cause]);
        assert.deepEqual(j.standings, [
          {
            finding: "group-deleted:dept-support",
            id: "group-deleted:dept-support",
            reason: "gone for good",
            expired: false,
          },
        ]);
        assert.deepEqual(
          judgeAcceptances([cause], [{ id: "group-deleted:*", reason: "r" }], () => false).unaccepted,
          [],
        );
      });

      it("is accepted when each consequence is, as they were accepted before they had a cause", () => {
        const j = judgeAcceptances([cause], [EU, US], () => false);
        assert.deepEqual(j.unaccepted, []);
        assert.deepEqual(j.standings, [
          { finding: EU, id: EU, expired: false },
          { finding: US, id: US, expired: false },
        ]);
      });

      it("stays unaccepted while one consequence is not, listing the cause's id and the accepted consequence", () => {
        const j = judgeAcceptances([cause], [US], () => false);
        assert.deepEqual(j.unaccepted, ["group-deleted:dept-support"]);
        assert.deepEqual(j.standings, [{ finding: US, id: US, expired: false }]);
        assert.deepEqual(j.findings, [cause]);
      });

      it("shows again when its acceptance expires, unless each consequence is accepted on its own", () => {
        const old = { id: "group-deleted:dept-support", reason: "r", until: "2026-12-31" };
        const expired = (a: { until?: string }) => a.until !== undefined;
        const j = judgeAcceptances([cause], [old], expired);
        assert.deepEqual(j.unaccepted, ["group-deleted:dept-support"]);
        assert.deepEqual(j.standings, [{ finding: "group-deleted:dept-support", ...old, expired: true }]);
        assert.equal(
          j.findings[0].message,
          'deleted Its acceptance "group-deleted:dept-support" expired on 2026-12-31 (reason: "r").',
        );
        assert.deepEqual(j.findings[0].consequences, cause.consequences);
        const still = judgeAcceptances([cause], [old, EU, US], expired);
        assert.deepEqual(still.unaccepted, []);
        assert.deepEqual(
          still.standings.map((s) => s.finding),
          [EU, US],
        );
      });
    });

    it("still takes bare ids", () => {
      const j = judgeAcceptances(findings, ["unclaimed-group:TMP"], () => false);
      assert.deepEqual(j.unaccepted, ["unclaimed-group:legacy-a", "unclaimed-group:legacy-b"]);
      assert.deepEqual(j.standings, [{ finding: "unclaimed-group:tmp", id: "unclaimed-group:TMP", expired: false }]);
    });
  });

  it("keys a list so that order, id case and key order do not count as a change", () => {
    assert.equal(
      acceptancesKey(["unclaimed-group:A", { reason: "r", id: "unclaimed-group:b" }]),
      acceptancesKey([{ id: "unclaimed-group:B", reason: "r" }, "unclaimed-group:a"]),
    );
    assert.notEqual(
      acceptancesKey([{ id: "unclaimed-group:b", reason: "r" }]),
      acceptancesKey([{ id: "unclaimed-group:b", reason: "r", until: "2027-01-01" }]),
    );
  });

  describe("checkAcceptances", () => {
    it("accepts bare ids, objects with a reason, kind and family patterns", () => {
      assert.deepEqual(
        checkAcceptances([
          "unclaimed-group:old-admins",
          { id: "unclaimed-group:legacy-*", reason: "r", until: "2027-03-31", ticket: "ACC-12" },
          { id: "unclaimed-*", reason: "r", until: "2027-03-31T17:00:00Z" },
          { id: "duplicate-person:*", reason: "r" },
        ]),
        [],
      );
    });

    const cases: { title: string; list: unknown[]; reason: string }[] = [
      {
        title: "refuses an object without a reason",
        list: [{ id: "unclaimed-group:old-admins", until: "2027-03-31" }],
        reason:
          'acceptedFindings[0] "unclaimed-group:old-admins" has no reason: an acceptance says why the finding may stand, e.g. { id: "unclaimed-group:old-admins", reason: "kept until the Jira Server migration ends", until: "2027-03-31" }.',
      },
      {
        title: "refuses a blank reason",
        list: [{ id: "unclaimed-group:x", reason: "  " }],
        reason:
          'acceptedFindings[0] "unclaimed-group:x" has no reason: an acceptance says why the finding may stand, e.g. { id: "unclaimed-group:x", reason: "kept until the Jira Server migration ends", until: "2027-03-31" }.',
      },
      {
        title: "refuses a malformed id",
        list: [{ id: "old-admins", reason: "r" }],
        reason:
          'acceptedFindings[0] "old-admins" is not a finding id: ids look like "<kind>:<subject>", e.g. "unclaimed-group:old-admins", as listed in the unacceptedFindings output; end one with * to accept a family, e.g. "unclaimed-group:legacy-*".',
      },
      {
        title: "refuses a * before the end",
        list: [{ id: "unclaimed-group:*-old", reason: "r" }],
        reason:
          'acceptedFindings[0] "unclaimed-group:*-old" has a * before its end: only a trailing * is a wildcard, e.g. "unclaimed-group:legacy-*".',
      },
      {
        title: "refuses a malformed date",
        list: [{ id: "unclaimed-group:x", reason: "r", until: "31/12/2026" }],
        reason:
          'acceptedFindings[0] "unclaimed-group:x" until "31/12/2026" is not a date: write YYYY-MM-DD (accepted through the end of that day, UTC) or an ISO-8601 time with a zone, e.g. "2027-03-31" or "2027-03-31T17:00:00Z".',
      },
      {
        title: "refuses a kind pattern that matches no kind the split reports",
        list: [{ id: "member-*", reason: "r" }],
        reason: `acceptedFindings[0] "member-*" matches no kind the OwnershipSplit reports, so it would accept nothing; the OwnershipSplit reports ${KINDS}.`,
      },
      {
        title: "refuses a kind that a Group, not the split, reports",
        list: [{ id: "isc-group-member-added:*", reason: "r" }],
        reason: `acceptedFindings[0] "isc-group-member-added:*" has kind "isc-group-member-added", which the OwnershipSplit does not report (a Group reports it, until its lane fixes the drift), so it would accept nothing; the OwnershipSplit reports ${KINDS}.`,
      },
      {
        title: "refuses a pattern written as a bare string",
        list: ["unclaimed-group:legacy-*"],
        reason:
          'acceptedFindings[0] "unclaimed-group:legacy-*" is a pattern, and a pattern accepts findings nobody has reviewed yet: write it as { id: "unclaimed-group:legacy-*", reason: "<why this family is accepted>" }.',
      },
      {
        title: "refuses * alone",
        list: [{ id: "*", reason: "r" }],
        reason:
          'acceptedFindings[0] "*" would accept every finding, including ones nobody has seen; accept a kind ("unclaimed-group:*") or a family ("unclaimed-group:legacy-*") instead.',
      },
      {
        title: "refuses an unknown key, so a misspelt until cannot silently never expire",
        list: [{ id: "unclaimed-group:x", reason: "r", untill: "2027-01-01" }],
        reason:
          'acceptedFindings[0] "unclaimed-group:x" has an unknown key "untill"; an acceptance takes id, reason, until and ticket.',
      },
      {
        title: "refuses an id listed twice",
        list: ["unclaimed-group:x", { id: "unclaimed-group:X", reason: "r" }],
        reason: 'acceptedFindings[1] "unclaimed-group:X" is listed again (first at [0]); list each id once.',
      },
      {
        title: "refuses an empty ticket",
        list: [{ id: "unclaimed-group:x", reason: "r", ticket: "" }],
        reason: 'acceptedFindings[0] "unclaimed-group:x" ticket must be a non-empty string such as "ACC-12"; got "".',
      },
      {
        title: "refuses an entry that is neither an id nor an object",
        list: [42],
        reason: "acceptedFindings[0] must be a finding id or an object { id, reason, until?, ticket? }; got 42.",
      },
    ];
    for (const c of cases) {
      it(c.title, () =>
        assert.deepEqual(checkAcceptances(c.list), [{ property: "acceptedFindings", reason: c.reason }]),
      );
    }

    it("lets unknown preview values through", () => {
      const U = Symbol("unknown");
      const isUnknown = (v: unknown) => v === U;
      assert.deepEqual(checkAcceptances(U, { isUnknown }), []);
      assert.deepEqual(checkAcceptances([U, { id: U, reason: U, until: U }], { isUnknown }), []);
    });
  });
});
