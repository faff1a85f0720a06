// SCIM 2.0 wire shapes (spec components ScimUser, ScimGroup, *ListResponse): parsing request bodies, rendering records.
import type { ScimGroup, ScimUser, Store } from "../store";
import { problem } from "../problems";
import { SCIM_ERRORS } from "./errors";

export const SCHEMA = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterprise: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  atlassian: "urn:scim:schemas:extension:atlassian-external:1.0",
  list: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patch: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
} as const;

export const SCIM_CONTENT_TYPE = "application/scim+json";

/** A user as the client states it: a POST/PUT body, or the stored record with a PATCH applied. */
export type ScimUserInput = Omit<ScimUser, "id" | "accountId" | "created" | "lastModified">;

/** A group as the client states it; members are SCIM user ids. */
export interface ScimGroupInput {
  displayName: string;
  externalId?: string;
  members: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function optString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw problem(SCIM_ERRORS.invalidValue, `${where}${key} must be a string.`);
  return v;
}

/** Entra ID sends booleans as "True"/"False" strings in some PATCH operations; accept both forms. */
export function parseBoolean(v: unknown, field: string): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  throw problem(SCIM_ERRORS.invalidValue, `${field} must be a boolean.`);
}

export function parseName(v: unknown): ScimUserInput["name"] {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw problem(SCIM_ERRORS.invalidValue, "name must be an object.");
  const name = {
    formatted: optString(v, "formatted", "name."),
    givenName: optString(v, "givenName", "name."),
    familyName: optString(v, "familyName", "name."),
  };
  return compact(name);
}

export function parseEmails(v: unknown): ScimUserInput["emails"] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw problem(SCIM_ERRORS.invalidValue, "emails must be an array.");
  return v.map((e, i) => {
    if (!isObject(e) || typeof e.value !== "string") {
      throw problem(SCIM_ERRORS.invalidValue, `emails[${i}].value must be a string.`);
    }
    const email: ScimUserInput["emails"][number] = { value: e.value };
    if (typeof e.type === "string") email.type = e.type;
    if (e.primary !== undefined) email.primary = parseBoolean(e.primary, `emails[${i}].primary`);
    return email;
  });
}

export function parseUserInput(body: unknown): ScimUserInput {
  if (!isObject(body)) throw problem(SCIM_ERRORS.invalidSyntax, "The request body must be a SCIM User object.");
  const userName = optString(body, "userName", "");
  if (!userName || !userName.trim()) throw problem(SCIM_ERRORS.invalidValue, "userName is required.");
  const enterprise = isObject(body[SCHEMA.enterprise]) ? (body[SCHEMA.enterprise] as Record<string, unknown>) : {};
  const input: ScimUserInput = {
    userName: userName.trim(),
    externalId: optString(body, "externalId", ""),
    emails: parseEmails(body.emails),
    name: parseName(body.name),
    displayName: optString(body, "displayName", ""),
    title: optString(body, "title", ""),
    department: optString(body, "department", "") ?? optString(enterprise, "department", `${SCHEMA.enterprise}:`),
    active: body.active === undefined ? true : parseBoolean(body.active, "active"),
  };
  return compact(input);
}

export function parseGroupInput(body: unknown): ScimGroupInput {
  if (!isObject(body)) throw problem(SCIM_ERRORS.invalidSyntax, "The request body must be a SCIM Group object.");
  const displayName = optString(body, "displayName", "");
  if (!displayName || !displayName.trim()) throw problem(SCIM_ERRORS.invalidValue, "displayName is required.");
  return compact({
    displayName,
    externalId: optString(body, "externalId", ""),
    members: parseMemberRefs(body.members),
  });
}

/** `[{value: <scimUserId>}]` as sent in Group bodies and PATCH member operations. */
export function parseMemberRefs(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((m, i) => {
    if (!isObject(m) || typeof m.value !== "string") {
      throw problem(SCIM_ERRORS.invalidValue, `members[${i}].value must be a SCIM user id.`);
    }
    return m.value;
  });
}

/** The address Atlassian keys the account on: the primary email, else the first, else userName. */
export function primaryEmail(u: { emails: { value: string; primary?: boolean }[]; userName: string }): string {
  return (u.emails.find((e) => e.primary) ?? u.emails[0])?.value ?? u.userName;
}

