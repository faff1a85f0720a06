// The bare org every scenario starts from: ids, credentials of the sandbox (not secrets), 10 sites, no people.
import { Store, defaultFaults, type World, type Product } from "../store";

/** Sandbox credentials: fixed, public, and only ever valid against the sandbox. */
export const SANDBOX_CREDENTIALS = {
  orgApiKeys: {
    pulumi: "sandbox-org-key-pulumi-ci",
    isc: "sandbox-org-key-isc-connector",
    admin: "sandbox-org-key-admin-script",
  },
  scimToken: "sandbox-scim-token-entra",
  iscClientId: "sandbox-isc-client",
  iscClientSecret: "sandbox-isc-client-secret",
  /** The client ISC's own connector and aggregation jobs run as. */
  iscConnectorClientId: "sandbox-isc-connector-client",
};

export const SITES = ["eu", "us", "uk", "de", "fr", "jp", "br", "ca", "au", "in"].map((r) => `acme-${r}.atlassian.net`);
export const PRODUCTS: Product[] = ["jira-software", "confluence", "jira-servicedesk"];

/** Scenario start: 14:30 UTC, half an hour before the j.smith story's SCIM push. */
export const SCENARIO_START = "2026-11-23T14:30:00.000Z";

export function buildEmpty(seed = "empty"): World {
  const world: World = {
    seed,
    idCounter: 0,
    clock: { baseMs: Date.parse(SCENARIO_START), setAtRealMs: Date.now() },
    org: {
      id: "",
      name: "Acme Corp",
      directoryId: "",
      directoryName: "Acme",
      apiKeys: [],
      workspaces: [],
      users: [],
      groups: [],
      roles: [],
      userRoles: [],
      activity: [],
      appAccess: [],
    },
    scim: {
      directoryId: "",
      directoryName: "Entra ID",
      token: SANDBOX_CREDENTIALS.scimToken,
      tokenId: "",
      users: [],
      groups: [],
    },
    idp: { name: "Entra ID", users: [], groups: [], lastSyncAt: null },
    isc: {
      tenant: "acme",
      clients: [
        {
          clientId: SANDBOX_CREDENTIALS.iscClientId,
          clientSecret: SANDBOX_CREDENTIALS.iscClientSecret,
          name: "atlassian-access (read)",
        },
      ],
      tokens: [],
      sourceId: "",
      sourceName: "Atlassian Cloud",
      connectorTokenId: "",
      identities: [],
      accounts: [],
      entitlements: [],
      accessProfiles: [],
      activities: [],
      accessRequests: [],
      tasks: [],
      pending: [],
    },
    admins: [],
    events: [],
    requests: [],
    faults: defaultFaults(),
    settings: { rateLimits: true, eventsRateLimit: true, roleConsistencyMs: 0, iscTokenTtlSeconds: 749 },
    rateWindows: {},
  };
  const store = new Store(world);
  world.org.id = store.newUuid();
  world.org.directoryId = store.newUuid();
  world.scim.directoryId = store.newUuid();
  world.scim.tokenId = store.newUuid();
  world.isc.sourceId = store.newHexId();
  const key = (purpose: "pulumi" | "isc" | "admin", label: string) => ({
    token: SANDBOX_CREDENTIALS.orgApiKeys[purpose],
    tokenId: store.newUuid(),
    label,
    // The key's bot account: a 24-hex account id, as real API keys' events show (REALITY.md).
    accountId: store.newHexId().slice(0, 24),
    purpose,
  });
  world.org.apiKeys = [key("pulumi", "pulumi-ci"), key("isc", "sailpoint-isc-connector"), key("admin", "admin-script")];
  world.isc.connectorTokenId = world.org.apiKeys[1].tokenId;
  world.admins = [{ accountId: store.newAccountId(), email: "alex.admin@acme.example", name: "Alex Admin" }];
  for (const host of SITES) {
    const cloudId = store.newUuid();
    for (const product of PRODUCTS) {
      world.org.workspaces.push({
        id: `ari:cloud:${product}::site/${cloudId}`,
        cloudId,
        product,
        host,
        siteName: host.split(".")[0],
        createdAt: "2024-01-15T09:00:00.000Z",
      });
    }
  }
  return world;
}
