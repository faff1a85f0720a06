// The program's Groups and AppAccess as the `declared` list of its (first) OwnershipSplit's context, so that the
// preview can count what removing one from the program deletes or revokes (rules/removals.ts). Program process only.
import * as pulumi from "@pulumi/pulumi";
import { isPlain, programStore } from "./store";
import { DEFAULT_ROLE } from "../../rules/roles";
import type { DeclaredAccess, DeclaredGroup } from "../../rules/removals";

const allowOf = (v: unknown): boolean | number | undefined =>
  typeof v === "boolean" || typeof v === "number" ? v : undefined;
const flag = (v: unknown) => (v === true ? true : undefined);
const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** A value the engine stores per field: `adopted` stays its own Output, so that while it is unknown only it is. */
type Entry<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** The facts a Group's removal is decided on, as stored (compact: an absent fact is no key). */
const groupFacts = (name: unknown, owner: unknown, adopt: unknown, deleteOnDestroy: unknown, allow: unknown) =>
  compact({
    name: String(name),
    owner: String(owner),
    adopt: flag(adopt),
    deleteOnDestroy: flag(deleteOnDestroy),
    allowAccessLoss: allowOf(allow),
  });

/** One AppAccess as stored. */
const accessFacts = (
  group: unknown,
  site: unknown,
  product: unknown,
  role: unknown,
  allow: unknown,
): DeclaredAccess => {
  const allowAccessLoss = allowOf(allow);
  return {
    group: String(group),
    site: String(site),
    product: String(product),
    role: typeof role === "string" && role ? role : DEFAULT_ROLE,
    ...(allowAccessLoss !== undefined ? { allowAccessLoss } : {}),
  };
};

/**
 * Every Group (what decides whether its removal deletes: owner, its `adopted` output, adopt, deleteOnDestroy; and its
 * allowAccessLoss) and AppAccess (group, site, product, role, allowAccessLoss) registered so far. Each Group's `adopted`
 * is left an Output of its own: a Group created or updated by this preview leaves only that field unknown. Facts the
 * program passed as plain values are entered as they are: an Output per fact, six per Group, is what the program would
 * otherwise hold for every declaration until the engine answers (issue 22, a light program); only facts that are
 * Outputs are resolved with `apply`, and the stored list is the same either way.
 */
export function declaredInput(): { groups: Entry<DeclaredGroup>[]; access: pulumi.Input<DeclaredAccess>[] } {
  const { groups, access } = programStore();
  const gs = groups.map((g): Entry<DeclaredGroup> => {
    const adopted = g.adopted !== undefined ? { adopted: g.adopted as pulumi.Output<boolean> } : {};
    const parts = [g.name, g.owner, g.adopt, g.deleteOnDestroy, g.allowAccessLoss] as const;
    if (parts.every(isPlain)) return { ...groupFacts(...parts), ...adopted };
    const facts = pulumi
      .all([...parts])
      .apply((p) => groupFacts(...(p as [unknown, unknown, unknown, unknown, unknown])));
    return {
      name: facts.apply((f) => f.name),
      owner: facts.apply((f) => f.owner),
      ...adopted,
      adopt: facts.apply((f) => f.adopt),
      deleteOnDestroy: facts.apply((f) => f.deleteOnDestroy),
      allowAccessLoss: facts.apply((f) => f.allowAccessLoss),
    };
  });
  const as = access.map((a) => {
    const parts = [...a.key, a.allowAccessLoss] as const;
    if (parts.every(isPlain)) return accessFacts(...parts);
    return pulumi.all([...parts]).apply((p) => accessFacts(...(p as [unknown, unknown, unknown, unknown, unknown])));
  });
  return { groups: gs, access: as };
}
