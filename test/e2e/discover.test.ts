// `atlassian-access discover` through the real Pulumi CLI (issue #13, item 1): it reads an org without a write and
// writes a TypeScript program; that program's `pulumi up` writes nothing to Atlassian (the sandbox's request log shows
// no write), and the `pulumi preview --refresh --expect-no-changes` after it exits 0. Once on the acme org after the
// README demo's seed stories, once on a generated org of 500 groups.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { stackConfig } from "../../sandbox/cli";
import { visibleRoles } from "../../sandbox/org/ops";
import { envName } from "../../provider/config";
import { requestsByEndpoint } from "../../sandbox/scenarios/scale-program";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import { sandboxControl } from "../helpers/split-preview";
import {
  engineEnv,
  openStack,
  requireEngine,
  runCli,
  sandboxConfig,
  REPO_ROOT,
  type TestStack,
} from "../helpers/stack";

const run = promisify(execFile);
const MAIN = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
const DAY = "2026-11-23";

/** Requests that change something (searches and the workspaces query are reads sent as POST). */
const writesOf = (sb: TestSandbox, from: number) =>
  sb.store.world.requests
    .slice(from)
    .filter((r) => r.api !== "controls" && r.method !== "GET" && !/\/search$|\/workspaces$|\/token$/.test(r.path))
    .map((r) => `${r.method} ${r.path}`);

/** `discover` as a user runs it: the package's bin, the provider's configuration from env. */
async function discover(config: ConfigMap, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(config))
    if (k.startsWith("atlassian-access:")) env[envName(k.slice("atlassian-access:".length))] = v.value;
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, "discover", ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

/** A folder for the generated program whose `atlassian-access` and `@pulumi/pulumi` resolve to this repo's. */
function outDir(prefix: string): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), `discover-${prefix}-`));
  const dir = path.join(parent, "adopted");
  fs.mkdirSync(dir);
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** The generated split's accepted ids, read back from index.ts. */
const acceptedIds = (index: string) =>
  [...index.matchAll(/^ {6}id: "([^"]+)",$|^ {4}\{ id: "([^"]+)"/gm)].map((m) => m[1] ?? m[2]);

