// Separation of duties at check: a change of code's that would give someone both sides of a conflict the split declares
// (rules/sod.ts) is refused at preview, naming the people: a Group's new members, a GroupMember, an AppAccess's new grant,
// an enforced Admins's new admin (each kind's check calls sodRefusals). The program tells which conflicts name what the
// resource gives (its `program` input); the org tells what else those people hold, read cheaply for the sides the conflicts name: their
// groups (the org state every run reads), a site's product role through their groups (one search per site × role,
// shared with AppAccess), the admin roles (the Admins read, only when a conflict names one). A role given to a person
// directly is not read here (the split's sod-conflict finds it after the change).
import type { CheckFailure } from "../../runtime/types";
import { orgState, workspaces } from "../../org/snapshot";
import { grantHolders } from "../../org/grants";
import { adminHoldings } from "../admins/roles";
import { ORG_ADMIN } from "../../rules/admins";
import { DEFAULT_ROLE } from "../../rules/roles";
import {
  changeBreaches,
  meets,
  refusalText,
  type Held,
  type Holding,
  type SodBreach,
  type SodConflict,
} from "../../rules/sod";
import { sameSite } from "../../rules/site";

const low = (s: string) => s.toLowerCase();

/** What the org gives these people that a side of `conflicts` names (lower-case emails). */
export async function orgHoldingsOf(emails: string[], conflicts: readonly SodConflict[]): Promise<Holding[]> {
  const sides = conflicts.flatMap((c) => [c.a, c.b]);
  const state = await orgState();
  const out: Holding[] = [];
  const people = emails.map((e) => state.userByEmail(e)).filter((u) => u !== undefined);
  for (const u of people) {
    for (const gid of u.groups) {
      const g = state.group(gid);
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
          const name = state.group(gid)?.name ?? gid;
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
 * The refusals of a change of code's (rules/sod.ts changeBreaches): `proposed` is what it gives; what the org gives the
 * same people is read here. `undo` says, for one breach, how to leave the change out of code.
 */
export async function sodRefusals(
  property: string | ((b: SodBreach) => string),
  proposed: Holding[],
  conflicts: readonly SodConflict[],
  undo: (b: SodBreach) => string,
): Promise<CheckFailure[]> {
  if (!conflicts.length || !proposed.length) return [];
  const emails = [...new Set(proposed.map((h) => low(h.email)))];
  const breaches = changeBreaches(conflicts, proposed, await orgHoldingsOf(emails, conflicts));
  return breaches.map((b) => ({
    property: typeof property === "string" ? property : property(b),
    reason: refusalText(b, undo(b)),
  }));
}

/** What joining `group` gives: its membership, and the product roles a side names that the group holds in the org. */
async function joining(group: string, conflicts: readonly SodConflict[]): Promise<Held[]> {
  const out: Held[] = [{ kind: "group", group }];
  const roleSides = conflicts.flatMap((c) => [c.a, c.b]).filter((s) => "product" in s);
  const g = roleSides.length ? (await orgState()).groupByExactName(group) : undefined;
  if (!g) return out; // a group not made yet holds no role
  const ws = await workspaces();
  const seen = new Set<string>();
  for (const side of roleSides) {
    const role = side.role ?? DEFAULT_ROLE;
    for (const w of ws.filter((x) => sameSite(x.host, side.site) && low(x.product) === low(side.product))) {
      const key = `${w.id} ${role}`;
      if (seen.has(key) || !(await grantHolders(w.id, role)).has(g.id)) continue;
      seen.add(key);
      out.push({ kind: "role", site: w.host, product: w.product, role, via: g.name });
    }
  }
  return out;
}

/**
 * The refusals for `added` people joining `group` (a Group's new members, a GroupMember): the group's membership, and
 * the roles it gives that a conflict names.
 */
export async function memberRefusals(
  property: string,
  group: string,
  added: string[],
  conflicts: readonly SodConflict[],
  undo: (email: string) => string = (email) => `leave ${email} out of "${group}"`,
): Promise<CheckFailure[]> {
  if (!conflicts.length || !added.length) return [];
  const gives = await joining(group, conflicts);
  const proposed = added.flatMap((e) => gives.map((held): Holding => ({ email: low(e), held })));
  return sodRefusals(property, proposed, conflicts, (b) => undo(b.email));
}
