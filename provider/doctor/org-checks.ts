// Doctor's org API checks: the connection (org, directory), each read the provider makes and the scope it needs, the
// org's audit catalogue against what the rules need, and the newest events' actors against actorLanes. Reads only: one
// page of each list, searches included (POST searches are reads).
import type { ProviderConfig } from "../config";
import { createHttp, type Http } from "../clients/http";
import { ApiError } from "../clients/errors";
import { ORG_API } from "../clients/atlassian/org-client";
import type { AuditClient } from "../clients/atlassian/audit-client";
import type { EventModel } from "../clients/atlassian/schemas";
import { unattributableKinds } from "../rules/audit-actions";
import { actorsCheck } from "./actors";
import { fail, ok, warn, type Check } from "./types";

/** A read the provider makes, and the scope an org API key needs for it (the spec's "Scopes" notes, or ours). */
interface Call {
  name: string;
  scope?: string;
  method: "GET" | "POST";
  path: string;
  params?: Record<string, string | number>;
  body?: Record<string, unknown>;
  /** What the provider loses when the key may not make it. */
  needFor: string;
}

const SET_KEY = "`pulumi config set --secret atlassian-access:apiKey <key>`";
const NEW_KEY = (scopes: string[]) =>
  `In admin.atlassian.com > Settings > API keys, create a key with the scope(s) ${scopes.join(", ")} besides the ones it has (a key's scopes are chosen when it is made), then ${SET_KEY}.`;

/** The scope named in a refusal: a 401 the gateway words "scope does not match", or any 403. */
function lacksScope(e: ApiError): boolean {
  return (e.status === 401 && /scope/i.test(e.detail ?? "")) || e.status === 403;
}

const refusal = (e: ApiError) =>
  `HTTP ${e.status}${e.code && e.code !== String(e.status) ? ` ${e.code}` : ""}${e.detail ? `: ${e.detail}` : ""}`;

export interface OrgCheckResult {
  checks: Check[];
  /** False when the org API cannot be used at all (unreachable, key refused, wrong org): later org checks are skipped. */
  usable: boolean;
}

