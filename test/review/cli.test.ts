// `atlassian-access review start` against the sandbox, through the CLI's dispatch: the review folder (a CSV per
// reviewer, manifest.json, README.md) for the rows the `access` command lists, routed by the reviewer mapping; its
// refusals (a started review, a bad mapping, a missing --name or subcommand).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { main } from "../../provider/cli/main";
import { DIRECT_GRANT, DORMANT_CONTRACTOR } from "../../sandbox/scenarios/acme-access";
import { sandboxConfigFile, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { captureIo } from "../helpers/io";
import { REVIEW_COLUMNS, rowId, type ReviewManifest } from "../../provider/rules/review";
import { readReviewFolder } from "../../provider/review/files";
import { checkReviewFolder } from "../../provider/rules/review-check";

describe("atlassian-access review start", function () {
  this.timeout(120_000);
  let sb: TestSandbox;
  let dir: string;
  let config: string;
  let reviewers: string;

  const run = async (...args: string[]) => {
    const io = captureIo();
    const code = await main(["review", ...args], io);
    return { code, out: io.out, err: io.err };
  };

  before(async () => {
    sb = await startTestSandbox();
    ({ dir, config } = sandboxConfigFile(sb, "review-cli-"));
    reviewers = path.join(dir, "reviewers.json");
    fs.writeFileSync(
      reviewers,
      JSON.stringify({ groups: { contractors: "cara@acme.example" }, lanes: { direct: "it@acme.example" } }),
    );
  });
  after(async () => {
    await sb?.close();
  });

  it("writes one CSV per reviewer, the manifest and a README, for the rows the filters let through", async () => {
    const r = await run(
      ...["start", "--config", config, "--name", "2026-q4", "--dir", path.join(dir, "reviews")],
      ...["--lane", "direct", "--product", DIRECT_GRANT.product, "--product", DORMANT_CONTRACTOR.product],
      ...["--reviewers", reviewers, "--due", "2026-12-31"],
    );
    assert.equal(r.code, 0, r.err);
    const folder = path.join(dir, "reviews", "2026-q4");
    assert.deepEqual(fs.readdirSync(folder).sort(), ["README.md", "it@acme.example.csv", "manifest.json"]);
    const rows = parse<Record<string, string>>(fs.readFileSync(path.join(folder, "it@acme.example.csv"), "utf8"), {
      columns: true,
    });
    assert.deepEqual(Object.keys(rows[0]), [...REVIEW_COLUMNS]);
    assert.deepEqual(
      rows.map((x) => [x.email, x.site, x.product, x.role, x.via, x.lane, x.decision, x.reason]),
      [
        [DIRECT_GRANT.email, DIRECT_GRANT.site, DIRECT_GRANT.product, DIRECT_GRANT.role, "direct", "direct", "", ""],
        [
          DORMANT_CONTRACTOR.email,
          DORMANT_CONTRACTOR.site,
          DORMANT_CONTRACTOR.product,
          "atlassian/user",
          "direct",
          "direct",
          "",
          "",
        ],
      ],
    );
    for (const x of rows) assert.equal(x.id, rowId(x as never));
    assert.equal(rows[1].last_active, DORMANT_CONTRACTOR.lastActive);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, "manifest.json"), "utf8")) as ReviewManifest;
    assert.deepEqual(
      [manifest.name, manifest.due, manifest.files, manifest.filters, manifest.rows.map((m) => m.id)],
      [
        "2026-q4",
        "2026-12-31",
        { "it@acme.example": "it@acme.example.csv" },
        { products: [DIRECT_GRANT.product, DORMANT_CONTRACTOR.product], lanes: ["direct"] },
        rows.map((x) => x.id),
      ],
    );
    assert.match(fs.readFileSync(path.join(folder, "README.md"), "utf8"), /^# Access review 2026-q4\n/);
    assert.equal(
      r.out,
      `Review 2026-q4: 2 rows in ${folder}\n  ${folder}/it@acme.example.csv  2 rows  reviewer it@acme.example\nCODEOWNERS lines route each file to its reviewer, e.g.\n  /${folder}/it@acme.example.csv @<reviewer>\n`,
    );
    // Read back as the AccessReview class reads it: well-formed, every row at its line.
    const back = readReviewFolder(folder);
    assert.deepEqual(checkReviewFolder(back), []);
    assert.deepEqual(
      back.rows.map((x) => x.line),
      [2, 3],
    );
  });

  it("reads the reviewer mapping from YAML, and refuses YAML that does not parse", async () => {
    const yaml = path.join(dir, "reviewers.yaml");
    fs.writeFileSync(yaml, "# who reviews what\nlanes:\n  direct: desk@acme.example\n");
    const r = await run(
      ...["start", "--config", config, "--name", "yaml", "--dir", path.join(dir, "reviews"), "--lane", "direct"],
      ...["--product", DIRECT_GRANT.product, "--reviewers", yaml, "--format", "json"],
    );
    assert.equal(r.code, 0, r.err);
    const listed = JSON.parse(r.out) as { files: { reviewer: string; rows: number }[] };
    assert.deepEqual(listed.files, [
      { reviewer: "desk@acme.example", file: path.join(dir, "reviews", "yaml", "desk@acme.example.csv"), rows: 1 },
    ]);
    fs.writeFileSync(yaml, "lanes: [direct\n");
    const bad = await run("start", "--config", config, "--name", "yaml2", "--reviewers", yaml);
    assert.equal(bad.code, 2);
    assert.match(bad.err, new RegExp(`^atlassian-access: --reviewers ${yaml} is not YAML: `));
  });

  it("refuses to start a review whose folder exists", async () => {
    const r = await run("start", "--config", config, "--name", "2026-q4", "--dir", path.join(dir, "reviews"));
    assert.equal(r.code, 1);
    assert.equal(
      r.err
        .split("\n")
        .filter((l) => l.startsWith("atlassian-access:"))
        .join("\n"),
      `atlassian-access: ${path.join(dir, "reviews", "2026-q4")} exists: a review is started once. Pick another --name, or delete the folder to start over.`,
    );
  });

  it("refuses evidence of a folder the review's check refuses, with its first problem (exit 1)", async () => {
    const reviews = path.join(dir, "reviews");
    const folder = path.join(reviews, "2026-q4-twice");
    fs.cpSync(path.join(reviews, "2026-q4"), folder, { recursive: true });
    const csv = path.join(folder, "it@acme.example.csv");
    const [, first] = fs.readFileSync(csv, "utf8").split("\n");
    fs.appendFileSync(csv, `${first}\n`);
    const r = await run("evidence", "--config", config, "--name", "2026-q4-twice", "--dir", reviews);
    assert.equal(r.code, 1, r.err);
    assert.equal(
      r.err,
      `atlassian-access: ${folder}/it@acme.example.csv line 4: id "${first.split(",")[0]}": this row appears twice in the review: keep one line per id and delete the other.\n`,
    );
    assert.ok(!fs.existsSync(path.join(folder, "evidence")), "no evidence written");
  });

  it("refuses a bad command line with its usage (exit 2)", async () => {
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ lanes: { direct: "it-team" } }));
    const clash = path.join(dir, "clash.json");
    fs.writeFileSync(clash, JSON.stringify({ groups: { contractors: "a!b@x.com" }, lanes: { direct: "A_b@x.com" } }));
    const cases: [string[], string][] = [
      [["start", "--config", config], "--name is required: the review's name, e.g. 2026-q4"],
      [["start", "--name", "q4/x"], `--name must be letters, digits, ".", "_" or "-", e.g. 2026-q4; got "q4/x"`],
      [["stop", "--name", "x"], `unknown review command "stop": start or evidence`],
      [[], "missing review command: start or evidence"],
      [
        ["start", "--config", config, "--name", "x", "--dir", dir, "--reviewers", bad],
        `--reviewers ${bad}: lanes.direct must be an email address; expected {"groups": {"<group or pattern>": "<email>"}, "lanes": {"<lane>": "<email>"}}`,
      ],
      [
        ["start", "--config", config, "--name", "clash", "--dir", dir, "--reviewers", clash],
        `--reviewers ${clash}: a!b@x.com and a_b@x.com would share the file a_b@x.com.csv (a file name keeps letters, digits and @._+-), and one's rows would overwrite the other's; name one reviewer by another address.`,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await run(...args);
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.err.split("\n")[0], `atlassian-access: ${message}`);
    }
  });

  it("prints its usage with an example on --help", async () => {
    const r = await run("--help");
    assert.equal(r.code, 0);
    assert.match(r.out, /^Usage: atlassian-access review start --name <name> \[options\]\n/);
    assert.match(r.out, /npx atlassian-access review start --stack prod --name 2026-q4/);
  });
});
