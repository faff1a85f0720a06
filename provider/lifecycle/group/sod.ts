// Separation of duties at check: a change of code's that would give someone both sides of a conflict the split declares
// (rules/sod.ts) is refused at preview, naming the people. The program tells which conflicts name the group (its
// `program` input); the org tells what else those people hold, read cheaply for the sides the conflicts name: their
// groups (the org state every run reads), a site's product role through their groups (one search per site × role,
// shared with AppAccess), the admin roles (the Admins read, only when a conflict names one). A role given to a person
// directly is not read here (the split's sod-conflict finds it after the change).
import type { CheckFailure } from "../../runtime/types";
import { orgState, workspaces } from "../../org/snapshot";
import { grantHolders } from "../../org/grants";
import { adminHoldings } from "../admins/roles";
import { ORG_ADMIN } from "../../rules/admins";
import { DEFAULT_ROLE } from "../../rules/roles";
import { breachSentence, meets, sodBreaches, type Held, type Holding, type SodConflict } from "../../rules/sod";

const low = (s: string) => s.toLowerCase();
const sameSite = (host: string, wanted: string) => low(host) === low(wanted) || low(host).split(".")[0] === low(wanted);

/** What the org gives these people that a side of `conflicts` names (lower-case emails). */
export async function orgHoldingsOf(emails: string[], conflicts: readonly SodConflict[]): Promise<Holding[]> {
  const sides = conflicts.flatMap((c) => [c.a, c.b]);
  const state = await orgState();
  const out: Holding[] = [];
  const people = emails.map((e) => state.userByEmail(e)).filter((u) => u !== undefined);
  for (const u of people) {
    for (const gid of u.groups) {
      const g = state.snapshot().groups.find((x) => x.id === gid);
      const held: Held = { kind: "group", group: g?.name ?? gid };
      if (g && sides.some((s) => meets(s, held))) out.push({ email: low(u.email), held });
    }
  }
  const ws = await workspaces();
  for (const side of sides) {
    if (!("product" in side)) continue;
    const role = side.role ?? DEFAULT_ROLE;
    for (const w of ws.filter((x) => sameSite(x.host, side.site) && low(x.product) === low(side.product))) {
      const holders = await grantHolders(w.id, role);
      for (const u of people)
        for (const gid of u.groups.filter((g) => holders.has(g))) {
          const name = state.snapshot().groups.find((x) => x.id === gid)?.name ?? gid;
          out.push({ email: low(u.email), held: { kind: "role", site: w.host, product: w.product, role, via: name } });
        }
    }
  }
  if (sides.some((s) => "admin" in s)) {
    const wanted = new Set(emails.map(low));
    for (const a of await adminHoldings())
      if (wanted.has(low(a.email)))
        out.push({
          email: low(a.email),
          held: { kind: "admin", role: a.role === ORG_ADMIN ? "org-admin" : "site-admin", site: a.site },
        });
  }
  return out;
}

/**
 * The refusals for `added` people joining `group` (a Group's new members, a GroupMember): each person who would hold
 * both sides of a conflict, with what they hold already and the conflict's reason.
 */
export async function sodRefusals(
  property: string,
  group: string,
  added: string[],
  conflicts: readonly SodConflict[],
): Promise<CheckFailure[]> {
  if (!conflicts.length || !added.length) return [];
  const emails = [...new Set(added.map(low))];
  const proposed: Holding[] = emails.map((email) => ({ email, held: { kind: "group", group }, proposed: true }));
  const breaches = sodBreaches(conflicts, [...proposed, ...(await orgHoldingsOf(emails, conflicts))], {
    proposedOnly: true,
  });
  return breaches.map((b) => ({
    property,
    reason: `${breachSentence(b)}. Separation of duties (the OwnershipSplit's conflicts) refuses giving one person both: leave ${b.email} out of "${group}", or take the other side away first.`,
  }));
}
