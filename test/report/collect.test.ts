// The report model from real `pulumi preview --refresh --json` output and engine events (fixtures: see
// fixtures/program/generate.sh), plus the shapes the fixtures do not cover.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { collect, collectDigest, collectEvents, parseUrn, ReportInputError } from "../../provider/report/collect";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8"));
const URN = "urn:pulumi:dev::acme-access::pulumi-nodejs:dynamic/atlassian:";
const urn = (type: string, name: string) => `${URN}${type}::${name}`;

const finding = (id: string, extra: Record<string, unknown> = {}) => {
  const [kind, subject] = id.split(":");
  return { id, kind, subject, lane: "pulumi", message: `m ${id}`, fix: `f ${id}`, ...extra };
};
const state = (type: string, outputs: Record<string, unknown>, inputs: Record<string, unknown> = {}) => ({
  type: `pulumi-nodejs:dynamic/atlassian:${type}`,
  inputs,
  outputs,
});

describe("report collect", () => {
  describe("from the real preview digest", () => {
    const report = collect(fixture("preview.json"));

    it("lists every Atlassian resource by urn, without the stack or providers", () => {
      assert.deepEqual(
        report.resources.map((r) => [r.type, r.name, r.op, r.diffs, r.gone]),
        [
          ["pulumi-nodejs:dynamic/atlassian:AppAccess", "jira-engineering", "update", ["role"], false],
          ["pulumi-nodejs:dynamic/atlassian:Group", "contractors", "create", [], true],
          ["pulumi-nodejs:dynamic/atlassian:Group", "engineering", "update", ["members"], false],
          ["pulumi-nodejs:dynamic/atlassian:OwnershipSplit", "org", "update", [], false],
        ],
      );
      assert.equal(report.changes, 4);
      assert.deepEqual(report.errors, []);
    });

    it("takes findings from the refreshed state, which a preview shows as the plan step's oldState", () => {
      const refresh = fixture("preview.json").steps.find(
        (s: { op: string; urn: string }) => s.op === "refresh" && s.urn === urn("Group", "engineering"),
      );
      assert.deepEqual(refresh.newState.outputs.findings, [], "the refresh step itself still shows the old state");
      const engineering = report.resources.find((r) => r.name === "engineering")!;
      assert.deepEqual(engineering.findings, [
        {
          id: "member-added-outside-code:engineering",
          kind: "member-added-outside-code",
          subject: "engineering",
          lane: "pulumi",
          message: 'eve@acme.test was added to "engineering" in Atlassian admin, not in code.',
          fix: "Add eve@acme.test to the group's members in code, or remove her in Atlassian admin.",
          actor: "person:admin@acme.test",
          at: "2026-11-20T09:14:07Z",
          evidence: ["event:7b1c0d2e-4f3a-4b8e-9d6c-1a2b3c4d5e6f"],
        },
      ]);
    });

    it("reports each finding once with its resource, accepted ids matched case-insensitively", () => {
      assert.deepEqual(
        report.findings.map((f) => [f.id, parseUrn(f.resource).name, f.lane]),
        [
          ["group-deleted:support", "org", "pulumi"],
          ["local-group-in-scim-lane:okta-legacy", "org", "scim"],
          ["member-added-outside-code:engineering", "engineering", "pulumi"],
          ["role-changed-outside-code:jira-engineering", "jira-engineering", "pulumi"],
          ["unclaimed-group:legacy-admins", "org", "none"],
        ],
      );
      assert.deepEqual(report.accepted, ["unclaimed-group:legacy-admins"]);
      assert.deepEqual(report.unaccepted, [
        "group-deleted:support",
        "local-group-in-scim-lane:okta-legacy",
        "member-added-outside-code:engineering",
        "role-changed-outside-code:jira-engineering",
      ]);
    });

    it("keeps a cause's consequences, and judges each one's acceptance inside the unaccepted cause", () => {
      const cause = report.findings.find((f) => f.id === "group-deleted:support")!;
      const us = "app-access-lost-with-group:support@acme-us.atlassian.net/jira-servicedesk/atlassian/user";
      assert.deepEqual(
        cause.consequences?.map((c) => [c.id, c.kind, c.actor, c.evidence?.length]),
        [
          [
            "app-access-lost-with-group:support@acme-eu.atlassian.net/jira-servicedesk/atlassian/user",
            "app-access-lost-with-group",
            "scim",
            2,
          ],
          [us, "app-access-lost-with-group", "scim", 2],
        ],
      );
      assert.deepEqual(
        report.acceptances.filter((a) => a.finding === us),
        [{ finding: us, id: us, expired: false }],
      );
    });

    it("drops the findings of a resource that is gone", () => {
      assert.deepEqual(report.resources.find((r) => r.name === "contractors")!.findings, []);
    });
  });

  it("a clean preview has no findings and no changes", () => {
    const report = collect(fixture("preview-clean.json"));
    assert.deepEqual(
      report.resources.map((r) => r.op),
      ["same", "same", "same", "same"],
    );
    assert.deepEqual(
      [report.findings, report.accepted, report.unaccepted, report.changes, report.errors],
      [[], [], [], 0, []],
    );
  });

  it("keeps a failed preview's error diagnostics, not the provider's stderr lines", () => {
    assert.deepEqual(collect(fixture("preview-error.json")).errors, [
      "Preview failed: Atlassian answered 500 for Group/engineering",
      "preview failed",
    ]);
  });

  it("engine events of the same preview give the same model as the digest", () => {
    assert.deepEqual(collect(fixture("events.json")), collect(fixture("preview.json")));
  });

  describe("digest shapes", () => {
    it("falls back to the refresh step's newState when the resource has no plan step", () => {
      const r = collectDigest({
        steps: [
          {
            op: "refresh",
            urn: urn("OwnershipSplit", "org"),
            oldState: state("OwnershipSplit", {}),
            newState: state("OwnershipSplit", {
              findings: [finding("unclaimed-group:a")],
              acceptedFindings: ["unclaimed-group:A"],
            }),
          },
        ],
      });
      assert.deepEqual(
        [r.resources[0].op, r.accepted, r.unaccepted, r.changes],
        ["same", ["unclaimed-group:a"], [], 0],
      );
    });

    it("prefers reported diff keys (detailedDiff, diffReasons, replaceReasons) over derived ones", () => {
      const r = collectDigest({
        steps: [
          {
            op: "update",
            urn: urn("Group", "g"),
            oldState: state("Group", { name: "g", description: "x" }, { name: "g" }),
            newState: state("Group", {}, { name: "g", description: "y" }),
            diffReasons: ["description"],
            detailedDiff: { "members[1]": { kind: "add" } },
          },
        ],
      });
      assert.deepEqual(r.resources[0].diffs, ["description", "members[1]"]);
    });

    it("derives diff keys from the code's inputs against the refreshed outputs, including removed inputs", () => {
      const r = collectDigest({
        steps: [
          {
            op: "update",
            urn: urn("Group", "g"),
            oldState: state(
              "Group",
              { name: "g", description: "x", members: ["b", "a"], groupId: "1", findings: [] },
              { name: "g", description: "x", members: ["a"] },
            ),
            newState: state("Group", {}, { name: "g", members: ["a"] }),
          },
        ],
      });
      assert.deepEqual(r.resources[0].diffs, ["description", "members"]);
    });

    it("folds the steps of a replacement into one 'replace'", () => {
      const u = urn("AppAccess", "a");
      const r = collectDigest({
        steps: [
          {
            op: "create-replacement",
            urn: u,
            oldState: state("AppAccess", {}),
            newState: state("AppAccess", {}),
            replaceReasons: ["product"],
          },
          {
            op: "replace",
            urn: u,
            oldState: state("AppAccess", {}),
            newState: state("AppAccess", {}),
            replaceReasons: ["product"],
          },
          { op: "delete-replaced", urn: u, oldState: state("AppAccess", {}) },
        ],
      });
      assert.deepEqual(
        [r.resources.length, r.resources[0].op, r.resources[0].diffs, r.changes],
        [1, "replace", ["product"], 1],
      );
    });

    it("uses the code's acceptedFindings when the plan changes them", () => {
      const split = urn("OwnershipSplit", "org");
      const r = collectDigest({
        steps: [
          { op: "refresh", urn: split, oldState: state("OwnershipSplit", {}), newState: state("OwnershipSplit", {}) },
          {
            op: "update",
            urn: split,
            oldState: state("OwnershipSplit", {
              findings: [finding("unclaimed-group:a"), finding("unclaimed-group:b")],
              acceptedFindings: ["unclaimed-group:a"],
            }),
            newState: state("OwnershipSplit", {}, { acceptedFindings: ["unclaimed-group:b"] }),
          },
        ],
      });
      assert.deepEqual(
        [r.accepted, r.unaccepted, r.resources[0].diffs],
        [["unclaimed-group:b"], ["unclaimed-group:a"], ["acceptedFindings"]],
      );
    });

    it("applies any OwnershipSplit's acceptance to findings of other resources", () => {
      const r = collectDigest({
        steps: [
          {
            op: "same",
            urn: urn("OwnershipSplit", "org"),
            oldState: state("OwnershipSplit", { findings: [], acceptedFindings: ["member-added-outside-code:g"] }),
          },
          {
            op: "same",
            urn: urn("Group", "g"),
            oldState: state("Group", { findings: [finding("member-added-outside-code:g")] }),
          },
        ],
      });
      assert.deepEqual([r.accepted, r.unaccepted], [["member-added-outside-code:g"], []]);
    });

    describe("reviewed acceptances", () => {
      const family = { id: "unclaimed-group:legacy-*", reason: "migrated from Jira Server", ticket: "ACC-12" };
      const timed = { id: "unclaimed-group:tmp", reason: "kept for the audit", until: "2026-12-31" };
      const splitStep = (outputs: Record<string, unknown>, inputs: Record<string, unknown>) => ({
        op: "same",
        urn: urn("OwnershipSplit", "org"),
        oldState: state(
          "OwnershipSplit",
          {
            findings: [
              finding("unclaimed-group:legacy-a"),
              finding("unclaimed-group:tmp"),
              finding("unclaimed-group:x"),
            ],
            ...outputs,
          },
          inputs,
        ),
      });

      it("accepts a family by pattern and lists each accepted finding with its reason, ticket and until", () => {
        const r = collectDigest(
          { steps: [splitStep({}, { acceptedFindings: [family, timed] })] },
          { nowMs: Date.parse("2026-12-01T00:00:00Z") },
        );
        assert.deepEqual(
          [r.accepted, r.unaccepted],
          [["unclaimed-group:legacy-a", "unclaimed-group:tmp"], ["unclaimed-group:x"]],
        );
        assert.deepEqual(r.acceptances, [
          { finding: "unclaimed-group:legacy-a", ...family, expired: false },
          { finding: "unclaimed-group:tmp", ...timed, expired: false },
        ]);
      });

      it("takes the provider's verdict (server time) on an entry it judged, the given clock on a new one", () => {
        const verdict = { finding: "unclaimed-group:tmp", ...timed, expired: true };
        const r = collectDigest(
          { steps: [splitStep({ acceptances: [verdict] }, { acceptedFindings: [family, timed] })] },
          { nowMs: Date.parse("2026-12-01T00:00:00Z") },
        );
        assert.deepEqual(
          [r.accepted, r.unaccepted],
          [["unclaimed-group:legacy-a"], ["unclaimed-group:tmp", "unclaimed-group:x"]],
        );
        assert.deepEqual(r.acceptances[1], verdict);
        const renewed = { ...timed, until: "2027-06-30" };
        const r2 = collectDigest(
          { steps: [splitStep({ acceptances: [verdict] }, { acceptedFindings: [renewed] })] },
          { nowMs: Date.parse("2026-12-01T00:00:00Z") },
        );
        assert.deepEqual(r2.acceptances, [{ finding: "unclaimed-group:tmp", ...renewed, expired: false }]);
      });
    });

    it("deduplicates a finding two resources report, keeping the first by urn", () => {
      const r = collectDigest({
        steps: [
          {
            op: "same",
            urn: urn("OwnershipSplit", "org"),
            oldState: state("OwnershipSplit", { findings: [finding("unclaimed-group:x")] }),
          },
          {
            op: "same",
            urn: urn("Group", "x"),
            oldState: state("Group", { findings: [finding("unclaimed-group:x", { lane: "none" })] }),
          },
        ],
      });
      assert.deepEqual(
        r.findings.map((f) => [f.id, f.resource, f.lane]),
        [["unclaimed-group:x", urn("Group", "x"), "none"]],
      );
    });

    it("keeps findings in a fixed shape: unknown fields dropped, missing ones filled, id-less entries skipped", () => {
      const r = collectDigest({
        steps: [
          {
            op: "same",
            urn: urn("Group", "g"),
            oldState: state("Group", {
              findings: [{ id: "odd-kind:g:x", extra: 1, lane: "somewhere" }, { kind: "no-id" }, "text"],
            }),
          },
        ],
      });
      assert.deepEqual(r.resources[0].findings, [
        { id: "odd-kind:g:x", kind: "odd-kind", subject: "g:x", lane: "none", message: "", fix: "" },
      ]);
    });

    it("leaves out the stack and providers", () => {
      const r = collectDigest({
        steps: [
          {
            op: "update",
            urn: "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default::1",
            newState: { type: "pulumi:providers:pulumi-nodejs" },
          },
          {
            op: "same",
            urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
            newState: { type: "pulumi:pulumi:Stack" },
          },
        ],
      });
      assert.deepEqual([r.resources, r.changes], [[], 0]);
    });
  });

  describe("event shapes", () => {
    it("takes the refreshed state from the refresh outputs event, and a missing `new` as gone", () => {
      const g = urn("Group", "g");
      const h = urn("Group", "h");
      const r = collectEvents([
        {
          resourcePreEvent: {
            metadata: { op: "refresh", urn: g, type: state("Group", {}).type, new: state("Group", { findings: [] }) },
          },
        },
        {
          resOutputsEvent: {
            metadata: {
              op: "refresh",
              urn: g,
              new: state("Group", { findings: [finding("member-added-outside-code:g")] }),
            },
          },
        },
        { resOutputsEvent: { metadata: { op: "refresh", urn: h, old: state("Group", {}) } } },
        { diagnosticEvent: { message: "debug noise", severity: "debug" } },
        { diagnosticEvent: { message: "error: boom\n", severity: "error", urn: g } },
        { summaryEvent: { resourceChanges: {} } },
      ]);
      assert.deepEqual(
        r.resources.map((x) => [x.name, x.op, x.gone, x.findings.map((f) => f.id)]),
        [
          ["g", "same", false, ["member-added-outside-code:g"]],
          ["h", "same", true, []],
        ],
      );
      assert.deepEqual(r.errors, ["boom"]);
    });

    it("reads diff keys from metadata.diffs, keys and detailedDiff", () => {
      const g = urn("Group", "g");
      const r = collectEvents([
        {
          resourcePreEvent: {
            metadata: {
              op: "update",
              urn: g,
              old: state("Group", {}),
              new: state("Group", {}),
              diffs: ["members"],
              detailedDiff: { description: {} },
            },
          },
        },
      ]);
      assert.deepEqual(r.resources[0].diffs, ["description", "members"]);
    });
  });

  it("refuses input that is neither a digest nor events", () => {
    assert.throws(() => collect({ hello: 1 }), ReportInputError);
    assert.throws(() => collect("text"), ReportInputError);
    assert.throws(() => collect({ steps: [{ op: 1 }] }), ReportInputError);
  });

  it("parseUrn splits type and name, using the last type of a parent chain", () => {
    assert.deepEqual(parseUrn("urn:pulumi:dev::p::my:index:Comp$pulumi-nodejs:dynamic/atlassian:Group::a::b"), {
      type: "pulumi-nodejs:dynamic/atlassian:Group",
      name: "a::b",
    });
  });
});
