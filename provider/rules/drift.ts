// Drift rules: pure functions over one org snapshot (Atlassian, SCIM's view, ISC's record, audit events) that say what
// is outside its lane, who caused it and how to fix it. No I/O: lifecycle/snapshot.ts gathers the snapshot.
//
// Every finding is about the org as it is now; audit events and ISC activities only name the cause. So a finding
// disappears when the state is repaired (by `pulumi up` for code's lane, by the owning lane otherwise), not when time
// passes, and "who did it" is the newest event about the same object.
import { actorOf, causeFrom, EventIndex, laneOfActor, type ActorLanes, type AuditEntry } from "./attribution";
import { makeFinding, sortFindings, type Finding } from "./findings";
import { lanesFor, type Owner } from "./ownership";
import { claimsOf, splitFindings, type Split } from "./split";

export interface SnapGroup {
  id: string;
  name: string;
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
}

/** A group role assignment: app access of a group to one product on one site. */
export interface SnapRole {
  groupId: string;
  resourceId: string;
  role: string;
}

export interface ScimView {
  users: { id: string; userName: string; email: string; displayName?: string; active: boolean; accountId?: string }[];
  groups: { id: string; displayName: string }[];
}

export interface IscView {
  sourceId: string;
  accounts: { id: string; nativeIdentity: string; name?: string; identityId?: string; uncorrelated: boolean; groups: string[] }[];
  activities: {
    id: string;
    created?: string;
    completionStatus?: string;
    targetName?: string;
    errors: string[];
    items: { operation?: string; provisioningStatus?: string; value?: string; nativeIdentity?: string; sourceId?: string; requestedName?: string }[];
  }[];
}

export interface OrgSnapshot {
  takenAt: string;
  groups: SnapGroup[];
  users: SnapUser[];
  /** Absent when not read; rules that need it fall back to events alone. */
  roles?: SnapRole[];
  workspaces: { id: string; host: string; product: string }[];
  scim?: ScimView;
  isc?: IscView;
  events: AuditEntry[];
}

/** Derived lookups shared by the rules. */
export class SnapshotView {
  readonly index: EventIndex;
  readonly usersById = new Map<string, SnapUser>();
  readonly usersByEmail = new Map<string, SnapUser>();
  readonly groupsById = new Map<string, SnapGroup>();
  readonly groupsByName = new Map<string, SnapGroup>();

  constructor(readonly snap: OrgSnapshot, readonly lanes: ActorLanes = {}) {
    this.index = new EventIndex(snap.events);
    for (const u of snap.users) {
      this.usersById.set(u.accountId, u);
      if (u.email) this.usersByEmail.set(u.email.toLowerCase(), u);
    }
    for (const g of snap.groups) {
      this.groupsById.set(g.id, g);
      this.groupsByName.set(g.name.toLowerCase(), g);
    }
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
    return this.snap.roles.some((r) => r.groupId === groupId && r.resourceId === resourceId && r.role === role);
  }

  actor(e: AuditEntry | undefined): string {
    return e ? actorOf(e, this.lanes) : "unknown";
  }
}

const ADD = ["user_added_to_group"];
const REMOVE = ["user_removed_from_group"];
const MEMBER_EVENTS = [...ADD, ...REMOVE];
const ROLE_EVENTS = ["group_role_assigned", "group_role_revoked"];

const by = (actor: string) =>
  actor === "unknown" ? "an unknown actor (no audit event in the window, or an API token atlassian-access:actorLanes does not map)" : actor;

// ---------------------------------------------------------------------------------------------------------------
// Per-group rules (reported on the Group resource)
// ---------------------------------------------------------------------------------------------------------------

export interface DeclaredGroup {
  id: string;
  name: string;
  owner: Owner;
  /** Code's authoritative member emails (owner pulumi with `members`); undefined when code does not own the list. */
  members?: string[];
}

