// The Atlassian SCIM 2.0 client, read-only: users and groups the IdP pushed into one SCIM directory.
import { createHttp, type HttpTuning } from "../http";
import { MultipleMatchesError } from "../errors";
import { collectItems, scimPages } from "../paginate";
import { ScimGroupListResponse, ScimUserListResponse, type ScimGroup, type ScimUser } from "./schemas";

export interface ScimClientOptions extends HttpTuning {
  /** `https://api.atlassian.com` live, the sandbox URL in tests; paths add `/scim/directory/{directoryId}`. */
  apiUrl: string;
  /** The SCIM directory id (not the org directory id). */
  directoryId: string;
  /** The directory's SCIM bearer token. */
  token: string;
  /** Page size; Atlassian caps it. Default 100. */
  pageSize?: number;
}

export const SCIM_API = "Atlassian SCIM API";

/** A SCIM filter string literal: backslash and double quote escaped (RFC 7644 §3.4.2.2, JSON string rules). */
export function scimString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** One client per configuration. The provider never writes SCIM: the IdP owns it. */
export function createScimClient(opts: ScimClientOptions) {
  const { apiUrl, directoryId, token, pageSize = 100, ...tuning } = opts;
  // Pages of one list read at once, once the first page told how many there are: the gate's concurrency.
  const pagesAtOnce = tuning.concurrency ?? 4;
  const http = createHttp({ ...tuning, baseURL: apiUrl, name: SCIM_API, auth: () => token, secrets: [token] });
  const base = `/scim/directory/${encodeURIComponent(directoryId)}`;
  const headers = { Accept: "application/scim+json, application/json" };

  function listUsers(filter?: string): Promise<ScimUser[]> {
    const operation = filter ? `listUsers (${filter})` : "listUsers";
    const pages = scimPages(
      (startIndex, count) =>
        http.request({
          method: "GET",
          url: `${base}/Users`,
          params: { filter, startIndex, count },
          headers,
          schema: ScimUserListResponse,
          schemaName: "ScimUserListResponse",
          operation,
          idempotent: true,
        }),
      { count: pageSize, api: SCIM_API, operation, parallel: pagesAtOnce },
    );
    return collectItems(pages, (p) => p.Resources);
  }

  function listGroups(filter?: string): Promise<ScimGroup[]> {
    const operation = filter ? `listGroups (${filter})` : "listGroups";
    const pages = scimPages(
      (startIndex, count) =>
        http.request({
          method: "GET",
          url: `${base}/Groups`,
          params: { filter, startIndex, count },
          headers,
          schema: ScimGroupListResponse,
          schemaName: "ScimGroupListResponse",
          operation,
          idempotent: true,
        }),
      { count: pageSize, api: SCIM_API, operation, parallel: pagesAtOnce },
    );
    return collectItems(pages, (p) => p.Resources);
  }

  function single<T extends { id: string }>(matches: T[], what: string): T | undefined {
    if (matches.length > 1) {
      throw new MultipleMatchesError(
        SCIM_API,
        what,
        matches.map((m) => m.id),
        "Fix the duplicate in the identity provider, then sync again.",
      );
    }
    return matches[0];
  }

  return {
    /** getUsersFromAnActiveDirectory: every active user (all pages), optionally narrowed by a SCIM filter. */
    listUsers,
    /** getAllGroupsFromAnActiveDirectory: every group (all pages), optionally narrowed by a SCIM filter. */
    listGroups,

    /** The user with this userName (compared case-insensitively, as SCIM does), or undefined. */
    async findUserByUserName(userName: string): Promise<ScimUser | undefined> {
      // Re-checked here so a server that ignores the filter cannot hand back someone else.
      const users = await listUsers(`userName eq ${scimString(userName)}`);
      return single(
        users.filter((u) => u.userName.toLowerCase() === userName.toLowerCase()),
        `SCIM userName "${userName}"`,
      );
    },

    /** The group with this displayName (compared case-insensitively), or undefined. */
    async findGroupByDisplayName(displayName: string): Promise<ScimGroup | undefined> {
      const groups = await listGroups(`displayName eq ${scimString(displayName)}`);
      return single(
        groups.filter((g) => g.displayName.toLowerCase() === displayName.toLowerCase()),
        `SCIM group displayName "${displayName}"`,
      );
    },
  };
}

export type ScimClient = ReturnType<typeof createScimClient>;
