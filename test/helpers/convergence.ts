// What a test of failure and recovery checks the org for after a program is applied: every list must be empty.
import type { ScaleDeclaration } from "../../sandbox/scenarios/scale-program";
import { SCALE_PREFIXES } from "../../sandbox/scenarios/scale";
import type { World } from "../../sandbox/store";
import { stackConfig } from "../../sandbox/cli";
import type { TestSandbox } from "./sandbox";
import { openStack, runCli, sandboxConfig, type TestStack } from "./stack";
import { byApiKey, eventsByApiKey, groupOf } from "./audit-events";
import { writeDeclaration } from "../e2e/programs/scale/program";

/** The storm (12 item 7): 20 % 429 (Retry-After 0, so tests wait for nothing), 10 % 5xx, 10 % lost answers. */
export const STORM = { rate429: 0.2, rate5xx: 0.1, dropAfterCommit: 0.1, latencyMs: 2, retryAfterSeconds: 0 };

/** Code's org API key: its label in the sandbox (actorLanes maps it to pulumi). */
const CODE_KEY = "pulumi-ci";

/** What `convergence` returns for an org exactly as declared. */
export const CONVERGED = { duplicates: [], orphans: [], memberProblems: [], grantProblems: [], crossLane: [] };

interface Exported {
  deployment: { resources?: { outputs?: { groupId?: string } }[]; pending_operations?: unknown[] };
}

/** The stack's state, as `pulumi stack export` prints it. */
export async function exportStack(t: TestStack): Promise<Exported> {
  return JSON.parse((await runCli(t, ["stack", "export"])).stdout) as Exported;
}

/** Group ids the stack's state holds (every Group's groupId output). */
export async function stateGroupIds(t: TestStack): Promise<Set<string>> {
  const state = await exportStack(t);
  return new Set(
    (state.deployment.resources ?? []).map((r) => r.outputs?.groupId).filter((x): x is string => Boolean(x)),
  );
}

/** What the org must look like after the program is applied: every count here must be 0. */
export function convergence(world: World, decl: ScaleDeclaration, stateGroupIds: Set<string>) {
  const { org } = world;
  const byName = new Map<string, number>();
  for (const g of org.groups) byName.set(g.name.toLowerCase(), (byName.get(g.name.toLowerCase()) ?? 0) + 1);
  const duplicates = [...byName].filter(([, n]) => n > 1).map(([name]) => name);
  // Orphans: a group code's key created that no Group in the state holds.
  const createdByCode = eventsByApiKey(world, "group_created", CODE_KEY).map((e) => {
    const g = groupOf(e);
    if (!g) throw new Error(`group_created event ${e.id} names no group: ${JSON.stringify(e.context)}`);
    return g.id;
  });
  const orphans = createdByCode.filter((id) => org.groups.some((g) => g.id === id) && !stateGroupIds.has(id));
  const emailOf = new Map(org.users.map((u) => [u.accountId, u.email.toLowerCase()]));
  const memberProblems: string[] = [];
  for (const d of decl.groups) {
    const g = org.groups.find((x) => x.name === d.name);
    if (!g) {
      memberProblems.push(`${d.name}: missing group`);
      continue;
    }
    if (!d.members) continue;
    const live = new Set(g.members.map((m) => emailOf.get(m)!));
    for (const m of d.members) if (!live.has(m)) memberProblems.push(`${d.name}: missing ${m}`);
    for (const m of live) if (!d.members.includes(m)) memberProblems.push(`${d.name}: extra ${m}`);
  }
  const ws = new Map(org.workspaces.map((w) => [`${w.host} ${w.product}`, w.id]));
  const grantProblems: string[] = [];
  for (const a of decl.grants) {
    const g = org.groups.find((x) => x.name === a.group);
    const rid = ws.get(`${a.site} ${a.product}`);
    if (!g || !org.roles.some((r) => r.groupId === g.id && r.resourceId === rid && r.roleId === a.role))
      grantProblems.push(`missing ${a.group}@${a.site}/${a.product}`);
  }
  const declared = new Set(decl.grants.map((a) => `${a.group} ${a.site} ${a.product} ${a.role}`));
  const wsById = new Map(org.workspaces.map((w) => [w.id, w]));
  for (const r of org.roles) {
    const g = org.groups.find((x) => x.id === r.groupId);
    const w = wsById.get(r.resourceId);
    if (g && w && g.name.startsWith("new-") && !declared.has(`${g.name} ${w.host} ${w.product} ${r.roleId}`))
      grantProblems.push(`extra ${g.name}@${w.host}/${w.product}`);
  }
  // Code's key writing into another lane's objects: synced (SCIM) groups and ISC's groups.
  const foreign = new Set(
    org.groups.filter((g) => g.externalSynced || g.name.startsWith(SCALE_PREFIXES.isc)).map((g) => g.id),
  );
  const crossLane = world.events
    .filter((e) => byApiKey(world, e, CODE_KEY) && e.action !== "group_created")
    .filter((e) => e.context.some((c) => c.type === "groups" && foreign.has(c.id)))
    .map((e) => `${e.action} ${e.id}`);
  return { duplicates, orphans, memberProblems, grantProblems, crossLane };
}

/** A stack of the `scale` program (test/e2e/programs/scale) declaring `decl`, configured for every API of `sb`. */
export async function openDeclaredStack(sb: TestSandbox, decl: ScaleDeclaration): Promise<TestStack> {
  const file = writeDeclaration(decl, "declaration-");
  return openStack(
    "scale",
    sandboxConfig(sb, { ...stackConfig(sb.url, sb.store.world), "e2e:declaration": { value: file } }),
  );
}
