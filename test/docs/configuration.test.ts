// docs/reference/configuration.md's key table names every key the provider reads (provider/config.ts), and no other:
// a key added to the schema without its line, or a line left for a key that went, fails here.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ProviderConfig, SECRET_KEYS } from "../../provider/config";

const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/reference/configuration.md"), "utf8");
/** The table's first cells: `key` or `key` (secret), several keys to a row. */
const rows = doc.split("\n").filter((l) => /^\| `/.test(l));
const documented = new Map<string, string>();
for (const row of rows) {
  const first = row.split("|")[1];
  for (const m of first.matchAll(/`([A-Za-z]+)`( \(secret\))?/g)) documented.set(m[1], m[2] ? "secret" : "plain");
}

describe("docs/reference/configuration.md", () => {
  it("lists exactly the keys of provider/config.ts", () => {
    assert.deepEqual([...documented.keys()].sort(), Object.keys(ProviderConfig.shape).sort());
  });

  it("marks exactly the secret keys as (secret)", () => {
    const secret = [...documented].filter(([, v]) => v === "secret").map(([k]) => k);
    assert.deepEqual(secret.sort(), [...SECRET_KEYS].sort());
  });
});
