// The real Pulumi engine for tests: Automation API over the project-built CLI, local file backend, fully offline.
import * as path from "node:path";
import * as fs from "node:fs";
import * as os from "node:os";
import { execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { LocalWorkspace, PulumiCommand, type Stack, type ConfigMap } from "@pulumi/pulumi/automation";
import { startEngineSandbox, type TestSandbox } from "./sandbox";
import { filesUnder } from "./files";
import { stackConfig } from "../../sandbox/cli";

export const REPO_ROOT = path.resolve(__dirname, "../..");
const TOOL_BIN = path.join(REPO_ROOT, ".tools", "pulumi", "bin");
const execFileAsync = promisify(execFile);

/** The CLI to use: the project-built one, else a `pulumi` on PATH; undefined when neither exists. */
export function pulumiBinDir(): string | undefined {
  if (fs.existsSync(path.join(TOOL_BIN, "pulumi"))) return TOOL_BIN;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, "pulumi"))) return dir;
  }
  return undefined;
}

export interface EngineEnv {
  binDir: string;
  home: string;
  backendDir: string;
  env: Record<string, string>;
}

/** A fresh PULUMI_HOME and file backend in a temp folder, with update checks and plugin downloads off. */
export function engineEnv(): EngineEnv {
  const binDir = pulumiBinDir();
  if (!binDir)
    throw new Error(
      "No Pulumi CLI: run `bash scripts/build-pulumi.sh` (the README's test command does) or put `pulumi` on PATH.",
    );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "atlassian-access-engine-"));
  const home = path.join(tmp, "home");
  const backendDir = path.join(tmp, "state");
  fs.mkdirSync(home);
  fs.mkdirSync(backendDir);
  const env: Record<string, string> = {
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase-not-a-secret",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    // No PULUMI_SKIP_CONFIRMATIONS: it implies --yes, which `refresh --preview-only` refuses.
  };
  return { binDir, home, backendDir, env };
}

/** `pulumi version` of the CLI the tests use (printed into the test log). */
export function pulumiVersion(): string {
  const binDir = pulumiBinDir();
  if (!binDir) return "none";
  return execFileSync(path.join(binDir, "pulumi"), ["version"], { encoding: "utf8" }).trim();
}

/**
 * The provider's waits, shrunk for the sandbox: role polls from 20 ms (to 320), retry backoff from 10 ms (to 100), no
 * pacing to published quotas.
 */
export const FAST_WAITS: ConfigMap = {
  "atlassian-access:roleConsistencyTimeoutMs": { value: "5000" },
  "atlassian-access:pollIntervalMs": { value: "20" },
  "atlassian-access:retryBaseDelayMs": { value: "10" },
  "atlassian-access:retryMaxDelayMs": { value: "100" },
  // The sandbox's quotas are off in engine tests: no client paces to the published ones.
  "atlassian-access:paceToQuotas": { value: "false" },
};

/**
 * Stack config pointing the provider at a sandbox's org API only (no SCIM, ISC or actorLanes: most suites need no
 * drift attribution), with FAST_WAITS; secrets go in as Pulumi secrets. Pass `stackConfig(sb.url, sb.store.world)` as
 * `extra` for all.
 */
export function sandboxConfig(sb: TestSandbox, extra: ConfigMap = {}): ConfigMap {
  const all = stackConfig(sb.url, sb.store.world);
  const org = ["orgId", "directoryId", "apiUrl", "apiKey"].map((k) => `atlassian-access:${k}`);
  return {
    ...Object.fromEntries(org.map((k) => [k, all[k]])),
    ...FAST_WAITS,
    ...extra,
  };
}

/**
 * sandboxConfig plus the sandbox's actorLanes (code's API key to pulumi, the IdP's and ISC's to theirs): for suites whose
 * findings name the lane of the actor who made them.
 */
export function laneConfig(sb: TestSandbox): ConfigMap {
  const lanes = stackConfig(sb.url, sb.store.world)["atlassian-access:actorLanes"];
  return sandboxConfig(sb, { "atlassian-access:actorLanes": lanes });
}

export interface TestStack {
  stack: Stack;
  engine: EngineEnv;
  /** Re-open the same stack in a new workspace (a new engine process reading only the state). */
  reopen(): Promise<Stack>;
}