/** The connection and one call per read the provider makes, each ok or refused with the scope it needs. */
export async function orgCallChecks(config: ProviderConfig, http: Http = orgHttp(config)): Promise<OrgCheckResult> {
  const { orgId, directoryId, apiUrl } = config;
  const o = encodeURIComponent(orgId);
  const dir = `/admin/v2/orgs/${o}/directories/${encodeURIComponent(directoryId)}`;
  const checks: Check[] = [];
  const send = (c: Pick<Call, "method" | "path" | "params" | "body" | "name">) =>
    http.request<Record<string, unknown>>({
      method: c.method,
      url: c.path,
      params: c.params,
      data: c.body,
      operation: c.name,
      idempotent: true,
    });

  // The org itself: a wrong URL, key or org id stops here.
  try {
    const org = await send({ name: "getOrgById", method: "GET", path: `/admin/v1/orgs/${o}` });
    const name = (org.data as { attributes?: { name?: string } } | undefined)?.attributes?.name;
    checks.push(ok("connection", `org ${name ? `"${name}" ` : ""}${orgId} at ${apiUrl} answers to the API key`));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.kind === "network" || e.kind === "timeout")
      return {
        usable: false,
        checks: [
          fail(
            "connection",
            `${apiUrl} could not be reached (${e.kind})`,
            "Check atlassian-access:apiUrl (default https://api.atlassian.com) and the network.",
          ),
        ],
      };
    if (e.status === 401 && !lacksScope(e))
      return {
        usable: false,
        checks: [
          fail(
            "connection",
            `the API key was not accepted by ${apiUrl} (${refusal(e)})`,
            `Set a current org API key with ${SET_KEY}.`,
          ),
        ],
      };
    if (e.status === 404 || (e.status === 403 && !/scope/i.test(e.detail ?? "")))
      return {
        usable: false,
        checks: [
          fail(
            "connection",
            `org ${orgId} is not one this API key can read (${refusal(e)})`,
            "Check atlassian-access:orgId (admin.atlassian.com/o/<orgId>/...), or use a key created in that org.",
          ),
        ],
      };
    checks.push(
      callFailure(
        {
          name: "getOrgById",
          scope: "read:orgs:admin",
          method: "GET",
          path: `/admin/v1/orgs/${o}`,
          needFor: "the connection check every run starts with",
        },
        e,
      ),
    );
  }

  // The directory.
  try {
    const page = await send({ name: "getDirectories", method: "GET", path: `/admin/v2/orgs/${o}/directories` });
    const dirs = ((page.data as { directoryId?: string; name?: string }[] | undefined) ?? []).filter(
      (d) => d.directoryId,
    );
    if (dirs.some((d) => d.directoryId === directoryId))
      checks.push(ok("directory", `directory ${directoryId} is one of the org's ${dirs.length}`));
    else {
      const known = dirs.map((d) => (d.name ? `${d.directoryId} (${d.name})` : d.directoryId)).join(", ") || "none";
      checks.push(
        fail(
          "directory",
          `directory ${directoryId} is not a directory of org ${orgId} (its directories: ${known})`,
          "Set `pulumi config set atlassian-access:directoryId <id>` to one of them.",
        ),
      );
    }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    checks.push(
      callFailure(
        {
          name: "getDirectories",
          scope: "read:directories:admin",
          method: "GET",
          path: "",
          needFor: "the connection check",
        },
        e,
      ),
    );
  }

  // One page of each read the provider makes; the first group and user found name the per-object reads.
  const ids: { group?: string; user?: string } = {};
  const calls: Call[] = [
    {
      name: "searchDirectoryGroups",
      scope: "read:groups:admin",
      method: "POST",
      path: `${dir}/groups/search`,
      body: { limit: 1 },
      needFor: "every Group, drift and discover",
    },
    {
      name: "searchDirectoryUsers",
      scope: "read:directories:admin",
      method: "POST",
      path: `${dir}/users/search`,
      body: { limit: 1 },
      needFor: "members, accounts and the access review",
    },
    {
      name: "queryWorkspaces",
      scope: "read:workspaces:admin",
      method: "POST",
      path: `/admin/v2/orgs/${o}/workspaces`,
      body: { limit: 1 },
      needFor: "every AppAccess's site",
    },
    {
      name: "listAppAccessSettingsDomains",
      method: "GET",
      path: `/admin/v2/orgs/${o}/app-access-settings/domains`,
      params: { limit: 1 },
      needFor: "AppAccessSettings and the open-self-signup findings",
    },
  ];
  /** One call: ok, or refused with the scope it needs; the first item of its page when it answered. */
  const probe = async (c: Call): Promise<Record<string, unknown> | undefined> => {
    try {
      const page = await send(c);
      checks.push(ok(`call:${c.name}`, `${c.method} ${c.name} allowed${c.scope ? ` (${c.scope})` : ""}`));
      return (page.data as Record<string, unknown>[] | undefined)?.[0];
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      checks.push(callFailure(c, e));
      return undefined;
    }
  };
  for (const c of calls) {
    const first = await probe(c);
    if (c.name === "searchDirectoryGroups") ids.group = first?.id as string | undefined;
    if (c.name === "searchDirectoryUsers") ids.user = first?.accountId as string | undefined;
  }
  const perObject: Call[] = [
    ...(ids.group
      ? [
          {
            name: "getGroupRoleAssignments",
            scope: "read:groups:admin",
            method: "GET" as const,
            path: `${dir}/groups/${encodeURIComponent(ids.group)}/role-assignments`,
            params: { limit: 1 },
            needFor: "every AppAccess and the grants drift reads",
          },
        ]
      : []),
    ...(ids.user
      ? [
          {
            name: "getUserRoleAssignments",
            scope: "read:directories:admin",
            method: "GET" as const,
            path: `${dir}/users/${encodeURIComponent(ids.user)}/role-assignments`,
            params: { limit: 1 },
            needFor: "Admins, direct grants and the blast-radius count",
          },
        ]
      : []),
  ];
  for (const c of perObject) await probe(c);
  checks.push(
    ok(
      "writes",
      "writes (write:groups:admin, write:users:admin) are not tried: doctor makes none; `pulumi up` needs them",
    ),
  );
  return { checks, usable: true };
}

