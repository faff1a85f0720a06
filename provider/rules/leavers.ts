// Accounts whose person left, and accounts no lane manages (issue #24 item 3): pure, over the snapshot's users, usage
// part (group product roles, roles held directly), SCIM's and ISC's records and the audit window. One decision each
// (`leavers`, `orphans`): the OwnershipSplit reports them as findings naming every path that grants the access and
// when the account was last active; the `access` command's leaver and orphan views list the same people.
import { ACTIONS } from "./audit-actions";
import { causeFrom, type AuditEntry } from "./attribution";
import { laneOfGroup, type AccessLane } from "./access-review";
import { makeFinding, type Finding } from "./findings";
import type { SnapshotView, SnapUser } from "./snapshot";
import type { Split } from "./split";

/** The split's lanes: which groups code, the IdP and ISC claim. */
type Lanes = Pick<Split, "scim" | "isc" | "pulumi">;
import { groupGrants, removal, type GrantingGroup } from "./usage";

/** What an account holds, product by product, and through what. */
export interface AccountAccess {
  products: { site: string; groups: GrantingGroup[]; direct: string[] }[];
  /** The newest last-active time over its products, and where. */
  lastActive?: { at: string; site: string };
}

/** Every site's product the account holds (product access, a granting group or a direct role), with its paths. */
export function accountAccess(view: SnapshotView, split: Lanes, u: SnapUser): AccountAccess {
  const granting = groupGrants(view, split);
  const sites = new Map(view.snap.workspaces.map((w) => [w.id, `${w.host}/${w.product}`]));
  const roles = new Map<string, { groupId: string; resourceId: string }[]>();
  for (const r of view.snap.usage?.groupRoles ?? []) roles.set(r.groupId, [...(roles.get(r.groupId) ?? []), r]);
  const direct = (view.snap.usage?.directGrants ?? []).filter((d) => d.accountId === u.accountId);
  const resources = new Set([
    ...(u.productAccess ?? []).map((p) => p.resourceId),
    ...u.groups.flatMap((g) => (roles.get(g) ?? []).map((r) => r.resourceId)),
    ...direct.map((d) => d.resourceId),
  ]);
  const products = [...resources]
    .filter((r) => sites.has(r))
    .map((r) => ({
      site: sites.get(r)!,
      groups: granting(u, r),
      direct: direct.filter((d) => d.resourceId === r).map((d) => d.role),
    }))
    .sort((a, b) => a.site.localeCompare(b.site));
  let lastActive: AccountAccess["lastActive"];
  for (const p of u.productAccess ?? [])
    if (p.lastActive && sites.has(p.resourceId) && (!lastActive || p.lastActive > lastActive.at))
      lastActive = { at: p.lastActive, site: sites.get(p.resourceId)! };
  return { products, lastActive };
}

/** `site through "g" (lane) and directly (role)` per product, joined. */
function pathsText(a: AccountAccess): string {
  return a.products
    .map((p) => {
      const via = [
        ...p.groups.map((g) => `through "${g.name}" (${g.lane} lane)`),
        ...(p.direct.length ? [`directly (${p.direct.join(", ")})`] : []),
      ];
      return `${p.site} ${via.length ? via.join(" and ") : "(product access no group or direct role read explains)"}`;
    })
    .join(", ");
}

const lastActiveText = (a: AccountAccess) =>
  a.lastActive ? ` Last active ${a.lastActive.at.slice(0, 10)} on ${a.lastActive.site}.` : " Never active on them.";

/** The lane that takes the access away: the one lane of every path (pulumi for a direct role), else none. */
function laneOf(a: AccountAccess): AccessLane {
  const lanes = new Set<AccessLane>(
    a.products.flatMap((p) => [...p.groups.map((g) => g.lane), ...(p.direct.length ? ["pulumi" as const] : [])]),
  );
  return lanes.size === 1 ? [...lanes][0] : "none";
}

/** How each path's owner removes it, deduplicated. */
function steps(email: string, a: AccountAccess): string[] {
  const out = new Set<string>();
  for (const p of a.products) {
    for (const g of p.groups) out.add(removal(email, g));
    if (p.direct.length) out.add("revoke the roles given directly in Atlassian admin (the user's product access)");
  }
  return [...out];
}

