// The program's Groups and AppAccess as the `declared` list of its (first) OwnershipSplit's context, so that the
// preview can count what removing one from the program deletes or revokes (rules/removals.ts). Program process only.
import * as pulumi from "@pulumi/pulumi";
import { programStore } from "./store";
import { DEFAULT_ROLE } from "../../rules/roles";
import type { DeclaredAccess, DeclaredGroup } from "../../rules/removals";

const allowOf = (v: unknown): boolean | number | undefined =>
  typeof v === "boolean" || typeof v === "number" ? v : undefined;
const flag = (v: unknown) => (v === true ? true : undefined);
const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** A value the engine stores per field: `adopted` stays its own Output, so that while it is unknown only it is. */
type Entry<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * Every Group (what decides whether its removal deletes: owner, its `adopted` output, adopt, deleteOnDestroy; and its
 * allowAccessLoss) and AppAccess (group, site, product, role, allowAccessLoss) registered so far. Each Group's `adopted`
 * is left an Output of its own: a Group created or updated by this preview leaves only that field unknown.
 */
export function declaredInput(): { groups: Entry<DeclaredGroup>[]; access: pulumi.Output<DeclaredAccess>[] } {
  const { groups, access } = programStore();
  const gs = groups.map((g): Entry<DeclaredGroup> => {
    const facts = pulumi
      .all([g.name, g.owner, g.adopt, g.deleteOnDestroy, g.allowAccessLoss])
      .apply(([name, owner, adopt, deleteOnDestroy, allow]) =>
        compact({
          name: String(name),
          owner: String(owner),
          adopt: flag(adopt),
          deleteOnDestroy: flag(deleteOnDestroy),
          allowAccessLoss: allowOf(allow),
        }),
      );
    return {
      name: facts.apply((f) => f.name),
      owner: facts.apply((f) => f.owner),
      ...(g.adopted !== undefined ? { adopted: g.adopted as pulumi.Output<boolean> } : {}),
      adopt: facts.apply((f) => f.adopt),
      deleteOnDestroy: facts.apply((f) => f.deleteOnDestroy),
      allowAccessLoss: facts.apply((f) => f.allowAccessLoss),
    };
  });
  const as = access.map((a) =>
    pulumi.all([...a.key, a.allowAccessLoss]).apply(([group, site, product, role, allow]): DeclaredAccess => {
      const allowAccessLoss = allowOf(allow);
      return {
        group: String(group),
        site: String(site),
        product: String(product),
        role: typeof role === "string" && role ? role : DEFAULT_ROLE,
        ...(allowAccessLoss !== undefined ? { allowAccessLoss } : {}),
      };
    }),
  );
  return { groups: gs, access: as };
}
