// SailPoint ISC's side of Atlassian: account aggregation with correlation, and its connector provisioning access requests.
//
// Sandbox choices where the real service is uncertain (../shared/reference/sailpoint-isc-api.md §8, §11, §13):
// - The connector's CREATE is `POST /admin/v2/orgs/{orgId}/users/invite` with its own org API key; an existing email
//   answers 409 ADMIN-409-28 (the spec documents 409 for "user limit" only; which Atlassian API the real connector calls,
//   and its exact refusal, are unverified, §13.1). It never looks first (domain.md behaviour 1).
// - A failed CREATE keeps the requested entitlements assigned (`world.isc.pending`); the first aggregation that correlates
//   an account to the identity applies them (the "later refresh" is folded into aggregation). The request's activity
//   keeps completionStatus FAILURE and the 409 text in `errors`; its ADD items turn FINISHED when applied.
// - Requests are auto-approved and provisioned synchronously; a successful item is FINISHED at once (no COMMITED step).
// - ISC decides from its own account model: an entitlement the account already holds in ISC is not sent again; one it
//   does not hold is sent even if Atlassian already has the membership (Atlassian's 409 then fails the item).
// - Account nativeIdentity = Atlassian accountId, name = email; entitlement value = Atlassian group id, attribute
//   "groups" (the connector docs hint at the group name, §13.2). Correlation: account email equals identity email,
//   ignoring case. Accounts and groups gone from Atlassian are dropped from ISC at aggregation.
// - Only groups the connector itself created (per the audit log) aggregate as requestable: ISC's catalogue is its lane.
// - Error text follows the spec example: "sailpoint.connector.ConnectorException: ...".
// - Every Atlassian call the connector makes goes to the request log as `api-key:<label>` with the real path and
//   bodies: an aggregation reads users/search (expand groups) and groups/search in pages of 100.
import type { IscAccessRequest, IscAccount, IscActivity, IscEntitlement, IscTask, Store, User } from "../store";
import { addMember, createUser } from "../org/ops";
import { problem, type ApiProblem } from "../problems";
import { ISC_ERRORS } from "../isc/errors";
import { callAtlassian, connectorActor, directoryPath, orgApiPath, readAtlassian } from "./isc-connector-calls";
import { accountAttributes, syncAccounts, syncEntitlements } from "./isc-aggregation";

type Item = IscActivity["items"][number];
type RequestedObject = NonNullable<Item["accountRequestInfo"]>;

export interface AccessRequestInput {
  identityId: string;
  entitlementIds: string[];
  /** Set when the entitlements come from one requested access profile. */
  accessProfileId?: string;
  requesterIdentityId?: string | null;
}

export interface AccessRequestOutcome {
  accessRequest: IscAccessRequest;
  activity: IscActivity;
}

/** The account on the Atlassian source correlated to an identity, if ISC knows one. */
export function correlatedAccount(store: Store, identityId: string): IscAccount | undefined {
  const { accounts, sourceId } = store.world.isc;
  return accounts.find((a) => a.sourceId === sourceId && a.identityId === identityId && !a.uncorrelated);
}

function connectorError(method: string, path: string, e: ApiProblem): string {
  return `sailpoint.connector.ConnectorException: Atlassian answered ${e.status} to ${method} ${path}: [${e.code}] ${e.message}`;
}

/** Adds one group on Atlassian for a correlated account, unless ISC's account model already holds it. */
function provisionEntitlement(store: Store, account: IscAccount, ent: IscEntitlement): string | undefined {
  if (account.entitlementIds.includes(ent.id)) return undefined;
  const path = directoryPath(store, `/groups/${ent.value}/memberships`);
  const body = { accountId: account.nativeIdentity };
  const r = callAtlassian(store, { method: "POST", path, body, okStatus: 204 }, () =>
    addMember(store, connectorActor(store), ent.value, account.nativeIdentity),
  );
  if (!r.ok) return connectorError("POST", path, r.error);
  account.entitlementIds.push(ent.id);
  const groups = (account.attributes.groups as string[] | undefined) ?? [];
  account.attributes = { ...account.attributes, groups: [...groups, ent.value] };
  account.modified = store.nowIso();
  return undefined;
}

