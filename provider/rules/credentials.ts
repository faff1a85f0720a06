// Credentials the org depends on that expire: the SCIM directory's key (keys created since 2025 expire after a year,
// and Atlassian warns nobody) and the org API key. No API returns their expiry, so the split takes it as an input
// (`credentials`) and the stack config as `scimTokenExpires` / `apiKeyExpires`; this one rule judges both, in the
// server's time, and notes a rotation the audit log shows as evidence. Pure.
import { ACTIONS } from "./audit-actions";
import { causeFrom, type ActorLanes, type AuditEntry } from "./attribution";
import { makeFinding, type Finding } from "./findings";

export const CREDENTIAL_KINDS = ["scim-token", "org-api-key"] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** One credential and when it stops working: `YYYY-MM-DD` (the start of that day, UTC) or an ISO-8601 time with a zone. */
export interface Credential {
  /** A name the findings use as their subject, e.g. "entra-scim" or "pulumi-ci". */
  name: string;
  kind: CredentialKind;
  expires: string;
}

/** The config keys that carry the same facts for `doctor` and for a split without `credentials`. */
export interface CredentialConfig {
  scimTokenExpires?: string;
  apiKeyExpires?: string;
}

/** How many days ahead `credential-expiring` warns. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The instant a credential stops working (epoch ms), or undefined for a value that is not a date. */
export function expiresMs(expires: string): number | undefined {
  const day = DAY.exec(expires);
  if (day) {
    const t = Date.UTC(+day[1], +day[2] - 1, +day[3]);
    const d = new Date(t);
    return d.getUTCMonth() === +day[2] - 1 && d.getUTCDate() === +day[3] ? t : undefined;
  }
  if (!TIME.test(expires)) return undefined;
  const t = Date.parse(expires);
  return Number.isNaN(t) ? undefined : t;
}

/** The credentials the config names, under the names findings give them (`scimToken`, `apiKey`). */
export function configCredentials(c: CredentialConfig): Credential[] {
  return [
    ...(c.scimTokenExpires ? [{ name: "scimToken", kind: "scim-token" as const, expires: c.scimTokenExpires }] : []),
    ...(c.apiKeyExpires ? [{ name: "apiKey", kind: "org-api-key" as const, expires: c.apiKeyExpires }] : []),
  ];
}

/** The split's credentials, and the config's for each kind the split's list does not name: inputs OR config. */
export function credentialsOf(declared: readonly Credential[] | undefined, config: CredentialConfig): Credential[] {
  const list = [...(declared ?? [])];
  const named = new Set(list.map((c) => c.kind));
  return [...list, ...configCredentials(config).filter((c) => !named.has(c.kind))];
}

/** Validation of the split's `credentials` input; one reason per problem. Unknown preview values pass. */
export function checkCredentials(value: unknown, isUnknown: (v: unknown) => boolean = () => false): string[] {
  if (value === undefined || isUnknown(value)) return [];
  const example = `[{ name: "entra-scim", kind: "scim-token", expires: "2027-03-31" }]`;
  if (!Array.isArray(value)) return [`credentials must be a list like ${example}; got ${JSON.stringify(value)}.`];
  const out: string[] = [];
  const seen = new Set<string>();
  value.forEach((c: unknown, i: number) => {
    if (isUnknown(c)) return;
    const o = c as Record<string, unknown>;
    if (o === null || typeof o !== "object" || Array.isArray(o)) {
      out.push(`credentials[${i}] must be { name, kind, expires }, like ${example}; got ${JSON.stringify(c)}.`);
      return;
    }
    const extra = Object.keys(o).filter((k) => !["name", "kind", "expires"].includes(k));
    if (extra.length) out.push(`credentials[${i}] has unknown key(s) ${extra.join(", ")}; known: name, kind, expires.`);
    if (!isUnknown(o.name) && (typeof o.name !== "string" || !NAME.test(o.name)))
      out.push(
        `credentials[${i}].name must be a name of letters, digits, ".", "_" or "-"; got ${JSON.stringify(o.name)}.`,
      );
    else if (typeof o.name === "string" && seen.has(o.name.toLowerCase()))
      out.push(`credentials[${i}].name "${o.name}" is listed twice; each credential needs its own name.`);
    else if (typeof o.name === "string") seen.add(o.name.toLowerCase());
    if (!isUnknown(o.kind) && !(CREDENTIAL_KINDS as readonly unknown[]).includes(o.kind))
      out.push(`credentials[${i}].kind must be one of ${CREDENTIAL_KINDS.join(", ")}; got ${JSON.stringify(o.kind)}.`);
    if (!isUnknown(o.expires) && (typeof o.expires !== "string" || expiresMs(o.expires) === undefined))
      out.push(
        `credentials[${i}].expires must be a day (YYYY-MM-DD, the key stops working at its start, UTC) or an ISO-8601 time with a zone; got ${JSON.stringify(o.expires)}.`,
      );
  });
  return out;
}

