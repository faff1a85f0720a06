// Reads what the access review needs, and no more: sites, groups, people with their groups, product access and admin
// roles (one users search), which groups hold which role where, the role assignments of the people whose access
// their groups do not explain, and the audit window. Reads only.
//
// Cost of a whole-org review (the org's pages, not its grants): workspaces 1; users U/100; groups G/100; group roles:
// one search for every group holding any role (2 × G'/100 pages), then the fewer of one role read per such group, or
// a search per role (12) and per resource × role held; a users search per role but atlassian/user and viewer (10, their
// holders' pages); the role assignments of the candidates (directCandidates); the audit window from events-stream
// (500 a page). With --person: their users search, their groups (10 a search), one role read per group and per person.
import type { OrgClient } from "../clients/atlassian/org-client";
import type { AccessClient } from "../clients/atlassian/access-client";
import type { AuditClient } from "../clients/atlassian/audit-client";
import type { MultiDirectoryUser } from "../clients/atlassian/schemas";
import { auditEntry, type RawEvent } from "../rules/attribution";
import { isSynced, type Lane } from "../rules/ownership";
import type { Split } from "../rules/split";
import { laneOfGroup, type AccessSnapshot } from "../rules/access-review";
import { liveWorkspace } from "../org/org-state";
import { serverNow } from "../clients/server-clock";
import { platformScope } from "../rules/admins";
import { chunks, directCandidates, each, productAccessOf, readDirectGrants, readGroupGrants } from "../org/direct";

const GROUP_ARI = /^ari:cloud:identity::group\//;
const EXPAND = ["groups", "productAccess", "platformRoles"] as const;

export interface AccessApis {
  orgId: string;
  org: Pick<
    OrgClient,
    "queryWorkspaces" | "searchDirectoryGroups" | "searchDirectoryUsers" | "getGroupRoleAssignments"
  >;
  access: Pick<AccessClient, "getUserRoleAssignments">;
  audit?: Pick<AuditClient, "streamEvents">;
  /** Whether ISC governs a group (requestable entitlement of its Atlassian source); absent without ISC config. */
  iscGoverned?: (g: { id: string; name: string }) => Promise<boolean>;
}

export interface ReadOptions {
  /** Only these people (emails): their role assignments are read exactly. */
  persons?: string[];
  /** Read every person's role assignments, so a direct grant a group duplicates is found too. */
  exact?: boolean;
  /** Start of the audit window, epoch ms. */
  auditFrom: number;
  split?: Pick<Split, Lane>;
  progress: (line: string) => void;
}

export async function readAccess(api: AccessApis, opts: ReadOptions): Promise<AccessSnapshot> {
  const say = opts.progress;
  const workspaces = (await api.org.queryWorkspaces()).map(liveWorkspace);
  say(`sites and products: ${workspaces.length}`);

  const users = await readUsers(api, opts.persons);
  say(`people: ${users.length}${opts.persons ? ` of ${opts.persons.length} asked for` : ""}`);

  // The named people's groups only (10 ids a search), else every group.
  const memberGroups = new Set(users.flatMap((u) => u.groups));
  const liveGroups = opts.persons
    ? (await each(chunks([...memberGroups], 10), (groupIds) => api.org.searchDirectoryGroups({ groupIds }))).flat()
    : await api.org.searchDirectoryGroups({});
  const groups = await Promise.all(
    liveGroups.map(async (g) => ({
      id: g.id,
      name: g.name,
      synced: isSynced(g),
      lane: laneOfGroup(
        { name: g.name, synced: isSynced(g) },
        { split: opts.split, iscGoverned: api.iscGoverned ? await api.iscGoverned(g) : false },
      ),
    })),
  );
  say(`groups: ${groups.length}`);

  const scope = platformScope(workspaces, api.orgId);
  const groupGrants = await readGroupGrants(api, { memberGroups, scope, few: Boolean(opts.persons), say });

  // Everyone's role assignments with --exact or --person; otherwise only the candidates' (direct.ts).
  const candidates = opts.exact || opts.persons ? users : await directCandidates(api, users, groupGrants);
  const directGrants = await readDirectGrants(api, candidates);
  say(
    `role assignments of ${candidates.length} ${candidates.length === 1 ? "person" : "people"}: ${directGrants.length} held directly`,
  );

  const events = api.audit
    ? (await api.audit.streamEvents({ from: opts.auditFrom })).map((e) => auditEntry(e as unknown as RawEvent))
    : [];
  const auditFrom = new Date(opts.auditFrom).toISOString();
  say(api.audit ? `audit log since ${auditFrom}: ${events.length} events` : "audit log: not read");

  return {
    takenAt: new Date(serverNow()).toISOString(),
    orgId: api.orgId,
    workspaces,
    groups,
    users: users.map(({ platformRoles: _p, ...u }) => u),
    groupGrants,
    directGrants,
    events,
    auditFrom,
  };
}

function toUser(u: MultiDirectoryUser) {
  return {
    accountId: u.accountId,
    email: u.email ?? u.accountId,
    name: u.name ?? undefined,
    groups: (u.groups ?? []).map((g) => g.id.replace(GROUP_ARI, "")),
    productAccess: productAccessOf(u.productAccess),
    platformRoles: u.platformRoles ?? [],
    ...(u.managementSource ? { managementSource: u.managementSource as "invited" | "synced" } : {}),
    ...(u.accountStatus ? { accountStatus: u.accountStatus } : {}),
  };
}

async function readUsers(api: AccessApis, persons?: string[]) {
  const expand = [...EXPAND];
  if (!persons) return (await api.org.searchDirectoryUsers({ expand })).map(toUser);
  const found = await each(chunks(persons, 100), (emails) => api.org.searchDirectoryUsers({ emails, expand }));
  return found.flat().map(toUser);
}
