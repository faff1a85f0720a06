// `review evidence`: the review folder, git blame of each reviewer's file, and the audit log since the review started,
// assembled by rules/review-evidence.ts into evidence.csv and evidence.md.
import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT, type Io } from "../cli/io";
import type { ConnectionOptions, PulumiRunner } from "../cli/connection";
import { context } from "../lifecycle/context";
import { auditEntry, EventIndex, type RawEvent } from "../rules/attribution";
import { evidenceCsv, evidenceMarkdown, evidenceRows, type BlameLine } from "../rules/review-evidence";
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
  const blames = new Map<string, Map<number, BlameLine>>();
  for (const file of new Set(review.rows.map((r) => r.file)))
    blames.set(file, await blameFile(path.join(folder, file)));
  const bad = await connect(opts, run);
  if (bad) {
    io.stderr(`atlassian-access: ${bad}\n`);
    return EXIT.failure;
  }
  const ctx = context();
  const from = Date.parse(review.manifest.startedAt);
  const events = ctx.audit
    ? (await ctx.audit.streamEvents({ from })).map((e) => auditEntry(e as unknown as RawEvent))
    : [];
  say(`audit log since ${review.manifest.startedAt}: ${events.length} events`);
  const rows = evidenceRows({
    review,
    blame: (file, line) => blames.get(file)?.get(line),
    index: new EventIndex(events),
    lanes: ctx.config.actorLanes,
  });
  const out = opts.out ?? path.join(folder, "evidence");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "evidence.csv"), evidenceCsv(rows));
  fs.writeFileSync(path.join(out, "evidence.md"), evidenceMarkdown(review, rows, new Date(serverNow()).toISOString()));
  const n = (p: (r: (typeof rows)[number]) => boolean) => rows.filter(p).length;
  io.stdout(
    `Evidence of review ${opts.name}: ${rows.length} rows (${n((r) => r.decision === "keep")} kept, ${n((r) => r.decision === "revoke" && r.ended !== "pending")} revoked and ended, ${n((r) => r.ended === "pending")} pending, ${n((r) => r.ended === "undecided")} undecided) in ${path.join(out, "evidence.csv")} and evidence.md\n`,
  );
  return EXIT.ok;
}
