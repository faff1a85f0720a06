// Separation of duties: declared conflicts (the split's `conflicts`), each two sides no one person may hold at once.
// A side is membership of a group, a role on a site's product (through any group, or given directly), or an admin role
// (org admin; site admin on a site). Pure: the one decision (`sodBreaches`) over plain holdings, used by the split's
// `sod-conflict` finding (over the org snapshot, `sodFindings`), and the one predicate of a change (`changeBreaches`)
// by the checks that refuse a change of code's that would give someone both sides (Group, GroupMember, AppAccess,
// Admins: lifecycle/*/sod.ts gather the holdings from the program and the org).
import { DEFAULT_ROLE } from "./roles";
import { sameSite } from "./site";

export type SodAdminRole = "org-admin" | "site-admin";

/** One side of a conflict. `site` is a host or its first label (`acme-eu`); names compare case-insensitively. */
export type SodSide =
  | { group: string }
  | { site: string; product: string; role?: string }
  | { admin: "org-admin" }
  | { admin: "site-admin"; site: string };

export interface SodConflict {
  /** Names the conflict in findings and refusals: `sod-conflict:<name>/<email>`. */
  name: string;
  a: SodSide;
  b: SodSide;
  /** Why the two must not meet (printed with every finding and refusal). */
  reason: string;
}

/** One thing a person holds, as the decision compares it. */
export type Held =
  | { kind: "group"; group: string }
  /** A product role; `via` names the group that gives it (absent: given to the person directly). */
  | { kind: "role"; site: string; product: string; role: string; via?: string }
  | { kind: "admin"; role: SodAdminRole; site?: string };

/** A person's holding; `proposed`: what code's change would give (check), else what the org holds now. */
export interface Holding {
  email: string;
  held: Held;
  proposed?: boolean;
  /** Who made it so, when the audit window tells (the finding's "later grant"). */
  cause?: { actor: string; at?: string; evidence: string[] };
}

export interface SodBreach {
  conflict: SodConflict;
  /** Lower-case. */
  email: string;
  /** The person's holdings that meet each side. */
  a: Holding[];
  b: Holding[];
}

const low = (s: string) => s.trim().toLowerCase();

/** Whether one holding meets one side. */
export function meets(side: SodSide, h: Held): boolean {
  if ("group" in side) return h.kind === "group" && low(h.group) === low(side.group);
  if ("admin" in side)
    return (
      h.kind === "admin" &&
      h.role === side.admin &&
      (side.admin === "org-admin" || (h.site !== undefined && sameSite(h.site, side.site)))
    );
  return (
    h.kind === "role" &&
    sameSite(h.site, side.site) &&
    low(h.product) === low(side.product) &&
    h.role === (side.role ?? DEFAULT_ROLE)
  );
}

/** The one decision: every person holding both sides of a conflict, with what meets each side. Sorted by conflict, then person. */
export function sodBreaches(conflicts: readonly SodConflict[], holdings: readonly Holding[]): SodBreach[] {
  const byPerson = new Map<string, Holding[]>();
  for (const h of holdings) {
    const e = low(h.email);
    const list = byPerson.get(e);
    if (list) list.push(h);
    else byPerson.set(e, [h]);
  }
  const out: SodBreach[] = [];
  for (const conflict of conflicts) {
    for (const [email, held] of byPerson) {
      const a = held.filter((h) => meets(conflict.a, h.held));
      const b = held.filter((h) => meets(conflict.b, h.held));
      if (!a.length || !b.length) continue;
      out.push({ conflict, email, a, b });
    }
  }
  return out.sort((x, y) => x.conflict.name.localeCompare(y.conflict.name) || x.email.localeCompare(y.email));
}

/**
 * The one predicate of a change of code's: each person it would give both sides of a conflict, who does not hold both
 * without it. `proposed`: what the change gives (a group's new members, a group's new role, a declared admin role);
 * `held`: what the org gives the same people now. A breach that stands without the change (code declaring what the
 * person holds already) is the split's sod-conflict finding, not this change's fault.
 */
export function changeBreaches(
  conflicts: readonly SodConflict[],
  proposed: readonly Holding[],
  held: readonly Holding[],
): SodBreach[] {
  const key = (b: SodBreach) => `${b.conflict.name} ${b.email}`;
  const standing = new Set(sodBreaches(conflicts, held).map(key));
  const mine = proposed.map((h) => ({ ...h, proposed: true }));
  return sodBreaches(conflicts, [...mine, ...held]).filter((b) => !standing.has(key(b)));
}

/** A check's refusal of one breach: who, both sides and the reason, then the fix (`undo`: leaving the change out). */
export function refusalText(b: SodBreach, undo: string): string {
  return (
    `${breachSentence(b)}. Separation of duties (the OwnershipSplit's conflicts) refuses giving one person both: ${undo}, ` +
    `or take the other side away first; if ${b.email} must hold both, change conflict "${b.conflict.name}" in the OwnershipSplit's conflicts.`
  );
}

