// `atlassian-access access`: who can use what, per site × product × role, each person with the path that grants it,
// who added them and when, and when they last used it. Reads only; the review on stdout, progress on stderr.
import * as fs from "node:fs";
import {
  EXIT,
  exitOnError,
  formatOf,
  lanesOf,
  optionsOrExit,
  parseCommandLine,
  processIo,
  UsageError,
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
import {
  ACCESS_LANES,
  PEOPLE_VIEWS,
  accessRows,
  filterRows,
  summarize,
  type AccessFilters,
} from "../rules/access-review";
import { peopleFlags, withFlags, type Provisioners } from "../rules/access-people";
import { iscView, scimView } from "../org/snapshot";
import { accessSnapshot, connect, readSplit, refuseUnknownSites } from "./session";
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
                             for roles given to people directly, or a view of people (repeatable):
                             \`leaver\`  every access of people the IdP or ISC says left (SCIM record inactive or
                                       gone, ISC account disabled) whose account is still active
                             \`orphan\`  every access of active accounts no lane manages (not linked to SCIM, not
                                       correlated in ISC, in no group a lane claims)
                             the people the OwnershipSplit's leaver-with-access and orphan-account findings name;
                             these views also read SCIM's users and ISC's accounts, and need --split to know
                             code's groups (without it a group of code's is claimed by no lane)
  --split <file>             an OwnershipSplit's arguments as JSON ({accountCreator, scim, isc, pulumi}): names
                             the groups of each lane (without it: synced groups are scim, ISC's are isc, the rest none)
  --since <time>             audit window start, ISO-8601 (default: auditLookbackHours before the server's time)
  --exact                    read every person's role assignments (one request each), so a direct grant that
                             a group's grant duplicates is found too
  --format markdown|csv|json output format (default markdown)
  --out <file>               write the review to <file> instead of stdout
  -h, --help                 print this help

Examples:
  npx atlassian-access access --stack prod --lane direct --format csv --out direct-grants.csv
  npx atlassian-access access --stack prod --split split.json --lane leaver --lane orphan

Exit codes: 0 the review was printed; 2 usage error (a bad option, a --site the org does not have; a configuration
missing, invalid or refused by the org: a wrong orgId, a revoked apiKey, an unreachable apiUrl); 1 anything else (an
API failure).
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
  const lanes = lanesOf(v.lane, [...ACCESS_LANES, "direct", ...PEOPLE_VIEWS]);
  const since = v.since === undefined ? undefined : Date.parse(v.since);
  if (since !== undefined && Number.isNaN(since))
    throw new UsageError(`--since must be an ISO-8601 time like 2026-11-01T00:00:00Z, not "${v.since}"`);
  return {
    ...connectionOptions(v),
    filters: { sites: v.site, products: v.product, persons: v.person, lanes },
    split: v.split,
    since,
    exact: v.exact ?? false,
    format,
    out: v.out,
    help,
  };
}

/** SCIM's users and ISC's accounts, through the provider's own reads (org/snapshot.ts); absent when not configured. */
async function readProvisioners(progress: (line: string) => void): Promise<Provisioners> {
  const [scim, isc] = await Promise.all([scimView(), iscView()]);
  progress(
    `SCIM: ${scim ? `${scim.users.length} users` : "not configured"}; ISC: ${isc ? `${isc.accounts.length} accounts` : "not configured"}`,
  );
  return { scim, isc };
}
async function review(opts: Options, io: Io, run: PulumiRunner): Promise<number> {
  const progress = (line: string) => io.stderr(`access: ${line}\n`);
  const split = opts.split ? readSplit(opts.split) : undefined;
  await connect(opts, run, "access");
  const { snap, actorLanes } = await accessSnapshot(
    { ...opts, split, persons: opts.filters.persons, exact: opts.exact },
    io,
    progress,
  );
  for (const p of opts.filters.persons ?? [])
    if (!snap.users.some((u) => u.email.toLowerCase() === p.toLowerCase())) progress(`no account has email ${p}`);
  refuseUnknownSites(snap, opts.filters.sites);
  // The people views read SCIM's and ISC's records too, as the split's leaver and orphan rules do.
  const views = (opts.filters.lanes ?? []).filter((l) => (PEOPLE_VIEWS as readonly string[]).includes(l));
  const all = accessRows(snap, actorLanes);
  const flagged = views.length
    ? withFlags(all, peopleFlags(snap, await readProvisioners(progress), { split, lanes: actorLanes }))
    : all;
  const rows = filterRows(flagged, opts.filters);
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
