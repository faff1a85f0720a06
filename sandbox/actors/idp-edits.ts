// Edits to the simulated Entra ID directory (users, groups, assignment), validated for the control routes; the next sync pushes them.
import type { IdpGroup, IdpUser, Store } from "../store";

export interface IdpUserInput {
  mail: string;
  givenName?: string;
  surname?: string;
  displayName?: string;
  userPrincipalName?: string;
  department?: string;
  jobTitle?: string;
  accountEnabled?: boolean;
  /** When given, the user's memberships become exactly these IdP groups (by displayName). */
  groups?: string[];
}

export interface IdpGroupInput {
  displayName: string;
  /** When given, the members become exactly these IdP users (by mail). */
  members?: string[];
  /** Assigned to the Atlassian enterprise app, i.e. in sync scope; new groups default to true. */
  assigned?: boolean;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function optionalString(input: Record<string, unknown>, key: string, what: string): string | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new Error(`${what}: ${key} must be a string.`);
  return v;
}

function stringList(v: unknown, what: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new Error(`${what} must be an array of strings.`);
  return v as string[];
}

export function findIdpUserByMail(store: Store, mail: string): IdpUser | undefined {
  const lower = mail.toLowerCase();
  return store.world.idp.users.find((u) => u.mail.toLowerCase() === lower);
}

export function findIdpGroup(store: Store, displayName: string): IdpGroup | undefined {
  const lower = displayName.toLowerCase();
  return store.world.idp.groups.find((g) => g.displayName.toLowerCase() === lower);
}

/** Creates the IdP user, or updates the one with this mail; only the fields given change. */
export function upsertIdpUser(store: Store, input: IdpUserInput): IdpUser {
  const raw = (input ?? {}) as unknown as Record<string, unknown>;
  const mail = raw.mail;
  if (typeof mail !== "string" || !EMAIL.test(mail)) {
    throw new Error(`IdP user: mail must be an email address, got ${JSON.stringify(mail)}.`);
  }
  const what = `IdP user ${mail}`;
  if (raw.accountEnabled !== undefined && typeof raw.accountEnabled !== "boolean") {
    throw new Error(`${what}: accountEnabled must be true or false.`);
  }
  const fields = {
    givenName: optionalString(raw, "givenName", what),
    surname: optionalString(raw, "surname", what),
    displayName: optionalString(raw, "displayName", what),
    userPrincipalName: optionalString(raw, "userPrincipalName", what),
    department: optionalString(raw, "department", what),
    jobTitle: optionalString(raw, "jobTitle", what),
    accountEnabled: raw.accountEnabled,
  };
  const groupNames = stringList(raw.groups, `${what}: groups`);
  const groups = groupNames?.map((name) => {
    const g = findIdpGroup(store, name);
    if (!g) throw new Error(`${what}: IdP group "${name}" does not exist; create it first.`);
    return g;
  });

  let user = findIdpUserByMail(store, mail);
  if (!user) {
    const local = mail.split("@")[0];
    const givenName = fields.givenName ?? local.split(".")[0] ?? local;
    const surname = fields.surname ?? local.split(".").slice(1).join(" ");
    user = {
      objectId: store.newUuid(),
      userPrincipalName: fields.userPrincipalName ?? mail,
      mail,
      givenName,
      surname,
      displayName: fields.displayName ?? [givenName, surname].filter(Boolean).join(" "),
      accountEnabled: fields.accountEnabled ?? true,
    };
    if (fields.department !== undefined) user.department = fields.department;
    if (fields.jobTitle !== undefined) user.jobTitle = fields.jobTitle;
    store.world.idp.users.push(user);
  } else {
    for (const [k, v] of Object.entries(fields))
      if (v !== undefined) (user as unknown as Record<string, unknown>)[k] = v;
  }
  if (groups) {
    const id = user.objectId;
    for (const g of store.world.idp.groups) {
      const wanted = groups.includes(g);
      if (wanted && !g.members.includes(id)) g.members.push(id);
      if (!wanted) g.members = g.members.filter((m) => m !== id);
    }
  }
  return user;
}

/** Creates the IdP group, or updates the one with this displayName (members and assignment). */
export function upsertIdpGroup(store: Store, input: IdpGroupInput): IdpGroup {
  const raw = (input ?? {}) as unknown as Record<string, unknown>;
  const displayName = raw.displayName;
  if (typeof displayName !== "string" || !displayName.trim()) {
    throw new Error(`IdP group: displayName must be a non-empty string, got ${JSON.stringify(displayName)}.`);
  }
  const what = `IdP group ${displayName}`;
  if (raw.assigned !== undefined && typeof raw.assigned !== "boolean")
    throw new Error(`${what}: assigned must be true or false.`);
  const members = stringList(raw.members, `${what}: members`)?.map((mail) => {
    const u = findIdpUserByMail(store, mail);
    if (!u) throw new Error(`${what}: no IdP user has mail ${mail}; create the user first.`);
    return u.objectId;
  });
  let group = findIdpGroup(store, displayName);
  if (!group) {
    group = { objectId: store.newUuid(), displayName, members: [], assigned: raw.assigned ?? true };
    store.world.idp.groups.push(group);
  } else if (raw.assigned !== undefined) {
    group.assigned = raw.assigned;
  }
  if (members) group.members = [...new Set(members)];
  return group;
}

/** Deletes the IdP group; the next sync deletes its Atlassian group and the access it granted (domain.md behaviour 7). */
export function deleteIdpGroup(store: Store, displayName: string): IdpGroup {
  if (typeof displayName !== "string" || !displayName)
    throw new Error("IdP group: displayName must be a non-empty string.");
  const group = findIdpGroup(store, displayName);
  if (!group) throw new Error(`IdP group "${displayName}" does not exist.`);
  store.world.idp.groups = store.world.idp.groups.filter((g) => g !== group);
  return group;
}
