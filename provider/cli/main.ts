#!/usr/bin/env node
// `atlassian-access <command>`: one entry point; each command lives in its own module and is loaded only when run,
// so `report --preview-json` never loads the Pulumi engine and a command's dependencies stay its own.
import * as fs from "node:fs";

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

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

// Commands register here, one line each. `report` takes its own name as the first argument (its parser checks it).
export const COMMANDS: Record<string, Entry> = {
  report: {
    summary: "findings and drift of a stack, as Markdown or JSON (exit 7 when something needs a reviewer)",
    load: async () => (await import("../report/cli")).main,
  },
  discover: {
    summary: "read a live org (read-only) and write the Pulumi program that adopts it as it is",
    load: async () => (await import("../discover/cli")).main,
  },
  access: {
    summary: "who can use what: per site × product × role, each person's path, who added them, last active",
    load: async () => (await import("../access/cli")).main,
  },
};

/**
 * A command's options, or the exit code to end with: a parse error prints the message and the command's usage (2),
 * `--help` prints the usage (0). One preamble for every command, so their usage errors read alike.
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
    io.stderr(`atlassian-access: ${(err as Error).message}\n\n${commandUsage}`);
    return 2;
  }
  if (!opts.help) return opts;
  io.stdout(commandUsage);
  return 0;
}

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, e]) => `  ${name.padEnd(width)}  ${e.summary}`);
  return `Usage: atlassian-access <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun \`atlassian-access <command> --help\` for a command's options.\n`;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const name = argv[0];
  if (!name || name === "-h" || name === "--help" || name === "help") {
    (name ? io.stdout : io.stderr)(usage());
    return name ? 0 : 2;
  }
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr(`atlassian-access: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return (await entry.load())(argv, io);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`atlassian-access: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
