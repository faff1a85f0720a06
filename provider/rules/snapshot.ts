// The org snapshot as plain data (Atlassian, SCIM's view, ISC's record, audit events) and the lookups rules share.
// Pure: org/snapshot.ts reads it from the APIs; rules only read it.
import { actorOf, EventIndex, resolveSites, type ActorLanes, type AuditEntry } from "./attribution";
import type { AccessUser, DirectGrant } from "./access-review";

export interface SnapGroup {
  id: string;
  name: string;
  /** isSynced() of the group's markers (rules/ownership.ts), decided once where the snapshot is read. */
  synced: boolean;
}

export interface SnapUser {
  accountId: string;
  email: string;
  name?: string;
  managementSource?: "invited" | "synced";
  accountStatus?: string;
  /** Group ids. */
  groups: string[];
  /** Product instances the account can use and when it last did (users search expand `productAccess`). */
  productAccess?: AccessUser["productAccess"];
  /** When the account was first added to the org (ISO-8601). */
  addedToOrg?: string;
}

/** A group role assignment: app access of a group to one product on one site. */
export interface SnapRole {
  groupId: string;
  resourceId: string;
  role: string;
}

/** One product a domain may self-join (app access settings): the product's ARI, the role's ARI, whether an admin approves. */
export interface SnapSelfSignupProduct {
  resourceId: string;
  role: string;
  adminApprovalRequired: boolean;
}

/** One email domain's app access settings (`ANYONE`: any address). */
export interface SnapDomainSetting {
  domain: string;
  adminNotifications?: boolean;
  products: SnapSelfSignupProduct[];
}

export interface ScimView {
  users: { id: string; userName: string; email: string; displayName?: string; active: boolean; accountId?: string }[];
  groups: { id: string; displayName: string }[];
}

export interface IscView {
  sourceId: string;
  accounts: {
    id: string;
    nativeIdentity: string;
    name?: string;
    identityId?: string;
    uncorrelated: boolean;
    groups: string[];
    /** ISC disabled the account (e.g. its identity's leaver lifecycle state); absent when ISC did not say. */
    disabled?: boolean;
    /** When ISC last changed the account (ISO-8601). */
    modified?: string;
  }[];
  activities: {
    id: string;
    created?: string;
    completionStatus?: string;
    targetName?: string;
    errors: string[];
    items: {
      operation?: string;
      provisioningStatus?: string;
      value?: string;
      nativeIdentity?: string;
      sourceId?: string;
      requestedName?: string;
    }[];
  }[];
}

/**
 * Who holds product roles outside groups, read for the OwnershipSplit's usage rules (rules/usage.ts): every group's
 * product roles, and the roles held directly by the people their groups do not explain (provider/org/direct.ts).
 */
export interface SnapUsage {
  /** Every product role every group holds. */
  groupRoles: SnapRole[];
  /** Product roles held by people directly (`roleAssignmentMethods` includes `direct`), of the candidates read. */
  directGrants: DirectGrant[];
  /** Account ids whose role assignments were read (the candidates). */
  candidates: string[];
}

export interface OrgSnapshot {
  takenAt: string;
  groups: SnapGroup[];
  users: SnapUser[];
  /** Absent when not read; rules that need it fall back to events alone. */
  roles?: SnapRole[];
  /** When set, `roles` holds every assignment of these `resourceId role` pairs only (see roleKey); others are unknown. */
  rolePairs?: string[];
  workspaces: { id: string; host: string; product: string }[];
  /** Absent when not read (the split reads it; other resources do not). */
  usage?: SnapUsage;
  /** App access settings of every enabled domain; absent when not read (the rules that need them report nothing). */
  appAccessSettings?: SnapDomainSetting[];
  scim?: ScimView;
  isc?: IscView;
  events: AuditEntry[];
}

/** The key of one site × role pair: `rolePairs` entries, and the provider's cache of who holds a role where. */
export const roleKey = (resourceId: string, role: string): string => `${resourceId} ${role}`;

/** Derived lookups shared by the rules. */
export class SnapshotView {
  readonly index: EventIndex;
  readonly usersById = new Map<string, SnapUser>();
  readonly usersByEmail = new Map<string, SnapUser>();
  readonly groupsById = new Map<string, SnapGroup>();
  readonly groupsByName = new Map<string, SnapGroup>();

  constructor(
    readonly snap: OrgSnapshot,
    readonly lanes: ActorLanes = {},
  ) {
    this.index = new EventIndex(resolveSites(snap.events, snap.workspaces));
    for (const u of snap.users) {
      this.usersById.set(u.accountId, u);
      if (u.email) this.usersByEmail.set(u.email.toLowerCase(), u);
    }
    for (const g of snap.groups) {
      this.groupsById.set(g.id, g);
      this.groupsByName.set(g.name.toLowerCase(), g);
    }
  }

  private members?: Map<string, SnapUser[]>;
  private scimActive?: { accounts: Set<string>; emails: Set<string> };
  private iscDisabled?: Map<string, IscView["accounts"][number]>;

  /** The group's members, in the order of `snap.users` (built once for every group: rules ask per group). */
  membersOf(groupId: string): SnapUser[] {
    if (!this.members) {
      this.members = new Map();
      for (const u of this.snap.users)
        for (const id of new Set(u.groups)) {
          const list = this.members.get(id);
          if (list) list.push(u);
          else this.members.set(id, [u]);
        }
    }
    return this.members.get(groupId) ?? [];
  }

  /** The account ids active SCIM records link, and the emails (lower case) active SCIM records carry. */
  activeScim(): { accounts: Set<string>; emails: Set<string> } {
    if (!this.scimActive) {
      const active = (this.snap.scim?.users ?? []).filter((s) => s.active);
      this.scimActive = {
        accounts: new Set(active.filter((s) => s.accountId).map((s) => s.accountId!)),
        emails: new Set(active.map((s) => s.email.toLowerCase())),
      };
    }
    return this.scimActive;
  }

  /** The first disabled ISC account of an Atlassian account (its nativeIdentity), if ISC's record was read. */
  disabledIscAccount(accountId: string): IscView["accounts"][number] | undefined {
    if (!this.iscDisabled) {
      this.iscDisabled = new Map();
      for (const a of this.snap.isc?.accounts ?? [])
        if (a.disabled && !this.iscDisabled.has(a.nativeIdentity)) this.iscDisabled.set(a.nativeIdentity, a);
    }
    return this.iscDisabled.get(accountId);
  }

  emailOf(accountId: string, fallback?: string): string {
    return this.usersById.get(accountId)?.email ?? fallback ?? accountId;
  }

  siteLabel(resourceId: string, host?: string, product?: string): string {
    const ws = this.snap.workspaces.find((w) => w.id === resourceId);
    return `${ws?.host ?? host ?? resourceId}/${ws?.product ?? product ?? "?"}`;
  }

  hasRole(groupId: string, resourceId: string, role: string): boolean | undefined {
    if (!this.snap.roles) return undefined;
    if (this.snap.rolePairs && !this.snap.rolePairs.includes(roleKey(resourceId, role))) return undefined;
    return this.snap.roles.some((r) => r.groupId === groupId && r.resourceId === resourceId && r.role === role);
  }

  actor(e: AuditEntry | undefined): string {
    return e ? actorOf(e, this.lanes) : "unknown";
  }
}