const isActive = (u: SnapUser) => !u.accountStatus || u.accountStatus === "active";
const holds = (a: AccountAccess) => a.products.length > 0;

const newest = (events: (AuditEntry | undefined)[]): AuditEntry | undefined =>
  events.filter((e): e is AuditEntry => !!e).sort((x, y) => (x.time < y.time ? 1 : x.time > y.time ? -1 : 0))[0];

interface Leave {
  why: string;
  cause: { actor: string; at?: string; evidence: string[] };
}

const deactivations = new WeakMap<SnapshotView, Map<string, AuditEntry[]>>();

/** The window's account deactivations by the email they name (lower case), once per view. */
function deactivationsByEmail(view: SnapshotView): Map<string, AuditEntry[]> {
  let byEmail = deactivations.get(view);
  if (!byEmail) {
    byEmail = new Map();
    for (const e of ACTIONS.accountDeactivated.flatMap((a) => view.index.all(`action:${a}`))) {
      const email = e.email?.toLowerCase();
      if (email === undefined) continue;
      const list = byEmail.get(email);
      if (list) list.push(e);
      else byEmail.set(email, [e]);
    }
    deactivations.set(view, byEmail);
  }
  return byEmail;
}

/** Why an active account's person counts as gone, from SCIM's record, the audit log or ISC's record; undefined if not. */
function leaveOf(view: SnapshotView, u: SnapUser): Leave | undefined {
  const scim = view.snap.scim;
  const email = u.email.toLowerCase();
  if (scim) {
    const linked = view.activeScim().accounts.has(u.accountId);
    const deactivated = view.index.latest(`account:${u.accountId}`, ACTIONS.accountDeactivated);
    if (u.managementSource === "synced" && !linked) {
      const reactivated = view.index.latest(`account:${u.accountId}`, ACTIONS.accountReactivated);
      const cause = deactivated ? causeFrom(deactivated, view.lanes) : { actor: "scim", evidence: [] };
      const back = reactivated ? causeFrom(reactivated, view.lanes) : undefined;
      return {
        why:
          `the IdP deactivated or deleted its SCIM record: the account is IdP-managed, but no active SCIM record links it` +
          (deactivated ? ` (deactivated by ${cause.actor} at ${deactivated.time})` : "") +
          (back ? `, and ${back.actor} reactivated the account at ${reactivated!.time}` : ""),
        cause: { ...cause, evidence: [...cause.evidence, ...(back?.evidence ?? [])] },
      };
    }
    // An invited account SCIM never linked: the IdP's deactivation of the same email never reached it.
    const pushed = view.activeScim().emails.has(email);
    const gone = (deactivationsByEmail(view).get(email) ?? []).filter((e) => e.accountId !== u.accountId);
    const e = newest(gone);
    if (e && !pushed && !linked) {
      const cause = causeFrom(e, view.lanes);
      return {
        why: `the IdP deactivated SCIM user ${email} at ${e.time}, but that record was never linked to this invited account, so the deactivation did not reach it`,
        cause: { ...cause, evidence: [...cause.evidence, ...(e.accountId ? [`scim-user:${e.accountId}`] : [])] },
      };
    }
  }
  const isc = view.disabledIscAccount(u.accountId);
  if (isc)
    return {
      why: `ISC disabled its account${isc.name ? ` ${isc.name}` : ""}${isc.modified ? ` (as of ${isc.modified})` : ""}, but the Atlassian account was not deactivated`,
      cause: { actor: "isc", ...(isc.modified ? { at: isc.modified } : {}), evidence: [`isc-account:${isc.id}`] },
    };
  return undefined;
}

/** A person the IdP or ISC says left whose active account still holds product access. */
export interface Leaver {
  user: SnapUser;
  /** Why they count as gone, as a clause ("ISC disabled its account ..."). */
  why: string;
  cause: Leave["cause"];
  access: AccountAccess;
}

