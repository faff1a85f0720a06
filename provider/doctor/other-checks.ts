// Doctor's checks beyond the org API: the SCIM directory and token, the ISC client and source (each when configured),
// the server's clock against this machine's, and the rate-limit headers the APIs sent. Reads only.
import type { ProviderConfig } from "../config";
import { createHttp } from "../clients/http";
import { ApiError } from "../clients/errors";
import { SCIM_API } from "../clients/scim/scim-client";
import { ISC_API, createIscClient } from "../clients/isc/isc-client";
import { serverClockOffsetMs } from "../clients/server-clock";
import { rateLimitHeadersSeen } from "../clients/rate-headers";
import { fail, ok, warn, type Check } from "./types";

const status = (e: ApiError) => `HTTP ${e.status}${e.code ? ` ${e.code}` : ""}${e.detail ? `: ${e.detail}` : ""}`;
const unreachable = (e: ApiError) => e.kind === "network" || e.kind === "timeout";

/** SCIM: one user and one group read with the directory's token. */
export async function scimChecks(config: ProviderConfig): Promise<Check[]> {
  if (!config.scimDirectoryId || !config.scimToken)
    return [
      ok("scim", "SCIM not configured: drift reads nothing from the IdP's directory (scimDirectoryId, scimToken)"),
    ];
  const token = config.scimToken;
  const http = createHttp({ baseURL: config.apiUrl, name: SCIM_API, auth: () => token, secrets: [token] });
  const base = `/scim/directory/${encodeURIComponent(config.scimDirectoryId)}`;
  const counts: string[] = [];
  for (const what of ["Users", "Groups"]) {
    try {
      const page = await http.request<{ totalResults?: number }>({
        method: "GET",
        url: `${base}/${what}`,
        params: { startIndex: 1, count: 1 },
        headers: { Accept: "application/scim+json, application/json" },
        operation: `list SCIM ${what}`,
        idempotent: true,
      });
      counts.push(`${page.totalResults ?? "?"} ${what.toLowerCase()}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (unreachable(e))
        return [
          fail(
            "scim",
            `the SCIM API could not be reached (${e.kind})`,
            "Check atlassian-access:apiUrl and the network.",
          ),
        ];
      if (e.status === 401 || e.status === 403)
        return [
          fail(
            "scim",
            `the SCIM token was refused (${status(e)})`,
            "Generate a new directory token in admin.atlassian.com > Security > Identity providers > your directory, then `pulumi config set --secret atlassian-access:scimToken <token>`.",
          ),
        ];
      if (e.status === 404)
        return [
          fail(
            "scim",
            `SCIM directory ${config.scimDirectoryId} was not found (${status(e)})`,
            "Set atlassian-access:scimDirectoryId to the directory id from the IdP's SCIM base URL (.../scim/directory/<id>); it is not the org directoryId.",
          ),
        ];
      return [
        fail("scim", `listing SCIM ${what} failed (${status(e)})`, "Run doctor again; report it if it persists."),
      ];
    }
  }
  return [ok("scim", `SCIM directory ${config.scimDirectoryId} answers to its token: ${counts.join(", ")}`)];
}

/** ISC: the client's token, the source, and one page of each record the provider reads. */
export async function iscChecks(config: ProviderConfig): Promise<Check[]> {
  const { iscUrl, iscClientId, iscClientSecret, iscSourceId } = config;
  if (!iscUrl || !iscClientId || !iscClientSecret || !iscSourceId)
    return [
      ok(
        "isc",
        "ISC not configured: drift reads nothing from SailPoint (iscUrl, iscClientId, iscClientSecret, iscSourceId)",
      ),
    ];
  const isc = createIscClient({ iscUrl, clientId: iscClientId, clientSecret: iscClientSecret, retry: { retries: 1 } });
  let source: { name: string; connectorName?: string };
  try {
    source = await isc.getSource(iscSourceId);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (unreachable(e))
      return [
        fail(
          "isc",
          `${iscUrl} could not be reached (${e.kind})`,
          "Check atlassian-access:iscUrl (https://<tenant>.api.identitynow.com) and the network.",
        ),
      ];
    if (e.api !== ISC_API)
      return [
        fail(
          "isc",
          `ISC refused client ${iscClientId}'s credentials (${status(e)})`,
          "Check atlassian-access:iscClientId and set a current secret: `pulumi config set --secret atlassian-access:iscClientSecret <secret>`.",
        ),
      ];
    if (e.status === 404)
      return [
        fail(
          "isc",
          `ISC source ${iscSourceId} was not found (${status(e)})`,
          "Set atlassian-access:iscSourceId to the Atlassian source's id (GET /v3/sources lists them).",
        ),
      ];
    if (e.status === 401 || e.status === 403)
      return [
        fail(
          "isc",
          `ISC refused reading source ${iscSourceId} (${status(e)})`,
          "Give the API client the scope idn:sources:read.",
        ),
      ];
    return [
      fail(
        "isc",
        `reading ISC source ${iscSourceId} failed (${status(e)})`,
        "Run doctor again; report it if it persists.",
      ),
    ];
  }
  const checks: Check[] = [
    ok(
      "isc",
      `ISC client ${iscClientId} reads source "${source.name}" (${iscSourceId})${source.connectorName ? `, connector ${source.connectorName}` : ""}`,
    ),
  ];
  const reads: [string, string, () => Promise<unknown>][] = [
    [
      "listAccounts",
      "idn:accounts:read",
      () => isc.listAccounts({ sourceId: iscSourceId, filters: `id eq "doctor-probe"` }),
    ],
    [
      "listEntitlements",
      "idn:entitlement:read",
      () => isc.listEntitlements(iscSourceId, { filters: `id eq "doctor-probe"` }),
    ],
    [
      "listAccountActivities",
      "the account activities read (sp:scopes:all covers it)",
      () => isc.listAccountActivities({ since: new Date(Date.now() + 86_400_000) }),
    ],
  ];
  for (const [name, scope, read] of reads) {
    try {
      await read();
      checks.push(ok(`isc:${name}`, `ISC ${name} allowed (${scope})`));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      checks.push(
        e.status === 401 || e.status === 403
          ? fail(
              `isc:${name}`,
              `ISC ${name} refused (${status(e)}): the client lacks ${scope}`,
              `Give ISC API client ${iscClientId} the scope ${scope}.`,
            )
          : fail(`isc:${name}`, `ISC ${name} failed (${status(e)})`, "Run doctor again; report it if it persists."),
      );
    }
  }
  return checks;
}

