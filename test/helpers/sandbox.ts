// One sandbox per test file, started in-process on a free port; every one is registered for the conformance check.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSandbox, type SandboxOptions } from "../../sandbox/server";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import { stackConfig } from "../../sandbox/cli";

export type TestSandbox = Awaited<ReturnType<typeof startSandbox>>;

/** Every sandbox started in this mocha run; the conformance root hook validates all their exchanges. */
export const startedSandboxes: TestSandbox[] = [];

export async function startTestSandbox(opts: SandboxOptions = {}): Promise<TestSandbox> {
  const sb = await startSandbox({ scenario: "acme", ...opts, settings: { rateLimits: false, ...opts.settings } });
  startedSandboxes.push(sb);
  return sb;
}

/**
 * Engine tests' sandbox: every quota off. Each CLI run is a new provider process whose pacing starts afresh, so a quota
 * would only be sat out between runs; the one engine test of the audit log's 429 switches that quota on, shortened.
 */
export function startEngineSandbox(opts: SandboxOptions = {}): Promise<TestSandbox> {
  return startTestSandbox({ ...opts, settings: { rateLimits: false, eventsRateLimit: false, ...opts.settings } });
}

/**
 * A `configure` request pointing the provider at a sandbox's org API with code's key, plus `extra` config values (keys
 * without the `atlassian-access:` prefix), for lifecycle tests that run the provider in-process.
 */
export function providerConfigure(sb: TestSandbox, extra: Record<string, string> = {}) {
  const w = sb.store.world;
  const values: Record<string, string> = {
    orgId: w.org.id,
    directoryId: w.org.directoryId,
    apiKey: SANDBOX_CREDENTIALS.orgApiKeys.pulumi,
    apiUrl: sb.url,
    ...extra,
  };
  return { config: { get: (k: string) => values[k.replace(/^atlassian-access:/, "")] } };
}

/** A tiny typed fetch for tests: JSON in, `{status, headers, body}` out. */
export async function call(
  sb: { url: string },
  method: string,
  path: string,
  opts: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const token = opts.token === undefined ? SANDBOX_CREDENTIALS.orgApiKeys.pulumi : opts.token;
  const res = await fetch(sb.url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* non-JSON bodies stay text */
  }
  return { status: res.status, headers: res.headers, body };
}

/** The org v2 path prefix for this sandbox's org and directory. */
export function orgPath(sb: TestSandbox, rest = ""): string {
  const w = sb.store.world;
  return `/admin/v2/orgs/${w.org.id}/directories/${w.org.directoryId}${rest}`;
}

/** The first `n` open acme.example accounts of a sandbox, by email (lower-case, sorted): people for a test's groups. */
export function acmePeople(sb: TestSandbox, n: number): string[] {
  const people = sb.store.world.org.users
    .filter((u) => u.accountStatus !== "closed" && u.email.endsWith("@acme.example"))
    .map((u) => u.email.toLowerCase())
    .sort()
    .slice(0, n);
  if (people.length < n) throw new Error(`the sandbox has ${people.length} acme.example people, not ${n}`);
  return people;
}

/**
 * A new temp folder (`prefix`-named) holding config.json: the sandbox's stack configuration, as `--config FILE` reads
 * it. The caller removes `dir`.
 */
export function sandboxConfigFile(sb: TestSandbox, prefix: string): { dir: string; config: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const config = path.join(dir, "config.json");
  fs.writeFileSync(config, JSON.stringify(stackConfig(sb.url, sb.store.world)));
  return { dir, config };
}
