// What runs once per provider process: config from `configure`, and the API clients built from it.
import { readConfig, type ProviderConfig } from "../config";
import { createOrgClient } from "../clients/atlassian/org-client";

export type OrgClient = ReturnType<typeof createOrgClient>;

interface Context {
  config: ProviderConfig;
  org: OrgClient;
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
  current = { config, org: createOrgClient({ apiUrl: config.apiUrl, orgId: config.orgId, directoryId: config.directoryId, apiKey: config.apiKey }) };
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
