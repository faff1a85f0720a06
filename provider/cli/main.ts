#!/usr/bin/env node
// `atlassian-access <command>`: one entry point; each command lives in its own module and is loaded only when run,
// so `report --preview-json` never loads the Pulumi engine and a command's dependencies stay its own. What the
// commands share (IO, exit codes, option conventions) is io.ts: a command never imports this file.
import { EXIT, nearest, processIo, type Command, type Io } from "./io";
import { leanHeap } from "../runtime/heap";
import { ownPackage } from "./own-package";

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
  drift: {
    summary: "the nightly drift check: refresh preview, reports written to --out (exit 7 on drift or findings)",
    load: async () => (await import("../drift/cli")).main,
  },
  access: {
    summary: "who can use what: per site × product × role, each person's path, who added them, last active",
    load: async () => (await import("../access/cli")).main,
  },
  review: {
    summary: "access reviews as code: `start` writes a CSV per reviewer, `evidence` exports decisions, deciders, ends",
    load: async () => (await import("../review/cli")).main,
  },
  doctor: {
    summary: "check a configuration against the live org, read-only: key scopes, audit actors, SCIM, ISC, clock",
    load: async () => (await import("../doctor/cli")).main,
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, e]) => `  ${name.padEnd(width)}  ${e.summary}`);
  return `Usage: atlassian-access <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun \`atlassian-access <command> --help\` for a command's options, \`atlassian-access --version\` for the version.\n`;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const name = argv[0];
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout(`atlassian-access ${ownPackage().version}\n`);
    return EXIT.ok;
  }
  if (!name || name === "-h" || name === "--help" || name === "help") {
    (name ? io.stdout : io.stderr)(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    const names = Object.keys(COMMANDS);
    const near = nearest(name, names);
    io.stderr(
      `atlassian-access: unknown command "${name}"${near ? `: did you mean ${near}?` : ""} ` +
        `(commands: ${names.join(", ")}; \`atlassian-access --help\` says what each does)\n`,
    );
    return EXIT.usage;
  }
  return (await entry.load())(argv, io);
}

if (require.main === module) {
  // The heap kept near what is live (runtime/heap.ts): discover and access hold a whole org.
  leanHeap();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`atlassian-access: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = EXIT.failure;
    },
  );
}
