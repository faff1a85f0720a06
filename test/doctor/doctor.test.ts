// `atlassian-access doctor` against the sandbox, through the CLI's dispatch: a healthy configuration passes reading only;
// a key created without some scopes fails those calls naming each scope; an API key no actorLanes entry maps is listed
// with the `pulumi config set` line that maps it; configuration, SCIM and ISC faults each get their own line; secrets
// never appear; --stack reads the stack's config from the Pulumi CLI's stdout, never from a file.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../provider/cli/main";
import { main as doctor } from "../../provider/doctor/cli";
import type { Check } from "../../provider/doctor/types";
import { stackConfig } from "../../sandbox/cli";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { call, orgPath, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { captureIo } from "../helpers/io";

const SECRETS = [
  SANDBOX_CREDENTIALS.orgApiKeys.pulumi,
  SANDBOX_CREDENTIALS.orgApiKeys.admin,
  SANDBOX_CREDENTIALS.scimToken,
  SANDBOX_CREDENTIALS.iscClientSecret,
];

/** A request doctor may make: a GET, or a POST that reads (a search, the workspaces query, ISC's token). */
const isRead = (r: { method: string; path: string }) =>
  r.method === "GET" || (r.method === "POST" && /(\/search|\/workspaces|^\/oauth\/token)$/.test(r.path));

describe("atlassian-access doctor", function () {
  this.timeout(60_000);
  let sb: TestSandbox;
  const w = () => sb.store.world;

  before(async () => {
    sb = await startTestSandbox({ settings: { rateLimits: true } });
  });
  after(() => sb.close());

  /** The stack's config as `pulumi config --json --show-secrets` prints it, with `changes` applied (null removes). */
  const stack = (changes: Record<string, string | null> = {}) => {
    const cfg: Record<string, { value: string; secret: boolean } | undefined> = stackConfig(sb.url, w());
    for (const [k, v] of Object.entries(changes))
      cfg[`atlassian-access:${k}`] = v === null ? undefined : { value: v, secret: false };
    return JSON.stringify(cfg);
  };

  /** Runs doctor with --stack, the Pulumi CLI played by `printed`; the requests it made and its parsed JSON. */
  async function run(changes: Record<string, string | null> = {}, ...args: string[]) {
    const io = captureIo();
    const from = w().requests.length;
    const pulumiCalls: string[][] = [];
    const code = await doctor(["doctor", "--stack", "dev", "--format", "json", ...args], io, async (a) => {
      pulumiCalls.push(a);
      return stack(changes);
    });
    const checks = (JSON.parse(io.out) as { checks: Check[] }).checks;
    const byId = new Map(checks.map((c) => [c.id, c]));
    for (const s of SECRETS) assert.ok(!`${io.out}${io.err}`.includes(s), "a secret was printed");
    return { code, checks, byId, io, pulumiCalls, requests: w().requests.slice(from) };
  }

  it("passes a healthy configuration, reading only, and reads the stack's config from the Pulumi CLI's stdout", async () => {
    await call(sb, "POST", "/__sandbox/clock/set", { body: { time: new Date().toISOString() }, token: null });
    const r = await run();
    assert.equal(r.code, 0, r.io.out);
    assert.deepEqual(r.pulumiCalls, [["config", "--json", "--show-secrets", "--stack", "dev"]]);
    assert.deepEqual(
      r.checks.filter((c) => c.status !== "ok").map((c) => c.id),
      [],
    );
    for (const id of [
      "connection",
      "directory",
      "call:queryWorkspaces",
      "event-actions",
      "actors",
      "scim",
      "isc",
      "clock",
    ])
      assert.equal(r.byId.get(id)?.status, "ok", id);
    assert.match(r.byId.get("rate-limits")!.details!.join("\n"), /Atlassian org API: x-ratelimit-limit \d+/);
    assert.ok(r.requests.length > 10);
    const writes = r.requests.filter((q) => !isRead(q)).map((q) => `${q.method} ${q.path}`);
    assert.deepEqual(writes, [], "doctor made a write");
  });

  it("names the scope a restricted key lacks for each refused call, with the gateway's real 401, and exits 1", async () => {
    const created = await call(sb, "POST", "/__sandbox/api-keys", {
      token: null,
      body: {
        label: "nightly-readonly",
        scopes: ["read:orgs:admin", "read:directories:admin", "read:groups:admin", "read:events:admin"],
      },
    });
    assert.equal(created.status, 200);
    const key = created.body.token as string;
    const refused = await call(sb, "POST", `/admin/v2/orgs/${w().org.id}/workspaces`, { token: key, body: {} });
    assert.deepEqual(
      [refused.status, refused.body],
      [401, { code: 401, message: "Unauthorized; scope does not match" }],
    );

    const r = await run({ apiKey: key });
    assert.equal(r.code, 1);
    const ws = r.byId.get("call:queryWorkspaces")!;
    assert.equal(ws.status, "fail");
    assert.match(ws.summary, /refused \(HTTP 401.*scope does not match\): the API key lacks read:workspaces:admin/);
    assert.match(ws.fix!, /create a key with the scope\(s\) read:workspaces:admin/);
    for (const id of ["connection", "call:searchDirectoryGroups", "call:searchDirectoryUsers", "call:streamEvents"])
      assert.equal(r.byId.get(id)?.status, "ok", id);
    assert.ok(!r.io.out.includes(key), "the new key was printed");
    assert.deepEqual(
      r.requests.filter((q) => !isRead(q)),
      [],
    );
  });

  it("lists an API key no actorLanes entry maps, with the merged `pulumi config set` line that maps it", async () => {
    // A script on the admin key (label admin-script) adds a group: its event's actor maps to no lane.
    const made = await call(sb, "POST", orgPath(sb, "/groups"), {
      token: SANDBOX_CREDENTIALS.orgApiKeys.admin,
      body: { name: "made-by-a-script" },
    });
    assert.equal(made.status, 201);
    const r = await run();
    const actors = r.byId.get("actors")!;
    assert.equal(actors.status, "warn");
    assert.equal(r.code, 0, "a warning does not fail");
    assert.match(actors.details!.join("\n"), /"admin-script": 1 event\(s\), newest .*; suggested "person"/);
    const merged = { "pulumi-ci": "pulumi", "sailpoint-isc-connector": "isc", "admin-script": "person" };
    assert.ok(
      actors.fix!.endsWith(`pulumi config set atlassian-access:actorLanes '${JSON.stringify(merged)}'`),
      actors.fix,
    );
    // Applying that line maps it.
    const again = await run({ actorLanes: JSON.stringify(merged) });
    assert.equal(again.byId.get("actors")?.status, "ok");
    assert.match(again.byId.get("actors")!.summary, /person:admin-script \(1\)/);
  });

  it("fails on configuration problems before any request, each key on its own line", async () => {
    const r = await run({ directoryId: null, auditLookbackHours: "soon" });
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.checks.map((c) => [c.id, c.status]),
      [["config", "fail"]],
    );
    assert.match(r.checks[0].details!.join("\n"), /atlassian-access:directoryId is missing/);
    assert.match(r.checks[0].details!.join("\n"), /atlassian-access:auditLookbackHours is "soon"/);
    assert.equal(
      r.checks[0].fix,
      "Set or fix each key listed (doctor reads --stack NAME, else --config FILE, else env ATLASSIAN_ACCESS_<KEY>), then run doctor again.",
    );
    assert.equal(r.requests.length, 0);
  });

  it("stops at a refused key, and names a wrong directory with the org's directories", async () => {
    const bad = await run({ apiKey: "not-a-key-of-this-org" });
    assert.equal(bad.byId.get("connection")?.status, "fail");
    assert.match(bad.byId.get("connection")!.fix!, /pulumi config set --secret atlassian-access:apiKey <key>/);
    assert.equal(bad.byId.get("call:searchDirectoryGroups"), undefined, "no further org call after a refused key");
    assert.ok(!bad.io.out.includes("not-a-key-of-this-org"));
    const dir = await run({ directoryId: "00000000-0000-0000-0000-000000000000" });
    assert.equal(dir.byId.get("directory")?.status, "fail");
    assert.match(dir.byId.get("directory")!.summary, new RegExp(`its directories: ${w().org.directoryId} \\(Acme\\)`));
  });

  it("fails SCIM and ISC on their own lines: a wrong directory, a refused client secret", async () => {
    const r = await run({ scimDirectoryId: "no-such-directory", iscClientSecret: "wrong-secret-0123" });
    assert.equal(r.code, 1);
    assert.match(r.byId.get("scim")!.summary, /SCIM directory no-such-directory was not found/);
    assert.match(r.byId.get("isc")!.summary, /ISC refused client sandbox-isc-client's credentials/);
    assert.ok(!r.io.out.includes("wrong-secret-0123"));
    const without = await run({ scimDirectoryId: null, scimToken: null });
    assert.match(without.byId.get("scim")!.summary, /^SCIM not configured/);
  });

  it("warns on a server clock far from this machine's", async () => {
    await call(sb, "POST", "/__sandbox/clock/set", { body: { time: "2026-11-23T14:30:00Z" }, token: null });
    const r = await run();
    const clock = r.byId.get("clock")!;
    if (Math.abs(Date.now() - Date.parse("2026-11-23T14:30:00Z")) > 120_000) {
      assert.equal(clock.status, "warn");
      assert.match(clock.summary, /the server's clock is .* (ahead of|behind) this machine's/);
    }
  });

  it("prints text by default (a line per check, the fix under it) through the command table, and refuses bad usage", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doctor-")), "acme.json");
    fs.writeFileSync(file, stack({ apiKey: "not-a-key-of-this-org" }), { mode: 0o600 });
    const io = captureIo();
    assert.equal(await main(["doctor", "--config", file], io), 1);
    assert.match(io.out, /^fail {2}connection +the API key was not accepted/m);
    assert.match(io.out, /^ +fix: Set a current org API key with/m);
    assert.match(io.out, /\n\d+ ok, \d+ warn, 1 fail\n$/);
    assert.match(io.err, /configuration from config file/);

    const usage = captureIo();
    assert.equal(await main(["doctor", "--format", "xml"], usage), 2);
    assert.match(usage.err, /--format must be text or json/);
    const cwd = captureIo();
    assert.equal(await main(["doctor", "--cwd", "/tmp"], cwd), 2);
    assert.match(cwd.err, /--cwd goes with --stack/);
    const help = captureIo();
    assert.equal(await main(["doctor", "--help"], help), 0);
    assert.match(help.out, /npx atlassian-access doctor --stack prod/);
  });
});
