// SCIM user records and their Atlassian accounts (link by email, create, update, deactivate), shared by the SCIM routes and the IdP sync.
import type { Actor, ScimUser, Store, User } from "../store";
import { problem } from "../problems";
import { SCIM_ERRORS } from "./errors";
import { VERIFIED_DOMAIN, createUser, findUserByEmail, userContext } from "../org/ops";
import { applyPendingMemberships } from "./group-ops";
import { displayNameOf, primaryEmail, type ScimUserInput } from "./wire";
import { emittedAction } from "../org/audit-shapes";

export {
  applyPendingMemberships,
  createScimGroup,
  deleteScimGroup,
  findScimGroup,
  findScimGroupByName,
  getScimGroup,
  resolveGroupConflict,
  updateScimGroup,
} from "./group-ops";

export function findScimUser(store: Store, id: string): ScimUser | undefined {
  return store.world.scim.users.find((u) => u.id === id);
}

/** A deactivated user answers 404 to every operation (atlassian-api.md §5) unless the caller is reactivating it. */
export function getScimUser(store: Store, id: string, opts: { includeInactive?: boolean } = {}): ScimUser {
  const u = findScimUser(store, id);
  if (!u || (!u.active && !opts.includeInactive)) {
    throw problem(SCIM_ERRORS.notFound, `User ${id} was not found in this directory.`);
  }
  return u;
}

export function findScimUserByExternalId(store: Store, externalId: string): ScimUser | undefined {
  return store.world.scim.users.find((u) => u.externalId === externalId);
}

const userExists = (email: string) =>
  problem(SCIM_ERRORS.uniqueness, `Resource [USER]: with email[${email}] already exists.`);

function validate(input: ScimUserInput): string {
  const email = primaryEmail(input);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw problem(
      SCIM_ERRORS.invalidValue,
      `"${email}" is not an email address: set a primary email or an email userName.`,
    );
  }
  const domain = email.split("@")[1].toLowerCase();
  if (domain !== VERIFIED_DOMAIN) {
    throw problem(
      SCIM_ERRORS.invalidValue,
      `Email ${email} is not on a verified domain of this organization (verified: ${VERIFIED_DOMAIN}).`,
    );
  }
  return email;
}

/** userName and email are unique among the directory's SCIM users, deactivated ones included. */
function assertUnique(store: Store, input: ScimUserInput, selfId?: string): void {
  const email = primaryEmail(input).toLowerCase();
  const userName = input.userName.toLowerCase();
  const clash = store.world.scim.users.find(
    (u) => u.id !== selfId && (u.userName.toLowerCase() === userName || primaryEmail(u).toLowerCase() === email),
  );
  if (clash) throw userExists(primaryEmail(input));
}

/**
 * Links by email to an existing managed account, else creates one (domain.md behaviour 3). An account invited by hand
 * outside the verified domain (unmanaged) cannot be linked: the SCIM record is kept unlinked, and the groups pushed
 * for it wait (behaviour 4). Sandbox choice: how the real service answers here is unverified (atlassian-api.md §8).
 */
function linkAccount(store: Store, actor: Actor, su: ScimUser): User | undefined {
  const email = primaryEmail(su);
  const existing = findUserByEmail(store, email);
  if (!existing) {
    const u = createUser(store, actor, {
      email,
      name: displayNameOf(su),
      managementSource: "synced",
      department: su.department,
      jobTitle: su.title,
    });
    su.accountId = u.accountId;
    return u;
  }
  const holder = store.world.scim.users.find((x) => x.id !== su.id && x.accountId === existing.accountId);
  if (holder) throw userExists(email);
  if (existing.claimStatus !== "managed") return undefined;
  su.accountId = existing.accountId;
  existing.managementSource = "synced";
  store.recordEvent(
    emittedAction("accountLinked", actor),
    actor,
    [userContext(existing)],
    `Linked ${existing.email} to ${actor.name}`,
  );
  return existing;
}

function setAccountActive(store: Store, actor: Actor, u: User, active: boolean): void {
  const status = active ? "active" : "inactive";
  if (u.accountStatus === status || u.accountStatus === "closed") return;
  u.accountStatus = status;
  store.recordEvent(
    emittedAction(active ? "accountReactivated" : "accountDeactivated", actor),
    actor,
    [userContext(u)],
    `${active ? "Reactivated" : "Deactivated"} ${u.email}`,
  );
}

