// The `atlassian-access` config namespace (Pulumi config or env), parsed once per provider process.
import { z } from "zod";
import { LANES } from "./rules/ownership";
import { expiresMs } from "./rules/credentials";

/** What an audit actor maps to: a lane, or `person` (anyone acting by hand in the admin UI). */
const ACTOR_LANES = [...LANES, "person"] as const;
const ActorLane = z.enum(ACTOR_LANES);

export const ProviderConfig = z.object({
  orgId: z.string().min(1),
  apiKey: z.string().min(1),
  directoryId: z.string().min(1),
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
  /**
   * Keep each client within the quotas ISC and the audit API publish (clients/quotas.ts), sending no request they would
   * refuse; false leaves pacing to the server's rate headers and refusals (tests against a sandbox whose quotas are off).
   */
  paceToQuotas: z.boolean().default(true),
  /** How far back drift attribution reads the audit log (one read per run; the events API allows 10 requests/min). */
  auditLookbackHours: z.number().positive().default(168),
  /** Blast radius: most people one change (members removed, a grant revoked, a group deleted) may remove access from. */
  accessLossLimit: z.number().int().nonnegative().default(10),
  /** Groups whose changes may remove any amount of access (names, case-insensitive), e.g. while retiring a team. */
  accessLossAllowed: z.array(z.string()).default([]),
  /** When the SCIM directory's key expires (no API says): the split reports credential-expiring/-expired, doctor shows it. */
  scimTokenExpires: z.string().optional(),
  /** When the org API key expires (no API says), likewise. */
  apiKeyExpires: z.string().optional(),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

/** Secrets: never echoed in errors. */
export const SECRET_KEYS = new Set(["apiKey", "scimToken", "iscClientSecret"]);

/** How one key is read: its parser, and for a required key the fix when it is missing. */
interface KeySpec {
  parse: (raw: string, key: string) => unknown;
  required?: string;
}

/** A bad value for one key: the message is the whole sentence after `atlassian-access:<key>`. */
class BadValue extends Error {}

/** The env variable a key falls back to: `orgId` → ATLASSIAN_ACCESS_ORG_ID. */
export const envName = (key: string): string =>
  "ATLASSIAN_ACCESS_" + key.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase();
const setCmd = (key: string, v = "<value>") =>
  `\`pulumi config set ${SECRET_KEYS.has(key) ? "--secret " : ""}atlassian-access:${key} ${v}\` (or env ${envName(key)})`;
const shown = (key: string, raw: string) => (SECRET_KEYS.has(key) ? "(secret, not shown)" : JSON.stringify(raw));

const text = (raw: string) => raw;

function url(raw: string, key: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw new BadValue(`is ${shown(key, raw)}, which has no scheme; set the full URL, e.g. "https://${raw}"`);
  }
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new BadValue(`is ${shown(key, raw)}, which is not a URL; set an https:// URL`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    throw new BadValue(`is ${shown(key, raw)}; only http:// and https:// URLs are supported`);
  }
  return raw;
}

/**
 * A number read from text; `unit` names it in the message, `positive` excludes 0, `max` is the largest value that
 * still means what the key says (`why` says why), so a typo like 1e12 is refused here, naming the key, instead of
 * failing later where the number is used.
 */
function number(opts: { unit: string; int: boolean; positive: boolean; max: number; why: string }) {
  return (raw: string, key: string): number => {
    const n = raw.trim() === "" ? NaN : Number(raw);
    const what = `${opts.positive ? "a positive" : "a non-negative"} ${opts.int ? "whole " : ""}number of ${opts.unit}`;
    if (!Number.isFinite(n)) throw new BadValue(`is ${shown(key, raw)}, which is not a number; set ${what}`);
    if (opts.int && !Number.isInteger(n)) throw new BadValue(`is ${raw}; set ${what}`);
    if (opts.positive ? n <= 0 : n < 0) throw new BadValue(`is ${raw}; set ${what}`);
    if (n > opts.max)
      throw new BadValue(`is ${raw}, more than ${opts.max} (${opts.why}); set ${what} up to ${opts.max}`);
    return n;
  };
}
/** The longest wait a Node timer takes (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;
const ms = (positive: boolean) =>
  number({ unit: "milliseconds", int: true, positive, max: MAX_TIMER_MS, why: "the longest wait a timer takes" });
/** Ten years: the audit window reaches back no further (the org's audit log keeps far less). */
export const MAX_LOOKBACK_HOURS = 87_600;

const LANES_EXAMPLE = `'{"pulumi-ci":"pulumi","sailpoint-isc-connector":"isc"}'`;

function actorLanes(raw: string): Record<string, string> {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new BadValue(`is not valid JSON (${(e as Error).message}); set a JSON object like ${LANES_EXAMPLE}`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    const kind = Array.isArray(v) ? "an array" : v === null ? "null" : `a ${typeof v}`;
    throw new BadValue(`is ${kind}, not a JSON object; set an object of token label to lane, like ${LANES_EXAMPLE}`);
  }
  const lanes = ACTOR_LANES.map((l) => `"${l}"`).join(", ");
  for (const [label, lane] of Object.entries(v)) {
    if (!(ACTOR_LANES as readonly unknown[]).includes(lane)) {
      throw new BadValue(`maps "${label}" to ${JSON.stringify(lane)}; each value must be one of ${lanes}`);
    }
  }
  return v as Record<string, string>;
}

function groupNames(raw: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new BadValue(
      `is not valid JSON (${(e as Error).message}); set a JSON list of group names, like '["retired-team"]'`,
    );
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || x.trim() === ""))
    throw new BadValue(`is ${JSON.stringify(v)}; set a JSON list of group names, like '["retired-team"]'`);
  return v as string[];
}

