// Tells a stale key apart from a wrong one when the org API answers 401.
//
// A refresh (`pulumi refresh`, `preview --refresh`, `up --refresh`) runs the provider with the configuration the last
// `up` stored in the state, not with the stack's config (the engine's rule): after `pulumi config set --secret
// atlassian-access:apiKey <new>`, the refresh still sends the old key. The provider process is never told the stack's
// value, so it asks the Pulumi CLI that runs it (its ancestor process), as the user would:
// `pulumi config get atlassian-access:apiKey [--stack <the run's --stack>]` in the project directory. A value other than
// the key in use means the state's copy is stale. Best effort: off Linux (no /proc), when no ancestor is `pulumi`, or
// when the CLI cannot answer in time, the answer is "unknown" and the 401's message explains both cases instead.
// The value read is compared and dropped: it is never logged, stored or put into a message.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export type KeyStanding = "stale" | "current" | "unknown";

/** The Pulumi CLI running this process: its executable and arguments (undefined when none is found). */
export interface CliProcess {
  exe: string;
  args: string[];
}

/** Reads a config value of the stack the CLI runs, or undefined when it has none. */
export type StackConfigReader = (key: string) => Promise<string | undefined>;

function cmdline(pid: number): string[] | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** The nearest ancestor whose program is `pulumi` (the engine starts providers as its children, through a shell). */
export function findPulumiCli(startPid = process.ppid, maxDepth = 8): CliProcess | undefined {
  let pid: number | undefined = startPid;
  for (let depth = 0; pid && depth < maxDepth; depth++, pid = parentOf(pid)) {
    const argv = cmdline(pid);
    if (!argv?.length) continue;
    let exe: string;
    try {
      exe = fs.readlinkSync(`/proc/${pid}/exe`);
    } catch {
      exe = argv[0];
    }
    if (path.basename(exe) === "pulumi" || path.basename(argv[0]) === "pulumi") return { exe, args: argv.slice(1) };
  }
  return undefined;
}

/** The flags of the CLI's command line that choose the stack and its config file, to pass on to `config get`. */
export function stackFlags(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    for (const flag of ["--stack", "-s", "--config-file"]) {
      if (a === flag && i + 1 < args.length) out.push(flag === "-s" ? "--stack" : flag, args[++i]);
      else if (a.startsWith(`${flag}=`)) out.push(flag === "-s" ? "--stack" : flag, a.slice(flag.length + 1));
    }
  }
  return out;
}

/** Asks the running CLI for one config value of its stack; undefined when the key is unset or the CLI cannot answer. */
export function cliConfigReader(cli: CliProcess | undefined = findPulumiCli(), timeoutMs = 20_000): StackConfigReader {
  return (key) =>
    new Promise((resolve) => {
      if (!cli) return resolve(undefined);
      execFile(
        cli.exe,
        ["config", "get", key, ...stackFlags(cli.args), "--non-interactive"],
        { cwd: process.cwd(), env: process.env, timeout: timeoutMs, windowsHide: true },
        (err, stdout) => resolve(err ? undefined : stdout.replace(/\r?\n$/, "")),
      );
    });
}

/**
 * Whether `inUse` (the key this process was configured with) is the stack's current apiKey: "stale" when the stack's
 * config now holds another value, "current" when it holds this one, "unknown" when it cannot be asked or holds none
 * (the key then came from ATLASSIAN_ACCESS_API_KEY, which a refresh reads afresh).
 */
export async function apiKeyStanding(inUse: string, read: StackConfigReader = reader()): Promise<KeyStanding> {
  const now = await read("atlassian-access:apiKey");
  if (now === undefined || now === "") return "unknown";
  return now === inUse ? "current" : "stale";
}

let testReader: StackConfigReader | undefined;
const reader = (): StackConfigReader => testReader ?? cliConfigReader();

/** Tests stand in for the CLI (undefined: ask the real one again). */
export function setStackConfigReaderForTests(read: StackConfigReader | undefined): void {
  testReader = read;
}
