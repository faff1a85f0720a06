// What a program stopped declaring since the last `up`: the Groups whose removal deletes an Atlassian group, and the
// AppAccess grants whose removal revokes one. Pure.
//
// Why it exists: the engine does not show a delete (a resource gone from the program) to the provider at preview, so a
// Group's or AppAccess's own guard can only refuse it at `up`. The program process sees every declaration, so the
// OwnershipSplit receives the program's Groups and AppAccess as a plain input (resources/program/declared.ts) and keeps
// the list in its state; at the next preview the difference is what the engine will delete.

/** One Group of the program, with what decides whether its removal deletes the Atlassian group (removalDeletes). */
export interface DeclaredGroup {
  name: string;
  owner?: string;
  /** The Group's `adopted` output: known once it exists (unknown while a preview creates or updates it). */
  adopted?: boolean;
  /** Its `adopt` input: what decides while `adopted` is not known yet. */
  adopt?: boolean;
  deleteOnDestroy?: boolean;
  /** Written by releases up to 0.1.0 instead of the facts above: whether removing it deletes the group. */
  deletes?: boolean;
  /** Its allowAccessLoss, which its delete would run with (the last `up` stored it). */
  allowAccessLoss?: boolean | number;
}

/**
 * Whether removing a Group deletes its Atlassian group: only code's own (owner pulumi), and only one code created
 * (not adopted) unless deleteOnDestroy says to delete an adopted one too. Group's delete acts on this; the preview's
 * count of removals (the OwnershipSplit's diff) uses it too. `adopted` decides once known (an `adopt: true` Group that
 * found nothing created its group); until then, `adopt`.
 */
export function removalDeletes(g: {
  owner?: unknown;
  adopted?: unknown;
  adopt?: unknown;
  deleteOnDestroy?: unknown;
}): boolean {
  if (g.owner !== "pulumi") return false;
  const adopted = typeof g.adopted === "boolean" ? g.adopted : g.adopt === true;
  return !adopted || g.deleteOnDestroy === true;
}

/** Whether removing a declared Group deletes it, for lists written by any release. */
export const deletesOf = (g: DeclaredGroup): boolean =>
  typeof g.deletes === "boolean" ? g.deletes : removalDeletes(g);

/** One AppAccess of the program: group (name, or an id), site (host or ARI), product and role, as declared. */
export interface DeclaredAccess {
  group: string;
  site: string;
  product: string;
  role: string;
  allowAccessLoss?: boolean | number;
}

export interface Declared {
  groups: DeclaredGroup[];
  access: DeclaredAccess[];
}

const groupKey = (name: string) => name.toLowerCase();
const accessKey = (a: DeclaredAccess) => [a.group.toLowerCase(), a.site.toLowerCase(), a.product, a.role].join(" ");

/**
 * What `before` declared and `now` does not: Groups whose removal deletes (compared by name, ignoring case, so a
 * resource renamed in code is not a removal), and grants no longer declared. A removed group's own grants are listed
 * too: at `up` the engine revokes them first, each under its own AppAccess's guard, then deletes the group.
 */
export function removedSince(before: Declared, now: Declared): Declared {
  const still = new Set(now.groups.map((g) => groupKey(g.name)));
  const groups = before.groups.filter((g) => deletesOf(g) && !still.has(groupKey(g.name)));
  const kept = new Set(now.access.map(accessKey));
  const access = before.access.filter((a) => !kept.has(accessKey(a)));
  return { groups, access };
}

/** A stable text of the declarations, for telling whether they changed (order of declaration does not matter). */
export function declaredKey(d: Declared | undefined, withDeletes = true): string {
  if (!d) return "";
  const g = d.groups
    .map((x) => `${groupKey(x.name)} ${withDeletes ? deletesOf(x) : ""} ${x.allowAccessLoss ?? ""}`)
    .sort();
  const a = d.access.map((x) => `${accessKey(x)} ${x.allowAccessLoss ?? ""}`).sort();
  return JSON.stringify([g, a]);
}

/**
 * The list as check may read it at preview: a Group the preview creates or updates has its `adopted` output unknown
 * (the engine's sentinel in its place), which leaves `adopt` to decide; every other field is known.
 */
export function withUnknownAdoptedDropped(v: unknown): unknown {
  const d = v as { groups?: unknown };
  if (!d || typeof d !== "object" || !Array.isArray(d.groups)) return v;
  const groups = (d.groups as unknown[]).map((g): unknown => {
    if (!g || typeof g !== "object") return g;
    const { adopted, ...rest } = g as Record<string, unknown>;
    return adopted === undefined || typeof adopted === "boolean" ? g : rest;
  });
  return { ...d, groups };
}

/**
 * Whether two lists declare the same (the split's diff: a change is stored for the next preview). Against a list
 * written by 0.1.0, whose `deletes` said "forgotten" for an `adopt: true` Group that created its group, whether a
 * removal deletes is not compared: an upgraded stack previews no change, and the split's next update stores the facts.
 */
export function sameDeclared(a: Declared | undefined, b: Declared | undefined): boolean {
  const legacy = [...(a?.groups ?? []), ...(b?.groups ?? [])].some((g) => typeof g.deletes === "boolean");
  return declaredKey(a, !legacy) === declaredKey(b, !legacy);
}

/** Whether a value is a Declared as the program sends it (anything else is ignored, never trusted). */
export function isDeclared(v: unknown): v is Declared {
  const d = v as Declared;
  const allow = (x: unknown) => x === undefined || typeof x === "boolean" || typeof x === "number";
  return (
    !!d &&
    Array.isArray(d.groups) &&
    Array.isArray(d.access) &&
    d.groups.every(
      (g) =>
        typeof g?.name === "string" &&
        // Written by 0.1.0: `deletes`; since: the facts (owner, adopted, adopt, deleteOnDestroy) that decide it.
        (typeof g.deletes === "boolean" || typeof g.owner === "string") &&
        allow(g.allowAccessLoss),
    ) &&
    d.access.every(
      (a) =>
        ["group", "site", "product", "role"].every(
          (k) => typeof (a as unknown as Record<string, unknown>)?.[k] === "string",
        ) && allow(a.allowAccessLoss),
    )
  );
}
