// `review evidence`: the review folder, git blame of each reviewer's file, and the audit log since the review started,
// assembled by rules/review-evidence.ts into evidence.csv and evidence.md.
import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT, type Io } from "../cli/io";
import type { ConnectionOptions, PulumiRunner } from "../cli/connection";
import { context } from "../lifecycle/context";
import { auditEntry, EventIndex, type RawEvent } from "../rules/attribution";
import {
  evidenceCsv,
  evidenceMarkdown,
  evidenceRows,
  evidenceTotals,
  REMOVAL_ACTIONS,
  type BlameLine,
} from "../rules/review-evidence";
import { checkReviewFolder, problemText } from "../rules/review-check";
import { serverNow } from "../clients/server-clock";
import { connect } from "../access/session";
import { readReviewFolder } from "./files";
import { blameFile } from "./git";

export interface EvidenceOptions extends ConnectionOptions {
  name: string;
  dir: string;
  out?: string;
}

export async function exportEvidence(opts: EvidenceOptions, io: Io, run: PulumiRunner): Promise<number> {
  const say = (line: string) => io.stderr(`review: ${line}\n`);
  const folder = path.join(opts.dir, opts.name);
  const review = readReviewFolder(folder);
  // A folder the review's check refuses is not evidence (a row pasted into two files would be credited to either).
  const problems = checkReviewFolder(review);
  if (problems.length) {
    io.stderr(
      `atlassian-access: ${problemText(folder, problems[0])}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""}: \`pulumi preview\` lists them)` : ""}\n`,
    );
    return EXIT.failure;
  }
  const blames = new Map<string, Map<number, BlameLine>>();
  for (const file of new Set(review.rows.map((r) => r.file)))
    blames.set(file, await blameFile(path.join(folder, file)));
  await connect(opts, run, "review");
  const ctx = context();
  // The removals since the review started, up to now on the server's clock; other events are dropped page by page.
  let index: EventIndex | undefined;
  if (ctx.audit) {
    const from = Date.parse(review.manifest.startedAt);
    const removal = (e: unknown) => REMOVAL_ACTIONS.includes(auditEntry(e as RawEvent).action);
    const events = (await ctx.audit.streamEvents({ from, to: serverNow() }, removal)).map((e) =>
      auditEntry(e as unknown as RawEvent),
    );
    say(`audit log since ${review.manifest.startedAt}: ${events.length} removals`);
    index = new EventIndex(events);
  } else say("audit log not configured: when access ended is unknown");
  const rows = evidenceRows({
    review,
    blame: (file, line) => blames.get(file)?.get(line),
    index,
    lanes: ctx.config.actorLanes,
  });
  const out = opts.out ?? path.join(folder, "evidence");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "evidence.csv"), evidenceCsv(rows));
  fs.writeFileSync(path.join(out, "evidence.md"), evidenceMarkdown(review, rows, new Date(serverNow()).toISOString()));
  const t = evidenceTotals(rows);
  io.stdout(
    `Evidence of review ${opts.name}: ${t.rows} rows (${t.kept} kept, ${t.ended} revoked and ended, ${t.pending} pending, ${t.unknown ? `${t.unknown} revoked with no audit log to tell when it ended, ` : ""}${t.undecided} undecided) in ${path.join(out, "evidence.csv")} and evidence.md\n`,
  );
  return EXIT.ok;
}