describe("engine: discover adopts an org as it is", function () {
  this.timeout(600_000);

  describe("the acme org after the seed stories", () => {
    let sb: TestSandbox;
    let config: ConfigMap;
    let acme: TestStack;
    let t: TestStack;
    let dir: string;

    const control = (route: string, body: unknown = {}) => sandboxControl(sb, route, body);

    before(async function () {
      requireEngine(this);
      sb = await startEngineSandbox();
      config = sandboxConfig(sb, stackConfig(sb.url, sb.store.world));
      // The README demo: the acme example converges, then the seed stories play (scripts/demo.sh).
      acme = await openStack(REPO_ROOT, config);
      await runCli(acme, ["up", "--yes", "--skip-preview"]);
      await control("/clock/set", { time: "2026-11-23T15:00:00Z" });
      await control("/idp/sync");
      await control("/clock/set", { time: "2026-11-23T15:30:00Z" });
      await control("/isc/access-request", { email: "j.smith@acme.example", group: "isc-jira-requesters" });
      await control("/admin/group-members", { group: "jira-admins", email: "chloe.arden@acme.example" });
      await control("/idp/groups", { displayName: "dept-support", delete: true });
      await control("/idp/sync");
      await control("/admin/invite", { email: "pat.lee@acme.example", name: "Pat Lee", claimStatus: "unmanaged" });
      await control("/idp/users", {
        mail: "pat.lee@acme.example",
        displayName: "Pat Lee",
        groups: ["dept-engineering"],
      });
      await control("/idp/sync");
      dir = outDir("acme");
    });
    after(async () => {
      for (const s of [t, acme]) await s?.stack.workspace.removeStack(s.stack.name, { force: true }).catch(() => 0);
      await sb?.close();
    });

    it("reads the org without a write and writes the program: lanes inferred, findings accepted", async () => {
      const from = sb.store.world.requests.length;
      const res = await discover(config, ["--out", dir]);
      assert.equal(res.code, 0, res.stderr);
      assert.deepEqual(writesOf(sb, from), []);
      assert.deepEqual(fs.readdirSync(dir).sort(), [
        ".gitignore",
        "Pulumi.yaml",
        "index.ts",
        "node_modules",
        "package.json",
        "tsconfig.json",
      ]);
      const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
      const dept = ["engineering", "finance", "hr", "it", "marketing", "sales"].map((d) => `"dept-${d}"`);
      assert.ok(
        index.includes(
          `  scim: {\n    groups: [\n      "all-employees",\n      ${dept.join(",\n      ")},\n    ],\n  },\n`,
        ),
        index,
      );
      assert.ok(index.includes(`  isc: { groups: ["isc-*"] },\n`), index);
      assert.ok(
        index.includes(`  pulumi: {\n    groups: ["contractors", "dept-legal", "jira-admins", "site-admins"],\n  },\n`),
        index,
      );
      // The deleted group is one cause (its 10 lost grants inside it): accepting the cause accepts them all.
      // The roles acme's people hold directly (Quinn's JSM, Kim's Confluence): the split reports them, so they are accepted.
      assert.deepEqual(acceptedIds(index), [
        "direct-user-access:kim.novak@northwind.example/acme-uk.atlassian.net/confluence/atlassian/user",
        "direct-user-access:quinn.arden@acme.example/acme-de.atlassian.net/jira-servicedesk/atlassian/user",
        "duplicate-person:m.garcia@acme.example",
        "group-deleted:dept-support",
        "group-name-conflict:dept-legal",
        "invited-unlinked:pat.lee@acme.example",
        "isc-create-race:j.smith@acme.example",
        // acme's ANYONE self-signup (issue 14): accepted at adoption like the rest, for a reviewer to settle.
        "open-self-signup:ANYONE@acme-br.atlassian.net/jira-software",
      ]);
      assert.equal((index.match(new RegExp(`reason: "found at adoption on ${DAY}"`, "g")) ?? []).length, 8);
      // jira-admins adopted with the members it has now, chloe.arden's hand-made addition included.
      assert.ok(
        index.includes(
          `const jiraAdmins = new access.Group("jira-admins", {\n  name: "jira-admins",\n  description:\n    "Jira administrators on every site (managed by atlassian-access)",\n  owner: "pulumi",\n  members: [\n    "ana.arden@acme.example",\n    "ben.arden@acme.example",\n    "chloe.arden@acme.example",\n  ],\n  adopt: true,\n});\n`,
        ),
        index,
      );
      // The 40 grants that stand: four per site, in one loop over the ten sites.
      assert.equal(visibleRoles(sb.store).length, 40);
      assert.equal((index.match(/new access\.AppAccess\(/g) ?? []).length, 4);
      assert.ok(index.includes("for (const site of SITES) {\n"), index);
      assert.match(res.stdout, /AppAccess: 40 on 10 site\(s\)/);
      assert.match(res.stderr, /^discover: reading the org/m);
    });

    it("refuses, with exit 2 and before writing a file, a site the org does not have and files already there", async () => {
      const other = outDir("acme-refusals");
      const site = await discover(config, ["--out", other, "--sites", "acme-eu.atlassian.net,acme-xx.atlassian.net"]);
      assert.equal(site.code, 2);
      assert.match(
        site.stderr,
        /--sites names "acme-xx\.atlassian\.net", not a site of the org; its sites: acme-au\.atlassian\.net, /,
      );
      assert.deepEqual(fs.readdirSync(other), ["node_modules"]);
      const again = await discover(config, ["--out", dir]);
      assert.equal(again.code, 2);
      assert.match(
        again.stderr,
        /already has index\.ts, Pulumi\.yaml, package\.json, tsconfig\.json, \.gitignore; pass --force/,
      );
    });

    it("adopts it: pulumi up of the generated program writes nothing", async () => {
      t = await openStack(dir, config);
      const from = sb.store.world.requests.length;
      const up = await runCli(t, ["up", "--yes", "--skip-preview"]);
      // The split, 4 groups of code's, dept-engineering (SCIM's), isc-jira-requesters (ISC's), 40 grants, the stack.
      assert.match(up.stdout, /\+ 48 created/);
      assert.deepEqual(writesOf(sb, from), []);
      // The split found at up exactly what discover accepted.
      const state = await t.stack.exportStack();
      const split = state.deployment.resources.find((r: { urn: string }) =>
        r.urn.endsWith("OwnershipSplit::ownership"),
      );
      const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
      assert.deepEqual(
        split.outputs.findings.map((f: { id: string }) => f.id),
        acceptedIds(index),
      );
      assert.deepEqual(split.outputs.unacceptedFindings, []);
    });

    it("previews clean afterwards: preview --refresh --expect-no-changes exits 0", async () => {
      const res = await runCli(t, ["preview", "--refresh", "--expect-no-changes"], [0, 7]);
      assert.equal(res.code, 0, res.stdout.slice(-4000));
    });
  });

  describe("a generated org of 500 groups, two of its sites", () => {
    const SCENARIO = "scale:groups=500,users=600,members=1500,grants=120,events=100";
    const SITES = ["acme-eu.atlassian.net", "acme-us.atlassian.net"];
    let sb: TestSandbox;
    let config: ConfigMap;
    let t: TestStack;
    let dir: string;

    /** The role assignments on the two sites, as reads see them. */
    const inScope = () => {
      const ids = sb.store.world.org.workspaces.filter((w) => SITES.includes(w.host)).map((w) => w.id);
      return visibleRoles(sb.store).filter((r) => ids.includes(r.resourceId));
    };
    const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

    before(async function () {
      requireEngine(this);
      sb = await startEngineSandbox({ scenario: SCENARIO });
      config = sandboxConfig(sb, stackConfig(sb.url, sb.store.world));
      dir = outDir("scale");
    });
    after(async () => {
      await t?.stack.workspace.removeStack(t.stack.name, { force: true }).catch(() => undefined);
      await sb?.close();
    });

    it("reads it in the org's lists and a request per site × role held, without a write", async () => {
      const from = sb.store.world.requests.length;
      const res = await discover(config, ["--out", dir, "--sites", SITES.join(",")]);
      assert.equal(res.code, 0, res.stderr);
      assert.deepEqual(writesOf(sb, from), []);
      const counts = requestsByEndpoint(sb.store.world.requests.slice(from).filter((r) => r.api !== "controls"));
      const { org, scim } = sb.store.world;
      const report = JSON.stringify(counts);
      // Each list once, at its largest page (100), and nothing per group.
      assert.equal(counts["org groups search"], pages(org.groups.length), report);
      assert.equal(counts["org users search"], pages(org.users.length), report);
      assert.equal(counts["scim users"], pages(scim.users.length), report);
      assert.equal(counts["scim groups"], pages(scim.groups.length), report);
      assert.ok(!Object.keys(counts).some((k) => /\{id\}|by name|members|by email/.test(k)), report);
      // App access: per role one search over the two sites' 6 products, then one per site × role found held.
      const roles = inScope();
      const held = new Set(roles.map((r) => `${r.resourceId} ${r.roleId}`)).size;
      // The generated split is org-wide, so its usage read (direct-user-access; org/usage.ts) is too: per
      // role a group holds, one search per product of the org; the two sites' pairs are the searches above, shared.
      const heldRoles = new Set(visibleRoles(sb.store).map((r) => r.roleId)).size;
      assert.equal(
        counts["org groups by site and role"],
        9 + held + (heldRoles * org.workspaces.length - held),
        report,
      );

      const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
      assert.ok(index.includes(`  scim: { groups: ["all-employees", "dept-*"] },\n`), index.slice(0, 2000));
      assert.ok(index.includes(`  isc: { groups: ["isc-*"] },\n  pulumi: { groups: ["team-*"] },\n`));
      const team = org.groups.filter((g) => g.name.startsWith("team-")).length;
      assert.equal((index.match(/ {2}adopt: true,\n/g) ?? []).length, team);
      assert.equal(res.stdout.split("\n")[3], `  AppAccess: ${roles.length} on 2 site(s)`);
    });

    it("adopts it: pulumi up of the generated program writes nothing", async () => {
      // The split, team-* adopted, the SCIM and ISC groups holding app access on the two sites, each grant, the stack.
      const { org } = sb.store.world;
      const roles = inScope();
      const holders = new Set(roles.map((r) => org.groups.find((g) => g.id === r.groupId)!.name));
      const team = org.groups.filter((g) => g.name.startsWith("team-")).map((g) => g.name);
      const resources = 1 + new Set([...team, ...holders]).size + roles.length + 1;
      const engine = engineEnv();
      // Engine-side speed only, as the bench runs it: no state rewrite after each step, and no type check of the
      // 2,000-line program (the acme case type-checks the same generator's output), so nothing the provider sends changes.
      engine.env.PULUMI_SKIP_CHECKPOINTS = "true";
      engine.env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
      t = await openStack(dir, config, engine);
      const from = sb.store.world.requests.length;
      const up = await runCli(t, ["up", "--yes", "--skip-preview"]);
      assert.match(up.stdout, new RegExp(`\\+ ${resources} created`));
      assert.deepEqual(writesOf(sb, from), []);
    });

    it("previews clean afterwards: preview --refresh --expect-no-changes exits 0", async () => {
      const res = await runCli(t, ["preview", "--refresh", "--expect-no-changes"], [0, 7]);
      assert.equal(res.code, 0, res.stdout.slice(-4000));
    });
  });
});
