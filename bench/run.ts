// `npm run bench`: figures, not assertions. (1) The drift rules over a synthetic large org; (2) the sandbox's user search
// throughput through the provider's org client, and the request count of one full org-snapshot read.
//
// Everything runs in this process: the sandbox server and its client share one event loop, so the request rates are
// a floor for a sandbox serving another process. Rate limits are switched off to measure the sandbox, not its quota.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { performance } from "node:perf_hooks";
import type { ActorLanes, AuditEntry } from "../provider/rules/attribution";
import { orgFindings } from "../provider/rules/drift";
import { groupFindings, type DeclaredGroup } from "../provider/rules/membership";
import {
  SnapshotView,
  type IscView,
  type OrgSnapshot,
  type ScimView,
  type SnapGroup,
  type SnapRole,
  type SnapUser,
} from "../provider/rules/snapshot";
import type { Split } from "../provider/rules/split";
import { createOrgClient } from "../provider/clients/atlassian/org-client";
import { startSandbox } from "../sandbox/server";
import { SANDBOX_CREDENTIALS } from "../sandbox/scenarios/empty";
import { prng as scalePrng } from "../sandbox/scenarios/scale";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const SIZE = {
  sites: 10,
  products: 3,
  users: 20_000,
  groups: 2_000,
  events: 50_000,
  iscAccounts: 5_000,
  declared: 500,
};

// ---------------------------------------------------------------------------------------------------------------
// Output helpers
// ---------------------------------------------------------------------------------------------------------------

const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const num = (x: number) => x.toLocaleString("en-US");

