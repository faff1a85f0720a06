// Account drift, reported on the OwnershipSplit: ISC's create racing SCIM's, accounts made by the wrong lane, invited
// accounts SCIM cannot link and people with two accounts. Pure, over the org snapshot.
import { ACTIONS } from "./audit-actions";
import { byActor, causeFrom, laneOfActor } from "./attribution";
import { makeFinding, type Finding } from "./findings";
import type { Split } from "./split";
import type { SnapshotView, SnapUser } from "./snapshot";

const CONFLICT_EMAIL = /(?:email|address)\s+([^\s@]+@[^\s@]+?)(?=[\s.,;:)]*(?:\s|$))/i;

/** A failed ISC CREATE (409: SCIM made the account first) whose account ISC has not correlated or whose access is pending. */
export function iscCreateRace(view: SnapshotView, split: Split): Finding[] {
  const isc = view.snap.isc;
  if (!isc) return [];
  const out: Finding[] = [];
  for (const act of isc.activities) {
    const create = act.items.find((i) => i.operation === "CREATE" && (i.sourceId ?? isc.sourceId) === isc.sourceId);
    if (!create || act.completionStatus !== "FAILURE") continue;
    const text = act.errors.join(" ");
    if (!/409|already exists/i.test(text)) continue;
    const email = CONFLICT_EMAIL.exec(text)?.[1]?.toLowerCase();
    const account = email
      ? view.usersByEmail.get(email)
      : view.snap.users.find((u) => u.name && u.name === act.targetName);
    if (!account) continue;
    const correlated = isc.accounts.some(
      (a) => a.nativeIdentity === account.accountId && !a.uncorrelated && a.identityId,
    );
    const pending = act.items.filter((i) => i.operation === "ADD" && i.provisioningStatus !== "FINISHED");
    if (correlated && pending.length === 0) continue;
    const made = view.index.latest(`account:${account.accountId}`, [
      ...ACTIONS.accountProvisioned,
      ...ACTIONS.accountInvited,
    ]);
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
export function wrongAccountCreator(view: SnapshotView, split: Split): Finding[] {
  const out: Finding[] = [];
  for (const e of [...ACTIONS.accountProvisioned, ...ACTIONS.accountInvited].flatMap((a) =>
    view.index.all(`action:${a}`),
  )) {
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
const inviteCause = (view: SnapshotView, accountId: string) =>
  causeFrom(view.index.latest(`account:${accountId}`, ACTIONS.accountInvited), view.lanes);

/** Invited accounts the IdP cannot link: same email but unlinked, or the same person under another email. */
export function unlinkedAndDuplicates(view: SnapshotView): Finding[] {
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
        `${account.email} was invited by ${byActor(cause.actor)} and the IdP pushes the same person (SCIM user ${su.userName}), but the SCIM record is not linked to the account: the groups the IdP pushes for this person do not sync.`,
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
        `"${u.name}" has two accounts: ${u.email} (invited by ${byActor(cause.actor)}, not linked to the IdP) and ${twin.email} (synced from the IdP); the emails differ, so SCIM made a second account.`,
        `Move what ${u.email} has to ${twin.email} and remove ${u.email}, or change the IdP's email to ${u.email} so SCIM links it.`,
        { ...cause, evidence: [...cause.evidence, `account:${u.accountId}`, `account:${twin.accountId}`] },
      ),
    );
  }
  return out;
}
