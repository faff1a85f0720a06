#!/usr/bin/env node
// `atlassian-access report`: findings (one per cause) and drift of a stack as Markdown, a GitHub PR comment or JSON;
// exit 7 when anything needs a reviewer, like `pulumi preview --expect-no-changes`.
import * as fs from "node:fs";
import * as path from "node:path";
import { collect, ReportInputError } from "./collect";
import { pendingOperations, type Report } from "./model";
import { renderGithub, renderJson, renderMarkdown } from "./render";
import { reportOfRun, runPreview, type RunPreview } from "./preview";
import {
  EXIT,
  exitOnError,
  formatOf,
  oneLine,
  optionsOrExit,
  parseCommandLine,
  processIo,
  UsageError,
  type Io,
} from "../cli/io";
import { pulumiFailureFix } from "../cli/connection";

export const USAGE = `Usage: atlassian-access report [options]

Reports the findings and drift of a stack after a refresh: causes first (one finding per cause, grouped
by owner lane, each with the consequences it had), then the resources that differ, then accepted
findings. The report goes to stdout, progress to stderr.

Options:
  --preview-json <file|->  read \`pulumi preview --refresh --json\` output (or a JSON list of engine
                           events) instead of running a preview; "-" reads stdin. Add --show-sames to
                           that preview so findings of unchanged resources are included.
  --stack <name>           stack to preview (default: the selected stack in --cwd)
  --cwd <dir>              Pulumi project directory (default: the current directory)
  --format markdown|github|json
                           format written to stdout (default: markdown); github is the Markdown as a
                           PR comment: long tables and each cause's consequences collapsed, cut to
                           GitHub's 65,536-character comment limit
  --markdown-out <file>    also write the Markdown report to <file>
  --json-out <file>        also write the JSON report to <file>
  --github-out <file>      also write the github (PR comment) report to <file>
  --verbose                print stack traces of errors
  -h, --help               print this help

Example:
  npx atlassian-access report --stack prod --github-out comment.md
  pulumi preview --refresh --json --show-sames | npx atlassian-access report --preview-json - --format json

Exit codes: 0 no unaccepted finding and no resource differs; 7 unaccepted findings or drift;
2 usage error; 1 anything else (including a preview that failed).
`;

export interface Options {
  previewJson?: string;
  stack?: string;
  cwd: string;
  format: "markdown" | "github" | "json";
  markdownOut?: string;
  jsonOut?: string;
  githubOut?: string;
  verbose: boolean;
  help: boolean;
}

export function parseOptions(argv: string[]): Options {
  const { values, help } = parseCommandLine(argv, "report", {
    "preview-json": { type: "string" },
    stack: { type: "string" },
    cwd: { type: "string" },
    format: { type: "string" },
    "markdown-out": { type: "string" },
    "json-out": { type: "string" },
    "github-out": { type: "string" },
    verbose: { type: "boolean" },
  });
  const format = formatOf(values.format, ["markdown", "github", "json"]);
  return {
    previewJson: values["preview-json"],
    stack: values.stack,
    cwd: values.cwd ?? process.cwd(),
    format,
    markdownOut: values["markdown-out"],
    jsonOut: values["json-out"],
    githubOut: values["github-out"],
    verbose: values.verbose ?? false,
    help,
  };
}

export function exitCodeOf(report: Report): number {
  if (report.errors.length) return EXIT.failure;
  return report.unaccepted.length || report.changes ? EXIT.findings : EXIT.ok;
}

/** A JSON document, or newline-delimited JSON events (what `pulumi ... --event-log` writes). */
export function parseInput(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
    try {
      if (lines.length > 1) return lines.map((l) => JSON.parse(l) as unknown);
    } catch {
      // fall through to the first error, which names the position in the document
    }
    throw new ReportInputError(`${source} is not JSON: ${(err as Error).message}`);
  }
}

async function buildReport(opts: Options, io: Io, preview: RunPreview): Promise<Report> {
  const progress = (line: string) => io.stderr(`${line}\n`);
  if (opts.previewJson !== undefined) {
    const source = opts.previewJson === "-" ? "stdin" : opts.previewJson;
    if (source !== "stdin" && !fs.existsSync(source))
      throw new UsageError(
        `--preview-json ${source}: no such file (${path.resolve(source)}); write it with \`pulumi preview --refresh --json --show-sames > ${source}\`, or pass - to read stdin`,
      );
    const text = opts.previewJson === "-" ? io.readStdin() : fs.readFileSync(opts.previewJson, "utf8");
    return collect(parseInput(text, source));
  }
  const missingOtherwise = "pass --preview-json <file> (`pulumi preview --refresh --json` output) instead";
  return reportOfRun(await preview({ stack: opts.stack, cwd: opts.cwd, progress, missingOtherwise })).report;
}

/** Runs the CLI and returns its exit code; nothing here calls process.exit. */
export async function main(argv: string[], io: Io = processIo, preview: RunPreview = runPreview): Promise<number> {
  const opts = optionsOrExit(argv, parseOptions, USAGE, io);
  if (typeof opts === "number") return opts;
  try {
    const report = await buildReport(opts, io, preview);
    const markdown = renderMarkdown(report);
    const json = renderJson(report);
    if (opts.markdownOut) fs.writeFileSync(opts.markdownOut, markdown);
    const github = renderGithub(report);
    if (opts.jsonOut) fs.writeFileSync(opts.jsonOut, json);
    if (opts.githubOut) fs.writeFileSync(opts.githubOut, github);
    io.stdout(opts.format === "json" ? json : opts.format === "github" ? github : markdown);
    const pending = pendingOperations(report).length;
    io.stderr(
      `${report.unaccepted.length} unaccepted, ${report.accepted.length} accepted finding(s); ${report.changes} resource(s) differ${
        report.errors.length ? `; preview failed: ${report.errors[0]}` : ""
      }${pending ? `; the last update did not finish (${pending} operation(s) pending)` : ""}\n`,
    );
    return exitCodeOf(report);
  } catch (err) {
    const line = (e: unknown) => `${oneLine(e)}${pulumiFailureFix(oneLine(e))}`;
    return exitOnError(err, io, { verbose: opts.verbose, line });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`atlassian-access: ${oneLine(err)}\n`);
      process.exitCode = EXIT.failure;
    },
  );
}
