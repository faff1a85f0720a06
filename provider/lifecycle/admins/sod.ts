// Admins's separation-of-duties check: under enforce, declaring an admin is granting the role, so a declaration new to
// this change (or every one, when enforcement starts) that would give the person both sides of a conflict the split
// declares is refused (lifecycle/group/sod.ts). Without enforce the Admins resource grants nothing: a person who holds
// both already is the split's sod-conflict finding.
import type { CheckFailure } from "../../runtime/types";
import { GrantProgram, programOf } from "../../rules/program-context";
import { describeHeld, type Holding, type SodBreach } from "../../rules/sod";
import { sodRefusals } from "../group/sod";
import type { AdminsArgs } from "./args";

/** The admin roles a declaration gives (sites as the normalised inputs name them: hosts). */
function declaredHoldings(a: Partial<AdminsArgs>): Holding[] {
  const out: Holding[] = (a.orgAdmins ?? []).map((e) => ({
    email: e.toLowerCase(),
    held: { kind: "admin", role: "org-admin" },
  }));
  for (const [site, emails] of Object.entries(a.siteAdmins ?? {}))
    for (const e of emails) out.push({ email: e.toLowerCase(), held: { kind: "admin", role: "site-admin", site } });
  return out;
}

const keyOf = (h: Holding) => `${h.email} ${describeHeld(h.held)}`;

/** The refusals of the admins an enforced Admins newly declares; `news` are check's normalised inputs. */
export async function adminsSodFailures(olds: Partial<AdminsArgs>, news: AdminsArgs): Promise<CheckFailure[]> {
  const conflicts = programOf(GrantProgram, news).conflicts ?? [];
  if (!conflicts.length || news.enforce !== true) return [];
  const before = new Set((olds.enforce === true ? declaredHoldings(olds) : []).map(keyOf));
  const proposed = declaredHoldings(news).filter((h) => !before.has(keyOf(h)));
  // The list to drop the person from: the one their proposed role comes from (orgAdmins first).
  const list = (b: SodBreach) =>
    [...b.a, ...b.b].some((h) => h.proposed && h.held.kind === "admin" && h.held.role === "org-admin")
      ? "orgAdmins"
      : "siteAdmins";
  return sodRefusals(list, proposed, conflicts, (b) => `remove ${b.email} from the Admins resource's ${list(b)}`);
}