/** Membership of a code-owned group changed by anyone but code; of an ISC-owned group, outside ISC. */
export function groupFindings(view: SnapshotView, g: DeclaredGroup): Finding[] {
  const observed = view.snap.users.filter((u) => u.groups.includes(g.id));
  const observedEmails = new Map(observed.map((u) => [u.email.toLowerCase(), u]));
  const out: Finding[] = [];
  if (g.owner === "pulumi" && g.members) {
    const declared = new Set(g.members.map((m) => m.toLowerCase()));
    for (const [email, u] of observedEmails) {
      if (declared.has(email)) continue;
      const e = view.index.latest(`member:${g.id}/${u.accountId}`, ADD);
      const cause = causeFrom(e, view.lanes);
      if (cause.actor === "pulumi") continue; // code added it and a later change removed it from code: a plain diff
      out.push(
        makeFinding(
          "code-group-member-added",
          `${g.name}/${email}`,
          "pulumi",
          `${email} was added to code-owned group "${g.name}" by ${by(cause.actor)}; code's members list does not have it.`,
          `\`pulumi up\` removes it; to keep it, add "${email}" to the Group's members.`,
          cause,
        ),
      );
    }
    for (const email of declared) {
      if (observedEmails.has(email)) continue;
      const u = view.usersByEmail.get(email);
      const e = u ? view.index.latest(`member:${g.id}/${u.accountId}`, REMOVE) : undefined;
      const cause = causeFrom(e, view.lanes);
      out.push(
        makeFinding(
          "code-group-member-removed",
          `${g.name}/${email}`,
          "pulumi",
          `${email} was removed from code-owned group "${g.name}" by ${by(cause.actor)}; code's members list has it.`,
          `\`pulumi up\` adds it back; to drop it, remove "${email}" from the Group's members.`,
          cause,
        ),
      );
    }
  }
  if (g.owner === "isc" && view.snap.isc) out.push(...iscGroupFindings(view, g, observedEmails));
  return sortFindings(out);
}

