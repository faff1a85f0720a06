// Entra ID's provisioning cycle: pushes in-scope IdP users and assigned groups through the shared SCIM operations.
import type { IdpGroup, IdpUser, ScimGroup, Store } from "../store";
import { ApiProblem, scimErrorBody } from "../problems";
import { scimActor } from "../scim/actor";
import {
  createScimGroup,
  createScimUser,
  deleteScimGroup,
  findScimUserByExternalId,
  updateScimGroup,
  updateScimUser,
} from "../scim/ops";
import {
  SCHEMA,
  SCIM_CONTENT_TYPE,
  renderGroup,
  renderUser,
  userInputToWire,
  userToInput,
  type ScimUserInput,
} from "../scim/wire";

export interface IdpSyncReport {
  usersCreated: number;
  usersUpdated: number;
  usersDeactivated: number;
  groupsCreated: number;
  groupsDeleted: number;
  membershipsAdded: number;
  membershipsRemoved: number;
  /** Groups waiting for an admin to accept or reject a name conflict (domain.md behaviour 8). */
  conflicts: string[];
  /** Pushes Atlassian refused; the cycle carries on past them, as Entra ID does. */
  errors: string[];
}

/** In scope: enabled and a member of a group assigned to the Atlassian enterprise app. */
export function idpUsersInScope(store: Store): IdpUser[] {
  const assigned = new Set(store.world.idp.groups.filter((g) => g.assigned).flatMap((g) => g.members));
  return store.world.idp.users.filter((u) => u.accountEnabled && assigned.has(u.objectId));
}

/** The attribute mapping: objectId -> externalId, mail -> userName and primary email. */
function desiredUser(u: IdpUser): ScimUserInput {
  const input: ScimUserInput = {
    userName: u.mail,
    externalId: u.objectId,
    emails: [{ value: u.mail, type: "work", primary: true }],
    name: { givenName: u.givenName, familyName: u.surname },
    displayName: u.displayName,
    active: true,
  };
  if (u.jobTitle !== undefined) input.title = u.jobTitle;
  if (u.department !== undefined) input.department = u.department;
  return input;
}

/** Key-order-independent JSON, so a stored record and the IdP's view compare by content. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

type Push = { method: string; path: string; body?: unknown; subject: string };

/**
 * One provisioning cycle, mapped by externalId = IdP objectId. Users that left scope are deactivated; groups that were
 * unassigned or deleted in the IdP are deleted. A record whose externalId is not an IdP GUID (or that has none) was
 * made by another SCIM client and is left alone. Group members are the in-scope, active members, so a user leaving
 * scope also leaves the synced groups.
 */
