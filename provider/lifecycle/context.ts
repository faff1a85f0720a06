// What runs once per provider process: config from `configure`, and the API clients built from it.
import { readConfig, type ProviderConfig } from "../config";
import { createOrgClient } from "../clients/atlassian/org-client";
import { createAuditClient, type AuditClient } from "../clients/atlassian/audit-client";
import { createScimClient, type ScimClient } from "../clients/scim/scim-client";
import { createIscClient, type IscClient } from "../clients/isc/isc-client";

export type OrgClient = ReturnType<typeof createOrgClient>;

export interface Context {
  config: ProviderConfig;
  org: OrgClient;
  /** The audit log; read once per run through lifecycle/snapshot.ts. */
  audit?: AuditClient;
  /** SCIM's view of the IdP's users and groups, when scimDirectoryId and scimToken are set. */
  scim?: ScimClient;
  /** ISC's record, when iscUrl, iscClientId, iscClientSecret and iscSourceId are set. */
  isc?: IscClient;
}

function clientsFor(config: ProviderConfig): Context {
  // Backoff timing from config (tests shrink it); the retry count and the longest server-asked wait stay the defaults.
  const t = { retry: { baseDelayMs: config.retryBaseDelayMs, maxDelayMs: config.retryMaxDelayMs } };
  const { apiUrl, orgId, apiKey } = config;
  const ctx: Context = {
    config,
    org: createOrgClient({ ...t, apiUrl, orgId, directoryId: config.directoryId, apiKey }),
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

/** The shape of the dynamic provider's configure request (`req.config.get`). */
export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

/** Called from every shim's configure; the first call builds the clients, later ones are no-ops with the same config. */
export function configure(req: ConfigureRequest | undefined): void {
  const config = readConfig((k) => req?.config.get(k));
  // Every resource kind's shim calls configure; keep one client (and so one pacing gate) per process.
  if (current && JSON.stringify(current.config) === JSON.stringify(config)) return;
  current = clientsFor(config);
}

/** The process context; configures from env alone when the engine never called configure (older engines). */
export function context(): Context {
  if (!current) configure(undefined);
  return current!;
}

/** Tests swap in fakes. */
export function setContextForTests(ctx: Context | undefined): void {
  current = ctx;
}