const WHAT: Record<CredentialKind, string> = {
  "scim-token": "SCIM directory API key",
  "org-api-key": "org API key",
};

const RENEW: Record<CredentialKind, string> = {
  "scim-token":
    "Regenerate the SCIM directory's API key in admin.atlassian.com (Security > Identity providers > your directory), put the new key in the identity provider's provisioning settings (and `atlassian-access:scimToken`)",
  "org-api-key":
    "Create a new org API key in admin.atlassian.com (Settings > API keys), set it with `pulumi config set --secret atlassian-access:apiKey` (and in CI), revoke the old one",
};

/** Who uses each kind: the lane whose work stops when it expires. */
const LANE = { "scim-token": "scim", "org-api-key": "pulumi" } as const;

/** The audit family that records a new key of this kind. */
const ROTATION = { "scim-token": ACTIONS.scimTokenRotated, "org-api-key": ACTIONS.apiKeyCreated } as const;

/** The newest rotation of a kind in the window, if any. */
function rotationOf(events: readonly AuditEntry[], kind: CredentialKind): AuditEntry | undefined {
  const keys = ROTATION[kind] as readonly string[];
  return events
    .filter((e) => keys.includes(e.action.toLowerCase()))
    .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))[0];
}

export interface CredentialOptions {
  /** The time to judge at, epoch ms (the server's). */
  now: number;
  events?: readonly AuditEntry[];
  lanes?: ActorLanes;
}

/** `credential-expired` past a credential's expiry, `credential-expiring` within EXPIRY_WARNING_DAYS of it. */
export function credentialFindings(creds: readonly Credential[], opts: CredentialOptions): Finding[] {
  const out: Finding[] = [];
  for (const c of creds) {
    const at = expiresMs(c.expires);
    if (at === undefined) continue;
    const left = at - opts.now;
    if (left > EXPIRY_WARNING_DAYS * DAY_MS) continue;
    const expired = left <= 0;
    const days = Math.ceil(Math.abs(left) / DAY_MS);
    const when = new Date(at).toISOString();
    const rotated = rotationOf(opts.events ?? [], c.kind);
    const cause = rotated ? causeFrom(rotated, opts.lanes ?? {}) : undefined;
    const note = rotated
      ? ` The audit log shows a new ${WHAT[c.kind]} made at ${rotated.time} by ${cause!.actor}: if it replaced this one, record its expiry in place of "${c.expires}".`
      : "";
    const what = `${WHAT[c.kind]} "${c.name}"`;
    out.push(
      makeFinding(
        expired ? "credential-expired" : "credential-expiring",
        c.name,
        LANE[c.kind],
        expired
          ? `The ${what} expired at ${when} (${days} day${days === 1 ? "" : "s"} ago): ${c.kind === "scim-token" ? "the identity provider's pushes are refused, so joiners, movers and leavers stop reaching Atlassian" : "every call made with it is refused"}.${note}`
          : `The ${what} expires at ${when}, in ${days} day${days === 1 ? "" : "s"}; Atlassian sends no warning, and ${c.kind === "scim-token" ? "the identity provider's pushes stop working then" : "every call made with it fails then"}.${note}`,
        `${RENEW[c.kind]}; then set the new expiry on the split's credentials entry "${c.name}" (or \`atlassian-access:${c.kind === "scim-token" ? "scimTokenExpires" : "apiKeyExpires"}\`).`,
        cause
          ? { ...cause, evidence: [...cause.evidence, `note:expires ${c.expires}`] }
          : { evidence: [`note:expires ${c.expires}`] },
      ),
    );
  }
  return out;
}
