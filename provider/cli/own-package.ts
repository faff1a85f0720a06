// This package's own package.json, found by walking up from the running file (provider/ under ts-node, dist/provider/
// once built): `--version` prints its version, and discover pins the versions a generated program depends on.
import * as fs from "node:fs";
import * as path from "node:path";

export interface OwnPackage {
  version: string;
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The nearest package.json above this file whose name is atlassian-access. */
export function ownPackage(): OwnPackage {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as OwnPackage & { name?: string };
      if (pkg.name === "atlassian-access") return pkg;
    }
    if (path.dirname(dir) === dir) throw new Error("atlassian-access: cannot find its own package.json");
  }
}
