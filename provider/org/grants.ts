// Who holds a role where, read by site × role (the v2 groups search filters by resourceIds and roleIds, 100 groups a
// page) instead of one role-assignment read per group; and the wait for role writes to become visible, one poll loop
// per group for every grant being made to it at once.
import { context, runPart } from "../lifecycle/context";
import { roleKey } from "../rules/snapshot";

interface Waiter {
  resourceId: string;
  roleId: string;
  present: boolean;
  deadline: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** This run's grants: holders by role key, a version bumped by every patch, and per group the waiters of its poll loop. */
const grants = runPart("grants", () => ({
  holders: new Map<string, Promise<Set<string>>>(),
  version: 0,
  pollers: new Map<string, Waiter[]>(),
}));

/** Ids of the groups holding `role` on `resourceId`: one paged search per pair per process, shared by every reader. */
export function grantHolders(resourceId: string, role: string): Promise<Set<string>> {
  const key = roleKey(resourceId, role);
  const { holders } = grants();
  let p = holders.get(key);
  if (!p) {
    p = context()
      .org.searchDirectoryGroups({ resourceIds: [resourceId], roleIds: [role] })
      .then((groups) => new Set(groups.map((g) => g.id)));
    const mine = p;
    p.catch(() => {
      if (holders.get(key) === mine) holders.delete(key);
    });
    holders.set(key, p);
  }
  return p;
}

/** Bumped by every patch: views built over the grants know when to rebuild. */
export const grantsVersion = (): number => grants().version;

/** After this process's assign or revoke: the pair's holders, if read, follow without a re-read. */
export function patchGrant(groupId: string, resourceId: string, role: string, present: boolean): void {
  const g = grants();
  const p = g.holders.get(roleKey(resourceId, role));
  g.version++;
  void p?.then(
    (set) => {
      if (present) set.add(groupId);
      else set.delete(groupId);
      g.version++;
    },
    () => undefined,
  );
}

/** A deleted group's grants go with it (domain.md behaviour 7). */
export function dropGroupGrants(groupId: string): void {
  const g = grants();
  g.version++;
  for (const p of g.holders.values())
    void p.then(
      (set) => set.delete(groupId),
      () => undefined,
    );
}

/**
 * Role assignments are eventually consistent (~30 s): resolves once reads agree with the write (folio's
 * waitForGroupRole). Every grant and revoke awaiting the same group shares one loop: one read of the group's role
 * assignments settles them all. Timings are config (roleConsistencyTimeoutMs, pollIntervalMs); the wait doubles up to 16×.
 */
export function awaitRole(groupId: string, resourceId: string, roleId: string, present: boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + context().config.roleConsistencyTimeoutMs;
    const waiter = { resourceId, roleId, present, deadline, resolve, reject };
    const { pollers } = grants();
    const queue = pollers.get(groupId);
    if (queue) queue.push(waiter);
    else {
      pollers.set(groupId, [waiter]);
      void poll(groupId);
    }
  });
}

async function poll(groupId: string): Promise<void> {
  const { roleConsistencyTimeoutMs, pollIntervalMs } = context().config;
  let delay = pollIntervalMs;
  // The first read waits one poll interval: the engine starts a group's grants together once the group exists, and
  // they join this loop before it reads; a read at once would only see what Atlassian has not yet made visible.
  await new Promise((r) => setTimeout(r, pollIntervalMs));
  for (;;) {
    const { pollers } = grants();
    const queue = pollers.get(groupId) ?? [];
    if (queue.length === 0) {
      pollers.delete(groupId);
      return;
    }
    let held: Set<string>;
    try {
      const rows = await context().org.getGroupRoleAssignments(groupId);
      held = new Set(rows.flatMap((r) => (r.roles ?? []).map((role) => roleKey(r.resourceId, role))));
    } catch (e) {
      for (const w of queue.splice(0)) w.reject(e as Error);
      continue;
    }
    for (const w of [...queue]) {
      const settled = held.has(roleKey(w.resourceId, w.roleId)) === w.present;
      if (!settled && Date.now() <= w.deadline) continue;
      queue.splice(queue.indexOf(w), 1);
      if (settled) w.resolve();
      else {
        const what = w.present ? "assignment" : "revocation";
        w.reject(
          new Error(
            `Atlassian accepted the ${what} of ${w.roleId} on ${w.resourceId} but reads still disagree after ` +
              `${roleConsistencyTimeoutMs} ms; re-run \`pulumi up\`.`,
          ),
        );
      }
    }
    if (queue.length === 0) continue;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, pollIntervalMs * 16);
  }
}
