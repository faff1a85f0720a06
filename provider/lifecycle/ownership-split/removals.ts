// The preview's blast radius for what the engine will delete: Groups and AppAccess gone from the program since the
// last `up` (rules/removals.ts), counted and refused by the same guard their own delete runs at `up`
// (runtime/access-loss.ts), so the numbers show, and a removal past the limit stops, at `pulumi preview`.
import { orgState, workspaces } from "../../org/snapshot";
import { isOnSite } from "../../org/org-state";
import { guardAccessLoss, lossFromGrant, lossFromGroup } from "../../runtime/access-loss";
import { removedSince, type Declared } from "../../rules/removals";

/**
 * Throws the first removal past the limit; prints the numbers of the others, in the engine's order (grants before the
 * groups they belong to). Reads only what a removal needs.
 */
export async function guardRemovals(before: Declared, now: Declared): Promise<void> {
  const gone = removedSince(before, now);
  if (gone.groups.length === 0 && gone.access.length === 0) return;
  const state = await orgState();
  const all = await workspaces();
  for (const a of gone.access) {
    const live = state.groupByRef(a.group);
    const ws = all.find((w) => isOnSite(w, a.site) && w.product === a.product);
    if (!live || !ws) continue;
    guardAccessLoss(
      `AppAccess ${live.name}@${a.site}/${a.product}`,
      `revoking ${a.role} (removed from the program)`,
      await lossFromGrant(live.id, ws.id, a.role),
      { allow: a.allowAccessLoss, group: live.name },
    );
  }
  for (const g of gone.groups) {
    const live = state.groupByRef(g.name);
    if (!live) continue; // already gone: its delete has nothing to take
    guardAccessLoss(
      `Group "${live.name}"`,
      "deleting it (removed from the program)",
      await lossFromGroup(live.id, [...state.memberAccounts(live.id).values()]),
      { allow: g.allowAccessLoss, group: live.name },
    );
  }
}
