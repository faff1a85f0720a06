// What runs once per provider process: config from `configure`, the API clients built from it, and the run state (what
// this run has read, written and printed).
import { ConfigError, readConfig, type ProviderConfig } from "../config";
import { createOrgClient } from "../clients/atlassian/org-client";
import { createAuditClient, type AuditClient } from "../clients/atlassian/audit-client";
import { createAccessClient, type AccessClient } from "../clients/atlassian/access-client";
import { createScimClient, type ScimClient } from "../clients/scim/scim-client";
import { createIscClient, type IscClient } from "../clients/isc/isc-client";
import { ApiError, NetworkError } from "../clients/errors";
import { apiKeyStanding } from "../runtime/stale-key";
import { forEngine } from "../runtime/engine-errors";
import { leanHeap } from "../runtime/heap";

export type OrgClient = ReturnType<typeof createOrgClient>;

export interface Context {
  config: ProviderConfig;
  org: OrgClient;
  /** Roles held beyond groups (a person's role assignments, admin roles) and app access settings; same key and gate. */
  access: AccessClient;
  /** The audit log; read once per run through org/snapshot.ts. */
  audit?: AuditClient;
  /** SCIM's view of the IdP's users and groups, when scimDirectoryId and scimToken are set. */
  scim?: ScimClient;
  /** ISC's record, when iscUrl, iscClientId, iscClientSecret and iscSourceId are set. */
  isc?: IscClient;
}

function clientsFor(config: ProviderConfig): Context {
  // Backoff timing from config (tests shrink it); the retry count and the longest server-asked wait stay the defaults.
  const t = {
    retry: { baseDelayMs: config.retryBaseDelayMs, maxDelayMs: config.retryMaxDelayMs },
    paceToQuotas: config.paceToQuotas,
  };
  const { apiUrl, orgId, apiKey } = config;
  const org = createOrgClient({ ...t, apiUrl, orgId, directoryId: config.directoryId, apiKey });
  const ctx: Context = {
    config,
    org,
    // The org client's gate: both spend the same API key's quota.
    access: createAccessClient({ ...t, apiUrl, orgId, directoryId: config.directoryId, apiKey, gate: org.gate }),
    audit: createAuditClient({ ...t, apiUrl, orgId, apiKey }),
  };
  if (config.scimDirectoryId && config.scimToken) {
    ctx.scim = createScimClient({ ...t, apiUrl, directoryId: config.scimDirectoryId, token: config.scimToken });
  }
  if (config.iscUrl && config.iscClientId && config.iscClientSecret && config.iscSourceId) {
    const { iscUrl, iscClientId: clientId, iscClientSecret: clientSecret } = config;
    ctx.isc = createIscClient({ ...t, iscUrl, clientId, clientSecret });
  }
  return ctx;
}

let current: Context | undefined;
/** The configuration's problems, kept from `configure` so that every check can report them as a plain failure. */
let configError: ConfigError | undefined;
/** What `connectionProblem` found for the current clients, read once per process. */
let connection: Promise<string | undefined> | undefined;

/**
 * The run state: everything this provider process (one engine run) has read, written and printed, so that each list
 * is read once per run and each line printed once (the snapshot and org state, usage, grants, app access settings,
 * ISC's governed groups, admin holdings, the findings and plan lines printed, the renames and replacements diff
 * planned). One object, owned here; each part is declared by the module that uses it (`runPart`) and built on first
 * use. New clients (another configuration, or a test's fakes) start a new run state, and so does `resetRunState`.
 */
let run = new Map<symbol, unknown>();

/** Declares a part of the run state: `init` builds it on its first use in each run; the getter returns this run's. */
export function runPart<T>(name: string, init: () => T): () => T {
  const key = Symbol(name);
  return () => {
    if (!run.has(key)) {
      const part = init();
      // `run` is read after init: an init that configured the context (and so started a new run) stores in the new one.
      run.set(key, part);
    }
    return run.get(key) as T;
  };
}

/** A new engine run with nothing read or printed yet, on the same clients (tests: "a new provider process"). */
export function resetRunState(): void {
  run = new Map();
}

/** The shape of the dynamic provider's configure request (`req.config.get`). */
export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
  /**
   * A CLI command configuring from the stack's config it read itself (--stack, --config, env): no copy of a key in
   * the state is in play, so a refused key is not explained as a stale one. Absent from the engine's requests.
   */
  fromCli?: boolean;
}

/** Whether the CLI configured this process (ConfigureRequest.fromCli). */
let fromCli = false;

/**
 * Called from every shim's configure; the first call builds the clients, later ones are no-ops with the same config.
 * Never throws for bad config: the engine would print a stack trace. The problems are kept (`configProblem`) and every
 * check reports them (lifecycle/registry.ts); any other call that needs the context throws them.
 */