const human = (ms: number) => {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
};

/** The servers' clock (their Date headers) against this machine's; a skew matters for `until` and the audit window. */
export function clockCheck(maxSkewMs = 60_000): Check {
  const skew = serverClockOffsetMs();
  if (skew === undefined)
    return warn(
      "clock",
      "no answer carried a Date header: the clock skew is unknown",
      "Nothing to do unless the answers above failed.",
    );
  if (Math.abs(skew) <= maxSkewMs)
    return ok("clock", `the server's clock and this machine's agree within ${human(skew)}`);
  return warn(
    "clock",
    `the server's clock is ${human(skew)} ${skew > 0 ? "ahead of" : "behind"} this machine's (its Date header)`,
    "Time windows (the audit lookback, a temporary member's until) are counted in the server's time, so the provider is unaffected; sync this machine's clock (NTP) if it is the one that is off.",
  );
}

/** The rate-limit headers each API sent, newest per API. */
export function rateLimitCheck(): Check {
  const seen = [...rateLimitHeadersSeen()];
  if (!seen.length)
    return ok(
      "rate-limits",
      "no rate-limit headers seen: the provider paces itself and waits out 429s as the server asks",
    );
  const details = seen.map(
    ([api, h]) =>
      `${api}: ${Object.entries(h)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`,
  );
  const low = seen.filter(([, h]) => {
    const limit = Number(h["x-ratelimit-limit"]);
    const left = Number(h["x-ratelimit-remaining"]);
    return Number.isFinite(limit) && Number.isFinite(left) && limit > 0 && left / limit < 0.1;
  });
  if (low.length)
    return warn(
      "rate-limits",
      `${low.map(([a]) => a).join(", ")}: under 10% of the quota left`,
      "Another job may share this key's quota; run when it is idle, or give each job its own key.",
      details,
    );
  return ok("rate-limits", `rate-limit headers seen from ${seen.length} API(s)`, details);
}
