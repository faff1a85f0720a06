// Wire shapes of ISC objects (spec components Source, Account, Entitlement, AccessProfile, AccountActivity, TaskStatus).
import { createHash } from "node:crypto";
import { findById } from "../org/lookup";
import type { IscAccessProfile, IscAccount, IscActivity, IscEntitlement, IscTask, Store } from "../store";

/** When the sandbox's Atlassian source was set up in ISC (fixed: the scenario predates it). */
const SOURCE_CREATED = "2024-02-01T09:00:00.000Z";
export const CONNECTOR_NAME = "Atlassian Suite - Cloud";

/** Stable 32-hex ids for the source's satellite objects (owner, cluster, schemas), the same on every reset. */
export function derivedId(store: Store, label: string): string {
  return createHash("sha1").update(`${store.world.isc.sourceId}:${label}`).digest("hex").slice(0, 32);
}

export function sourceOwner(store: Store) {
  return { type: "IDENTITY" as const, id: derivedId(store, "owner"), name: "ISC Source Admin" };
}

export function sourceRef(store: Store) {
  return { id: store.world.isc.sourceId, type: "SOURCE", name: store.world.isc.sourceName };
}

export function renderSource(store: Store) {
  const w = store.world;
  const ref = (type: string, label: string, name: string) => ({ type, id: derivedId(store, label), name });
  return {
    id: w.isc.sourceId,
    name: w.isc.sourceName,
    description: "Atlassian Cloud organization: accounts and groups, provisioned through the org API.",
    owner: sourceOwner(store),
    cluster: ref("CLUSTER", "cluster", `${w.isc.tenant}-va-cluster`),
    accountCorrelationConfig: ref(
      "ACCOUNT_CORRELATION_CONFIG",
      "correlation",
      `${w.isc.sourceName} [source] Account Correlation`,
    ),
    accountCorrelationRule: null,
    managerCorrelationRule: null,
    beforeProvisioningRule: null,
    schemas: [ref("CONNECTOR_SCHEMA", "schema:account", "account"), ref("CONNECTOR_SCHEMA", "schema:group", "group")],
    passwordPolicies: null,
    features: ["PROVISIONING", "GROUP_PROVISIONING", "ENABLE", "SEARCH", "NO_PERMISSIONS_PROVISIONING"],
    type: CONNECTOR_NAME,
    connector: "atlassian-suite-cloud",
    connectorClass: "openconnector.connector.atlassian.AtlassianSuiteCloudConnector",
    connectorAttributes: {
      organizationId: w.org.id,
      directoryId: w.org.directoryId,
      apiTokenId: w.isc.connectorTokenId,
    },
    deleteThreshold: 10,
    authoritative: false,
    managementWorkgroup: null,
    healthy: true,
    status: "SOURCE_STATE_HEALTHY",
    since: SOURCE_CREATED,
    connectorId: "atlassian-suite-cloud",
    connectorName: CONNECTOR_NAME,
    connectionType: "direct",
    connectorImplementationId: "atlassian-suite-cloud",
    created: SOURCE_CREATED,
    modified: SOURCE_CREATED,
    credentialProviderEnabled: false,
    category: null,
  };
}

/** An identity by id, without a scan per call: a page of 250 accounts renders 250 of them (org/lookup.ts). */
export function identityOf(store: Store, id: string | null | undefined) {
  return id ? findById(store.world.isc.identities, id, (i) => i.id) : undefined;
}

// recommendation, ownerIdentity and managerCorrelationMapping are left out rather than null: the spec declares them as
// allOf [object, {nullable: true}], which validators read as "must be an object".
export function renderAccount(store: Store, a: IscAccount) {
  const identity = identityOf(store, a.identityId);
  return {
    id: a.id,
    name: a.name,
    created: a.created,
    modified: a.modified,
    sourceId: a.sourceId,
    sourceName: store.world.isc.sourceName,
    ...(identity ? { identityId: identity.id } : {}),
    cloudLifecycleState: identity ? "active" : null,
    identityState: identity ? "ACTIVE" : null,
    connectionType: "direct",
    isMachine: false,
    attributes: a.attributes,
    authoritative: false,
    description: null,
    disabled: a.disabled,
    locked: a.locked,
    nativeIdentity: a.nativeIdentity,
    systemAccount: false,
    uncorrelated: a.uncorrelated,
    uuid: a.uuid ?? null,
    manuallyCorrelated: false,
    hasEntitlements: a.entitlementIds.length > 0,
    ...(identity ? { identity: { id: identity.id, type: "IDENTITY", name: identity.name } } : {}),
    sourceOwner: sourceOwner(store),
    features: "PROVISIONING, GROUP_PROVISIONING, ENABLE",
    origin: a.origin,
  };
}

