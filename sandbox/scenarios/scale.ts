// A generated org of any size (`--scenario scale:groups=2000,users=20000,...`), for the bench and the request-count tests.
//
// The org is written as its actors would have left it a month before the scenario start (directly, in time linear in
// the sizes: the actors' one-at-a-time paths are quadratic at 20,000 people): Entra ID pushed every user and the
// `dept-*` groups by SCIM, ISC's connector made the `isc-*` groups and aggregated, admins made `team-*` groups by hand
// and granted app access. Then, in the `auditHours` before the start, SCIM moves people into and out of departments
// through the real operations: `events` audit events in the window a drift check reads, none of them drift.
//
// Sandbox choices: lane shares (scim 50 %, isc 10 %, hand-made 40 %), members spread evenly with a deterministic PRNG,
// grants spread over every site × product with the product's `atlassian/user` role; `directGrants`, `siteAdmins` and
// `activity` (off by default) add roles held by people themselves and last-active times. Build time is linear in the sizes.
import { Store, type Group, type IdpUser, type World } from "../store";
import { buildEmpty, SCENARIO_START } from "./empty";
import { addMember, removeMember, VERIFIED_DOMAIN } from "../org/ops";
import { scimActor } from "../scim/actor";
import { AccessIndex, platformSiteAri, userRoleTable } from "../org/access-index";

export interface ScaleParams {
  groups: number;
  users: number;
  /** Memberships over all groups. */
  members: number;
  /** Group role assignments over all groups. */
  grants: number;
  /** Audit events in the last `auditHours` before the scenario start. */
  events: number;
  auditHours: number;
  /** ISC identities, each with its correlated account; default (and at most) `users`. */
  iscAccounts: number;
  /** Product roles given to people directly (outside any group), each `atlassian/user` on one product; default 0. */
  directGrants: number;
  /** Site admins (held directly, one site each); default 0. */
  siteAdmins: number;
  /** Percent of users with a last-active time on each product they can use, up to 400 days old; default 0. */
  activity: number;
}

const SCALE_DEFAULTS: ScaleParams = {
  groups: 200,
  users: 2_000,
  members: 3_600,
  grants: 280,
  events: 300,
  auditHours: 24,
  iscAccounts: Number.MAX_SAFE_INTEGER,
  directGrants: 0,
  siteAdmins: 0,
  activity: 0,
};

/** The lane prefixes of generated groups: what a program or the bench declares in its OwnershipSplit. */
export const SCALE_PREFIXES = { scim: "dept-", isc: "isc-", hand: "team-" } as const;

/** `groups=2000,users=20000` over the defaults; an unknown key or a non-integer value is an error naming it. */
function parseScaleParams(spec: string): ScaleParams {
  const params = { ...SCALE_DEFAULTS };
  for (const part of spec.split(",").filter(Boolean)) {
    const [key, raw] = part.split("=");
    if (!(key in params)) {
      throw new Error(`scale scenario: unknown parameter "${key}"; known: ${Object.keys(params).join(", ")}.`);
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      throw new Error(`scale scenario: ${key} must be a non-negative integer; got "${raw}".`);
    }
    params[key as keyof ScaleParams] = n;
  }
  if (params.users < 1) throw new Error("scale scenario: users must be at least 1.");
  if (params.activity > 100) throw new Error("scale scenario: activity is a percent of users, at most 100.");
  params.iscAccounts = Math.min(params.iscAccounts, params.users);
  return params;
}

/** mulberry32: the same org on every build. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

const pad = (i: number) => String(i).padStart(4, "0");

/** Group counts per lane for `groups` in total. */
function laneCounts(groups: number): { scim: number; isc: number; hand: number } {
  const scim = Math.round(groups * 0.5);
  const isc = Math.round(groups * 0.1);
  return { scim, isc, hand: groups - scim - isc };
}

