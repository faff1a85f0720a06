// The `atlassian-access` config namespace (Pulumi config or env), parsed once per provider process.
import { z } from "zod";
import { LANES } from "./rules/ownership";

/** What an audit actor maps to: a lane, or `person` (anyone acting by hand in the admin UI). */
const ActorLane = z.enum([...LANES, "person"]);

export const ProviderConfig = z.object({
  orgId: z
    .string()
    .min(1, "orgId is required: set `pulumi config set atlassian-access:orgId <id>` or ATLASSIAN_ACCESS_ORG_ID"),
  apiKey: z
    .string()
    .min(1, "apiKey is required: `pulumi config set --secret atlassian-access:apiKey ...` or ATLASSIAN_ACCESS_API_KEY"),
  directoryId: z.string().min(1, "directoryId is required (GET /admin/v2/orgs/{orgId}/directories lists it)"),
  apiUrl: z.string().url().default("https://api.atlassian.com"),
  scimDirectoryId: z.string().optional(),
  scimToken: z.string().optional(),
  iscUrl: z.string().url().optional(),
  iscClientId: z.string().optional(),
  iscClientSecret: z.string().optional(),
  iscSourceId: z.string().optional(),
  /** Audit actors to lanes: API token labels (and "scim") mapped to a lane; unknown actors stay "unknown". */
  actorLanes: z.record(z.string(), ActorLane).default({}),
  /** How long to wait for eventually consistent role assignments (Atlassian documents up to ~30 s). */
  roleConsistencyTimeoutMs: z.number().int().nonnegative().default(35_000),
  /** First wait between the reads that poll an eventually consistent result (a role assignment, a new group). */
  pollIntervalMs: z.number().int().positive().default(250),
  /** First backoff step of every client's retries (it doubles each retry), and the cap on one step. */
  retryBaseDelayMs: z.number().int().nonnegative().default(500),
  retryMaxDelayMs: z.number().int().nonnegative().default(30_000),
  /** How far back drift attribution reads the audit log (one read per run; the events API allows 10 requests/min). */
  auditLookbackHours: z.number().positive().default(168),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

const KEYS = [
  "orgId",
  "apiKey",
  "directoryId",
  "apiUrl",
  "scimDirectoryId",
  "scimToken",
  "iscUrl",
  "iscClientId",
  "iscClientSecret",
  "iscSourceId",
  "actorLanes",
  "roleConsistencyTimeoutMs",
  "pollIntervalMs",
  "retryBaseDelayMs",
  "retryMaxDelayMs",
  "auditLookbackHours",
] as const;

const NUMBER_KEYS = new Set<string>([
  "roleConsistencyTimeoutMs",
  "pollIntervalMs",
  "retryBaseDelayMs",
  "retryMaxDelayMs",
  "auditLookbackHours",
]);

/** Secrets: never echoed in errors. */
export const SECRET_KEYS = new Set(["apiKey", "scimToken", "iscClientSecret"]);

const envName = (key: string) => "ATLASSIAN_ACCESS_" + key.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase();

/** Reads config via `get(key)` (Pulumi's `atlassian-access:<key>`), falling back to ATLASSIAN_ACCESS_<KEY> env vars. */
export function readConfig(
  get: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ProviderConfig {
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const v = get(`atlassian-access:${key}`) ?? env[envName(key)];
    if (v === undefined || v === "") continue;
    if (key === "actorLanes") {
      try {
        raw[key] = typeof v === "string" ? JSON.parse(v) : v;
      } catch {
        throw new Error(`atlassian-access:actorLanes must be a JSON object like {"sailpoint-isc-connector":"isc"}`);
      }
    } else if (NUMBER_KEYS.has(key)) raw[key] = Number(v);
    else raw[key] = v;
  }
  const parsed = ProviderConfig.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? "");
      // zod may quote the received value; never for secrets.
      return `atlassian-access:${key}: ${SECRET_KEYS.has(key) ? "invalid value" : i.message}`;
    });
    throw new Error(`atlassian-access configuration is incomplete:\n  ${lines.join("\n  ")}`);
  }
  return parsed.data;
}
