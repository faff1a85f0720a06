// Who holds what beyond groups: a user's role assignments (v2), roles given to a person or the org admin role (v1),
// and the experimental app access settings (self-signup by email domain). Share the org client's gate: one API key.
import { createHttp } from "../http";
import { isNotFound } from "../errors";
import { collectItems, cursorPages } from "../paginate";
import { ORG_API, type OrgClientOptions } from "./org-client";
import {
  AppAccessSettingsDomainDetail,
  AppAccessSettingsDomainsPage,
  MultiDirectoryUserRoleAssignmentPage,
  type AppAccessSettingsDomainSummary,
  type AppAccessSettingsProduct,
  type CreateAppAccessSettingsDomainRequest,
  type MultiDirectoryUserRoleAssignment,
  type RoleApiRequest,
  type UpdateAppAccessSettingsDomainRequest,
} from "./access-schemas";

/** A user's role assignment row, its resource always named (see getUserRoleAssignments). */
export type UserRoleRow = MultiDirectoryUserRoleAssignment & { resourceId: string };

export function createAccessClient(opts: OrgClientOptions) {
  const { apiUrl, orgId, directoryId, apiKey, ...tuning } = opts;
  const http = createHttp({ ...tuning, baseURL: apiUrl, name: ORG_API, auth: () => apiKey, secrets: [apiKey] });
  const v1User = (accountId: string) =>
    `/admin/v1/orgs/${encodeURIComponent(orgId)}/users/${encodeURIComponent(accountId)}`;
  const user = (accountId: string) =>
    `/admin/v2/orgs/${encodeURIComponent(orgId)}/directories/${encodeURIComponent(directoryId)}/users/${encodeURIComponent(accountId)}`;
  const domains = `/admin/v2/orgs/${encodeURIComponent(orgId)}/app-access-settings/domains`;
  const domain = (d: string) => `${domains}/${encodeURIComponent(d)}`;
  const orgResource = `ari:cloud:platform::org/${orgId}`;

  async function post(url: string, data: unknown, expect: number[], operation: string): Promise<void> {
    await http.request({ method: "POST", url, data, expect, operation, idempotent: false });
  }

  const client = {
    /**
     * getUserRoleAssignments: every role the account holds, one row per resource, each role with how it is held
     * (`direct`, `group_direct`); all pages.
     */
    async getUserRoleAssignments(
      accountId: string,
      filter: { resourceIds?: string[]; roleIds?: string[]; resourceOwners?: string[] } = {},
    ): Promise<UserRoleRow[]> {
      const pages = cursorPages({
        http,
        method: "GET",
        url: `${user(accountId)}/role-assignments`,
        params: { limit: 100, ...filter },
        schema: MultiDirectoryUserRoleAssignmentPage,
        schemaName: "MultiDirectoryUserRoleAssignmentPage",
        operation: `getUserRoleAssignments ${accountId}`,
      });
      // resourceId is optional in the spec; a row without one is taken as held on the org, the one resource an org-level
      // role (org admin) is on. An assumption: no capture shows such a row.
      const rows = await collectItems(pages, (p) => p.data);
      return rows.map((r) => ({ ...r, resourceId: r.resourceId ?? orgResource }));
    },

    /** assignRole (v1 users/{userId}/roles/assign): a role on a resource for the person directly; 204. */
    assignUserRole: (accountId: string, body: RoleApiRequest) =>
      post(`${v1User(accountId)}/roles/assign`, body, [204], `assignRole ${body.role} to ${accountId}`),

    /** revokeRole (v1 users/{userId}/roles/revoke): 204; a role the person holds through a group stays. */
    revokeUserRole: (accountId: string, body: RoleApiRequest) =>
      post(`${v1User(accountId)}/roles/revoke`, body, [204], `revokeRole ${body.role} from ${accountId}`),

    /** POST v1 users/{userId}/role-assignments/assign (experimental): the org-level role; 204, eventually consistent. */
    assignOrgRole: (accountId: string, role = "atlassian/org-admin") =>
      post(`${v1User(accountId)}/role-assignments/assign`, { role }, [204], `assign ${role} to ${accountId}`),

    revokeOrgRole: (accountId: string, role = "atlassian/org-admin") =>
      post(`${v1User(accountId)}/role-assignments/revoke`, { role }, [204], `revoke ${role} from ${accountId}`),

    /** listAppAccessSettingsDomains (experimental): every configured domain, alphabetical; all pages. */
    listAppAccessSettingsDomains(): Promise<AppAccessSettingsDomainSummary[]> {
      const pages = cursorPages({
        http,
        method: "GET",
        url: domains,
        params: { limit: 100 },
        schema: AppAccessSettingsDomainsPage,
        schemaName: "AppAccessSettingsDomainsPage",
        operation: "listAppAccessSettingsDomains",
      });
      return collectItems(pages, (p) => p.data);
    },

    /** getAppAccessSettingsDomain: one domain's products (`ANYONE` for any address); throws 404 when unset. */
    async getAppAccessSettingsDomain(name: string): Promise<AppAccessSettingsDomainDetail> {
      return http.request({
        method: "GET",
        url: domain(name),
        schema: AppAccessSettingsDomainDetail,
        schemaName: "AppAccessSettingsDomainDetail",
        operation: `getAppAccessSettingsDomain ${name}`,
        idempotent: true,
      });
    },

    /** Like getAppAccessSettingsDomain, but undefined for a domain with no settings. */
    async findAppAccessSettingsDomain(name: string): Promise<AppAccessSettingsDomainDetail | undefined> {
      try {
        return await client.getAppAccessSettingsDomain(name);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },

    /** createAppAccessSettingsDomain: 201 with the new settings; 409 when the domain has some already. */
    createAppAccessSettingsDomain: (body: CreateAppAccessSettingsDomainRequest) =>
      http.request({
        method: "POST",
        url: domains,
        data: body,
        expect: [201],
        schema: AppAccessSettingsDomainDetail,
        schemaName: "AppAccessSettingsDomainDetail",
        operation: `createAppAccessSettingsDomain ${body.domain}`,
        idempotent: false,
      }),

    /** replaceAppAccessSettingsDomain: the domain's products become exactly `body.products` (the spec has no delete). */
    replaceAppAccessSettingsDomain: (name: string, body: UpdateAppAccessSettingsDomainRequest) =>
      http.request({
        method: "PUT",
        url: domain(name),
        data: body,
        expect: [200],
        schema: AppAccessSettingsDomainDetail,
        schemaName: "AppAccessSettingsDomainDetail",
        operation: `replaceAppAccessSettingsDomain ${name}`,
        // Sent once: a lost answer is settled by reading (runtime/settle.ts), not by the transport re-sending over a
        // change someone made meanwhile.
        idempotent: false,
      }),

    /** upsertAppAccessSettingsProduct: adds or replaces one product's settings, leaving the others. */
    upsertAppAccessSettingsProduct: (name: string, product: AppAccessSettingsProduct) =>
      http.request({
        method: "POST",
        url: `${domain(name)}/products`,
        data: product,
        expect: [200],
        schema: AppAccessSettingsDomainDetail,
        schemaName: "AppAccessSettingsDomainDetail",
        operation: `upsertAppAccessSettingsProduct ${name} ${product.productId}`,
        idempotent: false,
      }),
  };
  return client;
}

export type AccessClient = ReturnType<typeof createAccessClient>;
