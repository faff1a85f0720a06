// SCIM 2.0 user provisioning for the org's one directory: /scim/directory/{id}/Users|Groups plus discovery documents.
//
// Sandbox choices (the spec or the field reports leave these open; see ../../../shared/reference/atlassian-api.md §5, §8):
// - Auth: a missing or wrong bearer token gets 401 with the spec's `Failure` body; the right token with another
//   directory id gets a 404 ScimError.
// - A deactivated user (DELETE or active=false) answers 404 to GET and DELETE and is left out of lists; a PUT or
//   PATCH that sets active=true reactivates it (the spec says "404 until reactivated" without saying how).
// - userName and primary email are unique among the directory's users, deactivated ones included; both clash with
//   `Resource [USER]: with email[x] already exists.`. Moving a user to an email another account holds is the same
//   409 (field KB), although the spec lists no 409 for PUT/PATCH. Emails must be on the verified domain (400).
// - POST /Groups named like a local (non-synced) org group answers 201 and records a name conflict: no org group is
//   touched and memberships do not sync until an admin accepts or rejects (domain.md behaviour 8; the spec
//   narrative instead says 409). A name of a built-in group answers 201 and never syncs (spec narrative).
// - meta.resourceType is "USER"/"GROUP" as the spec's ScimMetadata enum says (RFC 7643 uses "User"/"Group").
// - PATCH answers 200 with the full resource. Paging: count defaults to 100 and is capped at 100.
// - Filters: one `eq`; userName and displayName compare case-insensitively, externalId exactly.
// - PUT /Groups 400s use the spec's BadRequestException body; every other error is a ScimError.
// - Discovery documents are JSON objects (RFC 7643), although the spec types them as string.
import express, { type Request, type Response, type Router } from "express";
import type { SandboxHandle } from "../server";
import { ApiProblem, problem } from "../problems";
import { SCIM_ERRORS } from "../scim/errors";
import { scimActor } from "../scim/actor";
import {
  createScimGroup,
  createScimUser,
  deactivateScimUser,
  deleteScimGroup,
  getScimGroup,
  getScimUser,
  updateScimGroup,
  updateScimUser,
} from "../scim/ops";
import { applyGroupPatch, applyUserPatch, parsePatch } from "../scim/patch";
import {
  SCIM_CONTENT_TYPE,
  listResponse,
  parseGroupInput,
  parseUserInput,
  projectAttributes,
  renderGroup,
  renderUser,
  scimGroupsByMember,
  userToInput,
} from "../scim/wire";
import { listing, touch } from "./listing";
import { resourceType, schemaDocument, schemaIds, serviceProviderConfig } from "../scim/metadata";

const MAX_COUNT = 100;

/** Only a write that reactivates may touch a deactivated user; anything else gets the 404 every other call gets. */
const stillDeactivated = (id: string) => problem(SCIM_ERRORS.notFound, `User ${id} was not found in this directory.`);

