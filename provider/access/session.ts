// What the commands that read who holds what share (`access`, `review start`, `review evidence`): the connection from
// --stack/--config/env, the provider's configuration checked, and the access snapshot read (access/read.ts).
import { configProblem, configure, connectionProblem, context } from "../lifecycle/context";
import { isIscGoverned } from "../org/isc-governed";
import { createAccessClient } from "../clients/atlassian/access-client";
import { serverNow } from "../clients/server-clock";
import { connectionValues, readJsonFile, type ConnectionOptions, type PulumiRunner } from "../cli/connection";
import { UsageError, type Io } from "../cli/io";
import { checkSplit, type Split } from "../rules/split";
import type { AccessSnapshot } from "../rules/access-review";
import type { ActorLanes } from "../rules/attribution";
import { readAccess } from "./read";
import { withProgress } from "../runtime/progress";

export interface SessionOptions extends ConnectionOptions {
  split?: Split;
  /** Audit window start, epoch ms (default: auditLookbackHours before the server's time). */
  since?: number;
  persons?: string[];
  exact?: boolean;
}

/** --split: an OwnershipSplit's arguments as JSON, checked as the split checks them (its acceptances aside). */
export function readSplit(file: string): Split {
  const split = readJsonFile(file, "--split") as Partial<Split>;
  const failures = checkSplit(split ?? {}).filter((f) => f.property !== "acceptedFindings");
  if (failures.length) throw new UsageError(`--split ${file}: ${failures.map((f) => f.reason).join(" ")}`);
  return split as Split;
}

/** Configures the provider from the options; the configuration's problem as one line, or undefined when usable. */
export async function connect(opts: ConnectionOptions, run: PulumiRunner): Promise<string | undefined> {
  const values = await connectionValues(opts, run);
  configure({ config: { get: (k) => values.get(k) } });
  const bad = configProblem() ?? (await connectionProblem());
  return bad === undefined ? undefined : typeof bad === "string" ? bad : bad.message;
}

/** The access snapshot of the configured org (connect first), with progress on `say`. */
export async function accessSnapshot(
  opts: SessionOptions,
  io: Io,
  say: (line: string) => void,
): Promise<{ snap: AccessSnapshot; actorLanes: ActorLanes }> {
  const ctx = context();
  const { apiUrl, orgId, directoryId, apiKey, retryBaseDelayMs, retryMaxDelayMs } = ctx.config;
  const retry = { baseDelayMs: retryBaseDelayMs, maxDelayMs: retryMaxDelayMs };
  const access = createAccessClient({ apiUrl, orgId, directoryId, apiKey, retry, gate: ctx.org.gate });
  const auditFrom = opts.since ?? serverNow() - ctx.config.auditLookbackHours * 3_600_000;
  // Pages read of about how many, on stderr, when the read lasts over a few seconds (runtime/progress.ts).
  const snap = await withProgress({ sink: say, now: io.now }, () =>
    readAccess(
      { orgId, org: ctx.org, access, audit: ctx.audit, iscGoverned: ctx.isc ? isIscGoverned : undefined },
      { persons: opts.persons, exact: opts.exact, auditFrom, split: opts.split, progress: say },
    ),
  );
  return { snap, actorLanes: ctx.config.actorLanes };
}