function applyPending(store: Store): number {
  const { isc } = store.world;
  const now = store.nowIso();
  let applied = 0;
  for (const p of [...isc.pending]) {
    const account = correlatedAccount(store, p.identityId);
    if (!account) continue;
    const activity = isc.activities.find((a) => a.id === p.activityId);
    const ent = isc.entitlements.find((e) => e.id === p.entitlementId);
    const item = activity?.items.find(
      (i) =>
        i.operation === "Add" &&
        i.provisioningState === "PENDING" &&
        (ent ? i.value === ent.value : i.accountRequestInfo?.requestedObjectId === p.entitlementId),
    );
    const error = ent
      ? provisionEntitlement(store, account, ent)
      : `Entitlement ${p.entitlementId} no longer exists on source ${isc.sourceName}.`;
    isc.pending = isc.pending.filter((x) => x !== p);
    applied++;
    if (item)
      Object.assign(item, {
        provisioningState: error ? "FAILED" : "FINISHED",
        nativeIdentity: account.nativeIdentity,
        modified: now,
      });
    if (activity) {
      activity.modified = now;
      if (error) activity.errors.push(error);
    }
    const request = isc.accessRequests.find((r) => r.activityId === p.activityId);
    if (request && !isc.pending.some((x) => x.activityId === p.activityId))
      request.status = error ? "FAILED" : "COMPLETED";
  }
  return applied;
}

/** An account aggregation of the Atlassian source: read Atlassian, update ISC's accounts and entitlements, correlate, apply pending access. */
export function runAggregation(store: Store, opts: { launcher?: string } = {}): IscTask {
  const launched = store.nowIso();
  const { users, groups } = readAtlassian(store);
  syncEntitlements(store, groups);
  const counts = syncAccounts(store, users);
  const applied = applyPending(store);
  const completed = store.nowIso();
  const task: IscTask = {
    id: store.newHexId(),
    type: "CLOUD_ACCOUNT_AGGREGATION",
    name: "Cloud Account Aggregation",
    description: "Aggregate from the specified application",
    launcher: opts.launcher ?? "Scheduled Aggregation",
    created: launched,
    launched,
    completed,
    completionStatus: "SUCCESS",
    messages: [],
    returns: [
      { displayLabel: "TASK_OUT_ACCOUNT_AGGREGATION_APPLICATIONS", attributeName: "applications" },
      { displayLabel: "TASK_OUT_ACCOUNT_AGGREGATION_TOTAL", attributeName: "total" },
      { displayLabel: "TASK_OUT_ACCOUNT_AGGREGATION_CREATED", attributeName: "created" },
      { displayLabel: "TASK_OUT_ACCOUNT_AGGREGATION_UPDATED", attributeName: "updated" },
      { displayLabel: "TASK_OUT_ACCOUNT_AGGREGATION_DELETED", attributeName: "deleted" },
    ],
    attributes: {
      appId: store.world.isc.sourceId,
      optimizedAggregation: "enabled",
      applications: store.world.isc.sourceName,
      ...counts,
      identities: store.world.isc.identities.length,
      pendingApplied: applied,
    },
    progress: "Completed",
    percentComplete: 100,
  };
  store.world.isc.tasks.push(task);
  return task;
}

function newItem(store: Store, operation: Item["operation"], name: string, fields: Partial<Item>): Item {
  const now = store.nowIso();
  return {
    id: store.newHexId(),
    name,
    operation,
    attribute: null,
    value: null,
    nativeIdentity: null,
    sourceId: store.world.isc.sourceId,
    accountRequestInfo: null,
    provisioningState: "PENDING",
    created: now,
    modified: now,
    ...fields,
  };
}

