// How a command gets the provider's configuration (issue 23: every command the same way): `--stack NAME [--cwd DIR]`
// reads the stack's config, secrets included, from `pulumi config --json --show-secrets` captured in memory (never
// written to disk); else `--config FILE`, a JSON file in that same shape (or plain {"orgId": ...}); else nothing, and
// every key falls back to its ATLASSIAN_ACCESS_<KEY> env variable (config.ts readConfig).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { envName, SECRET_KEYS, type ConfigError } from "../config";
import { UsageError } from "./io";

/** The connection flags, for a command's parseArgs options. */
export const CONNECTION_FLAGS = {
  stack: { type: "string" },
  cwd: { type: "string" },
  config: { type: "string" },
} as const;

/** The connection flags' lines for a command's --help. */
export const CONNECTION_USAGE = `Connection (the provider's configuration keys, secrets included):
  --stack <name>             read the stack's configuration (\`pulumi config --json --show-secrets\`,
                             kept in memory, never written to disk)
  --cwd <dir>                the Pulumi project folder for --stack (default: the current directory)
  --config <file>            or a JSON file as \`pulumi config --json --show-secrets\` prints it (or as
                             \`npm run sandbox -- --config-out\` writes it)
  Without either, and for every key they leave out: env ATLASSIAN_ACCESS_<KEY> (ATLASSIAN_ACCESS_ORG_ID, ...).`;

export interface ConnectionOptions {
  stack?: string;
  cwd?: string;
  config?: string;
}

/** The connection options out of a command's parsed flags (CONNECTION_FLAGS spread into its own), without its other flags. */
export function connectionOptions(values: ConnectionOptions): ConnectionOptions {
  return { stack: values.stack, cwd: values.cwd, config: values.config };
}

/** Runs the Pulumi CLI with `args` in `cwd` and resolves with its stdout; rejects with its stderr's message. */
export type PulumiRunner = (args: string[], cwd: string) => Promise<string>;

/**
 * A runner of the Pulumi CLI (`PULUMI_CLI`, else `pulumi` on PATH) with `env` added to this process's, keeping at most
 * `maxBuffer` bytes of its stdout (a whole state's export wants more than a stack's config).
 */
export const pulumiRunner =
  (env: Record<string, string> = {}, maxBuffer = 32 * 1024 * 1024): PulumiRunner =>
  (args, cwd) =>
    new Promise((resolve, reject) => {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", ...env };
      execFile(childEnv.PULUMI_CLI ?? "pulumi", args, { cwd, maxBuffer, env: childEnv }, (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if (isPulumiMissing(err)) return reject(new UsageError(pulumiMissing(childEnv.PULUMI_CLI)));
        // pulumi's own hint for a missing project (`pulumi new`) is not the way on here: pulumiFailureFix gives it.
        const why = (stderr.split(/\r?\n/).find((l) => l.trim() !== "") ?? err.message)
          .replace(/^error:\s*/, "")
          .replace(/\. If you have not created a project yet, use `pulumi new` to do so: no project file found$/, "");
        const line = `pulumi ${args.slice(0, 2).join(" ")} failed: ${why}${pulumiFailureFix(why)}`;
        // A state that cannot be loaded is a failure (exit 1), not the command line's fault.
        reject(isDamagedState(why) ? new Error(line) : new UsageError(line));
      });
    });

export const runPulumi: PulumiRunner = pulumiRunner();

/** The refusal when the Pulumi CLI is not there: which binary was looked for, and the ways on. */
export function pulumiMissing(
  cli: string | undefined,
  needs = "--stack",
  otherwise = "pass --config <file> instead of --stack",
): string {
  const where = cli ? `PULUMI_CLI ${cli} does not exist` : "`pulumi` is not on PATH";
  const install = `install it (https://www.pulumi.com/docs/install/) ${cli ? "or point PULUMI_CLI at it" : "and put it on PATH"}`;
  return `${needs} needs the Pulumi CLI and ${where}: ${install}${otherwise ? `, or ${otherwise}` : ""}`;
}

/** Whether an Automation API or execFile error says the Pulumi CLI could not be started (no such file). */
export function isPulumiMissing(err: unknown): boolean {
  const e = err as { code?: unknown; commandResult?: { err?: { code?: unknown } } } | undefined;
  return e?.code === "ENOENT" || e?.commandResult?.err?.code === "ENOENT";
}

/** A state Pulumi cannot load: a run killed on the DIY backend while it rewrote the state's `.attrs` sidecar. */
const isDamagedState = (why: string) => /failed to load checkpoint: EOF/.test(why);