/** The account now mirrors the IdP's profile (the account is IdP-managed once linked). */
function updateAccountProfile(store: Store, actor: Actor, u: User, su: ScimUser): void {
  const next = { email: primaryEmail(su), name: displayNameOf(su), department: su.department, jobTitle: su.title };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => u[k] !== next[k]);
  if (!changed.length) return;
  Object.assign(u, next);
  store.recordEvent(
    emittedAction("accountUpdated", actor),
    actor,
    [userContext(u)],
    `Updated ${changed.join(", ")} of ${u.email}`,
  );
}

function assign(su: ScimUser, input: ScimUserInput): void {
  su.userName = input.userName;
  su.emails = input.emails.length
    ? input.emails.map((e) => ({ ...e }))
    : [{ value: input.userName, type: "work", primary: true }];
  su.active = input.active;
  for (const key of ["externalId", "name", "displayName", "title", "department"] as const) {
    if (input[key] === undefined) delete su[key];
    else (su as unknown as Record<string, unknown>)[key] = structuredClone(input[key]);
  }
}

export function createScimUser(store: Store, actor: Actor, input: ScimUserInput): ScimUser {
  validate(input);
  assertUnique(store, input);
  const now = store.nowIso();
  const su = { id: store.newUuid(), created: now, lastModified: now } as ScimUser;
  assign(su, input);
  const account = linkAccount(store, actor, su);
  store.world.scim.users.push(su);
  if (account) setAccountActive(store, actor, account, su.active);
  return su;
}

/** PUT semantics (unspecified attributes are cleared); PATCH applies its operations to a copy and ends here too. */
export function updateScimUser(store: Store, actor: Actor, su: ScimUser, input: ScimUserInput): ScimUser {
  const email = validate(input);
  assertUnique(store, input, su.id);
  const holder = findUserByEmail(store, email);
  // Field report (atlassian-api.md §8): moving to an address another account holds fails with the 409 seen on create.
  if (holder && su.accountId && holder.accountId !== su.accountId) throw userExists(email);
  const before = structuredClone(su);
  assign(su, input);
  su.lastModified = store.nowIso();
  const account = su.accountId ? store.world.org.users.find((u) => u.accountId === su.accountId) : undefined;
  if (account) {
    updateAccountProfile(store, actor, account, su);
    setAccountActive(store, actor, account, su.active);
  } else if (before.active && !su.active) {
    unlinkedDeactivated(store, actor, su);
  } else if (su.active) {
    // A re-push of an unlinked user links it; only then do its pushed groups sync (domain.md behaviour 4).
    try {
      const linked = linkAccount(store, actor, su);
      if (linked) setAccountActive(store, actor, linked, true);
    } catch (err) {
      for (const key of Object.keys(su)) delete (su as unknown as Record<string, unknown>)[key];
      Object.assign(su, before);
      throw err;
    }
    applyPendingMemberships(store, actor, su);
  }
  return su;
}

/** DELETE /Users/{id}: the same as active=false; the account is deactivated, never deleted. */
export function deactivateScimUser(store: Store, actor: Actor, su: ScimUser): void {
  const was = su.active;
  su.active = false;
  su.lastModified = store.nowIso();
  const account = su.accountId ? store.world.org.users.find((u) => u.accountId === su.accountId) : undefined;
  if (account) setAccountActive(store, actor, account, false);
  else if (was) unlinkedDeactivated(store, actor, su);
}

/**
 * A SCIM record no account is linked to is deactivated: no account changes (an invited account of the same email stays
 * active), and the log records the SCIM act with the record as its user context, the record's id and email (assumed,
 * REALITY.md: no capture shows the event of an unlinked record).
 */
function unlinkedDeactivated(store: Store, actor: Actor, su: ScimUser): void {
  const email = primaryEmail(su);
  store.recordEvent(
    emittedAction("accountDeactivated", actor),
    actor,
    [{ id: su.id, type: "users", attributes: { name: email, email, accountType: "scim" } }],
    `Deactivated SCIM user ${email} (linked to no account)`,
  );
}
