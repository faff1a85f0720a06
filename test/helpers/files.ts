// Files under a folder, for tests that check every doc or look for secrets on disk.
import * as fs from "node:fs";
import * as path from "node:path";

/** The files under `dir` (relative to `root`) whose names match `name`, as paths relative to `root`, sorted. */
export function filesUnder(root: string, dir: string, name: RegExp): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && name.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

/** The text of every file under `dir`. */
export function textsUnder(dir: string): string[] {
  return filesUnder(dir, ".", /./).map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
}