/**
 * The fix for a Pulumi failure whose cause we know, as text to append (else ""):
 * - no project in the folder (pulumi's own hint, `pulumi new`, is not the way on here): --cwd;
 * - a wrong passphrase: the variable to set;
 * - a stack the backend does not hold: how to list and create stacks (a first --stack often names one on another
 *   backend);
 * - `failed to load checkpoint: EOF`: gocloud's fileblob writes the state's `.attrs` sidecar in place, so a kill
 *   mid-write leaves it empty; the last state written whole is there (docs/guides/failure-and-recovery.md).
 */
export function pulumiFailureFix(why: string): string {
  if (/no Pulumi\.yaml project file found/.test(why))
    return ". Run the command in the stack's project folder (where its Pulumi.yaml is), or pass --cwd <project dir>";
  if (/incorrect passphrase/.test(why))
    return ". The stack's secrets are encrypted with the passphrase it was created with: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) to that one";
  const stack = /no stack named '([^']+)' found/.exec(why)?.[1];
  if (stack)
    return (
      `. \`pulumi stack ls\` lists the stacks of the project (--cwd) on the backend \`pulumi whoami -v\` names; ` +
      `\`pulumi stack init ${stack}\` creates it`
    );
  if (isDamagedState(why))
    return (
      ". A run killed while it saved the state can leave the file backend's `<stack>.json.attrs` sidecar empty; " +
      "remove the empty sidecars under the backend's folder (the file:// path `pulumi whoami -v` shows) with " +
      "find <that folder>/.pulumi/stacks -name '*.attrs' -size 0 -print -delete, and retry " +
      "(docs/guides/failure-and-recovery.md)"
    );
  return "";
}

/** A JSON file's value; a missing or unreadable file is a usage error naming the flag, the path and `fix`. */
export function readJsonFile(file: string, what: string, fix?: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === "ENOENT" ? `no such file (${path.resolve(file)})` : `cannot be read (${e.code ?? e.message})`;
    throw new UsageError(`${what} ${file}: ${why}${fix ? `; ${fix}` : ""}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${what} ${file} is not JSON: ${(err as Error).message}`);
  }
}

/** `pulumi config --json` ({"atlassian-access:orgId": {value, secret}}) or plain {"orgId": "..."}: key -> value. */
export function configValues(raw: unknown, source: string): Map<string, string> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new UsageError(`${source} must hold a JSON object of config keys`);
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k.includes(":") && !k.startsWith("atlassian-access:")) continue; // another namespace of the stack
    const key = k.startsWith("atlassian-access:") ? k : `atlassian-access:${k}`;
    const value = v !== null && typeof v === "object" && "value" in v ? v.value : v;
    if (value !== undefined && value !== null) out.set(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  return out;
}

/** Where the configuration comes from, as a progress line says it (never a value). */
export function connectionSource(opts: ConnectionOptions): string {
  if (opts.stack) return `stack ${opts.stack}${opts.cwd ? ` in ${opts.cwd}` : ""}`;
  if (opts.config) return `config file ${opts.config}`;
  return "env ATLASSIAN_ACCESS_*";
}

/**
 * The `atlassian-access:<key>` values the options name (empty without --stack and --config: env alone). A stack's
 * secrets pass through this process's memory only.
 */
export async function connectionValues(
  opts: ConnectionOptions,
  run: PulumiRunner = runPulumi,
): Promise<Map<string, string>> {
  if (opts.stack && opts.config) throw new UsageError("--stack and --config are alternatives: pass one");
  if (opts.cwd && !opts.stack) throw new UsageError("--cwd goes with --stack (the project folder of that stack)");
  if (opts.config) {
    const fix =
      "pass the JSON `pulumi config --json --show-secrets` prints, or --stack <name> to read the stack's configuration";
    return configValues(readJsonFile(opts.config, "--config", fix), `--config ${opts.config}`);
  }
  if (!opts.stack) return new Map();
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const stdout = await run(["config", "--json", "--show-secrets", "--stack", opts.stack], cwd);
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    throw new UsageError(`pulumi config --json for stack ${opts.stack} did not print JSON`);
  }
  return configValues(raw, `stack ${opts.stack}'s config`);
}

/**
 * A configuration the command cannot use, as its usage error: each problem as config.ts words it (the key, the value,
 * the `pulumi config set` fix), then how this command is given that key (`flagOf`: a command's own flag for a key).
 */
export function configRefusal(
  err: ConfigError,
  command: string,
  flagOf: (key: string) => string | undefined = () => undefined,
): UsageError {
  const hints = err.problems.map((p) => {
    const key = /^atlassian-access:(\w+)/.exec(p)?.[1] ?? "";
    const flag = SECRET_KEYS.has(key) ? undefined : flagOf(key);
    return `  - ${p}\n    (${command}: --stack, --config${flag ? `, --${flag}` : ""} or env ${envName(key)})`;
  });
  return new UsageError(`the configuration is incomplete or invalid:\n${hints.join("\n")}`);
}
