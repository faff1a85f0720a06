// AppAccess's separation-of-duties check: a new grant (a new AppAccess, or one replaced onto another group × site ×
// product × role) gives its role to every member the group has now; each one it would give both sides of a conflict
// the split declares is refused (lifecycle/group/sod.ts). An unchanged AppAccess is not judged again: people who join
// the group later are the split's sod-conflict finding. A group that does not exist yet has no members to judge.
import type { CheckFailure } from "../../runtime/types";
import { isUnknown } from "../../runtime/values";
import { orgState, workspaces } from "../../org/snapshot";
import { isOnSite } from "../../org/org-state";
import { GrantProgram, programOf } from "../../rules/program-context";
import { DEFAULT_ROLE } from "../../rules/roles";
import type { Holding } from "../../rules/sod";
import { sodRefusals } from "../group/sod";
import type { AppAccessArgs } from "./args";

const KEY = ["group", "site", "product", "role"] as const;

/** Whether the grant differs from the last inputs' (a new resource has none). */
const isNewGrant = (olds: Partial<AppAccessArgs>, news: AppAccessArgs) =>
  KEY.some((k) => (k === "role" ? (olds.role ?? DEFAULT_ROLE) !== (news.role ?? DEFAULT_ROLE) : olds[k] !== news[k]));

/** The refusals of a new grant that would give a member of its group both sides of a conflict. */
export async function appAccessSodFailures(olds: Partial<AppAccessArgs>, news: AppAccessArgs): Promise<CheckFailure[]> {
  const conflicts = programOf(GrantProgram, news).conflicts ?? [];
  if (!conflicts.length || KEY.some((k) => isUnknown(news[k])) || !isNewGrant(olds, news)) return [];
  const ws = (await workspaces()).find((w) => isOnSite(w, news.site) && w.product === news.product);
  const state = await orgState();
  const g = state.groupByRef(news.group);
  if (!ws || !g) return [];
  const role = news.role ?? DEFAULT_ROLE;
  const proposed = state.memberEmails(g.id).map((email): Holding => ({
    email,
    held: { kind: "role", site: ws.host, product: ws.product, role, via: g.name },
  }));
  const grant = `${role} on ${ws.host}/${ws.product} to "${g.name}"`;
  return sodRefusals(
    "group",
    proposed,
    conflicts,
    (b) => `drop this AppAccess (${grant}) or take ${b.email} out of "${g.name}"`,
  );
}