/** ISC grants entitlements to an identity through its Atlassian connector (domain.md behaviour 1): add to the correlated account, else CREATE without looking. */
export function submitAccessRequest(store: Store, input: AccessRequestInput): AccessRequestOutcome {
  const { isc } = store.world;
  const identity = isc.identities.find((i) => i.id === input.identityId);
  if (!identity) throw problem(ISC_ERRORS.badRequest, `Identity ${input.identityId} was not found.`);
  const ents = input.entitlementIds.map((id) => {
    const e = isc.entitlements.find((x) => x.id === id && x.sourceId === isc.sourceId);
    if (!e) throw problem(ISC_ERRORS.badRequest, `Entitlement ${id} was not found on source ${isc.sourceName}.`);
    return e;
  });
  const profile = input.accessProfileId ? isc.accessProfiles.find((p) => p.id === input.accessProfileId) : undefined;
  const requested = (e: IscEntitlement): RequestedObject =>
    profile
      ? { requestedObjectId: profile.id, requestedObjectName: profile.name, requestedObjectType: "ACCESS_PROFILE" }
      : { requestedObjectId: e.id, requestedObjectName: e.name, requestedObjectType: "ENTITLEMENT" };

  const now = store.nowIso();
  const activityId = store.newHexId();
  const activity: IscActivity = {
    id: activityId,
    name: activityId,
    type: "appRequest",
    created: now,
    modified: now,
    completed: null,
    completionStatus: "PENDING",
    executionStatus: "EXECUTING",
    requesterIdentityId: input.requesterIdentityId ?? null,
    targetIdentityId: identity.id,
    errors: [],
    warnings: [],
    items: [],
  };
  const accessRequest: IscAccessRequest = {
    id: store.newHexId(),
    requestedFor: identity.id,
    requestedEntitlementIds: ents.map((e) => e.id),
    status: "PENDING",
    activityId,
    created: now,
  };
  isc.activities.push(activity);
  isc.accessRequests.push(accessRequest);
  const addItem = (e: IscEntitlement) =>
    newItem(store, "Add", e.name, { attribute: e.attribute, value: e.value, accountRequestInfo: requested(e) });

  let account = correlatedAccount(store, identity.id);
  if (!account) {
    const path = orgApiPath(store, "/users/invite");
    const body = { emails: [identity.email], sendNotification: true };
    const create = newItem(store, "Create", `${isc.sourceName} account`, {
      accountRequestInfo: ents[0] ? requested(ents[0]) : null,
    });
    activity.items.push(create);
    const r = callAtlassian(
      store,
      {
        method: "POST",
        path,
        body,
        okStatus: 200,
        okBody: (u: User) => ({ data: [{ email: u.email, id: u.accountId, results: [] }] }),
      },
      () =>
        createUser(store, connectorActor(store), {
          email: identity.email,
          name: identity.name,
          managementSource: "invited",
        }),
    );
    if (!r.ok) {
      create.provisioningState = "FAILED";
      activity.errors.push(connectorError("POST", path, r.error));
      for (const e of ents) {
        activity.items.push(addItem(e));
        isc.pending.push({ identityId: identity.id, entitlementId: e.id, activityId });
      }
      Object.assign(activity, {
        completionStatus: "FAILURE",
        executionStatus: "COMPLETED",
        completed: store.nowIso(),
        modified: store.nowIso(),
      });
      accessRequest.status = "FAILED";
      return { accessRequest, activity };
    }
    const u = r.result;
    account = {
      id: store.newHexId(),
      name: u.email,
      nativeIdentity: u.accountId,
      sourceId: isc.sourceId,
      identityId: identity.id,
      uncorrelated: false,
      origin: "PROVISIONED",
      disabled: false,
      locked: false,
      attributes: accountAttributes(store, u),
      entitlementIds: [],
      created: store.nowIso(),
      modified: store.nowIso(),
    };
    isc.accounts.push(account);
    Object.assign(create, { provisioningState: "FINISHED", nativeIdentity: u.accountId, modified: store.nowIso() });
  }
  for (const e of ents) {
    const item = addItem(e);
    const error = provisionEntitlement(store, account, e);
    Object.assign(item, { provisioningState: error ? "FAILED" : "FINISHED", nativeIdentity: account.nativeIdentity });
    if (error) activity.errors.push(error);
    activity.items.push(item);
  }
  const failed = activity.items.some((i) => i.provisioningState === "FAILED");
  Object.assign(activity, {
    completionStatus: failed ? "FAILURE" : "SUCCESS",
    executionStatus: "COMPLETED",
    completed: store.nowIso(),
    modified: store.nowIso(),
  });
  accessRequest.status = failed ? "FAILED" : "COMPLETED";
  return { accessRequest, activity };
}
