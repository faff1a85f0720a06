// `atlassian-access access`: who can use what, per site × product × role, each person with the path that grants it,
// who added them and when, and when they last used it. Reads only; the review on stdout, progress on stderr.
import * as fs from "node:fs";
import {
  EXIT,
  exitOnError,
  formatOf,
  optionsOrExit,
  parseCommandLine,
  processIo,
  UsageError,
  type Io,
} from "../cli/io";
import {
  CONNECTION_FLAGS,
  CONNECTION_USAGE,
  runPulumi,
  type ConnectionOptions,
  type PulumiRunner,
} from "../cli/connection";
import { ACCESS_LANES, accessRows, filterRows, summarize, type AccessFilters } from "../rules/access-review";
import { accessSnapshot, connect, readSplit } from "./session";
import { renderCsv, renderJson, renderMarkdown } from "./render";

export const USAGE = `Usage: atlassian-access access [options]

Prints who can use what: one line per person × site × product × role, with the path that grants it (a group and
its lane, or a role given to the person directly), who added them and when (from the audit log's window), and when
they last used the product. Site and org admin roles are listed as product "platform". Reads only: the review goes
to stdout, progress to stderr.

${CONNECTION_USAGE}

Options:
  --site <host>              only this site: acme-eu or acme-eu.atlassian.net (repeatable)
  --product <key>            only this product: jira-software, confluence, jira-servicedesk, platform (repeatable)
  --person <email>           only this person (repeatable); their role assignments are read exactly
  --lane <lane>              only access through groups of this lane (pulumi, scim, isc, none), or \`direct\`
                             for roles given to people directly (repeatable)
  --split <file>             an OwnershipSplit's arguments as JSON ({accountCreator, scim, isc, pulumi}): names
                             the groups of each lane (without it: synced groups are scim, ISC's are isc, the rest none)
  --since <time>             audit window start, ISO-8601 (default: auditLookbackHours before the server's time)
  --exact                    read every person's role assignments (one request each), so a direct grant that
                             a group's grant duplicates is found too
  --format markdown|csv|json output format (default markdown)
  --out <file>               write the review to <file> instead of stdout
  -h, --help                 print this help

Example:
  npx atlassian-access access --stack prod --lane direct --format csv --out direct-grants.csv

Exit codes: 0 the review was printed; 2 usage error; 1 anything else (configuration, the API).
`;

export interface Options extends ConnectionOptions {
  filters: AccessFilters;
  split?: string;
  since?: number;
  exact: boolean;
  format: "markdown" | "csv" | "json";
  out?: string;
  help: boolean;
}

export function parseOptions(argv: string[]): Options {
  const { values: v, help } = parseCommandLine(argv, "access", {
    ...CONNECTION_FLAGS,
    site: { type: "string", multiple: true },
    product: { type: "string", multiple: true },
    person: { type: "string", multiple: true },
    lane: { type: "string", multiple: true },
    split: { type: "string" },
    since: { type: "string" },
    exact: { type: "boolean" },
    format: { type: "string" },
    out: { type: "string" },
  });
  const format = formatOf(v.format, ["markdown", "csv", "json"]);
  const lanes = [...ACCESS_LANES, "direct"];
  const bad = (v.lane ?? []).find((l) => !lanes.includes(l));
  if (bad) throw new UsageError(`--lane must be one of ${lanes.join(", ")}, not "${bad}"`);
  const since = v.since === undefined ? undefined : Date.parse(v.since);
  if (since !== undefined && Number.isNaN(since))
    throw new UsageError(`--since must be an ISO-8601 time like 2026-11-01T00:00:00Z, not "${v.since}"`);
  return {
    stack: v.stack,
    cwd: v.cwd,
    config: v.config,
    filters: { sites: v.site, products: v.product, persons: v.person, lanes: v.lane },
    split: v.split,
    since,
    exact: v.exact ?? false,
    format,
    out: v.out,
    help,
  };
}

async function review(opts: Options, io: Io, run: PulumiRunner): Promise<number> {
  const progress = (line: string) => io.stderr(`access: ${line}\n`);
  const split = opts.split ? readSplit(opts.split) : undefined;
  const bad = await connect(opts, run);
  if (bad) {
    io.stderr(`atlassian-access: ${bad}\n`);
    return EXIT.failure;
  }
  const { snap, actorLanes } = await accessSnapshot(
    { ...opts, split, persons: opts.filters.persons, exact: opts.exact },
    io,
    progress,
  );
  for (const p of opts.filters.persons ?? [])
    if (!snap.users.some((u) => u.email.toLowerCase() === p.toLowerCase())) progress(`no account has email ${p}`);
  for (const s of opts.filters.sites ?? [])
    if (!snap.workspaces.some((w) => w.host === s || w.host.split(".")[0] === s))
      progress(`no site matches --site ${s}`);
  const rows = filterRows(accessRows(snap, actorLanes), opts.filters);
  const meta = { takenAt: snap.takenAt, auditFrom: snap.auditFrom, filters: opts.filters };
  const text =
    opts.format === "csv"
      ? renderCsv(rows)
      : opts.format === "json"
        ? renderJson(rows, meta)
        : renderMarkdown(rows, meta);
  if (opts.out) fs.writeFileSync(opts.out, text);
  else io.stdout(text);
  const s = summarize(rows);
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  progress(
    `${n(s.grants, "grant", "grants")} to ${n(s.people, "person", "people")} on ${n(s.sites, "site", "sites")}, ${s.direct} held directly`,
  );
  return EXIT.ok;
}

/** Runs the command and returns its exit code; nothing here calls process.exit. */
export async function main(argv: string[], io: Io = processIo, run: PulumiRunner = runPulumi): Promise<number> {
  const opts = optionsOrExit(argv, parseOptions, USAGE, io);
  if (typeof opts === "number") return opts;
  try {
    return await review(opts, io, run);
  } catch (err) {
    return exitOnError(err, io, { line: (e) => (e as Error).message.split("\n")[0] });
  }
}
