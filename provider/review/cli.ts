// `atlassian-access review start|evidence`: an access review decided as code. `start` writes the review folder, one CSV
// per reviewer (review/start.ts); the program's AccessReview checks the decisions at preview and reports what other
// lanes must do; `evidence` exports each row with its decision, who made it in git and when the access ended
// (review/evidence.ts).
import {
  EXIT,
  exitOnError,
  formatOf,
  lanesOf,
  optionsOrExit,
  parseCommandLine,
  UsageError,
  processIo,
  type Io,
} from "../cli/io";
import {
  CONNECTION_FLAGS,
  CONNECTION_USAGE,
  connectionOptions,
  runPulumi,
  type ConnectionOptions,
  type PulumiRunner,
} from "../cli/connection";
import { startReview, type StartOptions } from "./start";
import { exportEvidence, type EvidenceOptions } from "./evidence";
import { REVIEW_LANES } from "../rules/review";

export const USAGE = `Usage: atlassian-access review start --name <name> [options]
       atlassian-access review evidence --name <name> [options]

An access review as code. \`start\` reads who can use what (the \`access\` command's rows: one per person × site ×
product × role, with the group or direct grant that gives it, its lane, who added it and when, last active) and writes
<dir>/<name>/: one CSV per reviewer with empty \`decision\` (keep|revoke) and \`reason\` columns, manifest.json (every
row as started, the filters, the due date) and a README. Reviewers decide in a pull request (a CODEOWNERS line per
file routes it); the program's AccessReview checks the files at preview, code's revocations are applied by \`up\`
through the Groups that declare the members, and \`evidence\` exports each row's decision, who made it and in which
commit (git blame), and when the access ended (the audit log), as CSV and Markdown.

${CONNECTION_USAGE}

Options of start:
  --name <name>              the review's name, e.g. 2026-q4 (letters, digits, . _ -); its folder's name
  --dir <dir>                where review folders live (default: reviews)
  --site <host>              only this site: acme-eu or acme-eu.atlassian.net (repeatable)
  --product <key>            only this product: jira-software, confluence, jira-servicedesk, platform (repeatable)
  --lane <lane>              only access through groups of this lane (pulumi, scim, isc, none), or \`direct\`
                             (repeatable)
  --group <name>             only access through this group; a glob pattern (\`*\`, \`?\`) matches several
                             (repeatable)
  --reviewers <file>         who reviews what, JSON (or YAML, named .yaml/.yml): {"groups": {"<group or
                             pattern>": "<email>"}, "lanes": {"<lane or direct>": "<email>"}}; the first matching
                             group entry wins, else the lane's owner, else a file lane-<lane>.csv
  --split <file>             an OwnershipSplit's arguments as JSON: names each lane's groups (as for \`access\`);
                             default with --stack: the stack's OwnershipSplit as last applied (its state, read
                             with \`pulumi stack export\` in memory), else the groups SCIM and ISC mark as theirs
  --due <date>               the due date written to the manifest (YYYY-MM-DD or ISO-8601); the AccessReview's
                             \`due\` is the one that counts
  --format text|json         what start prints: the files and their rows (default text)

Options of evidence:
  --name <name>              the review to export
  --dir <dir>                where review folders live (default: reviews); the folder must be in a git work tree
  --out <dir>                where evidence.csv and evidence.md go (default: <dir>/<name>/evidence)

  -h, --help                 print this help

Example:
  npx atlassian-access review start --stack prod --name 2026-q4 --site acme-eu --reviewers reviewers.json --due 2026-12-31
  npx atlassian-access review evidence --stack prod --name 2026-q4 --out audit/2026-q4

Exit codes: 0 done; 2 usage error (a bad option, a --site the org does not have; a configuration missing, invalid or
refused by the org: a wrong orgId, a revoked apiKey, an unreachable apiUrl); 1 anything else (the API, git, a review's
files).
`;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function nameOf(v: string | undefined): string {
  if (v === undefined) throw new UsageError("--name is required: the review's name, e.g. 2026-q4");
  if (!NAME.test(v)) throw new UsageError(`--name must be letters, digits, ".", "_" or "-", e.g. 2026-q4; got "${v}"`);
  return v;
}

/** The flags start and evidence share: the connection, the review's name, where review folders live. */
const REVIEW_FLAGS = { ...CONNECTION_FLAGS, name: { type: "string" }, dir: { type: "string" } } as const;

/** What REVIEW_FLAGS give, as start's and evidence's options. */
function reviewOptions(v: ConnectionOptions & { name?: string; dir?: string }) {
  return { help: false, ...connectionOptions(v), name: nameOf(v.name), dir: v.dir ?? "reviews" };
}

type Parsed = ({ sub: "start" } & StartOptions) | ({ sub: "evidence" } & EvidenceOptions) | { help: true };

export function parseOptions(argv: string[]): Parsed & { help: boolean } {
  const [command, sub, ...rest] = argv;
  if (command !== "review") throw new UsageError(`missing command: review`);
  if (sub === "-h" || sub === "--help") return { help: true };
  if (sub === undefined) throw new UsageError("missing review command: start or evidence");
  if (sub === "start") {
    const { values: v, help } = parseCommandLine(
      [sub, ...rest],
      "start",
      {
        ...REVIEW_FLAGS,
        site: { type: "string", multiple: true },
        product: { type: "string", multiple: true },
        lane: { type: "string", multiple: true },
        group: { type: "string", multiple: true },
        reviewers: { type: "string" },
        split: { type: "string" },
        due: { type: "string" },
        format: { type: "string" },
      },
      "review start",
    );
    if (help) return { help: true };
    const lanes = lanesOf(v.lane, REVIEW_LANES);
    if (v.due !== undefined && Number.isNaN(Date.parse(v.due)))
      throw new UsageError(`--due must be a date like 2026-12-31 or an ISO-8601 time, not "${v.due}"`);
    return {
      sub,
      ...reviewOptions(v),
      filters: { sites: v.site, products: v.product, lanes, groups: v.group },
      reviewers: v.reviewers,
      split: v.split,
      due: v.due,
      format: formatOf(v.format, ["text", "json"]),
    };
  }
  if (sub === "evidence") {
    const { values: v, help } = parseCommandLine(
      [sub, ...rest],
      "evidence",
      { ...REVIEW_FLAGS, out: { type: "string" } },
      "review evidence",
    );
    if (help) return { help: true };
    return { sub, ...reviewOptions(v), out: v.out };
  }
  throw new UsageError(`unknown review command "${sub}": start or evidence`);
}

/** Runs the command and returns its exit code; nothing here calls process.exit. */
export async function main(argv: string[], io: Io = processIo, run: PulumiRunner = runPulumi): Promise<number> {
  const opts = optionsOrExit(argv, parseOptions, USAGE, io);
  if (typeof opts === "number") return opts;
  if (!("sub" in opts)) return EXIT.ok;
  try {
    return opts.sub === "start" ? await startReview(opts, io, run) : await exportEvidence(opts, io, run);
  } catch (err) {
    return exitOnError(err, io, { line: (e) => (e as Error).message.split("\n")[0] });
  }
}
