// The Atlassian org API v2 client: directories, groups, memberships, group role assignments, user search, workspaces.
import { createHttp, type HttpTuning } from "../http";
import { MultipleMatchesError, isNotFound } from "../errors";
import { collectItems, cursorPages } from "../paginate";
import {
  MultiDirectoryGroupDetails,
  MultiDirectoryGroupRoleAssignmentPage,
  MultiDirectoryGroupSearchPage,
  MultiDirectoryUserDirectoryPage,
  MultiDirectoryUserSearchPage,
  Org,
  PageDataResponseV2,
  type GroupRoleAssignmentRequest,
  type MultiDirectoryGroup,
  type MultiDirectoryGroupRoleAssignment,
  type MultiDirectoryGroupSearchRequest,
  type MultiDirectoryUser,
  type MultiDirectoryUserDirectory,
  type MultiDirectoryUserSearchRequest,
  type SearchWorkspacesRequestV2,
  type WorkspaceModel,
} from "./schemas";

export interface OrgClientOptions extends HttpTuning {
  /** `https://api.atlassian.com` live, the sandbox URL in tests; paths add `/admin/v2/...`. */
  apiUrl: string;
  orgId: string;
  /** The org directory id (not the SCIM directory id): `getDirectories()` lists it. */
  directoryId: string;
  /** Org API key, sent as a bearer token. */
  apiKey: string;
}

export const ORG_API = "Atlassian org API";