/** The decision: active accounts holding product access whose person the IdP or ISC says left. */
export function leavers(view: SnapshotView, split: Lanes): Leaver[] {
  const out: Leaver[] = [];
  for (const u of view.snap.users) {
    if (!isActive(u) || !u.email) continue;
    const leave = leaveOf(view, u);
    if (!leave) continue;
    const access = accountAccess(view, split, u);
    if (holds(access)) out.push({ user: u, why: leave.why, cause: leave.cause, access });
  }
  return out;
}

/** The leavers as the split's `leaver-with-access` findings. */
export function leaversWithAccess(view: SnapshotView, split: Lanes): Finding[] {
  return leavers(view, split).map(({ user: u, why, cause, access: a }) => {
    const email = u.email.toLowerCase();
    const id = `leaver-with-access:${email}`;
    const remove = steps(email, a);
    return makeFinding(
      "leaver-with-access",
      email,
      laneOf(a),
      `${email} left (${why}), yet the account is active and still holds ${pathsText(a)}.${lastActiveText(a)}`,
      `Deactivate ${email} in Atlassian admin (it takes every access at once)${remove.length ? `, or take each access away: ${remove.join("; ")}` : ""}. If they still need it, list "${id}" in acceptedFindings with a reason and an until.`,
      { ...cause, evidence: [...cause.evidence, `account:${u.accountId}`] },
    );
  });
}

/** An active account holding product access that no lane manages. */
export interface Orphan {
  user: SnapUser;
  /** Who invited it, when the audit window tells. */
  invited?: AuditEntry;
  access: AccountAccess;
}

/** Why an orphan counts as one, as the finding and the access view word it. */
export const ORPHAN_WHY =
  "no lane manages the account: not linked to SCIM, not correlated in ISC, in no group a lane claims";

/**
 * The decision: active accounts holding product access that no lane manages: not linked to SCIM (nor pushed by it under
 * the same email), not correlated in ISC, in no group a lane of the split claims. Judged only when SCIM's or ISC's record
 * was read (else nothing tells who manages whom); a leaver is one, not both.
 */
export function orphans(view: SnapshotView, split: Lanes): Orphan[] {
  const { scim, isc } = view.snap;
  if (!scim && !isc) return [];
  // The IdP pushes the same email but cannot link it (`emails`): invited-unlinked says so, and SCIM will own it.
  const { accounts: linked, emails: pushed } = view.activeScim();
  const correlated = new Set(
    (isc?.accounts ?? []).filter((a) => !a.uncorrelated && a.identityId && !a.disabled).map((a) => a.nativeIdentity),
  );
  const out: Orphan[] = [];
  for (const u of view.snap.users) {
    if (!isActive(u) || !u.email || u.managementSource === "synced") continue;
    if (linked.has(u.accountId) || correlated.has(u.accountId) || pushed.has(u.email.toLowerCase())) continue;
    if (leaveOf(view, u)) continue;
    const claimed = u.groups.some((id) => {
      const g = view.groupsById.get(id);
      return g && laneOfGroup({ name: g.name, synced: g.synced }, { split }) !== "none";
    });
    if (claimed) continue;
    const access = accountAccess(view, split, u);
    if (!holds(access)) continue;
    out.push({ user: u, invited: view.index.latest(`account:${u.accountId}`, ACTIONS.accountInvited), access });
  }
  return out;
}

/** The orphans as the split's `orphan-account` findings. */
export function orphanAccounts(view: SnapshotView, split: Lanes): Finding[] {
  return orphans(view, split).map(({ user: u, invited, access: a }) => {
    const email = u.email.toLowerCase();
    const id = `orphan-account:${email}`;
    const cause = causeFrom(invited, view.lanes);
    return makeFinding(
      "orphan-account",
      email,
      "none",
      `${email} is active and holds ${pathsText(a)}, but ${ORPHAN_WHY}.${lastActiveText(a)}`,
      `Give the account an owner: let the identity provider push ${email} (SCIM links it by email), correlate it in ISC, or move its access into a group a lane claims; else deactivate it in Atlassian admin. If it is meant to stand alone, list "${id}" in acceptedFindings with a reason and an until.`,
      { ...cause, evidence: [...cause.evidence, `account:${u.accountId}`] },
    );
  });
}
