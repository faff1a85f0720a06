// The Atlassian part of the org as one provider process knows it: read once (every list at the API's largest page),
// then kept current by the process's own writes, so a refresh of 3,000 resources costs the org's pages, not 3,000 reads,
// and a write does not re-read the world. Pure: org/snapshot.ts loads it and the lifecycles patch it.
import { isSynced, type GroupMarkers } from "../rules/ownership";
import type { OrgSnapshot, SnapGroup, SnapUser } from "../rules/snapshot";

export interface LiveGroup extends GroupMarkers {
  id: string;
  name: string;
  description?: string | null;
}

/** Whether a group reference is an id (Atlassian's group ids are UUIDs), not a name: the one test every input uses. */
const GROUP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGroupId = (ref: string): boolean => GROUP_ID.test(ref);

export interface LiveWorkspace {
  id: string;
  host: string;
  product: string;
}

/** Whether `site`, as check's normalised inputs give it (a host or a workspace ARI), names this workspace's site. */
export const isOnSite = (w: LiveWorkspace, site: string): boolean => w.host === site || w.id === site;

/** A workspace as queryWorkspaces lists it: the ARI, the bare host (no scheme) and the product key. */
export function liveWorkspace(w: { id: string; attributes?: { hostUrl?: string; typeKey?: string } }): LiveWorkspace {
  return {
    id: w.id,
    host: String(w.attributes?.hostUrl ?? "").replace(/^https?:\/\//, ""),
    product: String(w.attributes?.typeKey ?? ""),
  };
}

export class OrgState {
  /** Bumped by every patch, so views derived from the state know when to rebuild. */
  version = 0;
  private readonly groups = new Map<string, LiveGroup>();
  private readonly members = new Map<string, Set<string>>();
  private readonly usersById = new Map<string, SnapUser>();
  private readonly usersByEmail = new Map<string, SnapUser>();

  constructor(
    groups: LiveGroup[],
    users: SnapUser[],
    readonly workspaces: LiveWorkspace[],
  ) {
    for (const g of groups) {
      this.groups.set(g.id, g);
      this.members.set(g.id, new Set());
    }
    for (const u of users) this.addUser(u);
  }

  group(id: string): LiveGroup | undefined {
    return this.groups.get(id);
  }

  /** The group a reference names: an id, else an exact name. */
  groupByRef(ref: string): LiveGroup | undefined {
    return isGroupId(ref) ? this.group(ref) : this.groupByExactName(ref);
  }

  /** The group named exactly `name` (the API matches names case-insensitively; code compares exactly). */
  groupByExactName(name: string): LiveGroup | undefined {
    for (const g of this.groups.values()) if (g.name === name) return g;
    return undefined;
  }

  /** Groups whose name equals `name` ignoring case (the API's own name match): exact twins and case clashes. */
  groupsNamedLike(name: string): LiveGroup[] {
    const lower = name.toLowerCase();
    return [...this.groups.values()].filter((g) => g.name.toLowerCase() === lower);
  }

  user(accountId: string): SnapUser | undefined {
    return this.usersById.get(accountId);
  }

  userByEmail(email: string): SnapUser | undefined {
    return this.usersByEmail.get(email.toLowerCase());
  }

  isMember(groupId: string, accountId: string): boolean {
    return this.members.get(groupId)?.has(accountId) ?? false;
  }

  /** Members with an email, lower-cased email -> account id. */
  memberAccounts(groupId: string): Map<string, string> {
    const byEmail = new Map<string, string>();
    for (const a of this.members.get(groupId) ?? []) {
      const u = this.usersById.get(a);
      if (u?.email) byEmail.set(u.email.toLowerCase(), a);
    }
    return byEmail;
  }

  /** Members' emails, lower-cased and sorted, as Group outputs list them. */
  memberEmails(groupId: string): string[] {
    return [...this.memberAccounts(groupId).keys()].sort();
  }

  addUser(u: SnapUser): void {
    this.usersById.set(u.accountId, u);
    if (u.email) this.usersByEmail.set(u.email.toLowerCase(), u);
    for (const g of u.groups) this.members.get(g)?.add(u.accountId);
    this.version++;
  }

  addGroup(g: LiveGroup): void {
    this.groups.set(g.id, g);
    if (!this.members.has(g.id)) this.members.set(g.id, new Set());
    this.version++;
  }

  removeGroup(id: string): void {
    for (const a of this.members.get(id) ?? []) this.dropFromUser(a, id);
    this.groups.delete(id);
    this.members.delete(id);
    this.version++;
  }

  addMember(groupId: string, accountId: string): void {
    const set = this.members.get(groupId);
    if (!set || set.has(accountId)) return;
    set.add(accountId);
    const u = this.usersById.get(accountId);
    if (u && !u.groups.includes(groupId)) u.groups.push(groupId);
    this.version++;
  }

  removeMember(groupId: string, accountId: string): void {
    if (!this.members.get(groupId)?.delete(accountId)) return;
    this.dropFromUser(accountId, groupId);
    this.version++;
  }

  private dropFromUser(accountId: string, groupId: string): void {
    const u = this.usersById.get(accountId);
    if (u) u.groups = u.groups.filter((g) => g !== groupId);
  }

  /** The plain snapshot parts the rules read. */
  snapshot(): Pick<OrgSnapshot, "groups" | "users" | "workspaces"> {
    return {
      groups: [...this.groups.values()].map((g): SnapGroup => ({ id: g.id, name: g.name, synced: isSynced(g) })),
      users: [...this.usersById.values()],
      workspaces: this.workspaces,
    };
  }
}
