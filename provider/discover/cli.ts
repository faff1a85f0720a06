// `atlassian-access discover`: reads the live org read-only and writes the Pulumi program that adopts it as it is
// (rules/discover-program.ts plans it, rules/codegen.ts writes it). Exit codes and usage errors like `report`.
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, envName, readConfig, SECRET_KEYS, type ProviderConfig } from "../config";
import { configure, connectionProblem, context } from "../lifecycle/context";
import { EXIT, exitOnError, optionsOrExit, processIo, UsageError, type Io } from "../cli/io";
import { planProgram, type ProgramPlan } from "../rules/discover-program";
import { renderProgram, type ProgramMeta } from "../rules/codegen";
import { DiscoverInputError, readOrg } from "./read";
import { CONFIG_FLAGS, parseOptions, USAGE, type Options } from "./options";
import { withProgress } from "../runtime/progress";
import { ownPackage } from "../cli/own-package";
import { configRefusal, connectionValues, runPulumi, type PulumiRunner } from "../cli/connection";

export { USAGE };

/** The versions the generated package.json pins, from this package's own package.json. */
function versions(): ProgramMeta["versions"] {
  const pkg = ownPackage();
  return {
    atlassianAccess: `^${pkg.version}`,
    pulumi: pkg.dependencies["@pulumi/pulumi"],
    typescript: pkg.devDependencies?.typescript ?? "^5.0.0",
    nodeTypes: pkg.devDependencies?.["@types/node"] ?? "^22.0.0",
  };
}

/**
 * The Pulumi project name: the one of the Pulumi.yaml already in the output folder (its stacks are the project's: a new
 * name would leave `--stack prod` pointing at no stack), else the folder's name (letters, digits, `-`, `_`, `.`; `.`
 * is the current folder's name).
 */
export function projectName(out: string): string {
  const existing = path.join(out, "Pulumi.yaml");
  const kept = fs.existsSync(existing)
    ? /^name:\s*["']?([A-Za-z0-9._-]+)["']?\s*$/m.exec(fs.readFileSync(existing, "utf8"))
    : null;
  if (kept) return kept[1];
  return (
    path
      .basename(path.resolve(out))
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^[-.]+|-+$/g, "") || "atlassian-access-org"
  );
}

/** A config key's value: its flag, else the stack's or file's value (`values`); undefined falls back to env. */
const valueOf = (opts: Options, values: Map<string, string>) => (k: string) =>
  opts.config[k.replace(/^atlassian-access:/, "")] ?? values.get(k);

/** The configuration from flags, the stack or file, then env; a missing or bad key is a usage error naming how to set it. */
function configFrom(opts: Options, values: Map<string, string>): ProviderConfig {
  try {
    return readConfig(valueOf(opts, values));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const flagOf = new Map(Object.entries(CONFIG_FLAGS).map(([f, k]) => [k, f] as const));
    throw configRefusal(e, "discover", (key) => flagOf.get(key));
  }
}

/** The `pulumi config set` lines that give the generated stack the configuration discover read with. */
export function configCommands(config: ProviderConfig, given: Set<string>): string[] {
  const shellQuote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  const out: string[] = [];
  for (const key of Object.keys(config) as (keyof ProviderConfig)[]) {
    if (!given.has(key)) continue;
    const value = config[key];
    if (SECRET_KEYS.has(key)) out.push(`pulumi config set --secret atlassian-access:${key} "$${envName(key)}"`);
    else {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      out.push(`pulumi config set atlassian-access:${key} ${shellQuote(text)}`);
    }
  }
  return out;
}

function summary(plan: ProgramPlan, out: string, commands: string[]): string {
  const count = (owner: string) => plan.groups.filter((g) => g.owner === owner).length;
  return [
    `Wrote ${out}: index.ts, Pulumi.yaml, package.json, tsconfig.json, .gitignore`,
    `  OwnershipSplit: scim ${plan.split.scim.groups.length}, isc ${plan.split.isc.groups.length}, ` +
      `pulumi ${plan.split.pulumi?.groups.length ?? 0} pattern(s); ${plan.findings.length} finding(s) accepted`,
    `  Group: ${count("pulumi")} adopted by code with their members, ${count("scim")} SCIM's and ${count("isc")} ISC's that hold app access`,
    `  AppAccess: ${plan.grants.length} on ${plan.sites.length} site(s)`,
    "",
    "Next, in that folder (the same configuration discover read):",
    "  npm install",
    "  pulumi stack init <stack>",
    ...commands.map((c) => `  ${c}`),
    "  pulumi up                                        # adopts the org: no write to Atlassian",
    "  pulumi preview --refresh --expect-no-changes     # exit 0",
    "",
  ].join("\n");
}

/** Runs the command and returns its exit code; nothing here calls process.exit. */
export async function main(argv: string[], io: Io = processIo, run: PulumiRunner = runPulumi): Promise<number> {
  const opts = optionsOrExit(argv, parseOptions, USAGE, io);
  if (typeof opts === "number") return opts;
  const progress = (line: string) => io.stderr(`discover: ${line}\n`);
  try {
    const names = ["index.ts", "Pulumi.yaml", "package.json", "tsconfig.json", ".gitignore"];
    const existing = names.filter((n) => fs.existsSync(path.join(opts.out, n)));
    if (existing.length && !opts.force)
      throw new UsageError(`${opts.out} already has ${existing.join(", ")}; pass --force to overwrite them`);
    const values = await connectionValues(opts.connection, run);
    const config = configFrom(opts, values);
    configure({ config: { get: valueOf(opts, values) }, fromCli: true });
    const problem = await connectionProblem();
    if (problem) throw new UsageError(problem);
    progress(`org ${config.orgId} at ${config.apiUrl}, read-only`);
    // Pages read of about how many, when the read lasts over a few seconds (runtime/progress.ts).
    const { org, view } = await withProgress({ sink: progress, now: io.now }, () =>
      readOrg({ sites: opts.sites, progress }),
    );
    const day = view.snap.takenAt.slice(0, 10);
    const plan = planProgram(org, view, { lanes: opts.lanes, claim: opts.claim, day });
    const files = renderProgram(plan, { project: projectName(opts.out), day, versions: versions() });
    fs.mkdirSync(opts.out, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(opts.out, name), text);
    for (const w of plan.warnings) io.stderr(`discover: warning: ${w}\n`);
    const given = new Set(
      Object.keys(context().config).filter(
        (k) => opts.config[k] !== undefined || values.has(`atlassian-access:${k}`) || process.env[envName(k)],
      ),
    );
    io.stdout(summary(plan, opts.out, configCommands(config, given)));
    return EXIT.ok;
  } catch (err) {
    return exitOnError(err, io, { verbose: opts.verbose, isUsage: (e) => e instanceof DiscoverInputError });
  }
}