/** Opens (creates) a stack for test/e2e/programs/<program> (or an absolute project dir), configured for the sandbox. */
export async function openStack(program: string, config: ConfigMap, engine = engineEnv()): Promise<TestStack> {
  const workDir = path.isAbsolute(program) ? program : path.join(REPO_ROOT, "test", "e2e", "programs", program);
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(engine.binDir), skipVersionCheck: true });
  // Unique across the workers of `mocha --parallel` too: the stack's config file sits in the shared program folder.
  const stackName = `t${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const open = async () =>
    LocalWorkspace.createOrSelectStack(
      { stackName, workDir },
      { envVars: engine.env, pulumiCommand, pulumiHome: engine.home },
    );
  const stack = await open();
  await stack.setAllConfig(config);
  return { stack, engine, reopen: open };
}

/**
 * A suite's `before`: an engine sandbox (startEngineSandbox) and a stack of `program` configured for it by `config`
 * (sandboxConfig by default); skips the suite when no CLI exists (requireEngine). Its `after`: closeEngineStack.
 */
export async function openEngineStack(
  ctx: Mocha.Context,
  program: string,
  config: (sb: TestSandbox) => ConfigMap = sandboxConfig,
): Promise<{ sb: TestSandbox; t: TestStack }> {
  requireEngine(ctx);
  const sb = await startEngineSandbox();
  try {
    return { sb, t: await openStack(program, config(sb)) };
  } catch (err) {
    await sb.close();
    throw err;
  }
}

/** A suite's `after`: removes its stack and closes its sandbox, each when the `before` got that far. */
export async function closeEngineStack(sb: TestSandbox | undefined, t: TestStack | undefined): Promise<void> {
  await t?.stack.workspace.removeStack(t.stack.name, { force: true }).catch(() => undefined);
  await sb?.close();
}

/** Exit code of a failed Automation API command (7: --expect-no-changes violated; 1: an error). */
export function exitCodeOf(err: unknown): number | undefined {
  // The Automation API reports -2 ("unknown") when execa threw; the real code is on the execa error or in its message.
  const e = err as {
    commandResult?: { code?: number; err?: { exitCode?: number; message?: string } };
    message?: string;
  };
  const code = e?.commandResult?.code;
  if (code !== undefined && code >= 0) return code;
  if (typeof e?.commandResult?.err?.exitCode === "number") return e.commandResult.err.exitCode;
  const m = /exit code (\d+)/.exec(`${e?.commandResult?.err?.message ?? ""} ${e?.message ?? ""}`);
  return m ? Number(m[1]) : code;
}

/** The text of a failed command's stderr/stdout, for asserting on messages. */
export function outputOf(err: unknown): string {
  const e = err as { commandResult?: { stdout?: string; stderr?: string }; message?: string };
  return `${e?.commandResult?.stdout ?? ""}\n${e?.commandResult?.stderr ?? ""}\n${e?.message ?? ""}`;
}

/**
 * The engine's own noise after a check failure, not the provider's: the program's last call races the engine's
 * shutdown and the CLI prints "failed to deliver log message. error: Error: Channel has been shut down" for the stack
 * (pulumi/pulumi#16853, #6998; seen with CLI 3.276 and the legacy language host). Only that exact pair is dropped.
 */
const ENGINE_SHUTDOWN_NOISE = /failed to deliver log message\.\n\s*error: Error: Channel has been shut down\n/g;

/** A CLI command that must fail: its exit code, its text, and the sorted `error:` lines of its Diagnostics section. */
export async function failureOf(
  command: Promise<unknown>,
): Promise<{ code: number | undefined; text: string; errors: string[] }> {
  try {
    await command;
  } catch (e) {
    const text = outputOf(e);
    const start = text.indexOf("Diagnostics:"); // outputOf repeats the CLI's text; the first copy is enough
    const section =
      start < 0 ? "" : text.slice(start, text.indexOf("\nResources:", start)).replace(ENGINE_SHUTDOWN_NOISE, "");
    // Sorted: the CLI prints a resource's diagnostics and the stack's "update failed" in either order.
    const errors = section
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith("error: "))
      .sort();
    return { code: exitCodeOf(e), text, errors };
  }
  throw new Error("the command succeeded; it was expected to fail");
}

/** For a `before` hook: skip the suite when no CLI exists locally, but fail in CI, where one must have been built. */
export function requireEngine(ctx: Mocha.Context): void {
  if (pulumiBinDir()) return;
  if (process.env.CI === "true")
    throw new Error("No Pulumi CLI in CI: scripts/build-pulumi.sh must run before the tests.");
  console.log("    (no Pulumi CLI: engine tests skipped; run `bash scripts/build-pulumi.sh`)");
  ctx.skip();
}

/**
 * One CLI command on a test stack's program, as CI runs it (`--non-interactive`, the stack's engine env), in one
 * process; never throws on an exit code in `allow`. The Automation API's up() adds commands of its own around it.
 */
export async function runCli(
  t: TestStack,
  args: string[],
  allow: number[] = [0],
  stdoutFile?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = t.stack.workspace.workDir;
  const full = [...args, "--stack", t.stack.name, "--cwd", cwd, "--non-interactive"];
  // The bench's largest previews print more JSON than a string holds: their stdout goes to a file, not memory.
  if (stdoutFile) return runToFile(t, full, allow, stdoutFile);
  try {
    const { stdout, stderr } = await execFileAsync(path.join(t.engine.binDir, "pulumi"), full, {
      env: { ...process.env, ...t.engine.env },
      maxBuffer: 256 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    const code = typeof err.code === "number" ? err.code : -1;
    if (!allow.includes(code))
      throw new Error(`pulumi ${args[0]} exited ${code}: ${err.stderr}\n${(err.stdout ?? "").slice(-4000)}`, {
        cause: e,
      });
    return { code, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

async function runToFile(t: TestStack, full: string[], allow: number[], file: string) {
  const out = fs.openSync(file, "w");
  let stderr = "";
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(path.join(t.engine.binDir, "pulumi"), full, {
      env: { ...process.env, ...t.engine.env },
      stdio: ["ignore", out, "pipe"],
    });
    child.stderr!.on("data", (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-1_000_000)));
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? -1));
  }).finally(() => fs.closeSync(out));
  if (!allow.includes(code)) throw new Error(`pulumi ${full[0]} exited ${code} (stdout in ${file}): ${stderr}`);
  return { code, stdout: "", stderr };
}

/**
 * A Pulumi project with no program and one stack `dev` configured for the sandbox (secrets as `--secret`), through
 * the real CLI and no engine run: what a command's `--stack dev --cwd <dir>` reads. Returns the project folder.
 */
export function configuredStackProject(sb: TestSandbox, engine: EngineEnv, name: string): string {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  const pulumi = (...args: string[]) =>
    execFileSync(path.join(engine.binDir, "pulumi"), args, {
      cwd: project,
      env: { ...process.env, ...engine.env },
      stdio: "pipe",
    });
  pulumi("stack", "init", "dev");
  const args = Object.entries(stackConfig(sb.url, sb.store.world)).flatMap(([k, v]) => [
    v.secret ? "--secret" : "--plaintext",
    `${k}=${v.value}`,
  ]);
  pulumi("config", "set-all", ...args);
  return project;
}

/** The file backend's `.attrs` sidecars under its stacks (the state's, its backup's, every stack's). */
export function stateSidecars(backendDir: string): string[] {
  const stacks = path.join(backendDir, ".pulumi", "stacks");
  return filesUnder(stacks, ".", /\.attrs$/).map((f) => path.join(stacks, f));
}

/** The sidecar of one stack's own state: `<project>/<stack>.json.attrs`. */
export function stackSidecar(backendDir: string, stackName: string): string {
  const found = stateSidecars(backendDir).find((f) => f.endsWith(`${path.sep}${stackName}.json.attrs`));
  if (!found) throw new Error(`no sidecar of stack ${stackName} under ${backendDir}`);
  return found;
}

/** The guide's step after a kill: `find <backend>/.pulumi/stacks -name '*.attrs' -size 0 -print -delete`. */
export function removeEmptyStateSidecars(backendDir: string): string[] {
  const empty = stateSidecars(backendDir).filter((f) => fs.statSync(f).size === 0);
  for (const f of empty) fs.rmSync(f);
  return empty;
}
