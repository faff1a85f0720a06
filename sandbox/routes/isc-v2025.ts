// ISC routes v3 lacks (served under /v2025 and /beta): entitlements, load-accounts, task status, aggregation status.
//
// Sandbox choices: load-accounts runs the aggregation synchronously, yet answers with the task as launched (not yet
// completed) so clients must poll task-status like against the real service; an aggregation's status is readable for
// 1 h of sandbox time after it completed, then 404 (sailpoint-isc-api.md §5); the multipart body (file,
// disableOptimization) is ignored: every aggregation re-reads every account.
import express, { type Router } from "express";
import type { SandboxHandle } from "../server";
import type { IscEntitlement, IscTask } from "../store";
import type { FieldTable } from "../isc/filters";
import { runAggregation } from "../actors/isc-connector";
import { renderEntitlement, renderLoadAccountsTask, renderTaskStatus } from "./isc-render";
import { problem } from "../problems";
import { ISC_ERRORS } from "../isc/errors";
import { queryParam, sendCollection } from "./isc-collections";

const ENTITLEMENT_FIELDS: FieldTable<IscEntitlement> = {
  id: { ops: ["eq", "in"], get: (e) => e.id },
  name: { ops: ["eq", "in", "sw"], get: (e) => e.name },
  type: { ops: ["eq", "in"], get: () => "group" },
  attribute: { ops: ["eq", "in"], get: (e) => e.attribute },
  value: { ops: ["eq", "in", "sw"], get: (e) => e.value },
  "source.id": { ops: ["eq", "in"], get: (e) => e.sourceId },
  requestable: { ops: ["eq"], get: (e) => e.requestable },
  created: { ops: ["gt", "lt", "ge", "le"], get: (e) => e.created },
  modified: { ops: ["gt", "lt", "ge", "le"], get: (e) => e.modified },
  "owner.id": { ops: ["eq", "in"], get: () => undefined },
};
const ENTITLEMENT_SORTERS: Record<string, (e: IscEntitlement) => unknown> = {
  id: (e) => e.id,
  name: (e) => e.name,
  created: (e) => e.created,
  modified: (e) => e.modified,
  type: () => "group",
  attribute: (e) => e.attribute,
  value: (e) => e.value,
  "source.id": (e) => e.sourceId,
  requestable: (e) => e.requestable,
};

const TASK_FIELDS: FieldTable<IscTask> = {
  id: { ops: ["eq", "in"], get: (t) => t.id },
  sourceId: { ops: ["eq", "in"], get: (t) => t.attributes.appId },
  completionStatus: { ops: ["eq", "in", "isnull"], get: (t) => t.completionStatus },
  type: { ops: ["eq", "in"], get: (t) => t.type },
};

/** How long an aggregation's status stays readable after it completed. */
const AGGREGATION_STATUS_TTL_MS = 60 * 60_000;

export function iscV2025Routes(handle: SandboxHandle): Router {
  const r = express.Router();
  const s = () => handle.store;

  r.get("/entitlements", (req, res) => {
    const store = s();
    const accountId = queryParam(req, "account-id");
    if (accountId !== undefined && queryParam(req, "filters") !== undefined) {
      throw problem(ISC_ERRORS.badRequest, "account-id cannot be combined with filters.");
    }
    for (const p of ["segmented-for-identity", "for-segment-ids"]) {
      if (queryParam(req, p) !== undefined) {
        throw problem(ISC_ERRORS.badRequest, `${p} is not supported by the sandbox (no segments).`);
      }
    }
    let rows = store.world.isc.entitlements;
    if (accountId !== undefined) {
      const account = store.world.isc.accounts.find((a) => a.id === accountId);
      rows = account ? rows.filter((e) => account.entitlementIds.includes(e.id)) : [];
    }
    sendCollection(store, req, res, rows, {
      fields: ENTITLEMENT_FIELDS,
      sorters: ENTITLEMENT_SORTERS,
      render: (e) => renderEntitlement(store, e),
    });
  });

  r.post("/sources/:id/load-accounts", (req, res) => {
    const store = s();
    if (req.params.id !== store.world.isc.sourceId) {
      throw problem(ISC_ERRORS.badRequest, `Source ${req.params.id} was not found.`);
    }
    const task = runAggregation(store, { launcher: String(res.locals.actor?.name ?? "API") });
    store.save();
    res.status(202).json(renderLoadAccountsTask(task));
  });

  r.get("/task-status", (req, res) => {
    sendCollection(s(), req, res, s().world.isc.tasks, {
      fields: TASK_FIELDS,
      sorters: { created: (t) => t.created },
      render: renderTaskStatus,
    });
  });

  r.get("/task-status/:id", (req, res) => {
    const t = s().world.isc.tasks.find((x) => x.id === req.params.id);
    if (!t) throw problem(ISC_ERRORS.notFound, `Task status ${req.params.id} was not found.`);
    res.json(renderTaskStatus(t));
  });

  r.get("/account-aggregations/:id/status", (req, res) => {
    const store = s();
    const t = store.world.isc.tasks.find((x) => x.id === req.params.id && x.type === "CLOUD_ACCOUNT_AGGREGATION");
    const expired = t?.completed && store.nowMs() - Date.parse(t.completed) > AGGREGATION_STATUS_TTL_MS;
    if (!t || expired) {
      throw problem(
        ISC_ERRORS.notFound,
        `Account aggregation ${req.params.id} was not found (statuses are kept for 1 hour after completion).`,
      );
    }
    const a = t.attributes as Record<string, number>;
    const changed = (a.created ?? 0) + (a.updated ?? 0);
    res.json({
      start: t.launched,
      status: t.completed ? "COMPLETED" : "STARTED",
      totalAccounts: changed + (a.deleted ?? 0),
      processedAccounts: changed,
      totalAccountsMarkedForDeletion: a.deleted ?? 0,
      deletedAccounts: a.deleted ?? 0,
      totalIdentities: a.correlated ?? 0,
      processedIdentities: a.correlated ?? 0,
    });
  });

  return r;
}
