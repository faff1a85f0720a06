// The ISC connector's wire to Atlassian: its org API key as an actor, and each call it makes written to the request log.
import type { Actor, Group, OrgApiKey, Store, User } from "../store";
import { ApiProblem, orgErrorBody } from "../problems";
import { groupsByMember, renderGroup, renderUser, rolesByGroup } from "../routes/atlassian-org";
import { pageOf } from "../routes/org-paging";

/** Org API v2 page size for the connector's reads (the search endpoints' maximum). */
const PAGE = 100;

export function connectorKey(store: Store): OrgApiKey {
  const key = store.world.org.apiKeys.find((k) => k.purpose === "isc");
  if (!key) throw new Error('isc-connector: the scenario has no org API key with purpose "isc" for the ISC connector.');
  return key;
}

/** The connector as Atlassian's audit log sees it: an API key named after the connector. */
export function connectorActor(store: Store): Actor {
  const key = connectorKey(store);
  return { kind: "api-key", id: key.accountId, name: key.label, tokenId: key.tokenId, tokenLabel: key.label };
}

export const orgApiPath = (store: Store, rest: string) => `/admin/v2/orgs/${store.world.org.id}${rest}`;
export const directoryPath = (store: Store, rest: string) =>
  orgApiPath(store, `/directories/${store.world.org.directoryId}${rest}`);

/** One exchange with Atlassian, logged as the real API would have seen it, so `GET /__sandbox/requests` shows it. */
export function recordOrgCall(
  store: Store,
  call: { method: string; path: string; status: number; requestBody?: unknown; responseBody?: unknown },
): void {
  store.recordRequest({
    api: "org",
    method: call.method,
    path: call.path,
    query: {},
    status: call.status,
    actor: `api-key:${connectorKey(store).label}`,
    requestBody: call.requestBody,
    responseBody: call.responseBody,
    requestHeaders: { "content-type": call.requestBody === undefined ? "" : "application/json" },
    responseHeaders: call.responseBody === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
  });
}

/** Runs one Atlassian mutation as the connector; logs success as `okStatus`, a refusal with Atlassian's error body. */
export function callAtlassian<T>(
  store: Store,
  req: { method: string; path: string; body?: unknown; okStatus: number; okBody?: (result: T) => unknown },
  run: () => T,
): { ok: true; result: T } | { ok: false; error: ApiProblem } {
  try {
    const result = run();
    recordOrgCall(store, {
      method: req.method,
      path: req.path,
      status: req.okStatus,
      requestBody: req.body,
      responseBody: req.okBody?.(result),
    });
    return { ok: true, result };
  } catch (e) {
    // Only org refusals reach here: `run` is an org mutation (org/ops.ts).
    if (!(e instanceof ApiProblem)) throw e;
    const body = orgErrorBody(e.status, e.code, e.message, store.newUuid());
    recordOrgCall(store, {
      method: req.method,
      path: req.path,
      status: e.status,
      requestBody: req.body,
      responseBody: body,
    });
    return { ok: false, error: e };
  }
}

/** Every cursor page of one org v2 search, logged as the connector's request and Atlassian's answer. */
function readPages<T>(store: Store, path: string, query: Record<string, unknown>, rows: T[]): void {
  let offset = 0;
  let body: Record<string, unknown> = { ...query, limit: PAGE };
  for (;;) {
    const page = pageOf(rows, { ...query, limit: PAGE }, offset, PAGE);
    recordOrgCall(store, { method: "POST", path, status: 200, requestBody: body, responseBody: page });
    if (!page.links.next) return;
    offset += PAGE;
    body = { cursor: page.links.next };
  }
}

/** What an account aggregation reads from Atlassian: all directory users (with groups) and all groups. */
export function readAtlassian(store: Store): { users: User[]; groups: Group[] } {
  const users = [...store.world.org.users].sort((a, b) => a.accountId.localeCompare(b.accountId));
  const groups = [...store.world.org.groups].sort((a, b) => a.name.localeCompare(b.name));
  const memberOf = groupsByMember(store);
  readPages(
    store,
    directoryPath(store, "/users/search"),
    { expand: ["groups"] },
    users.map((u) => renderUser(store, u, ["groups"], memberOf)),
  );
  const roles = rolesByGroup(store);
  readPages(
    store,
    directoryPath(store, "/groups/search"),
    {},
    groups.map((g) => renderGroup(store, g, [], roles)),
  );
  return { users, groups };
}
