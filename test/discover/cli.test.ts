// `atlassian-access discover`'s options and usage errors (provider/discover/options.ts, cli.ts); nothing here reaches an
// org (test/e2e/discover.test.ts runs it against the sandbox).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { configCommands, main, projectName } from "../../provider/discover/cli";
import { CONFIG_FLAGS, parseOptions, USAGE } from "../../provider/discover/options";
import { readConfig } from "../../provider/config";
import { captureIo } from "../helpers/io";

/** Runs main with no ATLASSIAN_ACCESS_* variable set, as on a machine where nothing is configured. */
async function run(argv: string[]) {
  const saved = Object.entries(process.env).filter(([k]) => k.startsWith("ATLASSIAN_ACCESS_"));
  for (const [k] of saved) delete process.env[k];
  try {
    const io = captureIo();
    return { code: await main(argv, io), out: io.out, err: io.err };
  } finally {
    for (const [k, v] of saved) process.env[k] = v;
  }
}

describe("discover options", () => {
  it("reads the output folder, lanes, sites, claim and the provider's keys as flags", () => {
    const o = parseOptions(
      [
        "discover",
        "--out",
        "adopted",
        "--lanes",
        "scim, pulumi",
        "--sites",
        "a.atlassian.net,b.atlassian.net",
        "--claim",
        "none",
        "--org-id",
        "o-1",
        "--actor-lanes",
        "{}",
      ],
      "/work",
    );
    assert.deepEqual(o, {
      out: "/work/adopted",
      lanes: ["pulumi", "scim"],
      sites: ["a.atlassian.net", "b.atlassian.net"],
      claim: "none",
      force: false,
      verbose: false,
      help: false,
      config: { orgId: "o-1", actorLanes: "{}" },
      connection: { stack: undefined, cwd: undefined, config: undefined },
    });
  });

  it("defaults to every lane, every site and code claiming the rest", () => {
    const o = parseOptions(["discover", "--out", "x"], "/w");
    assert.deepEqual([o.lanes, o.sites, o.claim], [["pulumi", "scim", "isc"], undefined, "pulumi"]);
  });

  it("takes every non-secret config key as a flag, and no secret", () => {
    assert.deepEqual(Object.values(CONFIG_FLAGS).sort(), [
      "accessLossAllowed",
      "accessLossLimit",
      "actorLanes",
      "apiKeyExpires",
      "apiUrl",
      "auditLookbackHours",
      "directoryId",
      "iscClientId",
      "iscSourceId",
      "iscUrl",
      "orgId",
      "paceToQuotas",
      "pollIntervalMs",
      "retryBaseDelayMs",
      "retryMaxDelayMs",
      "roleConsistencyTimeoutMs",
      "scimDirectoryId",
      "scimTokenExpires",
    ]);
  });
});

describe("discover cli", () => {
  it("prints its help with every flag and exits 0", async () => {
    const r = await run(["discover", "--help"]);
    assert.equal(r.code, 0);
    assert.equal(r.out, USAGE);
    for (const flag of [
      "--out",
      "--lanes",
      "--sites",
      "--claim",
      "--force",
      ...Object.keys(CONFIG_FLAGS).map((f) => `--${f}`),
    ])
      assert.ok(USAGE.includes(flag), flag);
    assert.match(USAGE, /ATLASSIAN_ACCESS_API_KEY, ATLASSIAN_ACCESS_SCIM_TOKEN, ATLASSIAN_ACCESS_ISC_CLIENT_SECRET/);
  });

  const refusals: [string, string[], RegExp][] = [
    ["a missing --out", ["discover"], /--out <dir> is required/],
    [
      "an unknown lane",
      ["discover", "--out", "x", "--lanes", "pulumi,okta"],
      /--lanes takes a comma-separated list of pulumi, scim, isc; got "pulumi,okta"/,
    ],
    ["a bad claim", ["discover", "--out", "x", "--claim", "isc"], /--claim must be pulumi or none, not "isc"/],
    [
      "a secret as a flag",
      ["discover", "--out", "x", "--api-key", "k"],
      /apiKey is a secret: set it in env ATLASSIAN_ACCESS_API_KEY, not as a flag/,
    ],
    [
      "an unknown option",
      ["discover", "--out", "x", "--stak", "dev"],
      /^atlassian-access: unknown option --stak for discover: did you mean --stack\? \(`atlassian-access discover --help` lists its options\)\n$/,
    ],
    ["a stray argument", ["discover", "extra", "--out", "x"], /unexpected argument "extra"/],
  ];
  for (const [what, argv, message] of refusals)
    it(`refuses ${what} with exit 2 in one line`, async () => {
      const r = await run(argv);
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      assert.match(r.err, /^atlassian-access: [^\n]+\n$/);
    });

  it("refuses a missing configuration with exit 2, naming each key's flag or env variable, and writes nothing", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "discover-cli-")), "adopted");
    const r = await run(["discover", "--out", out, "--directory-id", "d-1"]);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /atlassian-access:orgId is missing[^\n]*\n {4}\(discover: --stack, --config, --org-id or env ATLASSIAN_ACCESS_ORG_ID\)/,
    );
    assert.match(
      r.err,
      /atlassian-access:apiKey is missing[^\n]*\n {4}\(discover: --stack, --config or env ATLASSIAN_ACCESS_API_KEY\)/,
    );
    assert.doesNotMatch(r.err, /directoryId is missing/);
    assert.equal(fs.existsSync(out), false);
  });

  it("refuses to overwrite a program in --out without --force", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "discover-cli-"));
    fs.writeFileSync(path.join(out, "index.ts"), "// mine\n");
    const r = await run(["discover", "--out", out]);
    assert.equal(r.code, 2);
    assert.equal(r.err, `atlassian-access: ${out} already has index.ts; pass --force to overwrite them\n`);
    assert.equal(fs.readFileSync(path.join(out, "index.ts"), "utf8"), "// mine\n");
  });
});

describe("discover's next steps", () => {
  it("lists the config commands for the keys discover was given, secrets by their env variable only", () => {
    const values: Record<string, string> = {
      orgId: "o-1",
      directoryId: "d-1",
      apiKey: "sandbox-secret-key",
      actorLanes: '{"pulumi-ci":"pulumi"}',
    };
    const config = readConfig((k) => values[k.replace("atlassian-access:", "")], {});
    const lines = configCommands(config, new Set(Object.keys(values)));
    assert.deepEqual(lines, [
      "pulumi config set atlassian-access:orgId o-1",
      'pulumi config set --secret atlassian-access:apiKey "$ATLASSIAN_ACCESS_API_KEY"',
      "pulumi config set atlassian-access:directoryId d-1",
      `pulumi config set atlassian-access:actorLanes '{"pulumi-ci":"pulumi"}'`,
    ]);
    assert.ok(!lines.join("\n").includes("sandbox-secret-key"));
  });

  it("names the project after the output folder", () => {
    assert.equal(projectName("/tmp/acme adopted!"), "acme-adopted");
    assert.equal(projectName("/"), "atlassian-access-org");
    const cwd = process.cwd();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "acme-org-"));
    try {
      process.chdir(folder);
      assert.equal(projectName("."), path.basename(folder));
    } finally {
      process.chdir(cwd);
    }
  });

  it("keeps the project name of a Pulumi.yaml already in the folder (--force), so its stacks stay the project's", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "discover-project-"));
    fs.writeFileSync(path.join(folder, "Pulumi.yaml"), "name: atlassian-org\nruntime: nodejs\n");
    assert.equal(projectName(folder), "atlassian-org");
  });
});