function table(title: string, rows: [string, string][]): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  console.log("-".repeat(title.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}

function heap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// ---------------------------------------------------------------------------------------------------------------
// (1) Synthetic org
// ---------------------------------------------------------------------------------------------------------------

/** The scale scenario's PRNG, so every run measures the same org; `pick` on top of it. */
function prng(seed: number) {
  const r = scalePrng(seed);
  return { ...r, pick: <T>(xs: T[]) => xs[r.int(xs.length)] };
}

const LANES: ActorLanes = { "pulumi-ci": "pulumi", "isc-connector": "isc" };
const SPLIT: Split = {
  accountCreator: "scim",
  scim: { groups: ["dept-*"] },
  isc: { groups: ["jira-*"] },
  pulumi: { groups: ["platform-*"] },
};

function syntheticOrg(): { snap: OrgSnapshot; declared: DeclaredGroup[] } {
  const r = prng(42);
  const T0 = Date.parse("2026-11-20T00:00:00.000Z");
  const PRODUCTS = ["jira-software", "confluence", "jira-servicedesk"].slice(0, SIZE.products);
  const workspaces = Array.from({ length: SIZE.sites }, (_, s) =>
    PRODUCTS.map((p) => ({ id: `ari:cloud:${p}::site/site-${s}`, host: `acme-${s}.atlassian.net`, product: p })),
  ).flat();

  // Groups: 15% synced dept-* (scim), 30% jira-* (isc), 40% platform-* (pulumi), 5% synced unclaimed, 10% local unclaimed.
  const groups: SnapGroup[] = [];
  const kinds: [string, boolean, number][] = [
    ["dept", true, 0.15],
    ["jira", false, 0.3],
    ["platform", false, 0.4],
    ["team", true, 0.05],
    ["misc", false, 0.1],
  ];
  for (const [prefix, synced, share] of kinds) {
    const n = Math.round(SIZE.groups * share);
    for (let i = 0; i < n; i++) groups.push({ id: `g-${prefix}-${i}`, name: `${prefix}-${i}`, synced });
  }
  const byPrefix = (p: string) => groups.filter((g) => g.name.startsWith(`${p}-`));
  const dept = byPrefix("dept");
  const jira = byPrefix("jira");

  // Users: 90% synced, 10% invited; each in one dept group and four others. Every 400th invited user has a synced twin.
  const users: SnapUser[] = [];
  for (let i = 0; i < SIZE.users; i++) {
    const invited = i % 10 === 0;
    const gs = new Set([r.pick(dept).id, ...Array.from({ length: 4 }, () => r.pick(groups).id)]);
    users.push({
      accountId: `acc-${i}`,
      email: invited ? `user${i}@contractor.example` : `user${i}@acme.example`,
      name: invited && i % 400 === 0 ? `User ${i + 1}` : `User ${i}`,
      managementSource: invited ? "invited" : "synced",
      accountStatus: "active",
      groups: [...gs],
    });
  }

  const roles: SnapRole[] = [];
  for (const g of groups) {
    if (r.next() < 0.5)
      roles.push({
        groupId: g.id,
        resourceId: r.pick(workspaces).id,
        role: r.pick(["atlassian/user", "atlassian/admin", "atlassian/basic"]),
      });
  }

  const actors: AuditEntry["actor"][] = [
    { id: "svc-pulumi", name: "pulumi-ci", authType: "api-token", tokenLabel: "pulumi-ci" },
    { id: "svc-isc", name: "isc-connector", authType: "api-token", tokenLabel: "isc-connector" },
    {
      id: "scim:dir-1",
      name: "User provisioning (Entra)",
      authType: "container-token",
      tokenLabel: "Entra SCIM token",
    },
    ...Array.from({ length: 10 }, (_, i) => ({
      id: `acc-admin-${i}`,
      name: `Admin ${i}`,
      email: `admin${i}@acme.example`,
    })),
    { id: "svc-other", name: "reporting-script", authType: "api-token", tokenLabel: "reporting-script" },
  ];
  const actions: [string, number][] = [
    ["user_added_to_group", 0.5],
    ["user_removed_from_group", 0.2],
    ["group_granted_product_access", 0.1],
    ["group_revoked_product_access", 0.05],
    ["scim_user_create", 0.08],
    ["user_invited", 0.05],
    ["group_created", 0.01],
    ["group_deleted", 0.01],
  ];
  const pickAction = () => {
    let x = r.next();
    for (const [a, p] of actions) if ((x -= p) < 0) return a;
    return actions[0][0];
  };
  const events: AuditEntry[] = [];
  for (let i = 0; i < SIZE.events; i++) {
    const action = pickAction();
    const e: AuditEntry = {
      id: `ev-${i}`,
      time: new Date(T0 + r.int(72 * 3_600_000)).toISOString(),
      action,
      actor: r.pick(actors),
    };
    const u = r.pick(users);
    const g = r.pick(groups);
    if (action.startsWith("user_")) Object.assign(e, { accountId: u.accountId, email: u.email });
    if (action.includes("group")) Object.assign(e, { groupId: g.id, groupName: g.name });
    if (action.startsWith("group_role")) {
      const ws = r.pick(workspaces);
      Object.assign(e, {
        resourceId: ws.id,
        host: ws.host,
        product: ws.product,
        role: r.pick(["atlassian/user", "atlassian/admin"]),
      });
    }
    events.push(e);
  }

  const jiraIds = new Set(jira.map((g) => g.id));
  const isc: IscView = {
    sourceId: "src-atlassian",
    accounts: users.slice(0, SIZE.iscAccounts).map((u, i) => ({
      id: `isc-${i}`,
      nativeIdentity: u.accountId,
      name: u.email,
      identityId: i % 50 === 0 ? undefined : `ident-${i}`,
      uncorrelated: i % 50 === 0,
      // ISC's record mostly agrees with Atlassian: every 20th account misses one entitlement or holds an extra one.
      groups: [...u.groups.filter((id) => jiraIds.has(id) && i % 20 !== 0), ...(i % 20 === 1 ? [r.pick(jira).id] : [])],
    })),
    activities: Array.from({ length: 300 }, (_, i) => {
      const u = users[i * 7];
      const failed = i % 3 === 0;
      return {
        id: `act-${i}`,
        created: new Date(T0 + r.int(72 * 3_600_000)).toISOString(),
        completionStatus: failed ? "FAILURE" : "SUCCESS",
        targetName: u.name,
        errors: failed
          ? [
              `sailpoint.connector.ConnectorException: Atlassian answered 409 to POST /admin/v2/orgs/o/users/invite: [ADMIN-409-28] An account with email ${u.email} already exists.`,
            ]
          : [],
        items: [
          { operation: "CREATE", provisioningStatus: failed ? "FAILED" : "FINISHED", sourceId: "src-atlassian" },
          {
            operation: "ADD",
            provisioningStatus: failed ? "PENDING" : "FINISHED",
            value: r.pick(jira).id,
            sourceId: "src-atlassian",
          },
        ],
      };
    }),
  };

  const scim: ScimView = {
    users: users
      .filter((u) => u.managementSource === "synced" || u.accountId.endsWith("0000"))
      .map((u) => ({
        id: `su-${u.accountId}`,
        userName: u.email,
        email: u.email,
        displayName: u.name,
        active: true,
        accountId: u.managementSource === "synced" ? u.accountId : undefined,
      })),
    groups: [...dept, ...byPrefix("team"), ...byPrefix("misc").slice(0, 20)].map((g) => ({
      id: `sg-${g.id}`,
      displayName: g.name,
    })),
  };

  // Declared: half code-owned groups with a members list (one member short, one extra), half ISC-owned.
  const members = new Map<string, string[]>();
  for (const u of users) for (const g of u.groups) (members.get(g) ?? members.set(g, []).get(g)!).push(u.email);
  const declared: DeclaredGroup[] = [
    ...byPrefix("platform")
      .slice(0, SIZE.declared / 2)
      .map((g): DeclaredGroup => ({
        id: g.id,
        name: g.name,
        owner: "pulumi",
        members: [...(members.get(g.id) ?? []).slice(1), `new-hire-${g.id}@acme.example`],
      })),
    ...jira.slice(0, SIZE.declared / 2).map((g): DeclaredGroup => ({ id: g.id, name: g.name, owner: "isc" })),
  ];

  return {
    snap: { takenAt: new Date(T0 + 72 * 3_600_000).toISOString(), groups, users, roles, workspaces, scim, isc, events },
    declared,
  };
}

function benchRules(): void {
  const tBuild = performance.now();
  const { snap, declared } = syntheticOrg();
  const buildMs = performance.now() - tBuild;

  const runs: { view: number; org: number; group: number; heap: number; orgCount: number; groupCount: number }[] = [];
  const keep: unknown[] = [];
  for (let run = 0; run < 2; run++) {
    const h0 = heap();
    const t0 = performance.now();
    const view = new SnapshotView(snap, LANES);
    const t1 = performance.now();
    const org = orgFindings(view, SPLIT);
    const t2 = performance.now();
    let groupCount = 0;
    const perGroup = declared.map((g) => groupFindings(view, g));
    for (const fs of perGroup) groupCount += fs.length;
    const t3 = performance.now();
    keep.push(view, org, perGroup); // alive while the heap is measured
    const h1 = heap();
    runs.push({ view: t1 - t0, org: t2 - t1, group: t3 - t2, heap: h1 - h0, orgCount: org.length, groupCount });
    keep.length = 0;
  }
  const [cold, warm] = runs;
  const both = (f: (x: (typeof runs)[number]) => number, fmt: (x: number) => string) =>
    `${fmt(f(cold)).padStart(9)} cold  ${fmt(f(warm)).padStart(9)} warm`;
  const kinds = new Map<string, number>();
  for (const f of orgFindings(new SnapshotView(snap, LANES), SPLIT)) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);

  table(
    `Drift rules: ${SIZE.sites} sites x ${SIZE.products} products, ${num(SIZE.users)} users, ${num(SIZE.groups)} groups, ${num(SIZE.events)} events, ${num(SIZE.iscAccounts)} ISC accounts`,
    [
      ["build synthetic snapshot", ms(buildMs)],
      ["new SnapshotView", both((x) => x.view, ms)],
      ["orgFindings", both((x) => x.org, ms)],
      [`groupFindings x ${declared.length} groups`, both((x) => x.group, ms)],
      ["total", both((x) => x.view + x.org + x.group, ms)],
      ["heap retained (view + findings)", both((x) => x.heap, mb)],
      ["org findings", num(cold.orgCount)],
      ["group findings", num(cold.groupCount)],
      [
        "org findings by kind",
        [...kinds]
          .sort()
          .map(([k, n]) => `${k} ${n}`)
          .join(", "),
      ],
    ],
  );
}

