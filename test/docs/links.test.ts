// Every relative link in README.md and docs/ resolves: the file exists, and a `#anchor` names one of its headings
// (GitHub's slugs, through github-slugger, the library GitHub's own renderer follows). Issue #23: the README is a map
// of links into docs/, so a moved page or renamed heading must fail here, not for a reader.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import GithubSlugger from "github-slugger";
import { filesUnder } from "../helpers/files";

const ROOT = path.resolve(__dirname, "../..");

function markdownFiles(): string[] {
  const out = ["README.md", "sandbox/REALITY.md", "examples/ci/README.md"].filter((f) =>
    fs.existsSync(path.join(ROOT, f)),
  );
  return [...out, ...filesUnder(ROOT, "docs", /\.md$/)];
}

/** Markdown text with fenced code blocks and inline code blanked, so a link shown as code is not checked. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "``");
}

/** The anchors GitHub gives a file's headings (outside fenced code): code spans keep their text, links their label. */
function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = fenced ? null : /^#{1,6} +(.+?) *#*$/.exec(line);
    if (m) anchors.add(slugger.slug(m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`/g, "")));
  }
  return anchors;
}

/** Each relative link of a file: [text](target) and [text]: target definitions. */
function linksOf(file: string): { target: string; line: number }[] {
  const text = prose(fs.readFileSync(path.join(ROOT, file), "utf8"));
  const links: { target: string; line: number }[] = [];
  for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|^\[[^\]]+\]:\s+(\S+)/gm)) {
    const target = m[1] ?? m[2];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    links.push({ target, line: text.slice(0, m.index).split("\n").length });
  }
  return links;
}

describe("documentation links", () => {
  it("every relative link in README.md and docs/ names a file that exists and a heading it has", () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      for (const { target, line } of linksOf(file)) {
        const [p, anchor] = target.split("#", 2);
        const dest = p ? path.resolve(path.dirname(path.join(ROOT, file)), decodeURI(p)) : path.join(ROOT, file);
        if (!fs.existsSync(dest)) {
          broken.push(`${file}:${line}: ${target} (no such file)`);
          continue;
        }
        if (anchor && dest.endsWith(".md") && !anchorsOf(dest).has(anchor))
          broken.push(`${file}:${line}: ${target} (no heading #${anchor} in ${path.relative(ROOT, dest)})`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it("finds a link that does not resolve (the checker is not vacuous)", () => {
    assert.ok(linksOf("README.md").length > 10, "README.md links into docs/");
    assert.ok(!anchorsOf(path.join(ROOT, "README.md")).has("no-such-heading"));
  });
});