export function renderEntitlement(store: Store, e: IscEntitlement) {
  return {
    id: e.id,
    name: e.name,
    attribute: e.attribute,
    value: e.value,
    sourceSchemaObjectType: "group",
    description: e.description,
    privileged: false,
    cloudGoverned: false,
    requestable: e.requestable,
    owner: null,
    additionalOwners: null,
    manuallyUpdatedFields: null,
    accessModelMetadata: { attributes: [] },
    created: e.created,
    modified: e.modified,
    source: sourceRef(store),
    attributes: { groupId: e.value, groupName: e.name },
    segments: [],
    directPermissions: [],
  };
}

export function renderAccessProfile(store: Store, p: IscAccessProfile) {
  const ents = store.world.isc.entitlements;
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    created: p.created,
    modified: p.modified,
    enabled: p.enabled,
    owner: sourceOwner(store),
    source: { id: p.sourceId, type: "SOURCE", name: store.world.isc.sourceName },
    entitlements: p.entitlementIds.map((id) => ({
      type: "ENTITLEMENT",
      id,
      name: ents.find((e) => e.id === id)?.name ?? null,
    })),
    requestable: p.requestable,
    accessRequestConfig: null,
    revocationRequestConfig: null,
    segments: [],
    provisioningCriteria: null,
    additionalOwners: null,
  };
}

const OPERATION = { Add: "ADD", Create: "CREATE", Remove: "REMOVE", Modify: "MODIFY" } as const;

function identitySummary(store: Store, id: string | null, completed: boolean) {
  const identity = identityOf(store, id);
  return identity ? { id: identity.id, name: identity.name, identityId: identity.id, completed } : null;
}

export function renderActivity(store: Store, a: IscActivity) {
  return {
    id: a.id,
    name: a.name,
    created: a.created,
    modified: a.modified,
    completed: a.completed,
    completionStatus: a.completionStatus,
    type: a.type,
    requesterIdentitySummary: identitySummary(store, a.requesterIdentityId, a.completed !== null),
    targetIdentitySummary: identitySummary(store, a.targetIdentityId, a.completed !== null),
    errors: a.errors,
    warnings: a.warnings,
    items: a.items.map((i) => ({
      id: i.id,
      name: i.name,
      requested: i.created,
      approvalStatus: "FINISHED",
      provisioningStatus: i.provisioningState,
      requesterComment: null,
      reviewerIdentitySummary: null,
      reviewerComment: null,
      operation: OPERATION[i.operation],
      attribute: i.attribute,
      value: i.value,
      nativeIdentity: i.nativeIdentity,
      sourceId: i.sourceId,
      accountRequestInfo: i.accountRequestInfo,
      clientMetadata: null,
      removeDate: null,
    })),
    executionStatus: a.executionStatus,
    clientMetadata: null,
  };
}

/** `GET /task-status/{id}` (spec TaskStatus): the task definition goes in uniqueName, `type` is the scheduler kind. */
export function renderTaskStatus(t: IscTask) {
  return {
    id: t.id,
    type: "QUARTZ",
    uniqueName: t.name,
    description: t.description,
    parentName: null,
    launcher: t.launcher,
    target: null,
    created: t.created,
    modified: t.completed ?? t.launched,
    launched: t.launched,
    completed: t.completed,
    completionStatus: t.completionStatus,
    messages: t.messages.map((m) => ({
      type: m.type,
      localizedText: { locale: "en-US", message: m.key },
      key: m.key,
      parameters: m.parameters,
    })),
    returns: t.returns.map((r) => ({ name: r.displayLabel, attributeName: r.attributeName })),
    attributes: t.attributes,
    progress: t.progress,
    percentComplete: t.percentComplete,
  };
}

/** `POST /sources/{id}/load-accounts` (spec LoadAccountsTask): the task as launched, before it has run. */
export function renderLoadAccountsTask(t: IscTask) {
  return {
    success: true,
    task: {
      id: t.id,
      type: "QUARTZ",
      name: t.name,
      description: t.description,
      launcher: t.launcher,
      created: t.created,
      launched: t.launched,
      // completed and completionStatus stay unset while the task runs (the spec's completionStatus enum has no null).
      parentName: null,
      messages: [],
      progress: "Initializing...",
      attributes: {
        appId: String(t.attributes.appId),
        optimizedAggregation: String(t.attributes.optimizedAggregation),
      },
      returns: t.returns,
    },
  };
}