export function configure(req: ConfigureRequest | undefined): void {
  // The provider process holds a whole org's snapshot: its heap kept near what is live (runtime/heap.ts).
  leanHeap();
  fromCli = req?.fromCli === true;
  let config: ProviderConfig;
  try {
    config = readConfig((k) => req?.config.get(k));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw forEngine(e, "configure");
    configError = e;
    current = undefined;
    return;
  }
  configError = undefined;
  // Every resource kind's shim calls configure; keep one client (and so one pacing gate) per process.
  if (current && JSON.stringify(current.config) === JSON.stringify(config)) return;
  current = clientsFor(config);
  connection = undefined;
  resetRunState();
}

/**
 * Whether orgId, directoryId, apiKey and apiUrl name an org and directory this key can read, as a sentence naming the
 * key at fault (undefined: they do, or the API failed in a way that says nothing about them). One directory listing per
 * process, so a wrong orgId is reported as such before any write, never blamed on the input that happened to need it.
 */
export function connectionProblem(): Promise<string | undefined> {
  if (configError) return Promise.resolve(configError.message);
  const ctx = context();
  connection ??= describeConnection(ctx);
  return connection;
}

/**
 * A refresh runs the provider with the configuration the last `up` stored in the state, not the stack's config: a key
 * fixed since then is not used until an `up` stores it (the engine's behaviour). stale-key.ts asks the CLI for the
 * stack's value to tell the two apart; when it cannot, a 401 carries this explanation.
 */
export const STALE_KEY =
  "If you already set a new key: a refresh (`pulumi refresh`, `preview --refresh`, `up --refresh`) still uses the key the last `pulumi up` stored in the stack's state; run `pulumi up` without --refresh once to store the new key, then refresh again.";

async function describeConnection(ctx: Context): Promise<string | undefined> {
  const { orgId, directoryId, apiUrl } = ctx.config;
  let dirs: { directoryId: string; name?: string | null }[];
  try {
    await ctx.org.getOrg();
    dirs = await ctx.org.getDirectories();
  } catch (e) {
    if (!(e instanceof ApiError)) return undefined;
    if (e.kind === "network" || e.kind === "timeout") {
      // The client's own message ends with its advice; the key's message gives that advice once, for the key.
      const why = e instanceof NetworkError ? e.reason : `no answer in time`;
      return `atlassian-access:apiUrl ${JSON.stringify(apiUrl)} could not be reached (${e.method} ${e.url}: ${why}, ${e.attempts} attempt(s)); check the URL (default https://api.atlassian.com) and the network.`;
    }
    if (e.status === 401) return unacceptedKey(ctx);
    if (e.status === 403 || e.status === 404)
      return `atlassian-access:orgId ${JSON.stringify(orgId)} is not an organization this API key can read (HTTP ${e.status}); check the org id in the admin.atlassian.com URL (admin.atlassian.com/o/<orgId>/...), or use an API key created in that org.`;
    return undefined;
  }
  if (dirs.some((d) => d.directoryId === directoryId)) return undefined;
  const known = dirs.map((d) => (d.name ? `${d.directoryId} (${d.name})` : d.directoryId)).join(", ") || "none";
  return `atlassian-access:directoryId ${JSON.stringify(directoryId)} is not a directory of org ${orgId}; its directories: ${known}. Set \`pulumi config set atlassian-access:directoryId <id>\` to one of them.`;
}

const SET_KEY = "`pulumi config set --secret atlassian-access:apiKey <key>`";

/** A 401: the state's stale copy of a key the stack has since replaced, or a key that is wrong where it is set. */
async function unacceptedKey(ctx: Context): Promise<string> {
  const { apiUrl, apiKey } = ctx.config;
  if (fromCli)
    return `atlassian-access:apiKey was not accepted by ${apiUrl} (HTTP 401); set a current org API key with ${SET_KEY}.`;
  const standing = await apiKeyStanding(apiKey);
  if (standing === "stale")
    return `atlassian-access:apiKey: the stack's config holds a new key, but this run uses the one the last \`pulumi up\` stored in the state (a refresh runs with the state's provider configuration), and ${apiUrl} does not accept that one (HTTP 401). Run \`pulumi up\` without --refresh once to store the new key, then refresh again.`;
  if (standing === "current")
    return `atlassian-access:apiKey was not accepted by ${apiUrl} (HTTP 401), and it is the key the stack's config holds: it is wrong or revoked. Set a current org API key with ${SET_KEY}.`;
  return `atlassian-access:apiKey was not accepted by ${apiUrl} (HTTP 401); set a current org API key with ${SET_KEY}. ${STALE_KEY}`;
}

/** The configuration's problems, when `configure` found any. */
export function configProblem(): ConfigError | undefined {
  if (!current && !configError) configure(undefined);
  return configError;
}

/** The process context; configures from env alone when the engine never called configure (older engines). */
export function context(): Context {
  if (!current && !configError) configure(undefined);
  if (configError) throw configError;
  return current!;
}

/** Tests swap in fakes, with a new run state. */
export function setContextForTests(ctx: Context | undefined): void {
  current = ctx;
  configError = undefined;
  connection = ctx ? Promise.resolve(undefined) : undefined;
  resetRunState();
}
