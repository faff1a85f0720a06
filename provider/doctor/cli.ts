// `atlassian-access doctor`: the first command to run on a real org. Engine-free and read-only: it checks the
// configuration, what the API key may read, the audit catalogue and actors, SCIM, ISC, the clock and the rate limits,
// one line each with its fix. Exit 0 when nothing fails, 1 when something does, 2 on a usage error.
import { formatOf, optionsOrExit, parseCommandLine, processIo, UsageError, type Io } from "../cli/io";
import {
  CONNECTION_FLAGS,
  CONNECTION_USAGE,
  connectionOptions,
  connectionSource,
  connectionValues,
  runPulumi,
  type ConnectionOptions,
  type PulumiRunner,
} from "../cli/connection";
import { runDoctor } from "./run";
import { withProgress } from "../runtime/progress";
import { exitCodeOf, renderJson, renderText } from "./render";

export const USAGE = `Usage: atlassian-access doctor [options]

Checks a configuration against the live org before anything else runs, reading only (it makes no write):
the configuration; the connection (apiUrl, apiKey, orgId, directoryId); each read the provider makes and,
when refused, the scope the API key lacks; the org's audit catalogue (event-actions) against the actions
the rules read; the newest audit events' actors, with the \`pulumi config set atlassian-access:actorLanes\`
line that maps those no lane claims; the SCIM directory and token and the ISC client and source (when
configured); the server's clock against this machine's; the rate-limit headers seen. One line per check,
ok / warn / fail, each warn and fail with its fix. Secrets are never printed.

${CONNECTION_USAGE}

Options:
  --format text|json         output (default text)
  -h, --help                 print this help

Example:
  npx atlassian-access doctor --stack prod
  ATLASSIAN_ACCESS_API_KEY=... npx atlassian-access doctor --config acme.json --format json

Exit codes: 0 nothing failed (warnings allowed); 1 a check failed; 2 usage error.
`;

export interface Options extends ConnectionOptions {
  format: "text" | "json";
  help: boolean;
}

export function parseOptions(argv: string[]): Options {
  const { values: v, help } = parseCommandLine(argv, "doctor", { ...CONNECTION_FLAGS, format: { type: "string" } });
  return { ...connectionOptions(v), format: formatOf(v.format, ["text", "json"]), help };
}

/** Runs the command and returns its exit code; nothing here calls process.exit. */
export async function main(argv: string[], io: Io = processIo, run: PulumiRunner = runPulumi): Promise<number> {
  const opts = optionsOrExit(argv, parseOptions, USAGE, io);
  if (typeof opts === "number") return opts;
  let values: Map<string, string>;
  try {
    values = await connectionValues(opts, run);
  } catch (err) {
    io.stderr(`atlassian-access: ${(err as Error).message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
  io.stderr(`doctor: configuration from ${connectionSource(opts)}; reading only\n`);
  // Pages read of about how many, should a check's read last over a few seconds (runtime/progress.ts).
  const progress = (line: string) => io.stderr(`doctor: ${line}\n`);
  const checks = await withProgress({ sink: progress, now: io.now }, () => runDoctor((k) => values.get(k)));
  io.stdout(opts.format === "json" ? renderJson(checks) : renderText(checks));
  return exitCodeOf(checks);
}
