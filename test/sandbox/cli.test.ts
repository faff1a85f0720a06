// `npm run sandbox`: the CLI starts, prints its connection block, and a --state-file world survives a restart.
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/stack";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import type { Settings } from "../../sandbox/store";

type Cli = { proc: ChildProcess; url: string; orgId: string; directoryId: string };

function startCli(stateFile: string, ...extra: string[]): Promise<Cli> {
  const args = ["-r", "ts-node/register/transpile-only", "sandbox/cli.ts", "--port", "0", "--state-file", stateFile];
  args.push(...extra);
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stderr.on("data", (d) => (out += d));
    proc.stdout.on("data", (d) => {
      out += d;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const orgId = /orgId\s+(\S+)/.exec(out)?.[1];
      const directoryId = /\bdirectoryId\s+(\S+)/.exec(out)?.[1];
      if (url && orgId && directoryId) resolve({ proc, url, orgId, directoryId });
    });
    proc.on("exit", (code) => reject(new Error(`sandbox CLI exited with ${code}: ${out}`)));
  });
}

const stop = (proc: ChildProcess) =>
  new Promise<void>((r) => (proc.exitCode !== null ? r() : (proc.once("exit", () => r()), proc.kill("SIGTERM"))));

describe("sandbox CLI", function () {
  this.timeout(60_000);
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-cli-")), "world.json");

  it("keeps a group created through the org API across a restart with --state-file, applying --settings", async () => {
    const first = await startCli(stateFile);
    const base = `${first.url}/admin/v2/orgs/${first.orgId}/directories/${first.directoryId}/groups`;
    const headers = {
      authorization: `Bearer ${SANDBOX_CREDENTIALS.orgApiKeys.pulumi}`,
      "content-type": "application/json",
    };
    try {
      const created = await fetch(base, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: "survives-restart" }),
      });
      assert.equal(created.status, 201);
    } finally {
      await stop(first.proc);
    }
    const second = await startCli(stateFile, "--settings", '{"eventsRateLimit": false}');
    try {
      assert.equal(second.orgId, first.orgId);
      const state = (await (await fetch(`${second.url}/__sandbox/state`)).json()) as { settings: Settings };
      assert.equal(state.settings.eventsRateLimit, false, "--settings applies over the persisted world");
      const res = await fetch(
        `${second.url}/admin/v2/orgs/${second.orgId}/directories/${second.directoryId}/groups/search`,
        {
          method: "POST",
          headers,
          body: JSON.stringify({ groupNames: ["survives-restart"] }),
        },
      );
      const body = (await res.json()) as { data: { name: string }[] };
      assert.deepEqual(
        body.data.map((g) => g.name),
        ["survives-restart"],
      );
    } finally {
      await stop(second.proc);
    }
  });
});
