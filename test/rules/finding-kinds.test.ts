// The one catalogue of finding kinds: every kind is kebab-case, produced by some rule, and documented in docs/guides/drift.md.
import { GroupInputs } from "../../provider/lifecycle/group/args";
import { AdminsInputs } from "../../provider/lifecycle/admins/args";
import { AppAccessInputs } from "../../provider/lifecycle/app-access/args";
import { GroupMemberInputs } from "../../provider/lifecycle/group-member/args";
import { OwnershipSplitInputs } from "../../provider/lifecycle/ownership-split/args";
import { AccessReviewInputs } from "../../provider/lifecycle/access-review/args";
import { AppAccessSettingsInputs } from "../../provider/lifecycle/app-access-settings/args";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  ALL_FINDING_KINDS,
  causeKindOf,
  FINDING_KINDS,
  isFindingKind,
  reportersOf,
  kindCatalogueMarkdown,
  kindsFrom,
} from "../../provider/rules/finding-kinds";
import { findingId } from "../../provider/rules/findings";
import { RESOURCE_KINDS } from "../../provider/lifecycle/registry";
import { findingsDoc } from "../helpers/findings-doc";

const ROOT = path.resolve(__dirname, "../..");
const RULES = path.join(ROOT, "provider", "rules");

describe("FINDING_KINDS", () => {
  it("is the union of its parts in provider/rules/kinds/, no kind in two of them (a spread would hide the first)", () => {
    const dir = path.join(RULES, "kinds");
    const keys = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) =>
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- every part, whatever its name
        Object.values(require(path.join(dir, f)) as Record<string, object>).flatMap((part) => Object.keys(part)),
      );
    assert.deepEqual([...keys].sort(), [...ALL_FINDING_KINDS].sort());
  });

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

  it("names the one cause kind and what it gathers: a group's deletion and the grants it took", () => {
    const causes = ALL_FINDING_KINDS.filter((k) => "consequences" in FINDING_KINDS[k]);
    assert.deepEqual(causes, ["group-deleted"]);
    assert.deepEqual(FINDING_KINDS["group-deleted"].consequences, ["app-access-lost-with-group"]);
    assert.deepEqual(
      ALL_FINDING_KINDS.filter((k) => causeKindOf(k)).map((k) => [k, causeKindOf(k)]),
      [["app-access-lost-with-group", "group-deleted"]],
    );
  });

  it("lists which resources report a kind (more than one prints it without a resource name)", () => {
    assert.deepEqual(reportersOf("group-deleted"), ["OwnershipSplit", "AppAccess"]);
    assert.deepEqual(reportersOf("code-group-member-added"), ["Group"]);
    assert.deepEqual(reportersOf("member-added-outside-code"), []);
  });

  it("tells kinds from other strings", () => {
    assert.equal(isFindingKind("cross-lane-write"), true);
    assert.equal(isFindingKind("toString"), false);
    assert.equal(isFindingKind("member-added-outside-code"), false);
  });

  it("is docs/guides/drift.md's table of finding kinds, row for row (cells compared without Prettier's padding)", () => {
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
    const readme = fs.readFileSync(path.join(ROOT, "docs", "guides", "drift.md"), "utf8");
    assert.deepEqual(
      rows(readme).filter((r) => isFindingKind(r.split(" | ")[0].replace(/`/g, ""))),
      rows(kindCatalogueMarkdown()),
      "docs/guides/drift.md's kind table differs from provider/rules/finding-kinds.ts: paste kindCatalogueMarkdown()'s output",
    );
    assert.equal(rows(kindCatalogueMarkdown()).length, Object.keys(FINDING_KINDS).length);
  });

  it("gives every kind a cause, a fix and an example whose id is of that kind", () => {
    for (const k of ALL_FINDING_KINDS) {
      const { cause, fix, example } = FINDING_KINDS[k];
      assert.ok(cause.trim() && fix.trim() && example.message.trim(), k);
      assert.ok(example.id.startsWith(`${k}:`), `${k}'s example id ${example.id}`);
    }
  });

  it("is docs/findings.md, section for section (regenerate with `npm run docs`)", async () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "findings.md"), "utf8");
    for (const k of ALL_FINDING_KINDS)
      assert.ok(doc.includes(`## \`${k}\``), `docs/findings.md has no section for ${k}`);
    assert.equal(doc, await findingsDoc(ROOT), "docs/findings.md differs from the catalogue: run `npm run docs`");
  });
});

/** The kinds whose program-side Args derive from their lifecycle's input schema. */
const INPUT_SCHEMAS: Record<string, { shape: object } | undefined> = {
  group: GroupInputs,
  admins: AdminsInputs,
  "app-access-settings": AppAccessSettingsInputs,
  "app-access": AppAccessInputs,
  "group-member": GroupMemberInputs,
  "ownership-split": OwnershipSplitInputs,
  "access-review": AccessReviewInputs,
};

describe("docs/resources", () => {
  // The registry's kinds: each is a file under provider/resources/ and a page under docs/resources/.
  const RESOURCES = RESOURCE_KINDS;

  it("has a page for every resource the package exports", () => {
    const index = fs.readFileSync(path.join(ROOT, "provider", "index.ts"), "utf8");
    const exported = [...index.matchAll(/from "\.\/resources\/([a-z-]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(exported, [...RESOURCES].sort());
    for (const r of RESOURCES) assert.ok(fs.existsSync(path.join(ROOT, "docs", "resources", `${r}.md`)), r);
  });

  for (const r of RESOURCES) {
    it(`docs/resources/${r}.md names every input and output of provider/resources/${r}.ts`, () => {
      const src = fs.readFileSync(path.join(ROOT, "provider", "resources", `${r}.ts`), "utf8");
      const args = [...src.matchAll(/export (?:interface \w+Args |type \w+Args = [^{\n]*)\{([\s\S]*?)\n\}/g)]
        .map((m) => m[1])
        .join("\n");
      // Args derived from the schema check applies (lifecycle/<kind>/args.ts): its fields are inputs too.
      const schema = INPUT_SCHEMAS[r];
      const inputs = [...args.matchAll(/^ {2}(\w+)\??:/gm)]
        .map((m) => m[1])
        .concat(schema ? Object.keys(schema.shape) : []);
      const outputs = [...src.matchAll(/declare readonly (\w+):/g)].map((m) => m[1]);
      assert.ok(inputs.length && outputs.length, `no inputs or outputs parsed from ${r}.ts`);
      const doc = fs.readFileSync(path.join(ROOT, "docs", "resources", `${r}.md`), "utf8");
      const missing = [...new Set([...inputs, ...outputs])].filter((n) => !doc.includes(`\`${n}\``));
      assert.deepEqual(missing, [], `docs/resources/${r}.md does not mention these inputs/outputs`);
    });
  }
});
