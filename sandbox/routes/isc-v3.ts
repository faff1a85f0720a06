// ISC read routes shared by v3 and v2025: sources, accounts, account entitlements, access profiles, account activities.
import express, { type Request, type Router } from "express";
import type { SandboxHandle } from "../server";
import type { IscAccessProfile, IscAccount, IscActivity, IscEntitlement, Store } from "../store";
import type { FieldTable } from "../isc/filters";
import {
  identityOf,
  renderAccessProfile,
  renderAccount,
  renderActivity,
  renderEntitlement,
  renderSource,
} from "./isc-render";
import { problem } from "../problems";
import { ISC_ERRORS } from "../isc/errors";
import { findById } from "../org/lookup";
import { paging, queryParam, sendCollection, STRING_OPS, TIME_OPS } from "./isc-collections";
import { accessRequestRoutes } from "./isc-access-requests";

type Source = ReturnType<typeof renderSource>;

const SOURCE_FIELDS: FieldTable<Source> = {
  id: { ops: ["eq", "in", "sw", "ne"], get: (s) => s.id },
  name: { ops: ["eq", "in", "sw", "co", "ne"], get: (s) => s.name },
  type: { ops: ["eq", "in", "sw", "ne"], get: (s) => s.type },
  "owner.id": { ops: ["eq", "in", "sw", "ne"], get: (s) => s.owner.id },
  features: { ops: ["ca", "co"], get: (s) => s.features },
  created: { ops: [...TIME_OPS, "in", "ne"], get: (s) => s.created },
  modified: { ops: [...TIME_OPS, "in", "ne"], get: (s) => s.modified },
  description: { ops: ["eq", "sw"], get: (s) => s.description },
  authoritative: { ops: ["eq", "ne", "isnull"], get: (s) => s.authoritative },
  healthy: { ops: ["isnull"], get: (s) => s.healthy },
  status: { ops: ["eq", "in", "sw", "ne"], get: (s) => s.status },
  connectionType: { ops: ["eq", "in", "sw", "ne"], get: (s) => s.connectionType },
  connectorName: { ops: ["eq", "in", "sw", "ne"], get: (s) => s.connectorName },
  category: { ops: ["eq", "in", "isnull"], get: (s) => s.category },
};
const SOURCE_SORTERS: Record<string, (s: Source) => unknown> = {
  id: (s) => s.id,
  name: (s) => s.name,
  type: (s) => s.type,
  created: (s) => s.created,
  modified: (s) => s.modified,
  connectorName: (s) => s.connectorName,
  connectionType: (s) => s.connectionType,
};

function accountFields(store: Store): FieldTable<IscAccount> {
  const identityName = (a: IscAccount) => identityOf(store, a.identityId)?.name;
  const has = (a: IscAccount) => a.entitlementIds.length > 0;
  return {
    id: { ops: STRING_OPS, get: (a) => a.id },
    identityId: { ops: STRING_OPS, get: (a) => a.identityId },
    name: { ops: STRING_OPS, get: (a) => a.name },
    nativeIdentity: { ops: STRING_OPS, get: (a) => a.nativeIdentity },
    sourceId: { ops: STRING_OPS, get: (a) => a.sourceId },
    hasEntitlements: { ops: ["eq"], get: has },
    entitlements: { ops: ["eq"], get: has },
    uncorrelated: { ops: ["eq"], get: (a) => a.uncorrelated },
    manuallyCorrelated: { ops: ["eq"], get: () => false },
    origin: { ops: ["eq", "in"], get: (a) => a.origin },
    "identity.name": { ops: STRING_OPS, get: identityName },
    "identity.correlated": { ops: ["eq"], get: (a) => Boolean(a.identityId) },
    "source.displayableName": { ops: ["eq", "in"], get: () => store.world.isc.sourceName },
    "source.authoritative": { ops: ["eq"], get: () => false },
    "source.connectionType": { ops: ["eq", "in"], get: () => "direct" },
    created: { ops: TIME_OPS, get: (a) => a.created },
    modified: { ops: TIME_OPS, get: (a) => a.modified },
  };
}

function accountSorters(store: Store): Record<string, (a: IscAccount) => unknown> {
  return {
    id: (a) => a.id,
    name: (a) => a.name,
    created: (a) => a.created,
    modified: (a) => a.modified,
    sourceId: (a) => a.sourceId,
    identityId: (a) => a.identityId,
    nativeIdentity: (a) => a.nativeIdentity,
    uuid: (a) => a.uuid,
    manuallyCorrelated: () => false,
    entitlements: (a) => a.entitlementIds.length,
    origin: (a) => a.origin,
    "identity.name": (a) => identityOf(store, a.identityId)?.name,
    "identity.correlated": (a) => Boolean(a.identityId),
    "source.displayableName": () => store.world.isc.sourceName,
    "source.authoritative": () => false,
    "source.connectionType": () => "direct",
  };
}

const PROFILE_FIELDS: FieldTable<IscAccessProfile> = {
  id: { ops: ["eq", "in"], get: (p) => p.id },
  name: { ops: ["eq", "sw"], get: (p) => p.name },
  created: { ops: ["gt", "ge", "le"], get: (p) => p.created },
  modified: { ops: ["gt", "lt", "ge", "le"], get: (p) => p.modified },
  "owner.id": { ops: ["eq", "in"], get: () => undefined },
  requestable: { ops: ["eq"], get: (p) => p.requestable },
  "source.id": { ops: ["eq", "in"], get: (p) => p.sourceId },
};

