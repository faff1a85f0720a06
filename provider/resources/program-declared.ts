// The program's Groups and AppAccess as one plain input of its (first) OwnershipSplit, so that the preview can count
// what removing one from the program deletes or revokes (rules/removals.ts). Runs in the program process only.
import * as pulumi from "@pulumi/pulumi";
import { afterProgramSection, firstSplit, registeredDeclarations } from "./program-registry";
import { DEFAULT_ROLE } from "../rules/roles";
import type { Declared, DeclaredAccess, DeclaredGroup } from "../rules/removals";

const allowOf = (v: unknown): boolean | number | undefined =>
  typeof v === "boolean" || typeof v === "number" ? v : undefined;

/**
 * The split's `declared` input: every Group (whether its removal deletes, its allowAccessLoss) and AppAccess (group,
 * site, product, role, allowAccessLoss) of the program, resolved after the program's top-level declarations.
 * Undefined (absent) for a split other than the program's first, so that a removal is counted once.
 */
export function declaredInput(split: () => object | undefined): pulumi.Output<Declared | undefined> {
  return pulumi.output(afterProgramSection()).apply((): pulumi.Input<Declared | undefined> => {
    if (!split() || firstSplit() !== split()) return undefined;
    const { groups, access } = registeredDeclarations();
    const gs = groups.map((g) =>
      pulumi
        .all([g.name, g.owner, g.removal?.adopt, g.removal?.deleteOnDestroy, g.removal?.allowAccessLoss])
        .apply(([name, owner, adopt, deleteOnDestroy, allow]): DeclaredGroup => {
          const allowAccessLoss = allowOf(allow);
          return {
            name: String(name),
            // A group code adopted is forgotten, not deleted, unless deleteOnDestroy (lifecycle/group/lifecycle.ts delete).
            deletes: owner === "pulumi" && (!adopt || deleteOnDestroy === true),
            ...(allowAccessLoss !== undefined ? { allowAccessLoss } : {}),
          };
        }),
    );
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
    return pulumi.all([pulumi.all(gs), pulumi.all(as)]).apply(([g, a]) => ({ groups: g, access: a }));
  }) as pulumi.Output<Declared | undefined>;
}
