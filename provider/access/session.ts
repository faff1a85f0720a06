// What the commands that read who holds what share (`access`, `review start`, `review evidence`): the connection from
// --stack/--config/env, the provider's configuration checked, and the access snapshot read (access/read.ts).
import * as path from "node:path";
import { configProblem, configure, connectionProblem, context } from "../lifecycle/context";
import { isIscGoverned } from "../org/isc-governed";
import { createAccessClient } from "../clients/atlassian/access-client";
import { serverNow } from "../clients/server-clock";
import {
  configRefusal,
  connectionValues,
  readJsonFile,
  type ConnectionOptions,
  type PulumiRunner,
} from "../cli/connection";
import { UsageError, type Io } from "../cli/io";
import { checkSplit, type Split } from "../rules/split";
import type { AccessSnapshot } from "../rules/access-review";
import { sameSite } from "../rules/site";
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

const SPLIT_TYPE = "pulumi-nodejs:dynamic/atlassian:OwnershipSplit";
const SPLIT_KEYS = ["accountCreator", "scim", "isc", "pulumi"] as const;

/**
 * The lanes' groups of the stack's OwnershipSplit, from its state (`pulumi stack export`, read in memory; secrets stay
 * ciphertext there and the split's lanes hold none): the inputs the program last applied, so which groups are code's
 * comes from the program rather than a copy in a file. Undefined, with why, when the state holds no split or two.
 */
export async function stackSplit(
  opts: ConnectionOptions,
  run: PulumiRunner,
): Promise<{ split: Split; from: string } | { split?: undefined; why: string }> {
  if (!opts.stack) return { why: "no --stack" };
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  let state: { deployment?: { resources?: { type?: string; urn?: string; inputs?: Record<string, unknown> }[] } };
  try {
    state = JSON.parse(await run(["stack", "export", "--stack", opts.stack], cwd)) as typeof state;
  } catch (err) {
    return { why: `the stack's state could not be read (${(err as Error).message.split("\n")[0]})` };
  }
  const splits = (state.deployment?.resources ?? []).filter((r) => r.type === SPLIT_TYPE);
  if (splits.length !== 1)
    return {
      why: `stack ${opts.stack}'s state holds ${splits.length === 0 ? "no OwnershipSplit" : `${splits.length} OwnershipSplits`}`,
    };
  const [r] = splits;
  const args = Object.fromEntries(SPLIT_KEYS.filter((k) => r.inputs?.[k] !== undefined).map((k) => [k, r.inputs![k]]));
  const failures = checkSplit(args).filter((f) => (SPLIT_KEYS as readonly string[]).includes(f.property));
  if (failures.length) return { why: `its OwnershipSplit's inputs are not a split (${failures[0].reason})` };
  const name = r.urn?.split("::").pop() ?? "split";
  return { split: args as unknown as Split, from: `stack ${opts.stack}'s OwnershipSplit "${name}"` };
}

/**
 * Configures the provider from the options. A configuration the command cannot use (a key missing or invalid, or the
 * org refusing it: a wrong orgId, a revoked key, an unreachable apiUrl) is a UsageError (exit 2), as for discover.
 */
export async function connect(opts: ConnectionOptions, run: PulumiRunner, command: string): Promise<void> {
  const values = await connectionValues(opts, run);
  configure({ config: { get: (k) => values.get(k) }, fromCli: true });
  const invalid = configProblem();
  if (invalid) throw configRefusal(invalid, command);
  const refused = await connectionProblem();
  if (refused) throw new UsageError(refused);
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

/** A --site that names none of the org's sites is a typo, not an empty review: refused (exit 2), naming its sites. */
export function refuseUnknownSites(snap: Pick<AccessSnapshot, "workspaces">, sites: string[] | undefined): void {
  const unknown = (sites ?? []).filter((s) => !snap.workspaces.some((w) => sameSite(w.host, s)));
  if (!unknown.length) return;
  const hosts = [...new Set(snap.workspaces.map((w) => w.host))].sort();
  throw new UsageError(
    `--site ${unknown.map((s) => JSON.stringify(s)).join(", ")} names no site of the org; its sites: ${hosts.join(", ")}`,
  );
}