const ACTIVITY_TIME_OPS = ["gt", "lt", "ge", "le", "eq", "in", "ne", "isnull", "sw"] as const;
const ACTIVITY_FIELDS: FieldTable<IscActivity> = {
  type: { ops: ["eq", "in", "ge", "le", "lt", "ne", "isnull", "sw"], get: (a) => a.type },
  created: { ops: [...ACTIVITY_TIME_OPS], get: (a) => a.created },
  modified: { ops: [...ACTIVITY_TIME_OPS], get: (a) => a.modified },
};
const ACTIVITY_SORTERS: Record<string, (a: IscActivity) => unknown> = {
  type: (a) => a.type,
  created: (a) => a.created,
  modified: (a) => a.modified,
};

/** The identity an activity query names; `me` has no meaning for an API client, which acts as no identity. */
function identityParam(req: Request, name: string): string | undefined {
  const v = queryParam(req, name);
  if (v === "me") {
    throw problem(
      ISC_ERRORS.badRequest,
      `${name}=me needs a token with a user context; this API client has none. Pass an identity id.`,
    );
  }
  return v;
}

export function iscCommonRoutes(handle: SandboxHandle): Router {
  const r = express.Router();
  const s = () => handle.store;

  r.get("/sources", (req, res) => {
    sendCollection(s(), req, res, [renderSource(s())], {
      fields: SOURCE_FIELDS,
      sorters: SOURCE_SORTERS,
      render: (x) => x,
    });
  });

  r.get("/sources/:id", (req, res) => {
    if (req.params.id !== s().world.isc.sourceId) {
      throw problem(ISC_ERRORS.notFound, `Source ${req.params.id} was not found.`);
    }
    res.json(renderSource(s()));
  });

  r.get("/accounts", (req, res) => {
    const detail = queryParam(req, "detailLevel");
    if (detail !== undefined && detail !== "SLIM" && detail !== "FULL") {
      throw problem(ISC_ERRORS.badRequest, `detailLevel must be SLIM or FULL; got "${detail}".`);
    }
    const store = s();
    sendCollection(store, req, res, store.world.isc.accounts, {
      fields: accountFields(store),
      sorters: accountSorters(store),
      render: (a) => renderAccount(store, a),
    });
  });

  const account = (id: string): IscAccount => {
    const a = findById(s().world.isc.accounts, id, (x) => x.id);
    if (!a) throw problem(ISC_ERRORS.notFound, `Account ${id} was not found.`);
    return a;
  };

  r.get("/accounts/:id", (req, res) => {
    res.json(renderAccount(s(), account(req.params.id)));
  });

  r.get("/accounts/:id/entitlements", (req, res) => {
    const store = s();
    const a = account(req.params.id);
    const page = paging(req);
    const ents = a.entitlementIds
      .map((id) => store.world.isc.entitlements.find((e) => e.id === id))
      .filter((e): e is IscEntitlement => e !== undefined);
    if (page.count) res.setHeader("X-Total-Count", String(ents.length));
    res.json(ents.slice(page.offset, page.offset + page.limit).map((e) => renderEntitlement(store, e)));
  });

  r.get("/access-profiles", (req, res) => {
    const store = s();
    for (const p of ["for-subadmin", "for-segment-ids"]) {
      if (queryParam(req, p) !== undefined) {
        throw problem(ISC_ERRORS.badRequest, `${p} is not supported by the sandbox (no subadmins or segments).`);
      }
    }
    sendCollection(store, req, res, store.world.isc.accessProfiles, {
      fields: PROFILE_FIELDS,
      sorters: { name: (p) => p.name, created: (p) => p.created, modified: (p) => p.modified },
      render: (p) => renderAccessProfile(store, p),
    });
  });

  r.get("/account-activities", (req, res) => {
    const store = s();
    const forId = identityParam(req, "requested-for");
    const byId = identityParam(req, "requested-by");
    const regarding = identityParam(req, "regarding-identity");
    if (regarding !== undefined && (forId !== undefined || byId !== undefined)) {
      throw problem(ISC_ERRORS.badRequest, "regarding-identity cannot be combined with requested-for or requested-by.");
    }
    const rows = store.world.isc.activities.filter(
      (a) =>
        (forId === undefined || a.targetIdentityId === forId) &&
        (byId === undefined || a.requesterIdentityId === byId) &&
        (regarding === undefined || a.targetIdentityId === regarding || a.requesterIdentityId === regarding),
    );
    sendCollection(store, req, res, rows, {
      fields: ACTIVITY_FIELDS,
      sorters: ACTIVITY_SORTERS,
      render: (a) => renderActivity(store, a),
    });
  });

  r.get("/account-activities/:id", (req, res) => {
    const a = s().world.isc.activities.find((x) => x.id === req.params.id);
    if (!a) throw problem(ISC_ERRORS.notFound, `Account activity ${req.params.id} was not found.`);
    res.json(renderActivity(s(), a));
  });

  r.use(accessRequestRoutes(handle));
  return r;
}
