// Reviewed acceptances through the real Pulumi CLI against the sandbox (issue #13, item 3): check refuses a bad
// acceptedFindings entry at preview; a trailing-* family and a timed acceptance make
// `pulumi preview --refresh --expect-no-changes` pass (exit 0); once the sandbox clock (the server's time) passes the
// `until`, the same preview exits 7 again and says the acceptance expired; the report lists each accepted finding with
// its reason, ticket and until, and the expired one apart.
import { strict as assert } from "node:assert";
import path from "node:path";
import { collect } from "../../provider/report/collect";
import { SPLIT_KINDS } from "../../provider/rules/acceptances";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import {
  failureOf,
  openStack,
  requireEngine,
  runCli,
  sandboxConfig,
  REPO_ROOT,
  type TestStack,
  closeEngineStack,
} from "../helpers/stack";

const PROGRAM = path.join(REPO_ROOT, "test", "e2e", "programs", "acceptances");
const SPLIT = "pulumi-nodejs:dynamic/atlassian:OwnershipSplit resource 'split'";

/** ISC's request groups (the seed's), which this program's split leaves unclaimed: one family. */
const ISC_FAMILY = [
  "unclaimed-group:isc-confluence-contractors",
  "unclaimed-group:isc-jira-requesters",
  "unclaimed-group:isc-jsm-agents",
];
const FAMILY = {
  id: "unclaimed-group:isc-*",
  reason: "ISC's groups move to the isc lane with ACC-12",
  ticket: "ACC-12",
};
const BARE = "unclaimed-group:isc-jsm-agents";
/** acme's roles held directly (Quinn's JSM, Kim's Confluence): test/e2e/usage.test.ts tells their story. */
const DIRECT_IDS = [
  "direct-user-access:kim.novak@northwind.example/acme-uk.atlassian.net/confluence/atlassian/user",
  "direct-user-access:quinn.arden@acme.example/acme-de.atlassian.net/jira-servicedesk/atlassian/user",
];
const DIRECT = { id: "direct-user-access:*", reason: "acme's direct grants are reviewed apart (ACC-31)" };
/** acme's ANYONE self-signup on acme-br (issue 14): every acme split reports it; reviewed here like the rest. */
const SELF_SIGNUP = {
  id: "open-self-signup:ANYONE@acme-br.atlassian.net/jira-software",
  reason: "acme-br's Jira is open to customers by design",
  ticket: "ACC-14",
};
const TIMED = {
  id: "local-group-in-scim-lane:dept-legal",
  reason: "legal keeps its Jira Server group until the migration ends",
  until: "2026-12-31",
};

