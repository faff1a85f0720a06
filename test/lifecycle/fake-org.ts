// An in-memory org API for lifecycle tests: the narrow GroupApi/AppAccessApi surface, with call counting.
import { setContextForTests } from "../../provider/lifecycle/context";
import { ProviderConfig } from "../../provider/config";

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
  const users = ["ana@acme.example", "ben@acme.example", "cleo@acme.example"].map((email, i) => ({ accountId: `acc-${i}`, email }));
  const groups: FakeGroup[] = [];
  const calls: string[] = [];
  let n = 0;
  const org = {
    users,
    groups,
    calls,
    /** When set, the next createGroup applies and then throws, like a response lost after commit. */
    loseNextCreateResponse: false,
    async findGroupByExactName(name: string) {
      calls.push(`find ${name}`);
      return groups.find((g) => g.name.toLowerCase() === name.toLowerCase());
    },
    async findGroup(id: string) {
      return groups.find((g) => g.id === id);
    },
    async createGroup(input: { name: string; description?: string }) {
      calls.push(`create ${input.name}`);
      groups.push({ id: `00000000-0000-4000-a000-${String(++n).padStart(12, "0")}`, ...input, members: [], roles: [] });
      if (org.loseNextCreateResponse) {
        org.loseNextCreateResponse = false;
        throw Object.assign(new Error("socket hang up"), { ambiguous: true });
      }
    },
    async deleteGroup(id: string) {
      calls.push(`delete ${id}`);
      groups.splice(groups.findIndex((g) => g.id === id), 1);
    },
    async addGroupMembership(groupId: string, accountId: string) {
      calls.push(`add ${accountId}`);
      groups.find((g) => g.id === groupId)!.members.push(accountId);
    },
    async removeGroupMembership(groupId: string, accountId: string) {
      calls.push(`remove ${accountId}`);
      const g = groups.find((x) => x.id === groupId)!;
      g.members = g.members.filter((m) => m !== accountId);
    },
    async searchDirectoryUsers(body: { emails?: string[]; groupIds?: string[] }) {
      if (body.emails) return users.filter((u) => body.emails!.map((e) => e.toLowerCase()).includes(u.email));
      const g = groups.find((x) => x.id === body.groupIds![0]);
      return users.filter((u) => g?.members.includes(u.accountId));
    },
    async queryWorkspaces() {
      return ["jira-software", "confluence"].map((p) => ({ id: `ari:cloud:${p}::site/eu`, attributes: { hostUrl: "acme-eu.atlassian.net", typeKey: p } }));
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
  setContextForTests({ config, org: org as never });
  return org;
}
