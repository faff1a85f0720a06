// `npm run sandbox`: start the sandbox on a port (default 4455), optionally persisting its world to a file.
import { writeFileSync } from "node:fs";
import { startSandbox } from "./server";
import type { World } from "./store";
import { scenarioNames } from "./scenarios";
import { SANDBOX_CREDENTIALS } from "./scenarios/empty";
import { settingsPatch } from "./routes/controls";

function parseArgs(argv: string[]) {
  const opts: {
    port: number;
    stateFile?: string;
    scenario: string;
    host: string;
    fast: boolean;
    configOut?: string;
    settings: Partial<World["settings"]>;
  } = {
    port: Number(process.env.SANDBOX_PORT ?? 4455),
    scenario: "acme",
    host: "127.0.0.1",
    fast: false,
    settings: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--port") opts.port = Number(value());
    else if (a === "--state-file") opts.stateFile = value();
    else if (a === "--scenario") opts.scenario = value();
    else if (a === "--host") opts.host = value();
    else if (a === "--fast") opts.fast = true;
    else if (a === "--config-out") opts.configOut = value();
    else if (a === "--settings") opts.settings = parseSettings(value());
    else if (a === "--help" || a === "-h") {
      console.log(`usage: npm run sandbox -- [--port 4455] [--state-file FILE] [--scenario ${scenarioNames().join("|")}] [--fast] [--settings JSON] [--config-out FILE]
  --fast             switch off the ISC and org API quotas (the audit events 10/min limit stays on)
  --config-out FILE  once listening, write the Pulumi config a stack needs for this sandbox as JSON
                     ({"atlassian-access:orgId": {"value": "...", "secret": false}, ...}); sandbox-only credentials
  --settings JSON    settings as POST /__sandbox/settings takes them, e.g. '{"eventsRateLimit": false}'`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error(`--port must be 0..65535`);
  return opts;
}

function parseSettings(json: string): Partial<World["settings"]> {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    throw new Error(`--settings must be JSON, e.g. '{"eventsRateLimit": false}'; got ${json}`);
  }
  return settingsPatch(body);
}

/** The Pulumi config of a stack pointed at this sandbox: every connection setting, credentials marked secret. */
export function stackConfig(url: string, w: World): Record<string, { value: string; secret: boolean }> {
  const plain = (value: string) => ({ value, secret: false });
  const secret = (value: string) => ({ value, secret: true });
  return {
    "atlassian-access:apiUrl": plain(url),
    "atlassian-access:orgId": plain(w.org.id),
    "atlassian-access:directoryId": plain(w.org.directoryId),
    "atlassian-access:apiKey": secret(SANDBOX_CREDENTIALS.orgApiKeys.pulumi),
    "atlassian-access:scimDirectoryId": plain(w.scim.directoryId),
    "atlassian-access:scimToken": secret(SANDBOX_CREDENTIALS.scimToken),
    "atlassian-access:iscUrl": plain(url),
    "atlassian-access:iscClientId": plain(SANDBOX_CREDENTIALS.iscClientId),
    "atlassian-access:iscClientSecret": secret(SANDBOX_CREDENTIALS.iscClientSecret),
    "atlassian-access:iscSourceId": plain(w.isc.sourceId),
    // The sandbox's API token labels: code's key and ISC's connector key.
    "atlassian-access:actorLanes": plain(JSON.stringify({ "pulumi-ci": "pulumi", "sailpoint-isc-connector": "isc" })),
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const settings = { ...(opts.fast ? { rateLimits: false } : {}), ...opts.settings };
  const sb = await startSandbox({ ...opts, settings });
  const c = sb.store.world;
  console.log(`atlassian-access sandbox (scenario ${c.seed}) listening on ${sb.url}`);
  console.log(`  orgId           ${c.org.id}`);
  console.log(`  directoryId     ${c.org.directoryId}`);
  console.log(`  scimDirectoryId ${c.scim.directoryId}`);
  console.log(`  iscSourceId     ${c.isc.sourceId}`);
  console.log(`  org API key (pulumi lane, sandbox only): ${SANDBOX_CREDENTIALS.orgApiKeys.pulumi}`);
  if (opts.stateFile) console.log(`  state persisted to ${opts.stateFile}`);
  if (opts.configOut) {
    writeFileSync(opts.configOut, JSON.stringify(stackConfig(sb.url, c), null, 2) + "\n", { mode: 0o600 });
    console.log(`  stack config written to ${opts.configOut}`);
  }
  const stop = async () => {
    await sb.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`sandbox: ${(e as Error).message}`);
    process.exit(2);
  });
}
