// The refresh preview that `report --stack` and `drift` run through the Automation API, and the report made of it:
// its events, its error (an exit 7 of --expect-no-changes is a verdict, not an error) and, when it proposes changes,
// the operations an interrupted update left pending in the stack's state, which a preview never mentions.
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { collectEvents, parseUrn } from "./collect";
import { isChangeOp, isProposedChange, type Interrupted, type Report } from "./model";
import { oneLine, UsageError } from "../cli/io";
import { isPulumiMissing, pulumiMissing, pulumiRunner } from "../cli/connection";

export interface PreviewRun {
  events: EngineEvent[];
  /** Set when the preview failed; the events up to the failure are still there. */
  error?: unknown;
  /** What the CLI printed (its stdout), when it ran. */
  stdout?: string;
  /** What the stack's state says of an unfinished update; read only when the preview proposed a change. */
  interrupted?: Interrupted;
}

export type RunPreview = (opts: {
  stack?: string;
  cwd: string;
  progress: (line: string) => void;
  /** `--expect-no-changes`: the preview fails (exit 7) when anything would change. */
  expectNoChanges?: boolean;
  /** The other way on when the Pulumi CLI is missing (report: --preview-json). */
  missingOtherwise?: string;
}) => Promise<PreviewRun>;

/** The CLI's exit code that says "changes were proposed" under --expect-no-changes. */
const CHANGES_PROPOSED = 7;

/** The exit code of a failed Automation API command (the CLI's own; -2 means execa threw, the code is on its error). */
function cliExitCode(err: unknown): number | undefined {
  const r = (err as { commandResult?: { code?: number; err?: { exitCode?: number } } } | undefined)?.commandResult;
  if (typeof r?.err?.exitCode === "number") return r.err.exitCode;
  if (typeof r?.code === "number" && r.code >= 0) return r.code;
  return undefined;
}

/**
 * The report of a preview run, and whether the CLI said changes were proposed. A run that failed otherwise reports
 * what it saw with its error; one that failed before saying anything (no stack, no project) throws its error.
 */
export function reportOfRun(run: PreviewRun): { report: Report; changesProposed: boolean } {
  const changesProposed = run.error !== undefined && cliExitCode(run.error) === CHANGES_PROPOSED;
  const failed = run.error !== undefined && !changesProposed;
  if (failed && !run.events.some((e) => e.resourcePreEvent || e.diagnosticEvent))
    throw run.error instanceof Error ? run.error : new Error(JSON.stringify(run.error));
  let report = collectEvents(run.events);
  if (failed && !report.errors.length) report = { ...report, errors: [oneLine(run.error)] };
  if (run.interrupted) report = { ...report, interrupted: run.interrupted };
  return { report, changesProposed };
}

/** `deployment.pending_operations` of `pulumi stack export`, loosely: only the fields read here are checked. */
const PendingOperations = z.array(z.looseObject({ type: z.string(), resource: z.looseObject({ urn: z.string() }) }));

/**
 * The operations the stack's last update left pending (a run killed mid-way), from `pulumi stack export`'s text, or
 * why they could not be read. The export is the whole state, so runPreview asks only when the preview proposed a
 * change; a state with nothing pending has no `pending_operations` key and is not parsed.
 */
export async function interruptedOf(exportState: () => Promise<string>): Promise<Interrupted> {
  let text: string;
  try {
    text = await exportState();
  } catch (err) {
    return { unreadable: oneLine(err) };
  }
  if (!text.includes('"pending_operations"')) return { operations: [] };
  let raw: unknown;
  try {
    raw = (JSON.parse(text) as { deployment?: { pending_operations?: unknown } }).deployment?.pending_operations;
  } catch (err) {
    return { unreadable: `pulumi stack export printed no JSON (${(err as Error).message})` };
  }
  const parsed = PendingOperations.safeParse(raw ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ["pending_operations", ...(issue?.path ?? [])].join(".");
    return {
      unreadable: `the state's ${where} has a shape this version does not read: ${issue?.message ?? "invalid"}`,
    };
  }
  const operations = parsed.data.map((op) => ({ urn: op.resource.urn, ...parseUrn(op.resource.urn), op: op.type }));
  return { operations: operations.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0)) };
}

/** `pulumi stack export` of a whole state: without --show-secrets (no secret is decrypted), up to 1 GiB of text. */
const exportRunner = pulumiRunner({}, 1 << 30);

/** Runs `pulumi preview --refresh` through the Automation API; the engine is loaded only here. */
export const runPreview: RunPreview = async ({ stack, cwd, progress, expectNoChanges, missingOtherwise }) => {
  const auto = await import("@pulumi/pulumi/automation");
  const workDir = path.resolve(cwd);
  if (!["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(workDir, f)))) {
    throw new UsageError(`no Pulumi project (Pulumi.yaml) in ${workDir}: pass --cwd <project dir>`);
  }
  let stackName = stack;
  let selected;
  try {
    if (!stackName) {
      const current = await (await auto.LocalWorkspace.create({ workDir })).stack();
      if (!current) throw new UsageError(`no stack is selected in ${workDir}: pass --stack <name>`);
      stackName = current.name;
    }
    selected = await auto.LocalWorkspace.selectStack({ stackName, workDir });
  } catch (err) {
    // Without the CLI the Automation API says only "code: -2".
    if (isPulumiMissing(err)) throw new UsageError(pulumiMissing(undefined, "the preview", missingOtherwise ?? ""));
    throw err;
  }
  progress(`previewing stack ${stackName} in ${workDir} (refresh first)`);
  const events: EngineEvent[] = [];
  let proposesChange = false;
  const onEvent = (e: EngineEvent) => {
    events.push(e);
    const m = e.resourcePreEvent?.metadata;
    if (m && isChangeOp(m.op)) progress(`  ${m.op} ${m.urn.split("::").slice(2).join(" ")}`);
    if (m && isProposedChange(m)) proposesChange = true;
  };
  let run: PreviewRun;
  try {
    const { stdout } = await selected.preview({ refresh: true, diff: false, color: "never", expectNoChanges, onEvent });
    run = { events, stdout };
  } catch (error) {
    const r = (error as { commandResult?: { stdout?: string; err?: { stdout?: string } } }).commandResult;
    run = { events, error, stdout: r?.err?.stdout || r?.stdout || undefined };
  }
  if (!proposesChange) return run;
  progress(`reading stack ${stackName}'s state for operations an interrupted update left pending`);
  const name = stackName;
  return {
    ...run,
    interrupted: await interruptedOf(() => exportRunner(["stack", "export", "--stack", name], workDir)),
  };
};