function iscGroupFindings(view: SnapshotView, g: DeclaredGroup, observed: Map<string, SnapUser>): Finding[] {
  const isc = view.snap.isc!;
  // ISC's record: accounts whose last aggregation (or its own provisioning) holds the group's entitlement.
  const holders = new Map<string, (typeof isc.accounts)[number]>();
  for (const a of isc.accounts) if (a.groups.includes(g.id)) holders.set(view.emailOf(a.nativeIdentity, a.name ?? undefined).toLowerCase(), a);
  const out: Finding[] = [];
  for (const [email, u] of observed) {
    if (holders.has(email)) continue;
    const e = view.index.latest(`member:${g.id}/${u.accountId}`, ADD);
    const cause = causeFrom(e, view.lanes);
    if (cause.actor === "isc") continue; // ISC granted it; its account record catches up at the next aggregation
    out.push(
      makeFinding(
        "isc-group-member-added",
        `${g.name}/${email}`,
        "isc",
        `${email} is in ISC-owned group "${g.name}" but ISC granted no such entitlement; added by ${by(cause.actor)}.`,
        `Remove ${email} from "${g.name}" in Atlassian and request the access in ISC instead (ISC's next aggregation would otherwise record an ungoverned entitlement).`,
        cause,
      ),
    );
  }
  for (const [email, a] of holders) {
    if (observed.has(email)) continue;
    const u = view.usersByEmail.get(email);
    const e = u ? view.index.latest(`member:${g.id}/${u.accountId}`, REMOVE) : undefined;
    const cause = causeFrom(e, view.lanes);
    if (cause.actor === "isc") continue; // ISC revoked it; its record catches up at the next aggregation
    out.push(
      makeFinding(
        "isc-group-member-removed",
        `${g.name}/${email}`,
        "isc",
        `${email} holds the "${g.name}" entitlement in ISC but is not in the Atlassian group; removed by ${by(cause.actor)}.`,
        `Revoke the entitlement in ISC if the removal was intended; otherwise ISC re-provisions it, or add it back through an ISC access request.`,
        { ...cause, evidence: [...cause.evidence, `isc-account:${a.id}`] },
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// App access (reported on the AppAccess resource when it is gone, and org-wide on the OwnershipSplit)
// ---------------------------------------------------------------------------------------------------------------

/** Why a declared app access is gone: the revoke event, or its synced group deleted in the IdP. */
export function appAccessGoneCause(
  view: SnapshotView,
  a: { groupId: string; groupName: string; resourceId: string; role: string },
): Finding {
  const site = view.siteLabel(a.resourceId);
  const subject = `${a.groupName}@${site}/${a.role}`;
  const deleted = view.index.latest(`group:${a.groupId}`, ["group_deleted"]);
  if (deleted) {
    const cause = causeFrom(deleted, view.lanes);
    return makeFinding(
      "app-access-lost-with-group",
      subject,
      "pulumi",
      `Group "${a.groupName}" was deleted by ${by(cause.actor)}, and with it the ${a.role} access it granted on ${site}.`,
      cause.actor === "scim"
        ? `Re-creating a synced group does not restore access: once the IdP pushes "${a.groupName}" again, \`pulumi up\` re-grants it.`
        : `\`pulumi up\` re-creates the group (if code owns it) and re-grants the access.`,
      cause,
    );
  }
  const revoked = view.index.latest(`role:${a.groupId}/${a.resourceId}/${a.role}`, ["group_role_revoked"]);
  const cause = causeFrom(revoked, view.lanes);
  return makeFinding(
    "app-access-revoked-outside-code",
    subject,
    "pulumi",
    `The ${a.role} access of "${a.groupName}" on ${site} was revoked by ${by(cause.actor)}; code declares it.`,
    `\`pulumi up\` grants it again; to drop it, remove the AppAccess from code.`,
    cause,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Org-wide rules (reported on the OwnershipSplit)
// ---------------------------------------------------------------------------------------------------------------

export interface OrgRuleOptions {
  /** Role assignments code declares (`groupId/resourceId/role`), when the caller knows them. */
  declaredAccess?: Set<string>;
}

/** The lane owning a group: its own synced marker first, then the split's claims. */
export function laneOfGroup(split: Pick<Split, "scim" | "isc" | "pulumi">, g: { name: string; synced?: boolean }): Owner | undefined {
  if (g.synced) return "scim";
  const lanes = lanesFor(claimsOf(split), g.name);
  return lanes.length === 1 ? lanes[0] : undefined;
}

/** Every org-wide finding: the split's own, then drift with causes. Sorted by id; one finding per id. */
export function orgFindings(view: SnapshotView, split: Split, opts: OrgRuleOptions = {}): Finding[] {
  const all = [
    ...splitFindingsWithConflicts(view, split),
    ...iscCreateRace(view, split),
    ...wrongAccountCreator(view, split),
    ...unlinkedAndDuplicates(view),
    ...appAccessOutsideCode(view, opts),
    ...accessLostWithGroups(view),
    ...crossLaneWrites(view, split),
  ];
  const seen = new Set<string>();
  return sortFindings(all.filter((f) => !seen.has(f.id) && seen.add(f.id)));
}

/** The split's findings, with the IdP's name conflicts named as such (a local group blocking the IdP's group). */
function splitFindingsWithConflicts(view: SnapshotView, split: Split): Finding[] {
  const scimNames = new Map((view.snap.scim?.groups ?? []).map((g) => [g.displayName.toLowerCase(), g]));
  const conflicts: Finding[] = [];
  for (const g of view.snap.groups) {
    const sg = scimNames.get(g.name.toLowerCase());
    if (g.synced || !sg) continue;
    const e = view.index.latest(`group:${g.id}`, ["group_sync_conflict"]);
    const cause = causeFrom(e, view.lanes);
    conflicts.push(
      makeFinding(
        "group-name-conflict",
        g.name,
        "scim",
        `The IdP pushes group "${sg.displayName}" but a local group of that name exists: Atlassian holds the sync until an admin accepts or rejects it, so its membership does not sync.`,
        `In Atlassian admin, accept the sync (the local group becomes the IdP's) or reject it and rename the local group; then claim "${g.name}" in exactly one lane.`,
        { actor: cause.actor === "unknown" ? "scim" : cause.actor, at: cause.at, evidence: [...cause.evidence, `scim-group:${sg.id}`] },
      ),
    );
  }
  const conflicted = new Set(conflicts.map((f) => f.subject.toLowerCase()));
  const base = splitFindings(
    split,
    view.snap.groups.map((g) => ({ id: g.id, name: g.name, externalSynced: g.synced })),
  )
    .filter((f) => !(f.kind === "local-group-in-scim-lane" && conflicted.has(f.subject.toLowerCase())))
    .map((f) => {
      // Who made the group is the best cause a split finding has (e.g. SCIM pushing a group no lane claims).
      const g = view.groupsByName.get(f.subject.toLowerCase());
      const made = g ? view.index.latest(`group:${g.id}`, ["group_created"]) : undefined;
      return made ? { ...f, ...causeFrom(made, view.lanes) } : f;
    });
  return [...base, ...conflicts];
}

const CONFLICT_EMAIL = /(?:email|address)\s+([^\s@]+@[^\s@]+?)(?=[\s.,;:)]*(?:\s|$))/i;

/** A failed ISC CREATE (409: SCIM made the account first) whose account ISC has not correlated or whose access is pending. */
function iscCreateRace(view: SnapshotView, split: Split): Finding[] {
  const isc = view.snap.isc;
  if (!isc) return [];
  const out: Finding[] = [];
  for (const act of isc.activities) {
    const create = act.items.find((i) => i.operation === "CREATE" && (i.sourceId ?? isc.sourceId) === isc.sourceId);
    if (!create || act.completionStatus !== "FAILURE") continue;
    const text = act.errors.join(" ");
    if (!/409|already exists/i.test(text)) continue;
    const email = CONFLICT_EMAIL.exec(text)?.[1]?.toLowerCase();
    const account = email ? view.usersByEmail.get(email) : view.snap.users.find((u) => u.name && u.name === act.targetName);
    if (!account) continue;
    const correlated = isc.accounts.some((a) => a.nativeIdentity === account.accountId && !a.uncorrelated && a.identityId);
    const pending = act.items.filter((i) => i.operation === "ADD" && i.provisioningStatus !== "FINISHED");
    if (correlated && pending.length === 0) continue;
    const made = view.index.latest(`account:${account.accountId}`, ["user_provisioned", "user_invited"]);
    const maker = view.actor(made);
    const wanted = pending.map((i) => i.requestedName ?? i.value).filter(Boolean);
    out.push(
      makeFinding(
        "isc-create-race",
        account.email.toLowerCase(),
        split.accountCreator,
        `ISC tried to create ${account.email} but ${maker === "unknown" ? "the account" : maker + " had already created it"}; Atlassian answered 409, the request failed${correlated ? "" : " and ISC has not correlated the account"}${wanted.length ? `; pending: ${wanted.join(", ")}` : ""}.`,
        `Run an aggregation of ISC's Atlassian source (it correlates the account and applies the pending access); to stop the race, let only ${split.accountCreator} create accounts (turn off account creation on ISC's source or request access by entitlement only).`,
        { actor: "isc", at: act.created, evidence: [`isc-activity:${act.id}`, ...(made ? [`event:${made.id}`] : [])] },
      ),
    );
  }
  return out;
}

/** Accounts created by a provisioning lane other than accountCreator (hand invites are people, not lanes). */
function wrongAccountCreator(view: SnapshotView, split: Split): Finding[] {
  const out: Finding[] = [];
  for (const e of [...view.index.all("action:user_provisioned"), ...view.index.all("action:user_invited")]) {
    if (!e.accountId || !view.usersById.has(e.accountId)) continue;
    const actor = view.actor(e);
    const lane = laneOfActor(actor);
    if (!lane || lane === split.accountCreator) continue;
    const email = view.emailOf(e.accountId, e.email).toLowerCase();
    out.push(
      makeFinding(
        "account-created-by-wrong-lane",
        email,
        split.accountCreator,
        `Account ${email} was created by ${actor}, but the split makes ${split.accountCreator} the only account creator.`,
        `Let ${split.accountCreator} own account creation: turn off account creation in ${actor === "isc" ? "ISC's Atlassian source" : actor}, and make sure ${split.accountCreator} covers ${email}.`,
        causeFrom(e, view.lanes),
      ),
    );
  }
  return out;
}

const normName = (n: string | undefined) => (n ?? "").trim().toLowerCase().replace(/\s+/g, " ");

/** Who invited an account, from its newest invite event. */
const inviteCause = (view: SnapshotView, accountId: string) => causeFrom(view.index.latest(`account:${accountId}`, ["user_invited"]), view.lanes);

/** Invited accounts the IdP cannot link: same email but unlinked, or the same person under another email. */
function unlinkedAndDuplicates(view: SnapshotView): Finding[] {
  const scim = view.snap.scim;
  if (!scim) return [];
  const out: Finding[] = [];
  const linked = new Set(scim.users.map((u) => u.accountId).filter(Boolean));
  for (const su of scim.users) {
    if (su.accountId || !su.active) continue;
    const account = view.usersByEmail.get(su.email.toLowerCase());
    if (!account || linked.has(account.accountId)) continue;
    const cause = inviteCause(view, account.accountId);
    out.push(
      makeFinding(
        "invited-unlinked",
        account.email.toLowerCase(),
        "scim",
        `${account.email} was invited by ${by(cause.actor)} and the IdP pushes the same person (SCIM user ${su.userName}), but the SCIM record is not linked to the account: the groups the IdP pushes for this person do not sync.`,
        `Fix the link: verify the email's domain (only managed accounts link), or remove the invited account's SCIM link by email and let the IdP push the user again.`,
        { ...cause, evidence: [...cause.evidence, `scim-user:${su.id}`, `account:${account.accountId}`] },
      ),
    );
  }
  const syncedByName = new Map<string, SnapUser[]>(); // by normalised name: one lookup per account, not a scan
  for (const s of view.snap.users) {
    if (s.managementSource !== "synced") continue;
    const list = syncedByName.get(normName(s.name));
    if (list) list.push(s);
    else syncedByName.set(normName(s.name), [s]);
  }
  for (const u of view.snap.users) {
    if (u.managementSource === "synced" || linked.has(u.accountId) || !u.name || u.accountStatus === "closed") continue;
    const twin = syncedByName.get(normName(u.name))?.find((s) => s.email.toLowerCase() !== u.email.toLowerCase());
    if (!twin) continue;
    const cause = inviteCause(view, u.accountId);
    out.push(
      makeFinding(
        "duplicate-person",
        u.email.toLowerCase(),
        "scim",
        `"${u.name}" has two accounts: ${u.email} (invited by ${by(cause.actor)}, not linked to the IdP) and ${twin.email} (synced from the IdP); the emails differ, so SCIM made a second account.`,
        `Move what ${u.email} has to ${twin.email} and remove ${u.email}, or change the IdP's email to ${u.email} so SCIM links it.`,
        { ...cause, evidence: [...cause.evidence, `account:${u.accountId}`, `account:${twin.accountId}`] },
      ),
    );
  }
  return out;
}

/** Role assignments whose newest change came from outside code, and which still stand. */
function appAccessOutsideCode(view: SnapshotView, opts: OrgRuleOptions): Finding[] {
  const out: Finding[] = [];
  const done = new Set<string>();
  for (const action of ROLE_EVENTS) {
    for (const e of view.index.all(`action:${action}`)) {
      if (!e.groupId || !e.resourceId || !e.role) continue;
      const key = `${e.groupId}/${e.resourceId}/${e.role}`;
      if (done.has(key)) continue;
      done.add(key);
      const latest = view.index.latest(`role:${key}`, ROLE_EVENTS);
      if (!latest) continue;
      const actor = view.actor(latest);
      // Code's own change is no drift; another lane's credential is reported as a cross-lane write.
      if (actor === "pulumi" || laneOfActor(actor)) continue;
      const granted = latest.action === "group_role_assigned";
      const live = view.hasRole(e.groupId, e.resourceId, e.role);
      if (live !== undefined && live !== granted) continue; // already undone
      if (granted && opts.declaredAccess?.has(key)) continue;
      if (!granted && !view.groupsById.has(e.groupId)) continue; // the group is gone: app-access-lost-with-group says why
      const groupName = view.groupsById.get(e.groupId)?.name ?? e.groupName ?? e.groupId;
      const site = view.siteLabel(e.resourceId, e.host, e.product);
      const cause = causeFrom(latest, view.lanes);
      out.push(
        makeFinding(
          granted ? "app-access-granted-outside-code" : "app-access-revoked-outside-code",
          `${groupName}@${site}/${e.role}`,
          "pulumi",
          `${by(actor)} ${granted ? "granted" : "revoked"} ${e.role} on ${site} ${granted ? "to" : "from"} "${groupName}" outside code; app access is code's lane.`,
          granted
            ? `Declare it as an access.AppAccess (then \`pulumi up\` owns it) or revoke it in Atlassian admin.`
            : `If code declares it, \`pulumi up\` grants it again; otherwise re-grant it in code as an access.AppAccess.`,
          cause,
        ),
      );
    }
  }
  return out;
}

/** App access a deleted group granted (its newest role event was a grant), while no group of that name has it back. */
function accessLostWithGroups(view: SnapshotView): Finding[] {
  const out: Finding[] = [];
  for (const del of view.index.all("action:group_deleted")) {
    if (!del.groupId || view.groupsById.has(del.groupId)) continue;
    const name = del.groupName ?? del.groupId;
    const back = view.groupsByName.get(name.toLowerCase());
    const granted = new Map<string, AuditEntry>();
    for (const e of view.index.all(`group:${del.groupId}`)) {
      if (!ROLE_EVENTS.includes(e.action) || !e.resourceId || !e.role) continue;
      const key = `${e.resourceId}/${e.role}`;
      if (!granted.has(key)) granted.set(key, e); // newest first: the first seen is the latest
    }
    for (const e of granted.values()) {
      if (e.action !== "group_role_assigned") continue;
      if (back && view.hasRole(back.id, e.resourceId!, e.role!)) continue; // re-granted to the group pushed again
      const site = view.siteLabel(e.resourceId!, e.host, e.product);
      const cause = causeFrom(del, view.lanes);
      // Who made the grant decides who can restore it: code re-grants its own; a grant made by hand is not in code.
      const grantor = view.actor(e);
      const byCode = grantor === "pulumi";
      const fix = !byCode
        ? `This access was granted outside code (by ${by(grantor)}), so \`pulumi up\` will not restore it: declare it as an access.AppAccess, re-grant it by hand, or accept this finding if the loss is intended.`
        : cause.actor === "scim"
          ? `Re-creating a synced group does not restore access: ${back ? "run `pulumi up` to re-grant what code declares" : `once the IdP pushes "${name}" again, \`pulumi up\` re-grants what code declares`}.`
          : `\`pulumi up\` re-creates what code owns and re-grants the access it declares.`;
      out.push(
        makeFinding(
          "app-access-lost-with-group",
          `${name}@${site}/${e.role}`,
          "pulumi",
          `Group "${name}" was deleted by ${by(cause.actor)}, and with it the ${e.role} access it granted on ${site}${back ? "; the group is back but the access is not" : ""}.`,
          fix,
          { ...cause, evidence: [...cause.evidence, `event:${e.id}`] },
        ),
      );
    }
  }
  return out;
}

/** A lane's credential changing an object of another lane (membership, app access, groups), still in effect. */
function crossLaneWrites(view: SnapshotView, split: Split): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of view.snap.events) {
    const actor = view.actor(e);
    const actorLane = laneOfActor(actor);
    if (!actorLane) continue;
    let subject: string | undefined;
    let objectLane: Owner | undefined;
    let what = "";
    const group = e.groupId ? (view.groupsById.get(e.groupId) ?? { id: e.groupId, name: e.groupName ?? e.groupId, synced: false }) : undefined;
    if (MEMBER_EVENTS.includes(e.action) && group && e.accountId) {
      if (view.index.latest(`member:${group.id}/${e.accountId}`, MEMBER_EVENTS)?.id !== e.id) continue;
      objectLane = laneOfGroup(split, group);
      const email = view.emailOf(e.accountId, e.email).toLowerCase();
      const add = e.action === "user_added_to_group";
      subject = `${group.name}/${add ? "+" : "-"}${email}`;
      what = `${add ? "added" : "removed"} ${email} ${add ? "to" : "from"} group "${group.name}"`;
    } else if (ROLE_EVENTS.includes(e.action) && group && e.resourceId) {
      if (view.index.latest(`role:${group.id}/${e.resourceId}/${e.role ?? ""}`, ROLE_EVENTS)?.id !== e.id) continue;
      objectLane = "pulumi"; // app access is set by code only (SCIM never sets it; ISC grants groups, not roles)
      const site = view.siteLabel(e.resourceId, e.host, e.product);
      subject = `${group.name}@${site}/${e.role ?? "?"}`;
      what = `${e.action === "group_role_assigned" ? "granted" : "revoked"} ${e.role} on ${site} for "${group.name}"`;
    } else if ((e.action === "group_created" || e.action === "group_deleted") && group) {
      objectLane = laneOfGroup(split, group);
      subject = `${group.name}/${e.action === "group_created" ? "created" : "deleted"}`;
      what = `${e.action === "group_created" ? "created" : "deleted"} group "${group.name}"`;
      if (e.action === "group_deleted" && view.groupsByName.has(group.name.toLowerCase())) continue; // it is back
      if (e.action === "group_created" && !view.groupsById.has(group.id)) continue; // gone again
    }
    if (!subject || !objectLane || objectLane === actorLane) continue;
    const f = makeFinding(
      "cross-lane-write",
      subject,
      objectLane,
      `${actor}'s credential ${what}, which is the ${objectLane} lane's.`,
      `Undo it through the ${objectLane} lane (${objectLane === "pulumi" ? "`pulumi up` for code-owned objects" : objectLane === "isc" ? "an ISC access request or revoke" : "the identity provider"}), and narrow ${actor}'s credential to its own lane.`,
      causeFrom(e, view.lanes),
    );
    if (!seen.has(f.id)) {
      seen.add(f.id);
      out.push(f);
    }
  }
  return out;
}

/** Kinds any rule here can produce (acceptedFindings is validated against them). */
export const DRIFT_FINDING_KINDS = [
  "code-group-member-added",
  "code-group-member-removed",
  "isc-group-member-added",
  "isc-group-member-removed",
  "app-access-lost-with-group",
  "app-access-revoked-outside-code",
  "app-access-granted-outside-code",
  "group-name-conflict",
  "isc-create-race",
  "account-created-by-wrong-lane",
  "invited-unlinked",
  "duplicate-person",
  "cross-lane-write",
] as const;

export type { AuditEntry };
export { actorOf };