describe("engine: reviewed acceptances", function () {
  this.timeout(600_000);
  let sb: TestSandbox;
  let t: TestStack;

  const accept = (list: unknown[]) => t.stack.setConfig("e2e:accepted", { value: JSON.stringify(list) });

  /** `pulumi preview --refresh --expect-no-changes --json --show-sames`, as CI runs it; never throws on exit 7. */
  async function preview(): Promise<{ code: number; digest: unknown; lines: string[] }> {
    const args = ["preview", "--refresh", "--expect-no-changes", "--json", "--show-sames"];
    const { code, stdout } = await runCli(t, args, [0, 7]);
    const digest = JSON.parse(stdout) as { diagnostics?: { message?: string }[] };
    const lines = (digest.diagnostics ?? [])
      .flatMap((d) => (d.message ?? "").split("\n"))
      .filter((l) => l.includes("[atlassian-access]"));
    return { code, digest, lines };
  }

  before(async function () {
    requireEngine(this);
    sb = await startEngineSandbox();
    t = await openStack(PROGRAM, sandboxConfig(sb));
  });
  after(() => closeEngineStack(sb, t));

  it("refuses at preview an acceptance without a reason, a malformed id or date, and one that matches nothing", async () => {
    await accept([
      { id: "local-group-in-scim-lane:dept-legal", until: "2026-12-31" },
      { id: "dept-legal", reason: "r" },
      { id: "unclaimed-group:isc-*", reason: "r", until: "31/12/2026" },
      { id: "member-*", reason: "r" },
    ]);
    const { errors } = await failureOf(t.stack.preview());
    const reasons = errors
      .filter((e) => e.startsWith(`error: ${SPLIT}: `))
      .map((e) => e.replace(/^.* has a problem: /, ""));
    assert.deepEqual(reasons.sort(), [
      'acceptedFindings[0] "local-group-in-scim-lane:dept-legal" has no reason: an acceptance says why the finding may stand, e.g. { id: "local-group-in-scim-lane:dept-legal", reason: "kept until the Jira Server migration ends", until: "2027-03-31" }.',
      'acceptedFindings[1] "dept-legal" is not a finding id: ids look like "<kind>:<subject>", e.g. "unclaimed-group:old-admins", as listed in the unacceptedFindings output; end one with * to accept a family, e.g. "unclaimed-group:legacy-*".',
      'acceptedFindings[2] "unclaimed-group:isc-*" until "31/12/2026" is not a date: write YYYY-MM-DD (accepted through the end of that day, UTC) or an ISO-8601 time with a zone, e.g. "2027-03-31" or "2027-03-31T17:00:00Z".',
      `acceptedFindings[3] "member-*" matches no kind the OwnershipSplit reports, so it would accept nothing; the OwnershipSplit reports ${SPLIT_KINDS.join(", ")}.`,
    ]);
  });

  it("passes the refresh preview with a family pattern, a timed acceptance and a bare id (exit 0), and reports them", async () => {
    // The bare id (the form from before objects) still works, and an exact id settles its finding before a pattern.
    await accept([FAMILY, TIMED, BARE, DIRECT, SELF_SIGNUP]);
    const up = await t.stack.up();
    assert.deepEqual(up.outputs.unacceptedFindings.value, []);
    const p = await preview();
    assert.equal(p.code, 0, p.lines.join("\n"));
    assert.deepEqual(p.lines, [], "an accepted finding is not printed");
    const report = collect(p.digest);
    assert.deepEqual(
      [report.accepted, report.unaccepted],
      [[TIMED.id, SELF_SIGNUP.id, ...ISC_FAMILY, ...DIRECT_IDS].sort(), []],
    );
    assert.deepEqual(report.acceptances, [
      ...DIRECT_IDS.map((finding) => ({ finding, ...DIRECT, expired: false })),
      { finding: TIMED.id, ...TIMED, expired: false },
      { finding: SELF_SIGNUP.id, ...SELF_SIGNUP, expired: false },
      { finding: ISC_FAMILY[0], ...FAMILY, expired: false },
      { finding: ISC_FAMILY[1], ...FAMILY, expired: false },
      { finding: BARE, id: BARE, expired: false },
    ]);
  });

  it("fails the refresh preview again (exit 7) once the sandbox clock passes until, saying the acceptance expired", async () => {
    const res = await fetch(`${sb.url}/__sandbox/clock/set`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ time: "2027-01-01T00:00:05Z" }),
    });
    assert.equal(res.status, 200, await res.text());
    const p = await preview();
    assert.equal(p.code, 7);
    assert.deepEqual(
      p.lines.filter((l) => l.includes(TIMED.id)).map((l) => l.trim()),
      [
        `[atlassian-access] OwnershipSplit: ${TIMED.id} — Group "dept-legal" matches the scim lane but is a local group, not synced from the identity provider: a same-named local group blocks the IdP's group (group name conflict). Its acceptance "${TIMED.id}" expired on 2026-12-31 (reason: "${TIMED.reason}"). Fix: Accept or reject the sync of "dept-legal" in Atlassian admin, or rename the local group; if it is meant to stay local, narrow scim.groups and claim it in isc or pulumi. To keep accepting it, review it again and set a later until on its acceptedFindings entry.`,
      ],
    );
    assert.equal(p.lines.length, 1, "the families and the bare id still hold");
    const report = collect(p.digest);
    assert.deepEqual(report.unaccepted, [TIMED.id]);
    assert.deepEqual(
      report.acceptances.filter((a) => a.expired),
      [{ finding: TIMED.id, ...TIMED, expired: true }],
    );
  });
});