// ---------------------------------------------------------------------------------------------------------------
// (2) Sandbox
// ---------------------------------------------------------------------------------------------------------------

async function benchSandbox(): Promise<void> {
  const tStart = performance.now();
  const sb = await startSandbox({ scenario: "acme", settings: { rateLimits: false } });
  const startMs = performance.now() - tStart;
  try {
    const w = sb.store.world.org;
    const org = createOrgClient({
      apiUrl: sb.url,
      orgId: w.id,
      directoryId: w.directoryId,
      apiKey: SANDBOX_CREDENTIALS.orgApiKeys.pulumi,
    });
    const logged = () => sb.store.world.requests.length;

    /** Walks every page of users/search `walks` times, `parallel` walks at once. */
    async function walk(limit: number, parallel: number, seconds: number) {
      await org.searchDirectoryUsers({ limit }); // warm-up
      const r0 = logged();
      const t0 = performance.now();
      let users = 0;
      let walks = 0;
      while (performance.now() - t0 < seconds * 1000) {
        const got = await Promise.all(Array.from({ length: parallel }, () => org.searchDirectoryUsers({ limit })));
        users += got.reduce((n, xs) => n + xs.length, 0);
        walks += parallel;
      }
      const s = (performance.now() - t0) / 1000;
      const requests = logged() - r0;
      return `${String(Math.round(requests / s)).padStart(5)} req/s  ${String(Math.round(users / s)).padStart(6)} users/s  (${walks} walks, ${requests} requests)`;
    }

    const rows: [string, string][] = [
      [
        `start sandbox (acme: ${w.users.length} users, ${w.groups.length} groups, ${w.workspaces.length} workspaces)`,
        ms(startMs),
      ],
    ];
    rows.push(["users/search, limit 100, 1 walk at a time", await walk(100, 1, 3)]);
    rows.push(["users/search, limit 10, 1 walk at a time", await walk(10, 1, 3)]);
    rows.push(["users/search, limit 10, 4 walks at once", await walk(10, 4, 3)]);
    rows.push(["users/search, limit 100, expand groups", await walk100Expand()]);

    async function walk100Expand() {
      const r0 = logged();
      const t0 = performance.now();
      let n = 0;
      while (performance.now() - t0 < 2000) {
        await org.searchDirectoryUsers({ limit: 100, expand: ["groups"] });
        n++;
      }
      const s = (performance.now() - t0) / 1000;
      return `${String(Math.round((logged() - r0) / s)).padStart(5)} req/s  (${n} walks)`;
    }

    // One org-snapshot read, as org/snapshot.ts makes it: groups, users with groups, workspaces, then roles per group.
    const { requests: before } = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as {
      requests: { seq: number }[];
    };
    const since = before.length ? before[before.length - 1].seq : 0;
    const t0 = performance.now();
    const [groups, users, workspaces] = await Promise.all([
      org.searchDirectoryGroups({}),
      org.searchDirectoryUsers({ expand: ["groups"] }),
      org.queryWorkspaces(),
    ]);
    const roles = await Promise.all(groups.map((g) => org.getGroupRoleAssignments(g.id)));
    const readMs = performance.now() - t0;
    const { requests } = (await (await fetch(`${sb.url}/__sandbox/requests?since=${since}&api=org`)).json()) as {
      requests: { method: string; path: string; status: number }[];
    };
    const byOp = new Map<string, number>();
    for (const q of requests) {
      const op = `${q.method} ${q.path.replace(/\/groups\/[^/]+\/role-assignments$/, "/groups/{id}/role-assignments").replace(/^.*\/(directories\/[^/]+\/|orgs\/[^/]+\/)/, "")}`;
      byOp.set(op, (byOp.get(op) ?? 0) + 1);
    }
    rows.push([
      "full org snapshot read",
      `${ms(readMs)}, ${requests.length} requests (${[...byOp].map(([op, n]) => `${n} ${op}`).join(", ")}); ` +
        `${groups.length} groups, ${users.length} users, ${workspaces.length} workspaces, ${roles.flat().length} role assignments`,
    ]);
    table("Sandbox (in-process, rate limits off), provider org client", rows);
  } finally {
    await sb.close();
  }
}

async function main() {
  const t0 = performance.now();
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  benchRules();
  await benchSandbox();
  console.log(`\nbench took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
