// `atlassian-access drift` options, parsed by the CLI's shared options module (cli/io.ts) like every command's.
import * as path from "node:path";
import { parseCommandLine, UsageError } from "../cli/io";

export const USAGE = `Usage: atlassian-access drift --stack <name> [--cwd <dir>] --out <dir>

The nightly drift check CI runs: \`pulumi preview --refresh --expect-no-changes\` on the stack (through the
Automation API, reading the stack's configuration and secrets in memory), then the report of what it found,
written to <dir> as report.md (Markdown), report.github.md (one PR comment or issue body, starting with
<!-- atlassian-access report -->), report.json and preview.txt (the preview's output). A summary goes to
stdout, progress to stderr.

Options:
  --stack <name>    the stack to check (required)
  --cwd <dir>       the Pulumi project directory (default: the current directory)
  --out <dir>       where the reports are written (required; created if missing)
  -h, --help        print this help

Exit codes: 0 clean (nothing differs, no unaccepted finding); 7 drift or unaccepted findings (the
reports say which); 1 the preview or the report failed; 2 usage error.

Example (a nightly CI job; secrets come from the CI's secret store as env):
  atlassian-access drift --stack prod --cwd infra --out drift-report
`;

export interface Options {
  stack: string;
  cwd: string;
  out: string;
  help: boolean;
}

export function parseOptions(argv: string[]): Options {
  const { values, help } = parseCommandLine(argv, "drift", {
    stack: { type: "string" },
    cwd: { type: "string" },
    out: { type: "string" },
  });
  const cwd = path.resolve(values.cwd ?? process.cwd());
  if (help) return { stack: values.stack ?? "", cwd, out: values.out ?? "", help };
  if (!values.stack) throw new UsageError("--stack <name> is required");
  if (!values.out) throw new UsageError("--out <dir> is required");
  return { stack: values.stack, cwd, out: path.resolve(values.out), help };
}
