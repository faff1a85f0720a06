// Upgrade safety through the real Pulumi CLI (issue 21, item 7): a stack deployed with the package as last released
// (test/fixtures/releases, `npm pack` of the release commit) keeps working when the program's node_modules is upgraded
// to this checkout's build. The state holds what users' stacks hold: the release's inputs (with every program-wide
// hint), outputs, and the shim in `__provider`, which loads `atlassian-access/dist/provider/lifecycle/{registry,context}`
// from the program's folder at call time; that path is all an upgrade swaps. After the swap,
// `pulumi preview --refresh --expect-no-changes` must exit 0 with every resource "same" (no update, no replace), a
// plain `up` must change nothing, and `destroy` must delete what code made and forget what it adopted.
//
// The program (test/e2e/programs/upgrade) uses every resource kind and makes the classes send every hint. Each node
// process the engine starts records which copy of atlassian-access it resolved (a `--require` hook in NODE_OPTIONS), so
// the test proves that the release answered before the swap and only this build after it.
//
// Each release replaces the pinned tarball (test/fixtures/releases/README.md, scripts/pin-release.sh); the test runs
// once per tarball found there. The release's dependencies resolve to this checkout's node_modules (as an `npm install`
// of the new version would leave them); a release needing a dependency this checkout dropped fails to load, loudly.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stackConfig } from "../../sandbox/cli";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import {
  engineEnv,
  openStack,
  requireEngine,
  runCli,
  sandboxConfig,
  REPO_ROOT,
  type TestStack,
} from "../helpers/stack";

const RELEASES = path.join(REPO_ROOT, "test", "fixtures", "releases");
const PROGRAM = path.join(REPO_ROOT, "test", "e2e", "programs", "upgrade");
const tarballs = fs
  .readdirSync(RELEASES)
  .filter((f) => /^atlassian-access-.+\.tgz$/.test(f))
  .sort();

/**
 * The program-wide hints each pinned release stores as inputs, per resource type (across the program's resources of
 * that type): the test checks the program really makes the release send them. Pinning a release adds its line.
 */
const STORED_HINTS: Record<string, Record<string, string[]>> = {
  "0.1.0": {
    Group: ["splitLanes", "splitPatterns"],
    GroupMember: ["groupMaxDuration", "groupMembersManaged", "groupOwner", "splitLanes", "splitPatterns"],
    OwnershipSplit: ["declared", "selfSignupDomains"],
  },
};
const KINDS = ["Group", "GroupMember", "AppAccess", "OwnershipSplit", "Admins", "AppAccessSettings"];

/** Loaded by every node process the engine starts: appends which file each `atlassian-access` require resolved to. */
const LOAD_HOOK = `
const Module = require("node:module");
const fs = require("node:fs");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const file = resolve.call(this, request, ...rest);
  if (request === "atlassian-access" || request.startsWith("atlassian-access/"))
    fs.appendFileSync(process.env.UPGRADE_TEST_LOAD_LOG, JSON.stringify({ pid: process.pid, request, file }) + "\\n");
  return file;
};
`;

interface Step {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
}
interface Digest {
  steps?: Step[];
  changeSummary?: Record<string, number>;
  diagnostics?: { message?: string; severity?: string }[];
}

