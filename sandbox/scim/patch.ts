// RFC 7644 §3.5.2 PatchOp applied to a user or group as the client states it, before the shared update runs.
import { problem } from "../problems";
import { SCIM_ERRORS } from "./errors";
import {
  SCHEMA,
  parseBoolean,
  parseEmails,
  parseMemberRefs,
  parseName,
  type ScimGroupInput,
  type ScimUserInput,
} from "./wire";

export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path?: string;
  value?: unknown;
}

const invalidPath = (path: string) => problem(SCIM_ERRORS.invalidPath, `Attribute path "${path}" is not supported.`);

/** Accepts `Operations` (RFC 7644) and `operations` (the Atlassian spec's RequestPayloadToPatch); op names in any case. */
export function parsePatch(body: unknown): PatchOperation[] {
  const b = body as Record<string, unknown> | null;
  const ops = b && typeof b === "object" ? (b.Operations ?? b.operations) : undefined;
  if (!Array.isArray(ops) || ops.length === 0) {
    throw problem(SCIM_ERRORS.invalidSyntax, "A PatchOp body needs a non-empty Operations array.");
  }
  return ops.map((o, i) => {
    const op = String((o as Record<string, unknown>)?.op ?? "").toLowerCase();
    if (op !== "add" && op !== "replace" && op !== "remove") {
      throw problem(SCIM_ERRORS.invalidValue, `Operations[${i}].op must be add, replace or remove.`);
    }
    const path = (o as Record<string, unknown>).path;
    if (path !== undefined && typeof path !== "string") {
      throw problem(SCIM_ERRORS.invalidValue, `Operations[${i}].path must be a string.`);
    }
    if (op === "remove" && !path) throw problem(SCIM_ERRORS.noTarget, `Operations[${i}]: remove needs a path.`);
    return { op, path, value: (o as Record<string, unknown>).value };
  });
}

/** Attributes a client may send that the sandbox accepts and does not keep (they have no effect on access). */
const IGNORED_USER_ATTRIBUTES = new Set([
  "nickname",
  "preferredlanguage",
  "locale",
  "timezone",
  "organization",
  "usertype",
  "profileurl",
  "phonenumbers",
  "addresses",
  "ims",
  "photos",
  "x509certificates",
  "entitlements",
  "roles",
  "manager",
  "employeenumber",
  "costcenter",
  "division",
  "name.middlename",
  "name.honorificprefix",
  "name.honorificsuffix",
]);

function stripSchema(path: string): string {
  for (const urn of [SCHEMA.enterprise, SCHEMA.user]) {
    if (path.toLowerCase().startsWith(`${urn.toLowerCase()}:`)) return path.slice(urn.length + 1);
  }
  return path;
}

function optionalString(v: unknown, path: string): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw problem(SCIM_ERRORS.invalidValue, `${path} must be a string.`);
  return v;
}

