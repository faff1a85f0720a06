// What an account aggregation changes in ISC: entitlements from Atlassian groups, accounts from users, correlation by email.
import type { Group, Store, User } from "../store";
import { connectorKey } from "./isc-connector-calls";
import { groupsByMember } from "../routes/atlassian-org";

/** ISC's account attributes for an Atlassian user (the connector's account schema, trimmed to what the sandbox needs). */
export function accountAttributes(store: Store, u: User, memberOf = groupsByMember(store)) {
  const groups = (memberOf.get(u.accountId) ?? []).map((g) => g.id);
  return { email: u.email, displayName: u.name, groups };
}

/** One Atlassian group = one entitlement (value = group id); only the connector's own groups are requestable. */
export function syncEntitlements(store: Store, groups: Group[]): void {
  const { isc } = store.world;
  const now = store.nowIso();
  const tokenId = connectorKey(store).tokenId;
  const ownGroups = new Set(
    store.world.events
      .filter((e) => e.action === "group_created" && e.actor.tokenId === tokenId)
      .map((e) => e.context[0]?.id),
  );
  for (const g of groups) {
    const e = isc.entitlements.find((x) => x.sourceId === isc.sourceId && x.value === g.id);
    if (!e) {
      isc.entitlements.push({
        id: store.newHexId(),
        name: g.name,
        value: g.id,
        attribute: "groups",
        description: g.description,
        sourceId: isc.sourceId,
        requestable: ownGroups.has(g.id),
        created: now,
        modified: now,
      });
    } else if (e.name !== g.name || e.description !== g.description) {
      Object.assign(e, { name: g.name, description: g.description, modified: now });
    }
  }
  const live = new Set(groups.map((g) => g.id));
  isc.entitlements = isc.entitlements.filter((e) => e.sourceId !== isc.sourceId || live.has(e.value));
}

/** Creates (origin AGGREGATED), updates and drops ISC accounts to match Atlassian, and correlates new ones by email. */
export function syncAccounts(store: Store, users: User[]) {
  const { isc } = store.world;
  const now = store.nowIso();
  const counts = { total: users.length, created: 0, updated: 0, deleted: 0, correlated: 0 };
  const entByGroup = new Map(isc.entitlements.filter((e) => e.sourceId === isc.sourceId).map((e) => [e.value, e.id]));
  const memberOf = groupsByMember(store);
  for (const u of users) {
    const attributes = accountAttributes(store, u, memberOf);
    const fresh = {
      name: u.email,
      attributes,
      entitlementIds: attributes.groups.map((g) => entByGroup.get(g)).filter((x): x is string => x !== undefined),
      disabled: u.accountStatus !== "active" || u.membershipStatus === "suspended",
    };
    let a = isc.accounts.find((x) => x.sourceId === isc.sourceId && x.nativeIdentity === u.accountId);
    if (!a) {
      a = {
        id: store.newHexId(),
        nativeIdentity: u.accountId,
        sourceId: isc.sourceId,
        uncorrelated: true,
        origin: "AGGREGATED",
        locked: false,
        created: now,
        modified: now,
        ...fresh,
      };
      isc.accounts.push(a);
      counts.created++;
    } else if (
      JSON.stringify([a.name, a.attributes, a.entitlementIds, a.disabled]) !==
      JSON.stringify([fresh.name, fresh.attributes, fresh.entitlementIds, fresh.disabled])
    ) {
      Object.assign(a, fresh, { modified: now });
      counts.updated++;
    }
    if (!a.identityId) {
      const email = u.email.toLowerCase();
      const identity = isc.identities.find((i) => i.email.toLowerCase() === email);
      if (identity) {
        Object.assign(a, { identityId: identity.id, uncorrelated: false, modified: now });
        counts.correlated++;
      }
    }
  }
  const live = new Set(users.map((u) => u.accountId));
  const before = isc.accounts.length;
  isc.accounts = isc.accounts.filter((a) => a.sourceId !== isc.sourceId || live.has(a.nativeIdentity));
  counts.deleted = before - isc.accounts.length;
  return counts;
}