function send(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

const origin = (req: Request) => `${req.protocol}://${req.get("host")}`;
const query = (req: Request, key: string) => (typeof req.query[key] === "string" ? req.query[key] : undefined);

/** A single `attr eq "value"` (RFC 7644 §3.4.2.2); anything else is refused as the spec's invalidFilter. */
export function parseFilter(raw: string | undefined, allowed: string[]): { attr: string; value: string } | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const m = /^\s*([A-Za-z][\w.:]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(raw);
  const attr = m && allowed.find((a) => a.toLowerCase() === m[1].toLowerCase());
  if (!m || !attr) {
    throw problem(
      SCIM_ERRORS.invalidFilter,
      `Filter "${raw}" is not supported: use a single eq on ${allowed.join(" or ")}.`,
    );
  }
  return { attr, value: m[2].replace(/\\(.)/g, "$1") };
}

function page<T>(req: Request, items: T[]): { items: T[]; startIndex: number } {
  const int = (key: string, fallback: number) => {
    const raw = query(req, key);
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw problem(SCIM_ERRORS.invalidValue, `${key} must be an integer, not "${raw}".`);
    return n;
  };
  const startIndex = Math.max(1, int("startIndex", 1));
  const count = Math.min(MAX_COUNT, Math.max(0, int("count", MAX_COUNT)));
  return { items: items.slice(startIndex - 1, startIndex - 1 + count), startIndex };
}

/** Whether a list request is a listing's first page (no startIndex past 1): it computes the listing afresh. */
function isFirst(req: Request): boolean {
  const raw = Number(query(req, "startIndex") ?? 1);
  return !(raw > 1);
}

/** Bearer token and directory id; sets the SCIM actor for the request log. */
function authenticate(handle: SandboxHandle) {
  return (req: Request, res: Response, next: (err?: unknown) => void) => {
    const { scim } = handle.store.world;
    const header = req.headers.authorization;
    if (!header || header.match(/^Bearer\s+(.+)$/i)?.[1] !== scim.token) {
      send(res, 401, {
        error: header ? "The API key is not valid for user provisioning." : "Missing authorization header.",
        traceId: handle.store.newUuid(),
      });
      return;
    }
    // server.ts mounts through an intermediate router without mergeParams, so the id is read from the mount path.
    const directoryId =
      req.params.scimDirectoryId ?? decodeURIComponent(/\/scim\/directory\/([^/]+)/.exec(req.baseUrl)?.[1] ?? "");
    if (directoryId !== scim.directoryId) {
      throw problem(SCIM_ERRORS.notFound, `Directory ${directoryId} does not exist.`);
    }
    res.locals.actor = scimActor(handle.store);
    next();
  };
}

export function scimRoutes(handle: SandboxHandle): Router {
  const r = express.Router({ mergeParams: true });
  r.use(authenticate(handle));
  const user = (req: Request, u: Parameters<typeof renderUser>[1], groupsOf?: Parameters<typeof renderUser>[3]) =>
    projectAttributes(
      renderUser(handle.store, u, origin(req), groupsOf),
      query(req, "attributes"),
      query(req, "excludedAttributes"),
    );
  const group = (req: Request, g: Parameters<typeof renderGroup>[1], users?: Parameters<typeof renderGroup>[3]) =>
    projectAttributes(
      renderGroup(handle.store, g, origin(req), users),
      query(req, "attributes"),
      query(req, "excludedAttributes"),
    );
  const base = (req: Request) => `${origin(req)}/scim/directory/${handle.store.world.scim.directoryId}`;

  r.get("/Users", (req, res) => {
    const raw = query(req, "filter");
    const filter = parseFilter(raw, ["userName", "externalId"]);
    const store = handle.store;
    // Later pages of a listing render from what its first page found (routes/listing.ts).
    const { users, groupsOf } = listing(store, `scim users ${raw ?? ""}`, isFirst(req), () => {
      touch(store, store.world.scim.users.length);
      const users = store.world.scim.users.filter(
        (u) =>
          u.active &&
          (!filter ||
            (filter.attr === "externalId"
              ? u.externalId === filter.value
              : u.userName.toLowerCase() === filter.value.toLowerCase())),
      );
      return { users, groupsOf: scimGroupsByMember(store) };
    });
    const p = page(req, users);
    touch(store, p.items.length);
    send(
      res,
      200,
      listResponse(
        p.items.map((u) => user(req, u, groupsOf)),
        users.length,
        p.startIndex,
      ),
    );
  });

  r.post("/Users", (req, res) => {
    const su = createScimUser(handle.store, scimActor(handle.store), parseUserInput(req.body));
    const body = user(req, su);
    send(res, 201, body, { Location: String((body.meta as { location: string }).location) });
  });

  r.get("/Users/:userId", (req, res) => {
    send(res, 200, user(req, getScimUser(handle.store, req.params.userId)));
  });

  r.put("/Users/:userId", (req, res) => {
    const su = getScimUser(handle.store, req.params.userId, { includeInactive: true });
    const input = parseUserInput(req.body);
    if (!su.active && !input.active) throw stillDeactivated(su.id);
    send(res, 200, user(req, updateScimUser(handle.store, scimActor(handle.store), su, input)));
  });

  r.patch("/Users/:userId", (req, res) => {
    const su = getScimUser(handle.store, req.params.userId, { includeInactive: true });
    const input = applyUserPatch(userToInput(su), parsePatch(req.body));
    if (!su.active && !input.active) throw stillDeactivated(su.id);
    send(res, 200, user(req, updateScimUser(handle.store, scimActor(handle.store), su, input)));
  });

  r.delete("/Users/:userId", (req, res) => {
    deactivateScimUser(handle.store, scimActor(handle.store), getScimUser(handle.store, req.params.userId));
    res.status(204).end();
  });

  r.get("/Groups", (req, res) => {
    const raw = query(req, "filter");
    const filter = parseFilter(raw, ["displayName"]);
    const store = handle.store;
    const { groups, usersById } = listing(store, `scim groups ${raw ?? ""}`, isFirst(req), () => {
      touch(store, store.world.scim.groups.length);
      const groups = store.world.scim.groups.filter(
        (g) => !filter || g.displayName.toLowerCase() === filter.value.toLowerCase(),
      );
      return { groups, usersById: new Map(store.world.scim.users.map((u) => [u.id, u])) };
    });
    const p = page(req, groups);
    touch(store, p.items.length);
    send(
      res,
      200,
      listResponse(
        p.items.map((g) => group(req, g, usersById)),
        groups.length,
        p.startIndex,
      ),
    );
  });

  r.post("/Groups", (req, res) => {
    const sg = createScimGroup(handle.store, scimActor(handle.store), parseGroupInput(req.body));
    const body = group(req, sg);
    send(res, 201, body, { Location: String((body.meta as { location: string }).location) });
  });

  r.get("/Groups/:groupId", (req, res) => {
    send(res, 200, group(req, getScimGroup(handle.store, req.params.groupId)));
  });

  r.put("/Groups/:groupId", (req, res) => {
    const sg = getScimGroup(handle.store, req.params.groupId);
    try {
      send(
        res,
        200,
        group(req, updateScimGroup(handle.store, scimActor(handle.store), sg, parseGroupInput(req.body), 400)),
      );
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status !== 400) throw err;
      send(res, 400, {
        responseStatus: "BAD_REQUEST",
        scimErrorType: err.scimType,
        message: err.message,
        localizedMessage: err.message,
      });
    }
  });

  r.patch("/Groups/:groupId", (req, res) => {
    const sg = getScimGroup(handle.store, req.params.groupId);
    const current = { displayName: sg.displayName, externalId: sg.externalId, members: [...sg.members] };
    const input = applyGroupPatch(current, parsePatch(req.body));
    send(res, 200, group(req, updateScimGroup(handle.store, scimActor(handle.store), sg, input, 404)));
  });

  r.delete("/Groups/:groupId", (req, res) => {
    deleteScimGroup(handle.store, scimActor(handle.store), getScimGroup(handle.store, req.params.groupId));
    res.status(204).end();
  });

  r.get("/ServiceProviderConfig", (req, res) => send(res, 200, serviceProviderConfig(base(req))));

  r.get("/ResourceTypes", (req, res) => {
    const types = [resourceType("User", base(req)), resourceType("Group", base(req))];
    send(res, 200, listResponse(types, types.length, 1));
  });

  r.get("/ResourceTypes/:kind", (req, res) => {
    const kind = req.params.kind;
    if (kind !== "User" && kind !== "Group") {
      throw problem(SCIM_ERRORS.notFound, `Resource type ${kind} does not exist.`);
    }
    send(res, 200, resourceType(kind, base(req)));
  });

  r.get("/Schemas", (req, res) => {
    const docs = schemaIds().map((id) => schemaDocument(id, base(req)));
    send(res, 200, listResponse(docs, docs.length, 1));
  });

  r.get("/Schemas/:schemaId", (req, res) => {
    const doc = schemaDocument(req.params.schemaId, base(req));
    if (!doc) throw problem(SCIM_ERRORS.notFound, `Schema ${req.params.schemaId} does not exist.`);
    send(res, 200, doc);
  });

  return r;
}