function applyUserOp(doc: ScimUserInput, op: PatchOperation["op"], rawPath: string | undefined, value: unknown): void {
  if (!rawPath || rawPath === SCHEMA.enterprise) {
    if (op === "remove" || typeof value !== "object" || value === null || Array.isArray(value)) {
      throw problem(SCIM_ERRORS.invalidValue, "A PATCH operation without a path needs an object value.");
    }
    for (const [k, v] of Object.entries(value)) applyUserOp(doc, op, k, v);
    return;
  }
  const path = stripSchema(rawPath);
  const lower = path.toLowerCase();
  const v = op === "remove" ? undefined : value;
  const emailFilter = /^emails\[\s*type\s+eq\s+"([^"]*)"\s*\](?:\.(value|primary))?$/i.exec(path);
  if (emailFilter) {
    const [, type, sub = "value"] = emailFilter;
    const at = doc.emails.findIndex((e) => (e.type ?? "").toLowerCase() === type.toLowerCase());
    if (op === "remove") {
      if (at >= 0) doc.emails.splice(at, 1);
      return;
    }
    const email = at >= 0 ? doc.emails[at] : { value: "", type, primary: doc.emails.length === 0 };
    if (sub.toLowerCase() === "primary") email.primary = parseBoolean(v, path);
    else email.value = optionalString(v, path) ?? "";
    if (at < 0) doc.emails.push(email);
    return;
  }
  switch (lower) {
    case "active":
      if (op === "remove") throw problem(SCIM_ERRORS.invalidValue, "active cannot be removed.");
      doc.active = parseBoolean(v, "active");
      return;
    case "username":
      if (op === "remove" || typeof v !== "string" || !v.trim()) {
        throw problem(SCIM_ERRORS.invalidValue, "userName is required.");
      }
      doc.userName = v.trim();
      return;
    case "externalid":
      doc.externalId = optionalString(v, path);
      return;
    case "displayname":
      doc.displayName = optionalString(v, path);
      return;
    case "title":
      doc.title = optionalString(v, path);
      return;
    case "department":
      doc.department = optionalString(v, path);
      return;
    case "name":
      doc.name = op === "remove" ? undefined : { ...(op === "add" ? doc.name : {}), ...parseName(v) };
      return;
    case "name.givenname":
    case "name.familyname":
    case "name.formatted": {
      const key = (
        { "name.givenname": "givenName", "name.familyname": "familyName", "name.formatted": "formatted" } as const
      )[lower];
      doc.name = { ...doc.name, [key]: optionalString(v, path) };
      return;
    }
    case "emails":
      doc.emails = op === "remove" ? [] : op === "add" ? [...doc.emails, ...parseEmails(v)] : parseEmails(v);
      return;
    case "groups":
      throw problem(SCIM_ERRORS.mutability, "groups is read-only on a User: change memberships through /Groups.");
  }
  if (IGNORED_USER_ATTRIBUTES.has(lower) || IGNORED_USER_ATTRIBUTES.has(lower.split(/[.[]/)[0])) return;
  throw invalidPath(rawPath);
}

/** The user after `ops`, ready for the same update a PUT performs. */
export function applyUserPatch(current: ScimUserInput, ops: PatchOperation[]): ScimUserInput {
  const doc: ScimUserInput = structuredClone(current);
  for (const o of ops) applyUserOp(doc, o.op, o.path, o.value);
  return doc;
}

/** The group after `ops`: membership add/remove/replace, displayName and externalId; the update refuses renames. */
export function applyGroupPatch(current: ScimGroupInput, ops: PatchOperation[]): ScimGroupInput {
  const doc: ScimGroupInput = structuredClone(current);
  for (const o of ops) {
    if (!o.path) {
      if (typeof o.value !== "object" || o.value === null) {
        throw problem(SCIM_ERRORS.invalidValue, "A PATCH operation without a path needs an object value.");
      }
      const v = o.value as Record<string, unknown>;
      if (v.displayName !== undefined) doc.displayName = String(v.displayName);
      if (v.externalId !== undefined) doc.externalId = optionalString(v.externalId, "externalId");
      if (v.members !== undefined) doc.members = mergeMembers(doc.members, o.op, parseMemberRefs(v.members));
      continue;
    }
    const memberFilter = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(o.path);
    if (memberFilter) {
      if (o.op !== "remove") throw invalidPath(o.path);
      doc.members = doc.members.filter((m) => m !== memberFilter[1]);
      continue;
    }
    switch (o.path.toLowerCase()) {
      case "members":
        doc.members =
          o.op === "remove" && o.value === undefined ? [] : mergeMembers(doc.members, o.op, parseMemberRefs(o.value));
        continue;
      case "displayname":
        if (o.op === "remove" || typeof o.value !== "string") {
          throw problem(SCIM_ERRORS.invalidValue, "displayName is required.");
        }
        doc.displayName = o.value;
        continue;
      case "externalid":
        doc.externalId = o.op === "remove" ? undefined : optionalString(o.value, "externalId");
        continue;
      default:
        throw invalidPath(o.path);
    }
  }
  return doc;
}

function mergeMembers(current: string[], op: PatchOperation["op"], ids: string[]): string[] {
  if (op === "replace") return [...new Set(ids)];
  if (op === "remove") return current.filter((m) => !ids.includes(m));
  return [...new Set([...current, ...ids])];
}