function bool(raw: string, key: string): boolean {
  const v = raw.trim().toLowerCase();
  if (v === "true" || v === "false") return v === "true";
  throw new BadValue(`is ${shown(key, raw)}; set true or false`);
}

/** A credential's expiry: a day (YYYY-MM-DD) or an ISO-8601 time with a zone. */
function expiryDate(raw: string, key: string): string {
  if (expiresMs(raw.trim()) === undefined)
    throw new BadValue(
      `is ${shown(key, raw)}, which is not a day or a time; set the day the key expires, e.g. "2027-03-31" (YYYY-MM-DD, UTC), or an ISO-8601 time with a zone`,
    );
  return raw.trim();
}

const KEYS: Record<keyof ProviderConfig, KeySpec> = {
  orgId: { parse: text, required: "the org id is in the admin.atlassian.com URL (admin.atlassian.com/o/<orgId>/...)" },
  apiKey: { parse: text, required: "create an org API key in admin.atlassian.com > Settings > API keys" },
  directoryId: { parse: text, required: "GET /admin/v2/orgs/{orgId}/directories lists the org's directory ids" },
  apiUrl: { parse: url },
  scimDirectoryId: { parse: text },
  scimToken: { parse: text },
  iscUrl: { parse: url },
  iscClientId: { parse: text },
  iscClientSecret: { parse: text },
  iscSourceId: { parse: text },
  actorLanes: { parse: actorLanes },
  roleConsistencyTimeoutMs: { parse: ms(false) },
  pollIntervalMs: { parse: ms(true) },
  retryBaseDelayMs: { parse: ms(false) },
  retryMaxDelayMs: { parse: ms(false) },
  paceToQuotas: { parse: bool },
  auditLookbackHours: {
    parse: number({ unit: "hours", int: false, positive: true, max: MAX_LOOKBACK_HOURS, why: "ten years" }),
  },
  accessLossLimit: {
    parse: number({
      unit: "people",
      int: true,
      positive: false,
      max: Number.MAX_SAFE_INTEGER,
      why: "the largest whole number counted exactly",
    }),
  },
  accessLossAllowed: { parse: groupNames },
  scimTokenExpires: { parse: expiryDate },
  apiKeyExpires: { parse: expiryDate },
};

/** Keys that only work together: a partial set would silently turn drift's SCIM or ISC reads off. */
const TOGETHER: (keyof ProviderConfig)[][] = [
  ["scimDirectoryId", "scimToken"],
  ["iscUrl", "iscClientId", "iscClientSecret", "iscSourceId"],
];

/** Every problem of the configuration, one line per key, each naming the key, the value (never a secret) and the fix. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`atlassian-access configuration is invalid:\n  - ${problems.join("\n  - ")}`);
    // Bad input, not a bug: the engine prints `stack` for a failed read or diff, and a stack trace only hides the fix.
    this.stack = "";
  }
}

/** Reads config via `get(key)` (Pulumi's `atlassian-access:<key>`), falling back to ATLASSIAN_ACCESS_<KEY> env vars. */
export function readConfig(
  get: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ProviderConfig {
  const raw: Record<string, unknown> = {};
  const present = new Set<string>();
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(KEYS) as [keyof ProviderConfig, KeySpec][]) {
    const v = get(`atlassian-access:${key}`) ?? env[envName(key)];
    if (v === undefined || (typeof v === "string" && v.trim() === "")) {
      if (spec.required)
        problems.push(`atlassian-access:${key} is missing: set it with ${setCmd(key)}; ${spec.required}.`);
      continue;
    }
    present.add(key);
    try {
      raw[key] = spec.parse(typeof v === "string" ? v : JSON.stringify(v), key);
    } catch (e) {
      if (!(e instanceof BadValue)) throw e;
      problems.push(`atlassian-access:${key} ${e.message}.`);
    }
  }
  const { retryBaseDelayMs: base, retryMaxDelayMs: max } = raw as Partial<ProviderConfig>;
  if (max !== undefined && max < (base ?? 500)) {
    problems.push(
      `atlassian-access:retryMaxDelayMs is ${max}, below retryBaseDelayMs (${base ?? 500}); set it to at least that.`,
    );
  }
  for (const keys of TOGETHER) {
    const set = keys.filter((k) => present.has(k));
    if (set.length > 0 && set.length < keys.length) {
      const missing = keys.filter((k) => !present.has(k));
      problems.push(
        `atlassian-access:${missing.join(", atlassian-access:")} ${missing.length === 1 ? "is" : "are"} missing while ${set.join(", ")} ${set.length === 1 ? "is" : "are"} set: ` +
          `these keys work only together; set ${missing.map((k) => setCmd(k)).join(" and ")}, or remove ${set.join(", ")}.`,
      );
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return ProviderConfig.parse(raw);
}
