// What every command shares: its IO, the exit codes, the command-line conventions (its own name first, -h/--help,
// --format, a usage error as one line naming the flag and the fix) and the last line an error leaves. Commands import
// this module, never main.ts, which loads them: no import circle. How a command connects is connection.ts.
import * as fs from "node:fs";
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
  /** The clock progress lines are throttled by (runtime/progress.ts); tests inject one. Default Date.now. */
  now?: () => number;
}

export const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => fs.readFileSync(0, "utf8"),
};

/** A command: its full argv (the command name first) in, an exit code out. */
export type Command = (argv: string[], io: Io) => Promise<number>;

/** Every command's exit codes: findings is for a command that reports what needs a reviewer (report). */
export const EXIT = { ok: 0, failure: 1, usage: 2, findings: 7 } as const;

/** A command line the command refuses (unknown flag, bad value, missing file): one line, exit 2. */
export class UsageError extends Error {}

const HELP = { help: { type: "boolean", short: "h" } } as const;

interface CommandLineConfig<T extends ParseArgsOptionsConfig> {
  args: string[];
  allowPositionals: true;
  strict: true;
  options: T;
}

/** The parsed values of flags `T`, as node:util's parseArgs types them. */
export type Flags<T extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<CommandLineConfig<T>>>["values"];

/**
 * The command's flags, parsed strictly, with -h/--help added. The command's own name must come first (unless --help
 * is asked) and nothing else may stand beside the flags; each refusal is a UsageError.
 */
export function parseCommandLine<T extends ParseArgsOptionsConfig>(
  argv: string[],
  command: string,
  options: T,
  /** The command as a person types it, for messages (`review start`). */
  shownAs = command,
): { values: Flags<T>; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, ...HELP } });
  } catch (err) {
    throw new UsageError(parseRefusal(err as Error & { code?: string }, shownAs, Object.keys(options)));
  }
  const { values, positionals } = parsed;
  const help = (values as { help?: boolean }).help === true;
  if (positionals[0] !== command && !help)
    throw new UsageError(positionals.length ? `unknown command "${positionals[0]}"` : `missing command: ${command}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  return { values, help };
}

/**
 * node:util parseArgs' refusal as one line naming the flag and the fix (its own text suggests `-- "--flag"`, which is
 * never what a person who mistyped a flag wants).
 */
function parseRefusal(err: Error & { code?: string }, command: string, flags: string[]): string {
  const help = `\`atlassian-access ${command} --help\` lists its options`;
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = /^Unknown option '([^']+)'/.exec(err.message)?.[1] ?? err.message;
    const near = nearest(flag.replace(/^-+/, "").replace(/=.*$/, ""), flags);
    return `unknown option ${flag} for ${command}${near ? `: did you mean --${near}?` : ""} (${help})`;
  }
  if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const flag = /^Option '(?:-\w, )?(--[\w-]+)/.exec(err.message)?.[1];
    if (flag && / argument missing$| argument is ambiguous/m.test(err.message))
      return `${flag} needs a value: ${flag} <value> (${help})`;
    if (flag && /does not take an argument/.test(err.message)) return `${flag} takes no value: pass ${flag} alone`;
  }
  return err.message.split("\n")[0];
}

/** The name of `names` that `typed` most likely meant: a typo or two away, or cut short; else undefined. */
export function nearest(name: string, names: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++)
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length];
  };
  const scored = names
    .map((f) => ({ f, d: f.startsWith(name) && name.length >= 3 ? 1 : distance(name, f) }))
    .filter(({ d }) => d <= Math.min(2, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d);
  return scored[0]?.f;
}

/** The --format value, one of `formats` (the first is the default). */
export function formatOf<F extends string>(value: string | undefined, formats: readonly [F, ...F[]]): F {
  const format = value ?? formats[0];
  if ((formats as readonly string[]).includes(format)) return format as F;
  const listed = `${formats.slice(0, -1).join(", ")} or ${formats[formats.length - 1]}`;
  throw new UsageError(`--format must be ${listed}, not "${format}"`);
}

/** The --lane values, each one of `lanes` (none given: undefined, every lane). */
export function lanesOf(values: string[] | undefined, lanes: readonly string[]): string[] | undefined {
  const bad = (values ?? []).find((l) => !lanes.includes(l));
  if (bad) throw new UsageError(`--lane must be one of ${lanes.join(", ")}, not "${bad}"`);
  return values;
}

/**
 * A command's options, or the exit code to end with: a parse error prints its one line (2), `--help` prints the usage
 * (0). One preamble for every command, so their usage errors read alike. The usage is not repeated after the error: in
 * a CI log a page of help buries the one line that says what to fix.
 */
export function optionsOrExit<T extends { help: boolean }>(
  argv: string[],
  parse: (argv: string[]) => T,
  commandUsage: string,
  io: Io,
): T | number {
  let opts: T;
  try {
    opts = parse(argv);
  } catch (err) {
    io.stderr(`atlassian-access: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  if (!opts.help) return opts;
  io.stdout(commandUsage);
  return EXIT.ok;
}

/** The first useful line of an error; Automation API errors carry the whole CLI output. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  // CommandError puts the CLI's stderr after "stderr: ", so its first error line may carry that prefix.
  const errors = lines
    .map((l) => /^(?:stderr:\s*)?error:\s*(.+)$/.exec(l)?.[1])
    .filter((m): m is string => m !== undefined);
  return errors[errors.length - 1] ?? lines.find((l) => l !== "") ?? "unknown error";
}

export interface FailureOptions {
  /** Print the stack trace too (--verbose). */
  verbose?: boolean;
  /** Errors that are the command line's fault besides UsageError: exit 2. */
  isUsage?: (err: unknown) => boolean;
  /** The line printed for any other error (default: oneLine). */
  line?: (err: unknown) => string;
}

/** How a command ends on an error: one line on stderr, exit 2 for the command line's fault, 1 for anything else. */
export function exitOnError(err: unknown, io: Io, opts: FailureOptions = {}): number {
  if (err instanceof UsageError || opts.isUsage?.(err)) {
    io.stderr(`atlassian-access: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  io.stderr(`atlassian-access: ${(opts.line ?? oneLine)(err)}\n`);
  if (opts.verbose && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  return EXIT.failure;
}
