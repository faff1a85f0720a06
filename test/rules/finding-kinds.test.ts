// The one catalogue of finding kinds: every kind is kebab-case, produced by some rule, and documented in the README.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  ALL_FINDING_KINDS,
  FINDING_KINDS,
  isFindingKind,
  kindCatalogueMarkdown,
  kindsFrom,
} from "../../provider/rules/finding-kinds";
import { findingId } from "../../provider/rules/findings";

const ROOT = path.resolve(__dirname, "../..");
const RULES = path.join(ROOT, "provider", "rules");

describe("FINDING_KINDS", () => {
  it("holds only kebab-case kinds (findingId accepts each)", () => {
    for (const k of ALL_FINDING_KINDS) assert.equal(findingId(k, "x"), `${k}:x`);
  });

  it("names only kinds some rule under provider/rules produces", () => {
    const sources = fs
      .readdirSync(RULES)
      .filter((f) => f.endsWith(".ts") && f !== "finding-kinds.ts")
      .map((f) => fs.readFileSync(path.join(RULES, f), "utf8"))
      .join("\n");
    const unused = ALL_FINDING_KINDS.filter((k) => !sources.includes(`"${k}"`));
    assert.deepEqual(unused, [], "kinds in the catalogue that no rule emits");
  });

  it("splits into the split's own kinds and drift's", () => {
    assert.deepEqual(kindsFrom("split"), [
      "group-claimed-twice",
      "synced-group-outside-scim",
      "local-group-in-scim-lane",
      "unclaimed-synced-group",
      "unclaimed-group",
    ]);
    assert.equal(kindsFrom("split").length + kindsFrom("drift").length, ALL_FINDING_KINDS.length);
  });

  it("tells kinds from other strings", () => {
    assert.equal(isFindingKind("cross-lane-write"), true);
    assert.equal(isFindingKind("toString"), false);
    assert.equal(isFindingKind("member-added-outside-code"), false);
  });

  it("is the README's table of finding kinds, row for row (cells compared without Prettier's padding)", () => {
    const cells = (line: string) =>
      line
        .trim()
        .replace(/^\||\|$/g, "")
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
    const rows = (md: string) =>
      md
        .split("\n")
        .filter((l) => /^\|\s*`[a-z-]+`\s*\|/.test(l))
        .map((l) => cells(l).join(" | "));
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    assert.deepEqual(
      rows(readme).filter((r) => isFindingKind(r.split(" | ")[0].replace(/`/g, ""))),
      rows(kindCatalogueMarkdown()),
      "README.md's kind table differs from provider/rules/finding-kinds.ts: paste kindCatalogueMarkdown()'s output",
    );
    assert.equal(rows(kindCatalogueMarkdown()).length, Object.keys(FINDING_KINDS).length);
  });
});