/** A side as a sentence names it. */
export function describeSide(side: SodSide): string {
  if ("group" in side) return `member of "${side.group}"`;
  if ("admin" in side) return side.admin === "org-admin" ? "org admin" : `site admin of ${side.site}`;
  return `${side.role ?? DEFAULT_ROLE} on ${side.site}/${side.product}`;
}

/** A holding as a sentence names it: `member of "x"`, `atlassian/admin on host/product through "g"`, ... */
export function describeHeld(h: Held): string {
  if (h.kind === "group") return `member of "${h.group}"`;
  if (h.kind === "admin") return h.role === "org-admin" ? "org admin" : `site admin of ${h.site}`;
  return `${h.role} on ${h.site}/${h.product} ${h.via ? `through "${h.via}"` : "directly"}`;
}

/** One breach as a sentence: the person, each side and how they hold it, and the conflict's reason. */
export function breachSentence(b: SodBreach): string {
  const how = (hs: Holding[]) => hs.map((h) => describeHeld(h.held) + (h.proposed ? " (this change)" : "")).join(", ");
  return `${b.email} would hold both sides of conflict "${b.conflict.name}" (${b.conflict.reason}): ${describeSide(b.conflict.a)} [${how(b.a)}] and ${describeSide(b.conflict.b)} [${how(b.b)}]`;
}

// ---- validation of the split's `conflicts` input ----

const isSide = (v: unknown): string | undefined => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return "must be an object";
  const s = v as Record<string, unknown>;
  const text = (k: string) => {
    const x = s[k];
    return typeof x === "string" && x.trim() !== "";
  };
  const only = (keys: string[]) => Object.keys(s).every((k) => keys.includes(k));
  if ("group" in s) return text("group") && only(["group"]) ? undefined : "{ group } takes one non-empty group name";
  if ("admin" in s) {
    if (s.admin === "org-admin") return only(["admin"]) ? undefined : '{ admin: "org-admin" } takes nothing else';
    if (s.admin === "site-admin")
      return text("site") && only(["admin", "site"]) ? undefined : '{ admin: "site-admin", site } needs the site';
    return 'admin must be "org-admin" or "site-admin"';
  }
  if ("site" in s || "product" in s)
    return text("site") &&
      text("product") &&
      (s.role === undefined || text("role")) &&
      only(["site", "product", "role"])
      ? undefined
      : "{ site, product, role? } needs a site and a product";
  return 'must be { group }, { site, product, role? }, { admin: "org-admin" } or { admin: "site-admin", site }';
};

/** Check of the split's `conflicts`: each { name, a, b, reason } well-formed, names unique. Unknown values pass. */
export function checkConflicts(
  value: unknown,
  isUnknown: (v: unknown) => boolean = () => false,
): { property: string; reason: string }[] {
  if (value === undefined || isUnknown(value)) return [];
  const fail = (reason: string) => ({ property: "conflicts", reason });
  if (!Array.isArray(value)) return [fail("conflicts must be a list of { name, a, b, reason }.")];
  const out: { property: string; reason: string }[] = [];
  const names = new Set<string>();
  value.forEach((c: unknown, i) => {
    if (isUnknown(c)) return;
    const e = (c ?? {}) as Record<string, unknown>;
    if (typeof e.name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(e.name))
      out.push(
        fail(`conflicts[${i}].name must be a name of letters, digits, '.', '_' or '-'; got ${JSON.stringify(e.name)}.`),
      );
    else if (names.has(e.name.toLowerCase())) out.push(fail(`conflicts[${i}].name "${e.name}" is used twice.`));
    else names.add(e.name.toLowerCase());
    if (typeof e.reason !== "string" || !e.reason.trim())
      out.push(fail(`conflicts[${i}].reason must say why the two sides must not meet.`));
    for (const k of ["a", "b"] as const) {
      if (isUnknown(e[k])) continue;
      const why = isSide(e[k]);
      if (why) out.push(fail(`conflicts[${i}].${k} ${why}; got ${JSON.stringify(e[k])}.`));
    }
  });
  return out;
}

/** The well-formed conflicts of a value (what the rules use; check refused the rest). */
export const conflictsOf = (value: unknown): SodConflict[] =>
  Array.isArray(value)
    ? (value as unknown[]).filter((c): c is SodConflict => {
        const e = (c ?? {}) as Record<string, unknown>;
        return typeof e.name === "string" && typeof e.reason === "string" && !isSide(e.a) && !isSide(e.b);
      })
    : [];

/** A stable text of the conflicts, for diff: the same list in the same order is no change. */
export const conflictsKey = (value: unknown): string => JSON.stringify(conflictsOf(value));