export function displayNameOf(u: Pick<ScimUserInput, "displayName" | "name" | "userName">): string {
  const parts = [u.name?.givenName, u.name?.familyName].filter(Boolean).join(" ");
  return u.displayName || u.name?.formatted || parts || u.userName;
}

export function userToInput(u: ScimUser): ScimUserInput {
  return compact({
    userName: u.userName,
    externalId: u.externalId,
    emails: u.emails.map((e) => ({ ...e })),
    name: u.name ? { ...u.name } : undefined,
    displayName: u.displayName,
    title: u.title,
    department: u.department,
    active: u.active,
  });
}

/** The request body a client would send for `input` (the IdP sync logs its pushes in this shape). */
export function userInputToWire(input: ScimUserInput): Record<string, unknown> {
  const { department, ...rest } = input;
  return compact({
    schemas: [SCHEMA.user, SCHEMA.enterprise],
    ...rest,
    [SCHEMA.enterprise]: department === undefined ? undefined : { department },
  });
}

const location = (store: Store, base: string, kind: "Users" | "Groups", id: string) =>
  `${base}/scim/directory/${store.world.scim.directoryId}/${kind}/${id}`;

/** Each SCIM user's groups, in one pass over the memberships: a page of users renders without a scan per user. */
export function scimGroupsByMember(store: Store): Map<string, ScimGroup[]> {
  const out = new Map<string, ScimGroup[]>();
  for (const g of store.world.scim.groups)
    for (const m of g.members) {
      const list = out.get(m);
      if (list) list.push(g);
      else out.set(m, [g]);
    }
  return out;
}

export function renderUser(
  store: Store,
  u: ScimUser,
  base: string,
  groupsOf?: Map<string, ScimGroup[]>,
): Record<string, unknown> {
  const groups = (
    groupsOf?.get(u.id) ?? (groupsOf ? [] : store.world.scim.groups.filter((g) => g.members.includes(u.id)))
  ).map((g) => ({ type: "direct", value: g.id, display: g.displayName, $ref: location(store, base, "Groups", g.id) }));
  return compact({
    schemas: [SCHEMA.user, SCHEMA.enterprise, SCHEMA.atlassian],
    id: u.id,
    ...userToInput(u),
    groups,
    [SCHEMA.enterprise]: u.department === undefined ? undefined : { department: u.department },
    [SCHEMA.atlassian]: u.accountId === undefined ? {} : { atlassianAccountId: u.accountId },
    meta: {
      resourceType: "USER",
      created: u.created,
      lastModified: u.lastModified,
      location: location(store, base, "Users", u.id),
    },
  });
}

export function renderGroup(
  store: Store,
  g: ScimGroup,
  base: string,
  usersById?: Map<string, ScimUser>,
): Record<string, unknown> {
  const users = usersById ?? new Map(store.world.scim.users.map((u) => [u.id, u]));
  // Built without compact(): a group of 100,000 members renders 100,000 of these.
  const members = g.members.map((id) => {
    const u = users.get(id);
    const display = u?.displayName ?? u?.userName;
    const $ref = location(store, base, "Users", id);
    return display === undefined ? { type: "User", value: id, $ref } : { type: "User", value: id, display, $ref };
  });
  return compact({
    schemas: [SCHEMA.group],
    id: g.id,
    externalId: g.externalId,
    displayName: g.displayName,
    members,
    meta: {
      resourceType: "GROUP",
      created: g.created,
      lastModified: g.lastModified,
      location: location(store, base, "Groups", g.id),
    },
  });
}

export function listResponse(resources: unknown[], totalResults: number, startIndex: number) {
  return { schemas: [SCHEMA.list], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/** Keeps only the top-level attributes asked for (RFC 7644 §3.9); id, schemas and meta always stay. */
export function projectAttributes(
  resource: Record<string, unknown>,
  attributes?: string,
  excluded?: string,
): Record<string, unknown> {
  const split = (s?: string) =>
    s
      ? s
          .split(",")
          .map((a) => a.trim().toLowerCase())
          .filter(Boolean)
      : [];
  const keep = split(attributes);
  const drop = split(excluded);
  const always = new Set(["id", "schemas", "meta"]);
  return Object.fromEntries(
    Object.entries(resource).filter(([k]) => {
      const key = k.toLowerCase();
      if (always.has(key)) return true;
      if (keep.length) return keep.some((a) => a === key || a.startsWith(`${key}.`));
      return !drop.includes(key);
    }),
  );
}

/** Drops undefined fields so rendered bodies carry no `"x": undefined` keys. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
