// `atlassian-access drift`: the one command a nightly CI job runs. `pulumi preview --refresh --expect-no-changes`
// through the Automation API (the report command's runner), the report of its events written to a folder in every
// format the report command renders (Markdown, the PR comment or issue body, JSON) with the preview's output beside
// them, a summary on stdout, and an exit code a workflow branches on: 0 clean, 7 drift or findings, 1 failure, 2 usage.
import * as fs from "node:fs";
import * as path from "node:path";
import { pendingOperations, type Report } from "../report/model";
import { RECOVERY, renderGithub, renderJson, renderMarkdown, title } from "../report/render";
import { reportOfRun, runPreview, type RunPreview } from "../report/preview";
import { oneLine, optionsOrExit, processIo, UsageError, type Io } from "../cli/io";
import { pulumiFailureFix } from "../cli/connection";
import { parseOptions, USAGE, type Options } from "./options";

export const EXIT = { clean: 0, error: 1, usage: 2, findings: 7 } as const;

/** The files written into --out, by format. */
export const FILES = {
  markdown: "report.md",
  github: "report.github.md",
  json: "report.json",
  preview: "preview.txt",
} as const;

/** The check's result: the report, and whether the CLI itself said changes were proposed (exit 7). */
export interface DriftResult {
  report: Report;
  changesProposed: boolean;
}

/** Runs the refresh preview and builds the report; a preview that failed for another reason is an error in it. */
export async function check(opts: Options, io: Io, preview: RunPreview): Promise<DriftResult & { stdout?: string }> {
  const progress = (line: string) => io.stderr(`${line}\n`);
  const run = await preview({ stack: opts.stack, cwd: opts.cwd, progress, expectNoChanges: true });
  return { ...reportOfRun(run), stdout: run.stdout };
}

export function exitCodeOf({ report, changesProposed }: DriftResult): number {
  if (report.errors.length) return EXIT.error;
  return report.unaccepted.length || report.changes || changesProposed ? EXIT.findings : EXIT.clean;
}

/** Writes the reports into `out`; returns the paths written. */
export function writeReports(out: string, report: Report, previewText: string | undefined): string[] {
  fs.mkdirSync(out, { recursive: true });
  const texts: [string, string][] = [
    [FILES.markdown, renderMarkdown(report)],
    [FILES.github, renderGithub(report)],
    [FILES.json, renderJson(report)],
  ];
  if (previewText !== undefined) texts.push([FILES.preview, previewText]);
  return texts.map(([name, text]) => {
    const file = path.join(out, name);
    fs.writeFileSync(file, text);
    return file;
  });
}

/** The summary a CI log shows: the report's title, the verdict, and where the reports are. */
export function summary(stack: string, result: DriftResult, files: string[]): string {
  const { report } = result;
  const verdict = report.errors.length
    ? `the check failed: ${report.errors[0]}`
    : exitCodeOf(result) === EXIT.findings
      ? `drift: ${report.unaccepted.length} unaccepted finding(s), ${report.changes} resource(s) differ`
      : "clean: nothing differs and every finding is accepted";
  return `${title(report).replace(/^## /, "")} (stack ${stack})\n${verdict}\n${interruptedLine(report)}reports: ${files.join(", ")}\n`;
}

/** A line on an update that did not finish, or that the state could not tell (else nothing). */
function interruptedLine(report: Report): string {
  const i = report.interrupted;
  if (i && "unreadable" in i) return `could not tell whether the last update finished: ${i.unreadable}\n`;
  const pending = pendingOperations(report);
  if (!pending.length) return "";
  const byOp = new Map<string, number>();
  for (const p of pending) byOp.set(p.op, (byOp.get(p.op) ?? 0) + 1);
  const what = [...byOp].map(([op, n]) => `${n} ${op}`).join(", ");
  return `the last update did not finish (${what}); recover before reviewing: ${RECOVERY.replace(/`/g, "")}\n`;
}

/** Runs the command and returns its exit code; nothing here calls process.exit. */
export async function main(argv: string[], io: Io = processIo, preview: RunPreview = runPreview): Promise<number> {
  const opts = optionsOrExit(argv, parseOptions, USAGE, io);
  if (typeof opts === "number") return opts;
  try {
    const result = await check(opts, io, preview);
    const files = writeReports(opts.out, result.report, result.stdout);
    io.stdout(summary(opts.stack, result, files));
    return exitCodeOf(result);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`atlassian-access: ${err.message}\n`);
      return EXIT.usage;
    }
    const line = oneLine(err);
    io.stderr(`atlassian-access: ${line}${pulumiFailureFix(line)}\n`);
    return EXIT.error;
  }
}