export function runIdpSync(store: Store): IdpSyncReport {
  const actor = scimActor(store);
  const { scim } = store.world;
  const dir = `/scim/directory/${scim.directoryId}`;
  const report: IdpSyncReport = {
    usersCreated: 0,
    usersUpdated: 0,
    usersDeactivated: 0,
    groupsCreated: 0,
    groupsDeleted: 0,
    membershipsAdded: 0,
    membershipsRemoved: 0,
    conflicts: [],
    errors: [],
  };

  /** Runs one push, logs it as the SCIM call Entra ID would have made, and turns a refusal into a report error. */
  const push = (p: Push, op: () => { status: number; body?: unknown }): boolean => {
    const log = (status: number, responseBody?: unknown) =>
      store.recordRequest({
        api: "scim",
        method: p.method,
        path: p.path,
        query: {},
        status,
        actor: "scim",
        requestBody: p.body,
        responseBody,
        requestHeaders: { "content-type": p.body === undefined ? "" : SCIM_CONTENT_TYPE },
        responseHeaders: responseBody === undefined ? {} : { "content-type": `${SCIM_CONTENT_TYPE}; charset=utf-8` },
      });
    try {
      const r = op();
      log(r.status, r.body);
      return true;
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      log(err.status, scimErrorBody(err.status, err.message, err.scimType));
      report.errors.push(`${p.subject}: ${err.status} ${err.message}`);
      return false;
    }
  };
  const patchOp = (ops: unknown[]) => ({ schemas: [SCHEMA.patch], Operations: ops });

  const inScope = idpUsersInScope(store);
  const inScopeIds = new Set(inScope.map((u) => u.objectId));
  for (const u of inScope) {
    const want = desiredUser(u);
    const su = findScimUserByExternalId(store, u.objectId);
    if (!su) {
      const ok = push({ method: "POST", path: `${dir}/Users`, body: userInputToWire(want), subject: u.mail }, () => ({
        status: 201,
        body: renderUser(store, createScimUser(store, actor, want), ""),
      }));
      if (ok) report.usersCreated++;
    } else if (canonical(userToInput(su)) !== canonical(want)) {
      const ok = push(
        { method: "PUT", path: `${dir}/Users/${su.id}`, body: userInputToWire(want), subject: u.mail },
        () => ({
          status: 200,
          body: renderUser(store, updateScimUser(store, actor, su, want), ""),
        }),
      );
      if (ok) report.usersUpdated++;
    }
  }
  for (const su of scim.users) {
    if (!su.active || su.externalId === undefined || inScopeIds.has(su.externalId) || !looksLikeIdpId(su.externalId))
      continue;
    const body = patchOp([{ op: "replace", path: "active", value: false }]);
    const ok = push({ method: "PATCH", path: `${dir}/Users/${su.id}`, body, subject: su.userName }, () => ({
      status: 200,
      body: renderUser(store, updateScimUser(store, actor, su, { ...userToInput(su), active: false }), ""),
    }));
    if (ok) report.usersDeactivated++;
  }

  const memberIds = (g: IdpGroup) =>
    g.members
      .filter((id) => inScopeIds.has(id))
      .map((id) => findScimUserByExternalId(store, id))
      .filter((su) => su?.active)
      .map((su) => su!.id);
  const assigned = store.world.idp.groups.filter((g) => g.assigned);
  for (const g of assigned) {
    const sg = scim.groups.find((x) => x.externalId === g.objectId);
    if (!sg) {
      const input = { displayName: g.displayName, externalId: g.objectId, members: memberIds(g) };
      const body = {
        schemas: [SCHEMA.group],
        displayName: input.displayName,
        externalId: input.externalId,
        members: input.members.map((value) => ({ value })),
      };
      let created: ScimGroup | undefined;
      const ok = push({ method: "POST", path: `${dir}/Groups`, body, subject: g.displayName }, () => {
        created = createScimGroup(store, actor, input);
        return { status: 201, body: renderGroup(store, created, "") };
      });
      if (ok) {
        report.groupsCreated++;
        report.membershipsAdded += input.members.length;
      }
      if (created?.conflictWithGroupId) report.conflicts.push(conflictText(created));
      continue;
    }
    if (sg.displayName !== g.displayName) {
      // Entra ID pushes a rename; Atlassian refuses it (domain.md behaviour 6) and the cycle carries on.
      const body = patchOp([{ op: "replace", path: "displayName", value: g.displayName }]);
      push({ method: "PATCH", path: `${dir}/Groups/${sg.id}`, body, subject: g.displayName }, () => ({
        status: 200,
        body: renderGroup(
          store,
          updateScimGroup(
            store,
            actor,
            sg,
            { displayName: g.displayName, externalId: sg.externalId, members: sg.members },
            404,
          ),
          "",
        ),
      }));
    }
    const want = memberIds(g);
    const add = want.filter((id) => !sg.members.includes(id));
    const remove = sg.members.filter((id) => !want.includes(id));
    if (add.length || remove.length) {
      const ops = [
        ...(add.length ? [{ op: "add", path: "members", value: add.map((value) => ({ value })) }] : []),
        ...(remove.length ? [{ op: "remove", path: "members", value: remove.map((value) => ({ value })) }] : []),
      ];
      const ok = push(
        { method: "PATCH", path: `${dir}/Groups/${sg.id}`, body: patchOp(ops), subject: sg.displayName },
        () => ({
          status: 200,
          body: renderGroup(
            store,
            updateScimGroup(
              store,
              actor,
              sg,
              { displayName: sg.displayName, externalId: sg.externalId, members: want },
              404,
            ),
            "",
          ),
        }),
      );
      if (ok) {
        report.membershipsAdded += add.length;
        report.membershipsRemoved += remove.length;
      }
    }
    if (sg.conflictWithGroupId) report.conflicts.push(conflictText(sg));
  }
  const assignedIds = new Set(assigned.map((g) => g.objectId));
  for (const sg of [...scim.groups]) {
    if (sg.externalId === undefined || assignedIds.has(sg.externalId) || !looksLikeIdpId(sg.externalId)) continue;
    const ok = push({ method: "DELETE", path: `${dir}/Groups/${sg.id}`, subject: sg.displayName }, () => {
      deleteScimGroup(store, actor, sg);
      return { status: 204 };
    });
    if (ok) report.groupsDeleted++;
  }

  store.world.idp.lastSyncAt = store.nowIso();
  return report;
}

/** Entra ID object ids are GUIDs; an externalId of another shape was set by some other SCIM client. */
const looksLikeIdpId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

const conflictText = (sg: ScimGroup) =>
  `${sg.displayName}: a local group with this name already exists (group ${sg.conflictWithGroupId}); an admin must accept or reject the sync.`;

export { upsertIdpUser, upsertIdpGroup, deleteIdpGroup, type IdpUserInput, type IdpGroupInput } from "./idp-edits";
