// The seed customer (../shared/domain.md): 10 sites, ~200 employees in Entra ID synced by SCIM, ISC with an Atlassian source.
import { Store, type World, type IdpUser } from "../store";
import { buildEmpty } from "./empty";
import { createGroup, createUser, addMember } from "../org/ops";
import { runIdpSync } from "../actors/idp-sync";
import { runAggregation } from "../actors/isc-connector";
import { seedAccessStories } from "./acme-access";

const FIRST = [
  "Ana",
  "Ben",
  "Chloe",
  "David",
  "Elif",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kira",
  "Liam",
  "Maya",
  "Noah",
  "Olga",
  "Pavel",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
];
const LAST = ["Arden", "Brooks", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen"];
export const DEPARTMENTS = ["engineering", "sales", "support", "finance", "marketing", "it", "hr", "legal"];

/** Groups ISC grants as entitlements (requested through ISC, created by its connector). */
export const ISC_GROUPS = ["isc-jira-requesters", "isc-confluence-contractors", "isc-jsm-agents"];

/** The j.smith story (domain.md behaviour 1): in Entra ID, not yet pushed; SCIM creates him at 15:00. */
export const J_SMITH = { email: "j.smith@acme.example", name: "John Smith", department: "engineering" };

/** An invited-by-hand account whose email differs from the IdP's (domain.md behaviours 3 and 4). */
export const INVITED_UNLINKED = {
  invitedEmail: "m.garcia@acme.example",
  idpEmail: "maria.garcia@acme.example",
  name: "Maria Garcia",
};

export function buildAcme(): World {
  const world = buildEmpty("acme");
  const store = new Store(world);

  // Entra ID: 200 employees, one group per department, plus all-employees; all assigned to the Atlassian app.
  const people: IdpUser[] = [];
  for (let i = 0; i < 200; i++) {
    const given = FIRST[i % FIRST.length];
    const family = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const mail = `${given}.${family}@acme.example`.toLowerCase();
    people.push({
      objectId: store.newUuid(),
      userPrincipalName: mail,
      mail,
      givenName: given,
      surname: family,
      displayName: `${given} ${family}`,
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      jobTitle: "Employee",
      accountEnabled: true,
    });
  }
  const maria: IdpUser = {
    objectId: store.newUuid(),
    userPrincipalName: INVITED_UNLINKED.idpEmail,
    mail: INVITED_UNLINKED.idpEmail,
    givenName: "Maria",
    surname: "Garcia",
    displayName: INVITED_UNLINKED.name,
    department: "sales",
    jobTitle: "Account Executive",
    accountEnabled: true,
  };
  world.idp.users = [...people, maria];
  world.idp.groups = DEPARTMENTS.map((d) => ({
    objectId: store.newUuid(),
    displayName: `dept-${d}`,
    members: world.idp.users.filter((p) => p.department === d).map((p) => p.objectId),
    assigned: true,
  }));
  world.idp.groups.push({
    objectId: store.newUuid(),
    displayName: "all-employees",
    members: world.idp.users.map((p) => p.objectId),
    assigned: true,
  });

  // Local groups made by hand before SCIM: one collides with an IdP group name (behaviour 8).
  const admin = {
    kind: "admin-ui" as const,
    id: world.admins[0].accountId,
    name: world.admins[0].name,
    email: world.admins[0].email,
  };
  createGroup(store, admin, { name: "dept-legal", description: "Migrated from Jira Server" });
  createGroup(store, admin, { name: "site-admins", description: "Site administrators" }).builtIn = true;
  createGroup(store, admin, { name: "contractors", description: "External contractors" });

  // Maria was invited by hand with a different address before SCIM existed: stays unlinked (behaviour 4).
  const invited = createUser(store, admin, {
    email: INVITED_UNLINKED.invitedEmail,
    name: INVITED_UNLINKED.name,
    managementSource: "invited",
  });
  addMember(store, admin, world.org.groups.find((g) => g.name === "contractors")!.id, invited.accountId);

  // First SCIM push happens at scenario start; j.smith joins Entra ID afterwards (pushed at 15:00 by the story).
  runIdpSync(store);
  world.idp.users.push({
    objectId: store.newUuid(),
    userPrincipalName: J_SMITH.email,
    mail: J_SMITH.email,
    givenName: "John",
    surname: "Smith",
    displayName: J_SMITH.name,
    department: J_SMITH.department,
    jobTitle: "Engineer",
    accountEnabled: true,
  });
  const eng = world.idp.groups.find((g) => g.displayName === "dept-engineering")!;
  eng.members.push(world.idp.users[world.idp.users.length - 1].objectId);

  // ISC's connector made its request groups; ISC knows every employee as an identity (from HR).
  const isc = world.org.apiKeys.find((k) => k.purpose === "isc")!;
  const iscActor = {
    kind: "api-key" as const,
    id: isc.accountId,
    name: isc.label,
    tokenId: isc.tokenId,
    tokenLabel: isc.label,
  };
  for (const name of ISC_GROUPS) createGroup(store, iscActor, { name, description: "Requested through SailPoint ISC" });
  world.isc.identities = world.idp.users.map((p) => ({
    id: store.newHexId(),
    name: p.displayName,
    alias: p.mail.split("@")[0],
    email: p.mail,
  }));
  runAggregation(store);
  // Admins, a dormant contractor, a direct grant and an open self-signup: after the aggregation, as ISC last saw it.
  seedAccessStories(store);
  return world;
}
