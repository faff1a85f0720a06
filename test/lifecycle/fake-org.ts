// An in-memory org API for lifecycle tests: the narrow GroupApi/AppAccessApi/GroupMemberApi surface, with call counting.
import { setContextForTests } from "../../provider/lifecycle/context";
import { ProviderConfig } from "../../provider/config";
import { AmbiguousOutcomeError, HttpError } from "../../provider/clients/errors";

/** The org API's refusal, as the transport reports it (so isConflict/isNotFound work on it). */
function orgError(status: number, code: string, method: string, operation: string, detail: string): HttpError {
  return new HttpError({
    api: "Atlassian org API",
    operation,
    method,
    url: "/admin/v2/orgs/org/directories/d/...",
    status,
    code,
    detail,
    attempts: 1,
  });
}

export interface FakeGroup {
  id: string;
  name: string;
  description?: string;
  externalSynced?: boolean;
  managedBy?: string;
  members: string[];
  roles: { resourceId: string; roleId: string }[];
}

export function fakeOrg() {
  const users = ["ana@acme.example", "ben@acme.example", "cleo@acme.example"].map((email, i) => ({
    accountId: `acc-${i}`,
    email,
  }));
  const groups: FakeGroup[] = [];
  const calls: string[] = [];
  let n = 0;
  const org = {
    users,
    groups,
    calls,
    /** When set, the next createGroup applies and then throws, like a response lost after commit. */
    loseNextCreateResponse: false,
    /** When set, adding a member answers 409 without adding, like a product's user limit being reached. */
    membershipLimitReached: false,
    async findGroupByExactName(name: string) {
      calls.push(`find ${name}`);
      return groups.find((g) => g.name.toLowerCase() === name.toLowerCase());
    },
    /** searchDirectoryGroups with an empty body: every group, with its sync markers. */
    async searchDirectoryGroups(body: { resourceIds?: string[]; roleIds?: string[] } = {}) {
      calls.push(
        body.resourceIds
          ? `search groups holding ${body.roleIds?.join()} on ${body.resourceIds.join()}`
          : body.roleIds
            ? `search groups holding any of ${body.roleIds.length} roles`
            : "search groups",
      );
      const holding = (g: FakeGroup) =>
        g.roles.some(
          (r) =>
            (!body.resourceIds || body.resourceIds.includes(r.resourceId)) &&
            (!body.roleIds || body.roleIds.includes(r.roleId)),
        );
      return groups
        .filter((g) => (!body.resourceIds && !body.roleIds) || holding(g))
        .map((g) => ({
          id: g.id,
          name: g.name,
          description: g.description,
          externalSynced: Boolean(g.externalSynced),
          managedBy: g.managedBy ?? (g.externalSynced ? "external" : "admins"),
        }));
    },
    async findGroup(id: string) {
      return groups.find((g) => g.id === id);
    },
    async createGroup(input: { name: string; description?: string }) {
      calls.push(`create ${input.name}`);
      groups.push({ id: `00000000-0000-4000-a000-${String(++n).padStart(12, "0")}`, ...input, members: [], roles: [] });
      if (org.loseNextCreateResponse) {
        org.loseNextCreateResponse = false;
        const init = {
          api: "Atlassian org API",
          operation: `createGroup "${input.name}"`,
          method: "POST",
          url: "/groups",
        };
        throw new AmbiguousOutcomeError(
          { ...init, status: 0, attempts: 1 },
          "the connection was lost after the request was sent",
        );
      }
    },
    async deleteGroup(id: string) {
      calls.push(`delete ${id}`);
      groups.splice(
        groups.findIndex((g) => g.id === id),
        1,
      );
    },
    async addGroupMembership(groupId: string, accountId: string) {
      calls.push(`add ${accountId}`);
      const g = groups.find((x) => x.id === groupId)!;
      // Like the org API: 409 for an existing member and for a user limit alike.
      if (g.members.includes(accountId))
        throw orgError(
          409,
          "ADMIN-409-28",
          "POST",
          `addGroupMembership ${accountId}`,
          `User ${accountId} is already a member of group ${g.name}.`,
        );
      if (org.membershipLimitReached)
        throw orgError(
          409,
          "ADMIN-409-1",
          "POST",
          `addGroupMembership ${accountId}`,
          "The product's user limit is reached.",
        );
      g.members.push(accountId);
    },
    async removeGroupMembership(groupId: string, accountId: string) {
      calls.push(`remove ${accountId}`);
      const g = groups.find((x) => x.id === groupId)!;
      if (!g.members.includes(accountId))
        throw orgError(
          404,
          "ADMIN-404-8",
          "DELETE",
          `removeGroupMembership ${accountId}`,
          `User ${accountId} is not a member of group ${g.name}.`,
        );
      g.members = g.members.filter((m) => m !== accountId);
    },
    /** Filters combine (AND), as the org API's do. */
    async searchDirectoryUsers(body: {
      emails?: string[];
      groupIds?: string[];
      accountIds?: string[];
      roleIds?: string[];
      expand?: string[];
    }) {
      let found: { accountId: string; email: string; groups?: { id: string }[] }[] = users;
      if (body.emails) found = found.filter((u) => body.emails!.map((e) => e.toLowerCase()).includes(u.email));
      if (body.accountIds) found = found.filter((u) => body.accountIds!.includes(u.accountId));
      if (body.groupIds)
        found = found.filter((u) =>
          groups.some((g) => body.groupIds!.includes(g.id) && g.members.includes(u.accountId)),
        );
      // Holders through groups (the fake has no roles held directly).
      if (body.roleIds)
        found = found.filter((u) =>
          groups.some((g) => g.members.includes(u.accountId) && g.roles.some((r) => body.roleIds!.includes(r.roleId))),
        );
      if (body.expand?.includes("groups")) {
        found = found.map((u) => ({
          ...u,
          groups: groups
            .filter((g) => g.members.includes(u.accountId))
            .map((g) => ({ id: `ari:cloud:identity::group/${g.id}` })),
        }));
      }
      return found;
    },
    async queryWorkspaces() {
      return ["jira-software", "confluence"].map((p) => ({
        id: `ari:cloud:${p}::site/eu`,
        attributes: { hostUrl: "acme-eu.atlassian.net", typeKey: p },
      }));
    },
    async getGroupRoleAssignments(groupId: string) {
      const g = groups.find((x) => x.id === groupId)!;
      return g.roles.map((r) => ({ resourceId: r.resourceId, roles: [r.roleId] }));
    },
    async assignGroupRole(groupId: string, body: { roleId: string; resourceId: string }) {
      calls.push(`assign ${body.roleId} ${body.resourceId}`);
      groups.find((x) => x.id === groupId)!.roles.push(body);
    },
    async revokeGroupRole(groupId: string, body: { roleId: string; resourceId: string }) {
      calls.push(`revoke ${body.roleId} ${body.resourceId}`);
      const g = groups.find((x) => x.id === groupId)!;
      g.roles = g.roles.filter((r) => !(r.roleId === body.roleId && r.resourceId === body.resourceId));
    },
  };
  const config = ProviderConfig.parse({ orgId: "org", apiKey: "k", directoryId: "d", roleConsistencyTimeoutMs: 1000 });
  // Nobody in the fake org holds a role directly (the blast radius reads each losing person's assignments), and no
  // email domain may self-join anything (the split reads the app access settings).
  const access = { getUserRoleAssignments: async () => [], listAppAccessSettingsDomains: async () => [] };
  setContextForTests({ config, org: org as never, access: access as never });
  return org;
}