function callFailure(c: Call, e: ApiError): Check {
  const id = `call:${c.name}`;
  if (e.kind === "network" || e.kind === "timeout")
    return fail(
      id,
      `${c.name} got no answer (${e.kind})`,
      "Check the network and atlassian-access:apiUrl, then run doctor again.",
    );
  if (e.status === 429) return warn(id, `${c.name} was rate limited (${refusal(e)})`, "Run doctor again in a minute.");
  if (lacksScope(e)) {
    const scope = c.scope ?? "the app access settings API's access (experimental; no scope published)";
    return fail(
      id,
      `${c.method} ${c.name} refused (${refusal(e)}): the API key lacks ${scope}, needed for ${c.needFor}`,
      c.scope ? NEW_KEY([c.scope]) : "Use an org admin's API key created without scope limits.",
    );
  }
  if (e.status === 404 && !c.scope)
    return warn(
      id,
      `${c.name} is not available on this org (${refusal(e)}): the app access settings API is experimental`,
      "AppAccessSettings cannot work here; leave them out of the program.",
    );
  return fail(
    id,
    `${c.name} failed (${refusal(e)})`,
    "See the detail; run doctor again, and report it if it persists.",
  );
}

/** The org's event-actions catalogue against the action families the rules read (rules/audit-actions.ts). */
export async function catalogueCheck(audit: AuditClient): Promise<Check> {
  let catalogue: string[];
  try {
    catalogue = (await audit.eventActions()).map((a) => a.id);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return callFailure(
      {
        name: "getEventActions",
        scope: "read:events:admin",
        method: "GET",
        path: "",
        needFor: "knowing which findings can name their cause",
      },
      e,
    );
  }
  if (!catalogue.length)
    return warn(
      "event-actions",
      "the org's catalogue lists no actions, so which findings can name their cause is not known",
      "Nothing to set; report it if the org's audit log is not empty.",
    );
  const gaps = unattributableKinds(catalogue);
  if (!gaps.length)
    return ok("event-actions", `the org's catalogue (${catalogue.length} actions) has every action the rules read`);
  return warn(
    "event-actions",
    `${gaps.length} kind(s) of finding cannot be attributed on this org: its catalogue (${catalogue.length} actions) lacks actions they read`,
    "Nothing to set: those findings are still reported, naming no actor (`unknown`). Report the missing keys so the rules can learn this org's names for them.",
    gaps.map((g) => `${g.kind}: none of ${g.missing.map((m) => m.keys.join("/")).join("; ")}`),
  );
}

/** The newest events (one page of the stream): their actors against actorLanes. */
export async function eventsChecks(audit: AuditClient, config: ProviderConfig): Promise<Check[]> {
  let events: EventModel[];
  try {
    events = await audit.latestEvents(100);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return [
      callFailure(
        {
          name: "streamEvents",
          scope: "read:events:admin",
          method: "GET",
          path: "",
          needFor: "every finding's actor and time",
        },
        e,
      ),
    ];
  }
  return [
    ok("call:streamEvents", "GET streamEvents allowed (read:events:admin)"),
    actorsCheck(events, config.actorLanes),
  ];
}

/** The org API transport doctor probes with: the provider's key, retry timing from config. */
export function orgHttp(config: ProviderConfig): Http {
  return createHttp({
    baseURL: config.apiUrl,
    name: ORG_API,
    auth: () => config.apiKey,
    secrets: [config.apiKey],
    retry: { baseDelayMs: config.retryBaseDelayMs, maxDelayMs: config.retryMaxDelayMs },
  });
}
