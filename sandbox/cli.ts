// `npm run sandbox`: start the sandbox on a port (default 4455), optionally persisting its world to a file.
import { startSandbox } from "./server";
import { scenarioNames } from "./scenarios";
import { SANDBOX_CREDENTIALS } from "./scenarios/empty";

function parseArgs(argv: string[]) {
  const opts: { port: number; stateFile?: string; scenario: string; host: string; fast: boolean } = {
    port: Number(process.env.SANDBOX_PORT ?? 4455),
    scenario: "acme",
    host: "127.0.0.1",
    fast: false,
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
    else if (a === "--help" || a === "-h") {
      console.log(`usage: npm run sandbox -- [--port 4455] [--state-file FILE] [--scenario ${scenarioNames().join("|")}] [--fast]
  --fast  switch off the ISC and org API quotas (the audit events 10/min limit stays on)`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error(`--port must be 0..65535`);
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const sb = await startSandbox({ ...opts, settings: opts.fast ? { rateLimits: false } : undefined });
  const c = sb.store.world;
  console.log(`atlassian-access sandbox (scenario ${c.seed}) listening on ${sb.url}`);
  console.log(`  orgId           ${c.org.id}`);
  console.log(`  directoryId     ${c.org.directoryId}`);
  console.log(`  scimDirectoryId ${c.scim.directoryId}`);
  console.log(`  iscSourceId     ${c.isc.sourceId}`);
  console.log(`  org API key (pulumi lane, sandbox only): ${SANDBOX_CREDENTIALS.orgApiKeys.pulumi}`);
  if (opts.stateFile) console.log(`  state persisted to ${opts.stateFile}`);
  const stop = async () => {
    await sb.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(`sandbox: ${(e as Error).message}`);
  process.exit(2);
});