export function buildScale(spec = ""): World {
  const p = parseScaleParams(spec);
  const world = buildEmpty(`scale:${spec}`);
  const store = new Store(world);
  const rand = prng(7);
  const start = Date.parse(SCENARIO_START);
  store.setClock(new Date(start - 30 * 86_400_000).toISOString());
  const built = store.nowIso();
  const lanes = laneCounts(p.groups);
  const perGroup = p.groups ? p.members / p.groups : 0;
  /** `count` distinct indexes below `n`, deterministic. */
  const sample = (count: number, n: number): number[] => {
    const picked = new Set<number>();
    const want = Math.min(Math.round(count), n);
    while (picked.size < want) picked.add(rand.int(n));
    return [...picked];
  };
  const { org, scim, idp, isc } = world;

  // People: in Entra ID, pushed by SCIM, each linked to a managed account it created.
  for (let i = 0; i < p.users; i++) {
    const mail = `user${String(i).padStart(5, "0")}@${VERIFIED_DOMAIN}`;
    const person: IdpUser = {
      objectId: store.newUuid(),
      userPrincipalName: mail,
      mail,
      givenName: "User",
      surname: String(i),
      displayName: `User ${i}`,
      jobTitle: "Employee",
      accountEnabled: true,
    };
    idp.users.push(person);
    const accountId = store.newAccountId();
    org.users.push({
      accountId,
      email: mail,
      name: person.displayName,
      nickname: person.givenName,
      accountStatus: "active",
      membershipStatus: "active",
      claimStatus: "managed",
      managementSource: "synced",
      emailVerified: true,
      addedToOrg: built,
      jobTitle: person.jobTitle,
      createdBy: scimActor(store).id,
    });
    scim.users.push({
      id: store.newUuid(),
      externalId: person.objectId,
      userName: mail,
      emails: [{ value: mail, type: "work", primary: true }],
      name: { givenName: person.givenName, familyName: person.surname },
      displayName: person.displayName,
      title: person.jobTitle,
      active: true,
      accountId,
      created: built,
      lastModified: built,
    });
  }
  idp.groups.push({
    objectId: store.newUuid(),
    displayName: "all-employees",
    members: idp.users.map((u) => u.objectId),
    assigned: true,
  });

  // Groups: SCIM's dept-* (synced), ISC's isc-* (made by its connector), admins' team-* (by hand).
  const newGroup = (name: string, synced: boolean, members: number[]): Group => {
    const g: Group = {
      id: store.newUuid(),
      name,
      description: synced ? null : `Generated ${name}`,
      externalSynced: synced,
      managedBy: synced ? "external" : "admins",
      members: members.map((m) => org.users[m].accountId),
      createdAt: built,
    };
    org.groups.push(g);
    return g;
  };
  const all = newGroup("all-employees", true, []);
  all.members = org.users.map((u) => u.accountId);
  const synced: { g: Group; idp: number[] }[] = [{ g: all, idp: org.users.map((_, i) => i) }];
  for (let i = 0; i < lanes.scim; i++) {
    const members = sample(perGroup, p.users);
    synced.push({ g: newGroup(`${SCALE_PREFIXES.scim}${pad(i)}`, true, members), idp: members });
  }
  for (const { g, idp: members } of synced) {
    if (g !== all)
      idp.groups.push({
        objectId: store.newUuid(),
        displayName: g.name,
        members: members.map((m) => idp.users[m].objectId),
        assigned: true,
      });
    const external = idp.groups[idp.groups.length - 1];
    scim.groups.push({
      id: store.newUuid(),
      externalId: external.objectId,
      displayName: g.name,
      members: members.map((m) => scim.users[m].id),
      groupId: g.id,
      created: built,
      lastModified: built,
    });
  }
  const iscGroups = new Set<string>();
  for (let i = 0; i < lanes.isc; i++)
    iscGroups.add(newGroup(`${SCALE_PREFIXES.isc}${pad(i)}`, false, sample(perGroup, p.users)).id);
  for (let i = 0; i < lanes.hand; i++) newGroup(`${SCALE_PREFIXES.hand}${pad(i)}`, false, sample(perGroup, p.users));
  idp.lastSyncAt = built;

  // App access: grants over the org's groups and every site × product, each the product's user role.
  const groups = org.groups.filter((g) => g !== all);
  const pairs = groups.length * org.workspaces.length;
  for (const i of sample(p.grants, pairs)) {
    const g = groups[Math.floor(i / org.workspaces.length)];
    const w = org.workspaces[i % org.workspaces.length];
    org.roles.push({ groupId: g.id, resourceId: w.id, roleId: "atlassian/user", visibleFrom: 0 });
  }

  // ISC: one entitlement per group (its own requestable), one correlated, aggregated account per identity.
  const entitlementOf = new Map<string, string>();
  for (const g of org.groups) {
    const id = store.newHexId();
    entitlementOf.set(g.id, id);
    isc.entitlements.push({
      id,
      name: g.name,
      value: g.id,
      attribute: "groups",
      description: g.description,
      sourceId: isc.sourceId,
      requestable: iscGroups.has(g.id),
      created: built,
      modified: built,
    });
  }
  const groupsOf = new Map<string, string[]>();
  for (const g of org.groups) for (const m of g.members) groupsOf.set(m, [...(groupsOf.get(m) ?? []), g.id]);
  for (const u of org.users.slice(0, p.iscAccounts)) {
    const identityId = store.newHexId();
    isc.identities.push({ id: identityId, name: u.name, alias: u.email.split("@")[0], email: u.email });
    const memberOf = groupsOf.get(u.accountId) ?? [];
    isc.accounts.push({
      id: store.newHexId(),
      name: u.email,
      nativeIdentity: u.accountId,
      sourceId: isc.sourceId,
      identityId,
      uncorrelated: false,
      origin: "AGGREGATED",
      disabled: false,
      locked: false,
      attributes: { email: u.email, displayName: u.name, groups: memberOf },
      entitlementIds: memberOf.map((g) => entitlementOf.get(g)!),
      created: built,
      modified: built,
    });
  }

  // The audit window: SCIM moves people into and out of departments, one membership event each.
  const actor = scimActor(store);
  const step = p.events ? (p.auditHours * 3_600_000) / (p.events + 1) : 0;
  store.setClock(new Date(start - p.auditHours * 3_600_000).toISOString());
  for (let e = 0; e < p.events && synced.length > 1; e++) {
    store.setClock(new Date(store.nowMs() + step).toISOString());
    const { g } = synced[1 + rand.int(synced.length - 1)];
    const sg = scim.groups.find((x) => x.groupId === g.id)!;
    const external = idp.groups.find((x) => x.objectId === sg.externalId)!;
    const u = rand.int(p.users);
    const accountId = org.users[u].accountId;
    if (g.members.includes(accountId)) {
      removeMember(store, actor, g.id, accountId);
      sg.members = sg.members.filter((m) => m !== scim.users[u].id);
      external.members = external.members.filter((m) => m !== idp.users[u].objectId);
    } else {
      addMember(store, actor, g.id, accountId);
      sg.members.push(scim.users[u].id);
      external.members.push(idp.users[u].objectId);
    }
  }
  seedAccess(store, p);
  store.setClock(SCENARIO_START);
  return world;
}

