// The acme seed's access stories (issue 14): who holds admin, a dormant contractor, a direct grant made by hand and an
// `ANYONE` self-signup left on one site. Played through the org's own operations, each at its own time, so the audit
// log tells who did it: the old ones before any drift check's window (168 h), the recent ones inside it.
//
// None of it is group app access, and it happens after ISC's last aggregation: the group grants, findings and ISC
// record the other tests count stay as they were.
import type { Store, User } from "../store";
import { SCENARIO_START, SITES } from "./empty";
import { addMember, createUser, findGroupByName, findUserByEmail } from "../org/ops";
import { orgAri, platformSiteAri, userRoleTable } from "../org/access-index";
import { assignUserRole, recordActivity } from "../org/user-roles";
import { ANYONE, DEFAULT_APP_ROLE, createDomain } from "../org/app-access-settings";

const DAY = 86_400_000;
const before = (days: number) => new Date(Date.parse(SCENARIO_START) - days * DAY).toISOString();

/** The org admin: the person who acts in admin.atlassian.com in every story (world.admins[0]), an account of the org. */
export const ORG_ADMIN = { email: "alex.admin@acme.example" };

/** Site admins, granted to the people directly (the sandbox models no admin group). */
export const SITE_ADMINS = [
  { email: "tara.arden@acme.example", sites: ["acme-eu.atlassian.net", "acme-us.atlassian.net"] },
  { email: "hiro.arden@acme.example", sites: ["acme-jp.atlassian.net"] },
];

/** Invited in March 2025, given Confluence on acme-uk directly, last seen in May 2025. */
export const DORMANT_CONTRACTOR = {
  email: "kim.novak@northwind.example",
  name: "Kim Novak",
  site: "acme-uk.atlassian.net",
  product: "confluence",
  invitedAt: "2025-03-10T10:00:00.000Z",
  lastActive: "2025-05-02T16:20:00.000Z",
};

/** Two days before the scenario starts, the admin gives an engineer JSM on acme-de by hand, outside every group. */
export const DIRECT_GRANT = {
  email: "quinn.arden@acme.example",
  site: "acme-de.atlassian.net",
  product: "jira-servicedesk",
  role: "atlassian/user",
  at: before(2),
  lastActive: before(1),
};

/** Three days before the start, the admin lets anyone join Jira on acme-br, no approval. */
export const OPEN_SIGNUP = { domain: ANYONE, site: "acme-br.atlassian.net", product: "jira-software", at: before(3) };

/** The verified domain may ask to join Confluence on acme-eu; an admin approves (set up in February 2025). */
export const DOMAIN_SIGNUP = {
  domain: "acme.example",
  site: SITES[0],
  product: "confluence",
  at: "2025-02-01T09:00:00.000Z",
};

export function seedAccessStories(store: Store): void {
  const w = store.world;
  const ws = (site: string, product: string) => w.org.workspaces.find((x) => x.host === site && x.product === product)!;
  const person = w.admins[0];
  const admin = { kind: "admin-ui" as const, id: person.accountId, name: person.name, email: person.email };
  const user = (email: string): User => findUserByEmail(store, email)!;

  // The admin's own account: made with the org in January 2024, org admin since (no event: nobody granted it).
  w.org.users.push({
    accountId: person.accountId,
    email: person.email,
    name: person.name,
    nickname: person.name.split(" ")[0],
    accountStatus: "active",
    membershipStatus: "active",
    claimStatus: "managed",
    managementSource: "invited",
    emailVerified: true,
    addedToOrg: "2024-01-15T09:00:00.000Z",
    jobTitle: "IT administrator",
    department: "it",
    createdBy: person.accountId,
  });
  userRoleTable(store).push({
    accountId: person.accountId,
    resourceId: orgAri(w.org.id),
    roleId: "atlassian/org-admin",
    visibleFrom: 0,
  });

  store.setClock(DOMAIN_SIGNUP.at);
  const eu = ws(DOMAIN_SIGNUP.site, DOMAIN_SIGNUP.product);
  createDomain(store, admin, {
    domain: DOMAIN_SIGNUP.domain,
    adminNotifications: true,
    products: [{ productId: eu.id, role: DEFAULT_APP_ROLE, adminApprovalRequired: true }],
  });

  store.setClock(DORMANT_CONTRACTOR.invitedAt);
  const kim = createUser(store, admin, {
    email: DORMANT_CONTRACTOR.email,
    name: DORMANT_CONTRACTOR.name,
    managementSource: "invited",
  });
  addMember(store, admin, findGroupByName(store, "contractors")!.id, kim.accountId);
  const uk = ws(DORMANT_CONTRACTOR.site, DORMANT_CONTRACTOR.product);
  assignUserRole(store, admin, kim.accountId, "atlassian/user", uk.id);
  recordActivity(store, kim.accountId, uk.id, DORMANT_CONTRACTOR.lastActive);

  store.setClock("2025-06-02T08:00:00.000Z");
  for (const { email, sites } of SITE_ADMINS) {
    for (const site of sites)
      assignUserRole(
        store,
        admin,
        user(email).accountId,
        "atlassian/site-admin",
        platformSiteAri(ws(site, "jira-software").cloudId),
      );
  }

  store.setClock(OPEN_SIGNUP.at);
  const br = ws(OPEN_SIGNUP.site, OPEN_SIGNUP.product);
  createDomain(store, admin, {
    domain: OPEN_SIGNUP.domain,
    adminNotifications: false,
    products: [{ productId: br.id, role: DEFAULT_APP_ROLE, adminApprovalRequired: false }],
  });

  store.setClock(DIRECT_GRANT.at);
  const quinn = user(DIRECT_GRANT.email);
  const de = ws(DIRECT_GRANT.site, DIRECT_GRANT.product);
  assignUserRole(store, admin, quinn.accountId, DIRECT_GRANT.role, de.id);
  recordActivity(store, quinn.accountId, de.id, DIRECT_GRANT.lastActive);

  store.setClock(SCENARIO_START);
}
