// The README's demo (`npm run demo`, scripts/demo.sh) through the real CLI: the seed stories end in a failing drift
// preview, `atlassian-access report --stack` (Automation API) names each story's cause, and after each lane fixes its
// own and a reviewer accepts the rest, the preview is clean.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { engineEnv, requireEngine, REPO_ROOT } from "../helpers/stack";

const run = promisify(execFile);

interface ReportFinding {
  id: string;
  kind: string;
  subject: string;
  lane: string;
  actor?: string;
  evidence?: string[];
}

describe("engine: the README demo", function () {
  this.timeout(600_000);
  let out = "";
  let dir = "";

  before(async function () {
    requireEngine(this);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlassian-access-demo-"));
    const engine = engineEnv();
    try {
      ({ stdout: out } = await run("bash", ["scripts/demo.sh"], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          PATH: engine.env.PATH,
          DEMO_DIR: dir,
          DEMO_STACK: `tdemo${Date.now().toString(36)}${randomBytes(3).toString("hex")}`,
          DEMO_SKIP_BUILD: "1",
          // Each CLI run is a new provider process, so the events API's 10 a minute would be sat out between runs.
          DEMO_SANDBOX_SETTINGS: JSON.stringify({ eventsRateLimit: false }),
        },
        maxBuffer: 64 << 20,
      }));
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      const tail = `${(err.stdout ?? "").slice(-6000)}\n${(err.stderr ?? "").slice(-4000)}`;
      throw new Error(`demo exited ${err.code}:\n${tail}`, { cause: e });
    }
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("plays the stories into a drift preview that fails with exit 7, and a report that exits 7", () => {
    assert.match(out, /preview exit code: 7/);
    assert.match(out, /report exit code: 7/);
  });

  it("reports each seed story with its kind, subject, lane and the actor that caused it", () => {
    const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8")) as {
      findings: ReportFinding[];
      unaccepted: string[];
      resources: { name: string; op: string; gone: boolean }[];
    };
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    const expect = (id: string, lane: string, actor: string, evidence: RegExp) => {
      const f = byId.get(id);
      assert.ok(f, `no ${id} in the report; it has ${[...byId.keys()].join(", ")}`);
      assert.equal(f.lane, lane, `${id} lane`);
      assert.equal(f.actor, actor, `${id} actor`);
      assert.ok(
        (f.evidence ?? []).some((e) => evidence.test(e)),
        `${id} evidence ${JSON.stringify(f.evidence)}`,
      );
      assert.ok(report.unaccepted.includes(id), `${id} is unaccepted`);
    };
    const person = "person:alex.admin@acme.example";
    expect("isc-create-race:j.smith@acme.example", "scim", "isc", /^isc-activity:/);
    expect("code-group-member-added:jira-admins/chloe.arden@acme.example", "pulumi", person, /^event:/);
    for (const region of ["eu", "us", "uk", "de", "fr", "jp", "br", "ca", "au", "in"]) {
      expect(
        `app-access-lost-with-group:dept-support@acme-${region}.atlassian.net/jira-servicedesk/atlassian/user`,
        "pulumi",
        "scim",
        /^event:/,
      );
      const r = report.resources.find((x) => x.name === `acme-${region}-support-jsm`);
      assert.deepEqual(r && { op: r.op, gone: r.gone }, { op: "create", gone: true });
    }
    expect("invited-unlinked:pat.lee@acme.example", "scim", person, /^scim-user:/);
    expect("duplicate-person:m.garcia@acme.example", "scim", person, /^account:/);
    expect("group-name-conflict:dept-legal", "scim", "scim", /^scim-group:/);
    assert.equal(report.unaccepted.length, 15, report.unaccepted.join("\n"));
  });

  it("renders the same findings as Markdown grouped by lane for the PR comment", () => {
    const md = fs.readFileSync(path.join(dir, "report.md"), "utf8");
    assert.match(md, /^## Atlassian access: 15 unaccepted findings, 13 resources differ/m);
    assert.match(md, /^### Code \(pulumi lane\): 11 findings/m);
    assert.match(md, /^### SCIM lane: 4 findings/m);
    assert.match(md, /\| `isc-create-race` \| j\.smith@acme\.example \|.*\| isc \|/);
    // the report the demo printed is this one
    assert.ok(out.includes("### SCIM lane: 4 findings"));
  });

  it("ends clean: each lane fixed its own, up repaired code's, the rest accepted", () => {
    assert.match(out, /pulumi up --refresh: code repairs its lane[\s\S]*11 created[\s\S]*2 updated/);
    assert.match(out, /56 unchanged\s+preview exit code: 0/);
  });
});