/** Direct grants, site admins and last-active times (none by default): a PRNG of their own, so the rest is unchanged. */
function seedAccess(store: Store, p: ScaleParams): void {
  if (!p.directGrants && !p.siteAdmins && !p.activity) return;
  const rand = prng(11);
  const { org } = store.world;
  const start = Date.parse(SCENARIO_START);
  const roles = userRoleTable(store);
  for (let i = 0; i < p.directGrants; i++) {
    const u = org.users[rand.int(org.users.length)];
    const w = org.workspaces[rand.int(org.workspaces.length)];
    if (!roles.some((r) => r.accountId === u.accountId && r.resourceId === w.id))
      roles.push({ accountId: u.accountId, resourceId: w.id, roleId: "atlassian/user", visibleFrom: 0 });
  }
  const cloudIds = [...new Set(org.workspaces.map((w) => w.cloudId))];
  for (let i = 0; i < Math.min(p.siteAdmins, org.users.length); i++) {
    const cloudId = cloudIds[rand.int(cloudIds.length)];
    roles.push({
      accountId: org.users[i].accountId,
      resourceId: platformSiteAri(cloudId),
      roleId: "atlassian/site-admin",
      visibleFrom: 0,
    });
  }
  const index = new AccessIndex(store);
  const activity = (org.activity ??= []);
  for (const u of org.users) {
    if (rand.next() * 100 >= p.activity) continue;
    for (const a of index.productAccess(u.accountId)) {
      const lastActive = new Date(start - rand.int(400 * 86_400) * 1000).toISOString();
      activity.push({ accountId: u.accountId, resourceId: a.id, lastActive });
    }
  }
}
