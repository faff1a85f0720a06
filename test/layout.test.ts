// The house's two structural rules (README "Layout"): no import circle in provider/, type-only imports included, and no
// file over 400 lines in provider/ or sandbox/. dpdm reads the imports with the TypeScript compiler, so it resolves
// them as tsc does and sees `import type` and `import()` alike.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCircular, parseDependencyTree, shortenTree } from "dpdm";

const ROOT = path.resolve(__dirname, "..");
const MAX_LINES = 400;

/** Circles known to be on their way out, each as its files from the alphabetically first one. None left. */
const KNOWN_CIRCLES = new Set<string>([]);

/** A circle as one line, starting from its alphabetically first file, so the same circle always reads the same. */
function circleText(files: string[]): string {
  const first = files.indexOf([...files].sort()[0]);
  return [...files.slice(first), ...files.slice(0, first)].join(" -> ");
}

/** Lines as `wc -l` counts them, plus a last line without its newline. */
const lineCount = (text: string): number => text.split("\n").length - (text.endsWith("\n") || text === "" ? 1 : 0);

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("the house's layout", () => {
  it("has no import circle in provider/ but the known ones", async function () {
    this.timeout(60_000);
    const tree = await parseDependencyTree("provider/**/*.ts", {
      context: ROOT,
      cwd: ROOT,
      tsconfig: path.join(ROOT, "tsconfig.json"),
      transform: false,
    });
    const circles = parseCircular(shortenTree(ROOT, tree)).map(circleText);
    const unknown = circles.filter((c) => !KNOWN_CIRCLES.has(c));
    assert.deepEqual(unknown, [], "import circles: move what both sides need into a module of its own");
    const gone = [...KNOWN_CIRCLES].filter((c) => !circles.includes(c));
    assert.deepEqual(gone, [], "these known circles are gone: delete them from KNOWN_CIRCLES");
  });

  it(`holds no file over ${MAX_LINES} lines in provider/ or sandbox/`, () => {
    const long = ["provider", "sandbox"]
      .flatMap(filesUnder)
      .map((f) => ({ f, lines: lineCount(fs.readFileSync(path.join(ROOT, f), "utf8")) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    assert.deepEqual(long, [], `split these files (style: <= 300 lines, ${MAX_LINES} at most)`);
  });
});
