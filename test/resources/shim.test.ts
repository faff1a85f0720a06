// What the engine stores for every resource: a small, stable shim that captures no client, schema or secret, and whose
// text is pinned by a golden file, since existing stacks keep running the stored copy (pulumi/pulumi#6490).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_KINDS, type ResourceKind } from "../../provider/lifecycle/registry";

const ROOT = path.resolve(__dirname, "../..");
const GOLDEN = path.join(__dirname, "shim.golden.js");

/** The shim as the engine runs it: the compiled package (dist), not the TypeScript source. */
function distShimFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const file = path.join(ROOT, "dist", "provider", "resources", "shim.js");
  if (!fs.existsSync(file))
    throw new Error(`${file} is missing: run \`npm run build\` (npm test does) before the tests.`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as typeof import("../../provider/resources/shim")).shimFor(kind);
}

/** Exactly what pulumi.dynamic.Resource stores in `__provider` (node_modules/@pulumi/pulumi/dynamic serializeProvider). */
async function storedText(kind: ResourceKind): Promise<{ text: string; containsSecrets: boolean }> {
  const provider = distShimFor(kind);
  return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}

const CHANGED = [
  "The shim text that every resource stores in its state changed.",
  "Existing stacks keep running their stored copy until each resource is next updated (pulumi/pulumi#6490):",
  "that old copy must still find dist/provider/lifecycle/registry and context with the same exports, and a refresh or",
  "preview of an old stack runs old shim code against the new package. If the change is intended, keep those module",
  "paths and exports working, say so in the release notes, and rewrite the golden file: UPDATE_GOLDEN=1 npm test.",
].join(" ");

describe("shimFor", () => {
  it("loads the lifecycle by package name inside each method", async () => {
    const s = await storedText("group");
    assert.match(s.text, /require\("atlassian-access\/dist\/provider\/lifecycle\/registry"\)/);
    assert.match(s.text, /require\("atlassian-access\/dist\/provider\/lifecycle\/context"\)/);
  });

  it("captures no secret and no client, whatever the environment holds", async () => {
    process.env.ATLASSIAN_ACCESS_API_KEY = "env-key-that-must-not-leak";
    try {
      const s = await storedText("group");
      assert.equal(s.containsSecrets, false);
      assert.ok(!s.text.includes("env-key-that-must-not-leak"));
      assert.ok(!/axios|zod/.test(s.text), "no client library serialized");
    } finally {
      delete process.env.ATLASSIAN_ACCESS_API_KEY;
    }
  });

  it("stores exactly the golden text for every kind of the registry (only the kind differs)", async () => {
    const actual = await storedText("group");
    if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(GOLDEN, actual.text);
    const golden = fs.readFileSync(GOLDEN, "utf8");
    assert.ok(golden.length < 4000, `shim text is ${golden.length} characters`);
    for (const kind of RESOURCE_KINDS) {
      const want = golden.replaceAll('kind: "group"', `kind: "${kind}"`);
      const got = (await storedText(kind)).text;
      assert.equal(got, want, `${kind}: ${CHANGED}`);
    }
  });

  it("serves exactly the kinds the resource classes pass to shimFor", () => {
    const dir = path.join(ROOT, "provider", "resources");
    const used = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) =>
        [...fs.readFileSync(path.join(dir, f), "utf8").matchAll(/shimFor\("([a-z-]+)"\)/g)].map((m) => m[1]),
      );
    assert.deepEqual([...used].sort(), [...RESOURCE_KINDS].sort());
  });
});