/** One client per configuration; calls are paced and retried by its own transport. */
export function createOrgClient(opts: OrgClientOptions) {
  const { apiUrl, orgId, directoryId, apiKey, ...tuning } = opts;
  const http = createHttp({ ...tuning, baseURL: apiUrl, name: ORG_API, auth: () => apiKey, secrets: [apiKey] });
  const org = `/admin/v2/orgs/${encodeURIComponent(orgId)}`;
  const dir = `${org}/directories/${encodeURIComponent(directoryId)}`;
  const group = (groupId: string) => `${dir}/groups/${encodeURIComponent(groupId)}`;

  function searchGroupPages(body: MultiDirectoryGroupSearchRequest) {
    return cursorPages({
      http,
      method: "POST",
      url: `${dir}/groups/search`,
      body: { limit: 100, ...body },
      schema: MultiDirectoryGroupSearchPage,
      schemaName: "MultiDirectoryGroupSearchPage",
      operation: "searchDirectoryGroups",
    });
  }

  const client = {
    /** This client's pacing gate: clients on the same API key (createAccessClient) pass it as `gate` to share it. */
    gate: http.gate,

    /** getOrgById: the org itself (its name); 404 when orgId names no org this key may read. */
    async getOrg(): Promise<Org["data"]> {
      const res = await http.request({
        method: "GET",
        url: `/admin/v1/orgs/${encodeURIComponent(orgId)}`,
        schema: Org,
        schemaName: "Org",
        operation: "getOrgById",
        idempotent: true,
      });
      return res.data;
    },

    /** getDirectoriesForOrg: the org's user directories (all pages). */
    getDirectories(): Promise<MultiDirectoryUserDirectory[]> {
      const pages = cursorPages({
        http,
        method: "GET",
        url: `${org}/directories`,
        schema: MultiDirectoryUserDirectoryPage,
        schemaName: "MultiDirectoryUserDirectoryPage",
        operation: "getDirectories",
      });
      return collectItems(pages, (p) => p.data);
    },

    /** searchDirectoryGroups: every group matching `body` (all pages; an empty body lists all groups). */
    searchDirectoryGroups(body: MultiDirectoryGroupSearchRequest = {}): Promise<MultiDirectoryGroup[]> {
      return collectItems(searchGroupPages(body), (p) => p.data);
    },

    /**
     * The group whose name equals `name` exactly, or undefined. The API matches names case-insensitively; a group
     * differing only in case is not returned. Two exact matches throw MultipleMatchesError rather than guess.
     */
    async findGroupByExactName(name: string): Promise<MultiDirectoryGroup | undefined> {
      const groups = await client.searchDirectoryGroups({ groupNames: [name] });
      const exact = groups.filter((g) => g.name === name);
      if (exact.length > 1) {
        throw new MultipleMatchesError(
          ORG_API,
          `group name "${name}"`,
          exact.map((g) => g.id),
          "Delete or rename the duplicate in admin.atlassian.com, or import the intended group by id.",
        );
      }
      return exact[0];
    },

    /** getGroup: one group; throws an HttpError 404 (`isNotFound`) when it does not exist. */
    async getGroup(groupId: string): Promise<MultiDirectoryGroup> {
      const res = await http.request({
        method: "GET",
        url: group(groupId),
        schema: MultiDirectoryGroupDetails,
        schemaName: "MultiDirectoryGroupDetails",
        operation: `getGroup ${groupId}`,
        idempotent: true,
      });
      return res.data;
    },

    /** Like getGroup, but undefined when the group does not exist (deleted out of band). */
    async findGroup(groupId: string): Promise<MultiDirectoryGroup | undefined> {
      try {
        return await client.getGroup(groupId);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },

    /**
     * POST .../groups: 201 with no body, so the id is not returned; resolve it with findGroupByExactName.
     * Sent once: a lost or 5xx answer throws AmbiguousOutcomeError, settled by searching for the name.
     */
    async createGroup(input: { name: string; description?: string }): Promise<void> {
      const data =
        input.description === undefined ? { name: input.name } : { name: input.name, description: input.description };
      await http.request({
        method: "POST",
        url: `${dir}/groups`,
        data,
        expect: [201],
        operation: `createGroup "${input.name}"`,
        idempotent: false,
      });
    },

    /** DELETE .../groups/{groupId}: 204. Removes the app access the group granted. */
    async deleteGroup(groupId: string): Promise<void> {
      await http.request({
        method: "DELETE",
        url: group(groupId),
        expect: [204],
        operation: `deleteGroup ${groupId}`,
        idempotent: false,
      });
    },

    /** POST .../groups/{groupId}/memberships: 204; 409 means already a member OR an app's user limit reached. */
    async addGroupMembership(groupId: string, accountId: string): Promise<void> {
      await http.request({
        method: "POST",
        url: `${group(groupId)}/memberships`,
        data: { accountId },
        expect: [204],
        operation: `addGroupMembership ${accountId} to group ${groupId}`,
        idempotent: false,
      });
    },

    /** DELETE .../groups/{groupId}/memberships/{accountId}: 204. */
    async removeGroupMembership(groupId: string, accountId: string): Promise<void> {
      await http.request({
        method: "DELETE",
        url: `${group(groupId)}/memberships/${encodeURIComponent(accountId)}`,
        expect: [204],
        operation: `removeGroupMembership ${accountId} from group ${groupId}`,
        idempotent: false,
      });
    },

    /** getGroupRoleAssignments: the group's roles per resource (all pages). Eventually consistent after assign/revoke. */
    getGroupRoleAssignments(
      groupId: string,
      filter: { resourceIds?: string[]; roleIds?: string[] } = {},
    ): Promise<MultiDirectoryGroupRoleAssignment[]> {
      const pages = cursorPages({
        http,
        method: "GET",
        url: `${group(groupId)}/role-assignments`,
        params: { limit: 100, resourceIds: filter.resourceIds, roleIds: filter.roleIds },
        schema: MultiDirectoryGroupRoleAssignmentPage,
        schemaName: "MultiDirectoryGroupRoleAssignmentPage",
        operation: `getGroupRoleAssignments ${groupId}`,
      });
      return collectItems(pages, (p) => p.data);
    },

    /** POST .../role-assignments/assign: 200. An upsert; 409 means the app's user limit is reached. */
    async assignGroupRole(groupId: string, assignment: GroupRoleAssignmentRequest): Promise<void> {
      await http.request({
        method: "POST",
        url: `${group(groupId)}/role-assignments/assign`,
        data: { roleId: assignment.roleId, resourceId: assignment.resourceId },
        expect: [200],
        operation: `assignGroupRole ${assignment.roleId} on ${assignment.resourceId} to group ${groupId}`,
        idempotent: false,
      });
    },

    /** POST .../role-assignments/revoke: 204. Members keep access another group grants. */
    async revokeGroupRole(groupId: string, assignment: GroupRoleAssignmentRequest): Promise<void> {
      await http.request({
        method: "POST",
        url: `${group(groupId)}/role-assignments/revoke`,
        data: { roleId: assignment.roleId, resourceId: assignment.resourceId },
        expect: [204],
        operation: `revokeGroupRole ${assignment.roleId} on ${assignment.resourceId} from group ${groupId}`,
        idempotent: false,
      });
    },

    /** searchDirectoryUsers: every user matching `body` (all pages); `{groupIds:[id]}` lists a group's members. */
    searchDirectoryUsers(body: MultiDirectoryUserSearchRequest = {}): Promise<MultiDirectoryUser[]> {
      const pages = cursorPages({
        http,
        method: "POST",
        url: `${dir}/users/search`,
        body: { limit: 100, ...body },
        schema: MultiDirectoryUserSearchPage,
        schemaName: "MultiDirectoryUserSearchPage",
        operation: "searchDirectoryUsers",
      });
      return collectItems(pages, (p) => p.data);
    },

    /** queryWorkspacesV2 (POST /v2/orgs/{orgId}/workspaces, a read): every site and app; `id` is the ARI. */
    queryWorkspaces(body: SearchWorkspacesRequestV2 = {}): Promise<WorkspaceModel[]> {
      const pages = cursorPages({
        http,
        method: "POST",
        url: `${org}/workspaces`,
        body: { limit: 1000, ...body },
        cursorAlone: true,
        schema: PageDataResponseV2,
        schemaName: "PageDataResponseV2",
        operation: "queryWorkspaces",
      });
      return collectItems(pages, (p) => p.data);
    },
  };
  return client;
}

export type OrgClient = ReturnType<typeof createOrgClient>;
