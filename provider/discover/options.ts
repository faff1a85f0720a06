// `atlassian-access discover`'s options: its usage text, the parser, and the provider's configuration keys as flags
// (`orgId` → `--org-id`), each falling back to its ATLASSIAN_ACCESS_<KEY> env variable. Secrets come from env only.
import * as path from "node:path";
import { envName, ProviderConfig, SECRET_KEYS } from "../config";
import { LANES, isLane, type Lane } from "../rules/ownership";
import type { ClaimRest } from "../rules/discover-lanes";
import { parseCommandLine, UsageError } from "../cli/io";
import { CONNECTION_FLAGS, CONNECTION_USAGE, connectionOptions, type ConnectionOptions } from "../cli/connection";

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The provider's non-secret config keys, each a flag. */
export const CONFIG_FLAGS: Record<string, string> = Object.fromEntries(
  Object.keys(ProviderConfig.shape)
    .filter((k) => !SECRET_KEYS.has(k))
    .map((k) => [kebab(k), k]),
);

/** `items` joined by ", " in lines of at most `width` columns, each after `indent`. */
function wrap(items: string[], width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (line && indent.length + next.length + 1 > width) {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  return [...lines, line].map((l) => indent + l).join("\n");
}

export const USAGE = `Usage: atlassian-access discover --out <dir> [options]

Reads the live org without writing to it (org API; SCIM and ISC when configured) and writes a
TypeScript Pulumi program that adopts it as it is: an OwnershipSplit whose lanes are inferred
(synced groups -> scim; groups ISC offers as requestable entitlements of its Atlassian source
-> isc; the rest -> pulumi), each code-owned group as a Group with its current members and
adopt: true, every group role assignment as an AppAccess, and the org's current findings
accepted with the reason "found at adoption on <date>". Its \`pulumi up\` writes nothing to
Atlassian. Progress goes to stderr; a summary and the next steps to stdout.

Options:
  --out <dir>             folder to write index.ts, Pulumi.yaml, package.json, tsconfig.json and
                          .gitignore to (created when missing)
  --lanes <list>          lanes whose groups and app access the program declares, comma-separated
                          (default: pulumi,scim,isc); the split claims every lane's groups anyway
  --sites <list>          sites (hosts) whose app access is read and declared (default: all)
  --claim pulumi|none     who gets the groups neither synced nor governed by ISC: code (default),
                          or nobody (each then an accepted unclaimed-group finding)
  --force                 overwrite those files when they exist in --out
  --verbose               print stack traces of errors
  -h, --help              print this help

${CONNECTION_USAGE}
Each non-secret key may also be given as a flag, which wins over the stack, the file and env:
${wrap(
  Object.keys(CONFIG_FLAGS).map((f) => `--${f}`),
  96,
  "  ",
)}
Secrets never as flags (a flag is visible to other users and kept in shell history): from the stack, the
file, or env ${wrap([...SECRET_KEYS].map(envName), 96, "").trim()}.

Example:
  npx atlassian-access discover --stack prod --out ./atlassian-org

Exit codes: 0 program written; 2 usage error (bad option, a configuration missing, invalid or
refused by the org, unknown site, files in --out without --force); 1 anything else (an API failure).
`;

export interface Options {
  /** Where the configuration comes from (cli/connection.ts); `config` below holds the per-key flags. */
  connection: ConnectionOptions;
  out: string;
  lanes: Lane[];
  sites?: string[];
  claim: ClaimRest;
  force: boolean;
  verbose: boolean;
  help: boolean;
  /** Config values given as flags, by provider config key. */
  config: Record<string, string>;
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);

/** Parses discover's argv (its own name first, as the command table passes it). */
export function parseOptions(argv: string[], cwd = process.cwd()): Options {
  let parsed;
  try {
    parsed = parseCommandLine(argv, "discover", {
      out: { type: "string" },
      lanes: { type: "string" },
      sites: { type: "string" },
      claim: { type: "string" },
      force: { type: "boolean" },
      verbose: { type: "boolean" },
      ...CONNECTION_FLAGS,
      ...Object.fromEntries(Object.keys(CONFIG_FLAGS).map((f) => [f, { type: "string" as const }])),
    });
  } catch (err) {
    const flag = /^unknown option (--[\w-]+)/.exec((err as Error).message)?.[1];
    const secret = [...SECRET_KEYS].find((k) => flag === `--${kebab(k)}`);
    if (!secret) throw err;
    throw new UsageError(`${secret} is a secret: set it in env ${envName(secret)}, not as a flag.`);
  }
  // The config flags are built from the schema's keys, so parseArgs types them only as an index.
  const values: Record<string, string | boolean | undefined> = parsed.values;
  const help = parsed.help;
  const str = (k: string) => values[k] as string | undefined;
  if (!help && !str("out")) throw new UsageError("--out <dir> is required: the folder to write the program to");
  const lanes = list(str("lanes")) ?? [...LANES];
  const bad = lanes.filter((l) => !isLane(l));
  if (bad.length || lanes.length === 0)
    throw new UsageError(
      `--lanes takes a comma-separated list of ${LANES.join(", ")}; got ${JSON.stringify(str("lanes"))}`,
    );
  const claim = str("claim") ?? "pulumi";
  if (claim !== "pulumi" && claim !== "none") throw new UsageError(`--claim must be pulumi or none, not "${claim}"`);
  const sites = list(str("sites"));
  if (sites && sites.length === 0) throw new UsageError("--sites needs at least one site host");
  const config: Record<string, string> = {};
  for (const [flag, key] of Object.entries(CONFIG_FLAGS)) if (str(flag) !== undefined) config[key] = str(flag)!;
  return {
    connection: connectionOptions(parsed.values),
    out: path.resolve(cwd, str("out") ?? "."),
    lanes: LANES.filter((l) => lanes.includes(l)),
    sites: sites && [...new Set(sites)],
    claim,
    force: Boolean(values.force),
    verbose: Boolean(values.verbose),
    help,
    config,
  };
}
