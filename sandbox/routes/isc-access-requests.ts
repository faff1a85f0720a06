// `POST /access-requests`: validate the whole request, then hand each identity's items to ISC's Atlassian connector.
//
// Sandbox choices: requests are auto-approved and provisioned before the 202 is sent (the real service queues them);
// only GRANT_ACCESS of ENTITLEMENT and ACCESS_PROFILE items is modelled; an item already pending or already held by
// the identity's account is answered under `existingRequests` (the spec: duplicates are cancelled).
import express, { type Router } from "express";
import type { SandboxHandle } from "../server";
import type { IscEntitlement, Store } from "../store";
import { correlatedAccount, submitAccessRequest } from "../actors/isc-connector";
import { problem } from "../problems";
import { ISC_ERRORS } from "../isc/errors";
import { int32Hash } from "./isc-collections";

interface RequestedItem {
  type: "ENTITLEMENT" | "ACCESS_PROFILE";
  id: string;
}

interface Outcome {
  requestedFor: string;
  requestedItemsDetails: RequestedItem[];
  attributesHash: number;
  accessRequestIds: string[];
}

function parseItems(body: Record<string, unknown>): { requestedFor: string[]; items: RequestedItem[] } {
  const { requestedFor, requestedItems, requestType } = body;
  if (requestType !== undefined && requestType !== null && requestType !== "GRANT_ACCESS") {
    throw problem(
      ISC_ERRORS.badRequest,
      `requestType "${String(requestType)}" is not modelled by the sandbox; only GRANT_ACCESS is.`,
    );
  }
  if (body.requestedForWithRequestedItems !== undefined && body.requestedForWithRequestedItems !== null) {
    throw problem(
      ISC_ERRORS.badRequest,
      "requestedForWithRequestedItems is not modelled by the sandbox; use requestedFor and requestedItems.",
    );
  }
  if (!Array.isArray(requestedFor) || requestedFor.length === 0 || !requestedFor.every((x) => typeof x === "string")) {
    throw problem(ISC_ERRORS.badRequest, "requestedFor is required: a non-empty array of identity ids.");
  }
  if (!Array.isArray(requestedItems) || requestedItems.length === 0) {
    throw problem(ISC_ERRORS.badRequest, "requestedItems is required: a non-empty array of {type, id}.");
  }
  const items = requestedItems.map((raw, i): RequestedItem => {
    const item = (raw ?? {}) as Record<string, unknown>;
    if (typeof item.id !== "string" || item.id === "") {
      throw problem(ISC_ERRORS.badRequest, `requestedItems[${i}].id is required.`);
    }
    if (item.type === "ROLE") {
      throw problem(
        ISC_ERRORS.badRequest,
        `requestedItems[${i}]: ROLE items are not modelled by the sandbox; request ENTITLEMENT or ACCESS_PROFILE.`,
      );
    }
    if (item.type !== "ENTITLEMENT" && item.type !== "ACCESS_PROFILE") {
      throw problem(
        ISC_ERRORS.badRequest,
        `requestedItems[${i}].type must be ACCESS_PROFILE, ROLE or ENTITLEMENT; got ${JSON.stringify(item.type)}.`,
      );
    }
    return { type: item.type, id: item.id };
  });
  return { requestedFor: requestedFor, items };
}

/** The entitlements one item grants; refuses unknown or non-requestable items, as ISC does. */
function entitlementsOf(store: Store, item: RequestedItem): IscEntitlement[] {
  const { isc } = store.world;
  if (item.type === "ENTITLEMENT") {
    const e = isc.entitlements.find((x) => x.id === item.id);
    if (!e) throw problem(ISC_ERRORS.badRequest, `Entitlement ${item.id} was not found.`);
    if (!e.requestable) throw problem(ISC_ERRORS.badRequest, `Entitlement ${e.name} (${e.id}) is not requestable.`);
    return [e];
  }
  const p = isc.accessProfiles.find((x) => x.id === item.id);
  if (!p) throw problem(ISC_ERRORS.badRequest, `Access profile ${item.id} was not found.`);
  if (!p.enabled || !p.requestable) {
    throw problem(ISC_ERRORS.badRequest, `Access profile ${p.name} (${p.id}) is not requestable.`);
  }
  return p.entitlementIds.map((id) => {
    const e = isc.entitlements.find((x) => x.id === id);
    if (!e) {
      throw problem(ISC_ERRORS.badRequest, `Access profile ${p.name} names entitlement ${id}, which no longer exists.`);
    }
    return e;
  });
}

/** Ids of earlier requests that already cover these entitlements for the identity (pending, or held by its account). */
function existingCover(store: Store, identityId: string, ents: IscEntitlement[]): string[] | undefined {
  const { isc } = store.world;
  const account = correlatedAccount(store, identityId);
  const covered = ents.every(
    (e) =>
      isc.pending.some((p) => p.identityId === identityId && p.entitlementId === e.id) ||
      account?.entitlementIds.includes(e.id),
  );
  if (!covered) return undefined;
  return isc.accessRequests
    .filter(
      (r) => r.requestedFor === identityId && r.requestedEntitlementIds.some((id) => ents.some((e) => e.id === id)),
    )
    .map((r) => r.id);
}

export function accessRequestRoutes(handle: SandboxHandle): Router {
  const r = express.Router();
  r.post("/access-requests", (req, res) => {
    const store = handle.store;
    const { requestedFor, items } = parseItems((req.body ?? {}) as Record<string, unknown>);
    for (const id of requestedFor) {
      if (!store.world.isc.identities.some((i) => i.id === id)) {
        throw problem(ISC_ERRORS.badRequest, `Identity ${id} was not found.`);
      }
    }
    const resolved = items.map((item) => ({ item, ents: entitlementsOf(store, item) }));
    const newRequests: Outcome[] = [];
    const existingRequests: Outcome[] = [];
    for (const identityId of requestedFor) {
      const fresh: Outcome = {
        requestedFor: identityId,
        requestedItemsDetails: [],
        attributesHash: 0,
        accessRequestIds: [],
      };
      const old: Outcome = {
        requestedFor: identityId,
        requestedItemsDetails: [],
        attributesHash: 0,
        accessRequestIds: [],
      };
      for (const { item, ents } of resolved) {
        const existing = existingCover(store, identityId, ents);
        if (existing) {
          old.requestedItemsDetails.push(item);
          old.accessRequestIds.push(...existing);
          continue;
        }
        const outcome = submitAccessRequest(store, {
          identityId,
          entitlementIds: ents.map((e) => e.id),
          accessProfileId: item.type === "ACCESS_PROFILE" ? item.id : undefined,
        });
        fresh.requestedItemsDetails.push(item);
        fresh.accessRequestIds.push(outcome.accessRequest.id);
      }
      for (const [out, list] of [
        [fresh, newRequests],
        [old, existingRequests],
      ] as const) {
        if (out.requestedItemsDetails.length === 0) continue;
        out.attributesHash = int32Hash([identityId, out.requestedItemsDetails]);
        list.push(out);
      }
    }
    store.save();
    res.status(202).json({ newRequests, existingRequests });
  });
  return r;
}
