// `node -r ts-node/register/transpile-only bench/pages.ts [size] [reps]`: the sandbox's answer time per page of the
// big lists the provider reads (org users and groups, SCIM users and groups, ISC accounts), first page and a late
// page, at a bench size (default xl), quotas off, in-process; then the whole lists as the provider's clients read
// them (their parsing included). Run it under `node --cpu-prof` to see where a page's time goes. Figures, not
// assertions (test/sandbox/page-cost.test.ts counts the items a page touches).
import { performance } from "node:perf_hooks";
import { startSandbox } from "../sandbox/server";
import { SANDBOX_CREDENTIALS } from "../sandbox/scenarios/empty";
import { SIZES } from "./engine";
import { createOrgClient } from "../provider/clients/atlassian/org-client";
import { createScimClient } from "../provider/clients/scim/scim-client";
import { createIscClient } from "../provider/clients/isc/isc-client";

type Sb = Awaited<ReturnType<typeof startSandbox>>;

async function send(sb: Sb, method: string, path: string, token: string, body?: unknown): Promise<unknown> {
  const res = await fetch(sb.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Milliseconds for `f`, median of `reps`. */
async function time(reps: number, f: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return +ms[Math.floor(ms.length / 2)].toFixed(1);
}

async function main() {
  const size = process.argv[2] ?? "xl";
  const reps = Number(process.argv[3] ?? 5);
  const t0 = performance.now();
  const sb = await startSandbox({
    scenario: SIZES[size].scenario,
    settings: { rateLimits: false, eventsRateLimit: false },
  });
  console.log(`${size}: sandbox built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const w = sb.store.world;
  const org = `/admin/v2/orgs/${w.org.id}/directories/${w.org.directoryId}`;
  const key = SANDBOX_CREDENTIALS.orgApiKeys.pulumi;
  const scim = `/scim/directory/${w.scim.directoryId}`;
  const tok = (await send(
    sb,
    "POST",
    `/oauth/token?grant_type=client_credentials&client_id=${SANDBOX_CREDENTIALS.iscClientId}&client_secret=${SANDBOX_CREDENTIALS.iscClientSecret}`,
    "",
  )) as { access_token: string };
  const isc = tok.access_token;
  const accounts = (offset: number) =>
    `/v3/accounts?limit=250&offset=${offset}&filters=${encodeURIComponent(`sourceId eq "${w.isc.sourceId}"`)}&sorters=id`;

  // A cursor listing's late page: walk to page `n` once (the listing is kept), then time that page's cursor.
  async function cursorAt(path: string, body: object, n: number): Promise<string | undefined> {
    let cursor: string | undefined;
    for (let i = 0; i < n; i++) {
      const p = (await send(sb, "POST", org + path, key, cursor ? { cursor } : body)) as { links: { next?: string } };
      cursor = p.links.next;
    }
    return cursor;
  }
  const usersBody = { limit: 100, expand: ["groups", "productAccess"] };
  const lateUsers = await cursorAt("/users/search", usersBody, 500);
  const lateGroups = await cursorAt("/groups/search", { limit: 100 }, 50);
  const big = w.org.groups[0];
  const rows: [string, () => Promise<unknown>][] = [
    ["org users, first page (computes the listing)", () => send(sb, "POST", org + "/users/search", key, usersBody)],
    ["org users, page 501", () => send(sb, "POST", org + "/users/search", key, { cursor: lateUsers })],
    ["org groups, first page", () => send(sb, "POST", org + "/groups/search", key, { limit: 100 })],
    ["org groups, page 51", () => send(sb, "POST", org + "/groups/search", key, { cursor: lateGroups })],
    [
      "org group members, first page",
      () => send(sb, "POST", org + "/users/search", key, { limit: 100, groupIds: [big.id] }),
    ],
    ["SCIM users, first page", () => send(sb, "GET", `${scim}/Users?startIndex=1&count=100`, w.scim.token)],
    ["SCIM users, startIndex 90001", () => send(sb, "GET", `${scim}/Users?startIndex=90001&count=100`, w.scim.token)],
    ["SCIM groups, first page", () => send(sb, "GET", `${scim}/Groups?startIndex=1&count=100`, w.scim.token)],
    ["SCIM groups, startIndex 2001", () => send(sb, "GET", `${scim}/Groups?startIndex=2001&count=100`, w.scim.token)],
    ["ISC accounts, offset 0 (computes the listing)", () => send(sb, "GET", accounts(0), isc)],
    ["ISC accounts, offset 250", () => send(sb, "GET", accounts(250), isc)],
    ["ISC accounts, offset 90000", () => send(sb, "GET", accounts(90000), isc)],
  ];
  for (const [label, f] of rows) {
    const before = sb.store.touched;
    const ms = await time(reps, f);
    console.log(
      `${label.padEnd(48)} ${String(ms).padStart(8)} ms  (touched ${(sb.store.touched - before) / reps} per call)`,
    );
  }
  // The whole lists through the provider's clients, pacing off (the sandbox's quotas are off): seconds per list.
  const tuning = { paceToQuotas: false };
  const orgClient = createOrgClient({
    ...tuning,
    apiUrl: sb.url,
    orgId: w.org.id,
    directoryId: w.org.directoryId,
    apiKey: key,
  });
  const scimClient = createScimClient({
    ...tuning,
    apiUrl: sb.url,
    directoryId: w.scim.directoryId,
    token: w.scim.token,
  });
  const iscClient = createIscClient({
    ...tuning,
    iscUrl: sb.url,
    clientId: SANDBOX_CREDENTIALS.iscClientId,
    clientSecret: SANDBOX_CREDENTIALS.iscClientSecret,
  });
  const lists: [string, () => Promise<unknown[]>][] = [
    [
      "client: org users (expand groups, productAccess)",
      () => orgClient.searchDirectoryUsers({ expand: ["groups", "productAccess"] }),
    ],
    ["client: org groups", () => orgClient.searchDirectoryGroups({})],
    ["client: SCIM users", () => scimClient.listUsers()],
    ["client: SCIM groups", () => scimClient.listGroups()],
    ["client: ISC accounts", () => iscClient.listAccounts({ sourceId: w.isc.sourceId })],
  ];
  for (const [label, f] of lists) {
    const t = performance.now();
    const items = await f();
    console.log(
      `${label.padEnd(48)} ${((performance.now() - t) / 1000).toFixed(1).padStart(8)} s   (${items.length} items)`,
    );
  }
  await sb.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
