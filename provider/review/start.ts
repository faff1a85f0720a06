// `review start`: the access rows of the org (the `access` command's: access/session.ts, rules/access-review.ts),
// filtered, as review rows with stable ids (rules/review.ts), routed to their reviewers, written as the review folder.
import * as fs from "node:fs";
import * as path from "node:path";
import { load as loadYaml } from "js-yaml";
import { EXIT, UsageError, type Io } from "../cli/io";
import { readJsonFile, type ConnectionOptions, type PulumiRunner } from "../cli/connection";
import { accessRows, filterRows, type AccessFilters } from "../rules/access-review";
import {
  manifestRow,
  reviewFileClash,
  reviewFileOf,
  reviewRow,
  ReviewReviewers,
  routeRows,
  type ReviewManifest,
  type ReviewRow,
} from "../rules/review";
import { accessSnapshot, connect, readSplit, refuseUnknownSites, stackSplit } from "../access/session";
import { refuseExisting, writeReviewFolder } from "./files";

export interface StartOptions extends ConnectionOptions {
  name: string;
  dir: string;
  filters: AccessFilters;
  reviewers?: string;
  split?: string;
  due?: string;
  format: "text" | "json";
}

/** --reviewers' file: YAML for a `.yaml`/`.yml` name, else JSON (js-yaml is a runtime dependency for this). */
function readMapping(file: string): unknown {
  if (!/\.ya?ml$/i.test(file)) return readJsonFile(file, "--reviewers");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`--reviewers ${file} cannot be read: ${(err as Error).message}`);
  }
  try {
    return loadYaml(text);
  } catch (err) {
    throw new UsageError(`--reviewers ${file} is not YAML: ${(err as Error).message.split("\n")[0]}`);
  }
}

/** The reviewer mapping of --reviewers: the one schema (rules/review.ts), its first problem as a usage error. */
export function readReviewers(file: string): ReviewReviewers {
  const parsed = ReviewReviewers.safeParse(readMapping(file));
  if (parsed.success) {
    const { groups = {}, lanes = {} } = parsed.data;
    const clash = reviewFileClash([...Object.values(groups), ...Object.values(lanes)]);
    if (clash)
      throw new UsageError(
        `--reviewers ${file}: ${clash.a} and ${clash.b} would share the file ${clash.file} (a file name keeps letters, digits and @._+-), and one's rows would overwrite the other's; name one reviewer by another address.`,
      );
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  throw new UsageError(
    `--reviewers ${file}: ${issue.path.join(".") || "(top)"} ${issue.message}; expected {"groups": {"<group or pattern>": "<email>"}, "lanes": {"<lane>": "<email>"}}`,
  );
}

const filtersOf = (f: AccessFilters): Record<string, string[]> =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => Array.isArray(v) && v.length));

export async function startReview(opts: StartOptions, io: Io, run: PulumiRunner): Promise<number> {
  const say = (line: string) => io.stderr(`review: ${line}\n`);
  const reviewers = opts.reviewers ? readReviewers(opts.reviewers) : {};
  const split = opts.split ? readSplit(opts.split) : undefined;
  const folder = path.join(opts.dir, opts.name);
  // Refused before the org is read; writeReviewFolder checks again as it writes.
  refuseExisting(folder);
  await connect(opts, run, "review");
  // Which groups are whose: --split, else the stack's OwnershipSplit as last applied, else SCIM's and ISC's own marks.
  let lanes = split;
  if (!lanes && opts.stack) {
    const found = await stackSplit(opts, run);
    if (found.split) say(`lanes from ${found.from}`);
    else say(`lanes without a split: ${found.why}; --split FILE names them`);
    lanes = found.split;
  }
  const { snap, actorLanes } = await accessSnapshot({ ...opts, split: lanes }, io, say);
  refuseUnknownSites(snap, opts.filters.sites);
  const access = filterRows(accessRows(snap, actorLanes), opts.filters);
  const groupIds = new Map(snap.groups.map((g) => [g.name, g.id]));
  const resourceOf = new Map<string, string>();
  const rows: ReviewRow[] = access.map((a) => {
    const r = reviewRow(a);
    resourceOf.set(r.id, a.resourceId);
    return r;
  });
  const routed = routeRows(rows, reviewers);
  const files = new Map<string, ReviewRow[]>();
  const manifest: ReviewManifest = {
    name: opts.name,
    startedAt: snap.takenAt,
    ...(opts.due ? { due: opts.due } : {}),
    orgId: snap.orgId,
    filters: filtersOf(opts.filters),
    files: {},
    rows: [],
  };
  for (const [reviewer, own] of routed) {
    // One file each: readReviewers refused a mapping whose reviewers share a file; `lane-<lane>` has no @.
    const file = reviewFileOf(reviewer);
    files.set(file, own);
    manifest.files[reviewer] = file;
    for (const r of own)
      manifest.rows.push(manifestRow(r, file, { groupId: groupIds.get(r.group), resourceId: resourceOf.get(r.id)! }));
  }
  writeReviewFolder(folder, manifest, files);
  const listed = [...routed].map(([reviewer, own]) => ({
    reviewer,
    file: path.join(folder, reviewFileOf(reviewer)),
    rows: own.length,
  }));
  if (opts.format === "json") io.stdout(JSON.stringify({ folder, rows: rows.length, files: listed }, null, 2) + "\n");
  else {
    io.stdout(`Review ${opts.name}: ${rows.length} rows in ${folder}\n`);
    for (const f of listed) io.stdout(`  ${f.file}  ${f.rows} row${f.rows === 1 ? "" : "s"}  reviewer ${f.reviewer}\n`);
    io.stdout(`CODEOWNERS lines route each file to its reviewer, e.g.\n  /${listed[0]?.file ?? folder} @<reviewer>\n`);
  }
  say(`${rows.length} rows for ${routed.size} reviewer${routed.size === 1 ? "" : "s"} in ${folder}`);
  return EXIT.ok;
}
