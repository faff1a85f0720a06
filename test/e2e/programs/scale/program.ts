// The scale program's body: index.js beside it runs it under the engine (bench:engine, the scale tests), and
// bench/program-mocks.ts under pulumi's mocks, so both measure the same registrations. Built into dist/ with the rest;
// index.js loads it from there, as it loads the package. The package comes in as `access`: each caller loads it when
// its runtime is ready (the mocks bench after setMocks).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as Access from "../../../../provider";
import type { ScaleDeclaration } from "../../../../sandbox/scenarios/scale-program";

/** Writes `decl` to declaration.json in a new temp folder (`prefix`-named) and returns its path: `e2e:declaration`. */
export function writeDeclaration(decl: ScaleDeclaration, prefix: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), "declaration.json");
  fs.writeFileSync(file, JSON.stringify(decl));
  return file;
}

/** The declaration `writeDeclaration` wrote to `file`. */
export function readDeclaration(file: string): ScaleDeclaration {
  return JSON.parse(fs.readFileSync(file, "utf8")) as ScaleDeclaration;
}

/** How many resources the program declares for `decl`: the split, its groups and its grants. */
export const declaredResources = (decl: ScaleDeclaration) => 1 + decl.groups.length + decl.grants.length;

/** Declares `decl`: the split, each group as a Group, each grant as an AppAccess (of the Group when declared). */
export function declareScale(access: typeof Access, decl: ScaleDeclaration) {
  const split = new access.OwnershipSplit("split", decl.split);
  const groups = new Map<string, Access.Group>();
  for (const g of decl.groups) groups.set(g.name, new access.Group(g.name, g));
  for (const a of decl.grants) {
    const group = groups.get(a.group);
    new access.AppAccess(`${a.group}@${a.site}/${a.product}/${a.role}`, {
      group: group ? group.groupId : a.group,
      site: a.site,
      product: a.product,
      role: a.role,
    });
  }
  return { split, resources: declaredResources(decl) };
}