for (const tarball of tarballs) {
  const version = /^atlassian-access-(.+)\.tgz$/.exec(tarball)![1];

  describe(`engine: upgrade from the pinned release ${version} to this build`, function () {
    this.timeout(240_000);
    let sb: TestSandbox;
    let t: TestStack;
    let tmp: string;
    let programDir: string;
    let installed: string;
    let loadLog: string;
    /** Custom resources of the stack, plus the stack itself: the count every step of a no-change run is "same" for. */
    let resourceCount = 0;
    /** Set once the release's stack is up and clean: the later steps mean nothing without it. */
    let baseline = false;

    before(async function () {
      requireEngine(this);
      tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "atlassian-access-upgrade-")));
      programDir = path.join(tmp, "program");
      installed = path.join(programDir, "node_modules", "atlassian-access");
      loadLog = path.join(tmp, "loads.jsonl");
      fs.mkdirSync(installed, { recursive: true });
      for (const f of ["Pulumi.yaml", "index.js"]) fs.copyFileSync(path.join(PROGRAM, f), path.join(programDir, f));
      // The release as `npm install` lays it out (package/ stripped), its dependencies beside it.
      execFileSync("tar", ["xzf", path.join(RELEASES, tarball), "-C", installed, "--strip-components=1"]);
      for (const dep of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
        if (dep === "atlassian-access" || dep.startsWith(".")) continue;
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules", dep), path.join(programDir, "node_modules", dep));
      }
      const hook = path.join(tmp, "load-hook.js");
      fs.writeFileSync(hook, LOAD_HOOK);
      const engine = engineEnv();
      engine.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(hook)}`.trim();
      engine.env.UPGRADE_TEST_LOAD_LOG = loadLog;
      sb = await startEngineSandbox();
      // Every connection the demo configures (SCIM, ISC, actorLanes), so the split reads what users' splits read.
      t = await openStack(programDir, sandboxConfig(sb, stackConfig(sb.url, sb.store.world)), engine);
    });
    after(async () => {
      await t?.stack.workspace.removeStack(t.stack.name, { force: true }).catch(() => undefined);
      await sb?.close();
      if (t) fs.rmSync(path.dirname(t.engine.home), { recursive: true, force: true });
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    /** The atlassian-access files the engine's node processes resolved since the last call, by request. */
    function loads(): { request: string; file: string }[] {
      const text = fs.existsSync(loadLog) ? fs.readFileSync(loadLog, "utf8") : "";
      fs.rmSync(loadLog, { force: true });
      const seen = new Set<string>();
      return text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { request: string; file: string })
        .filter((l) => !seen.has(`${l.request} ${l.file}`) && seen.add(`${l.request} ${l.file}`));
    }

    /** Both the program and the provider process loaded atlassian-access from `root`, and from nowhere else. */
    function assertLoadedFrom(root: string) {
      const all = loads();
      const elsewhere = all.filter((l) => !l.file.startsWith(root + path.sep));
      assert.deepEqual(elsewhere, [], `atlassian-access loaded from outside ${root}`);
      const requests = new Set(all.map((l) => l.request));
      assert.ok(requests.has("atlassian-access"), "the program loaded atlassian-access");
      // The stored shim's requires: the provider process ran the lifecycle from `root`.
      assert.ok(requests.has("atlassian-access/dist/provider/lifecycle/context"), "the shim loaded context");
      assert.ok(requests.has("atlassian-access/dist/provider/lifecycle/registry"), "the shim loaded registry");
    }

    /** `pulumi <command> --json` (preview's digest), exit 0 or 7; the steps that are not "same" or a refresh. */
    async function previewDigest(args: string[]) {
      const { code, stdout } = await runCli(t, [...args, "--json"], [0, 7]);
      const digest = JSON.parse(stdout) as Digest;
      const changed = (digest.steps ?? [])
        .filter((s) => s.op !== "same" && s.op !== "refresh")
        .map((s) => `${s.op} ${s.urn.split("::").pop()} (diff: ${[...(s.diffReasons ?? [])].join(", ")})`);
      const errors = (digest.diagnostics ?? [])
        .filter((d) => d.severity === "error" || (d.message ?? "").includes("[atlassian-access]"))
        .map((d) => (d.message ?? "").trim());
      return { code, digest, why: [...changed, ...errors].join("\n") };
    }

    it(`deploys every resource kind and hint with the release ${version}`, async () => {
      const res = await t.stack.up();
      assert.equal(res.summary.result, "succeeded");
      assertLoadedFrom(installed);
      const resources = (await t.stack.exportStack()).deployment.resources as {
        type: string;
        inputs?: Record<string, unknown>;
      }[];
      const custom = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/atlassian:"));
      resourceCount = custom.length + 1;
      assert.deepEqual(res.summary.resourceChanges, { create: resourceCount });
      const kinds = new Set(custom.map((r) => r.type.split(":").pop()!));
      assert.deepEqual([...kinds].sort(), [...KINDS].sort());
      const hints = STORED_HINTS[version];
      assert.ok(hints, `STORED_HINTS has no line for the pinned release ${version}: add the hint inputs it stores`);
      for (const [kind, keys] of Object.entries(hints)) {
        const stored = new Set(
          custom.filter((r) => r.type.endsWith(`:${kind}`)).flatMap((r) => Object.keys(r.inputs ?? {})),
        );
        assert.deepEqual(
          keys.filter((k) => !stored.has(k)),
          [],
          `${kind} inputs stored by ${version}: ${[...stored].join(", ")}`,
        );
      }
    });

    it(`is clean on the release's own refresh preview (the baseline)`, async () => {
      const p = await previewDigest(["preview", "--refresh", "--expect-no-changes"]);
      assert.equal(p.code, 0, p.why);
      assertLoadedFrom(installed);
      baseline = true;
    });

    it("upgraded to this build, preview --refresh --expect-no-changes exits 0: every resource same, none updated or replaced", async function () {
      if (!baseline) this.skip();
      // What `npm install atlassian-access@next` does to the program folder; this checkout is the next version
      // (scripts/link-self.js links it the same way). The release's files are gone: nothing can load them.
      fs.rmSync(installed, { recursive: true });
      fs.symlinkSync(REPO_ROOT, installed, "dir");
      const p = await previewDigest(["preview", "--refresh", "--expect-no-changes"]);
      assert.equal(p.code, 0, p.why);
      assert.deepEqual(p.digest.changeSummary, { same: resourceCount }, p.why);
      assertLoadedFrom(REPO_ROOT);
    });

    it("upgraded, a plain up changes nothing", async function () {
      if (!baseline) this.skip();
      const res = await t.stack.up();
      assert.deepEqual(res.summary.resourceChanges, { same: resourceCount });
      assertLoadedFrom(REPO_ROOT);
    });

    it("upgraded, destroy deletes the groups code made and forgets those it adopted or only verified", async function () {
      if (!baseline) this.skip();
      const res = await t.stack.destroy();
      assert.deepEqual(res.summary.resourceChanges, { delete: resourceCount });
      const groups = new Set(sb.store.world.org.groups.map((g) => g.name));
      for (const made of ["upg-admins", "upg-temps", "upg-adopted"]) assert.ok(!groups.has(made), `${made} deleted`);
      for (const kept of ["contractors", "dept-engineering", "isc-jira-requesters"])
        assert.ok(groups.has(kept), `${kept} kept`);
      assert.ok(
        sb.store.world.org.appAccess?.some((d) => d.domain === "acme.example" && d.products.length > 0),
        "the adopted self-signup settings are kept",
      );
      // destroy runs only the provider (no program): its lifecycle came from this build too.
      const all = loads();
      assert.ok(all.length > 0 && all.every((l) => l.file.startsWith(REPO_ROOT + path.sep)), JSON.stringify(all));
    });
  });
}
