// What the engine stores for every resource: a small, stable shim that captures no client, schema or secret.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "../../provider/resources/shim";

describe("shimFor", () => {
  const serialize = (kind: "group" | "app-access") =>
    pulumi.runtime.serializeFunction(() => shimFor(kind), { allowSecrets: true });

  it("loads the lifecycle by package name inside each method", async () => {
    const s = await serialize("group");
    assert.match(s.text, /require\("atlassian-access\/dist\/provider\/lifecycle\/registry"\)/);
    assert.match(s.text, /require\("atlassian-access\/dist\/provider\/lifecycle\/context"\)/);
  });

  it("captures no secret and no client, whatever the environment holds", async () => {
    process.env.ATLASSIAN_ACCESS_API_KEY = "env-key-that-must-not-leak";
    try {
      const s = await serialize("group");
      assert.equal(s.containsSecrets, false);
      assert.ok(!s.text.includes("env-key-that-must-not-leak"));
      assert.ok(!/axios|zod/.test(s.text), "no client library serialized");
    } finally {
      delete process.env.ATLASSIAN_ACCESS_API_KEY;
    }
  });

  it("serializes to the same short text every time", async () => {
    const a = await serialize("app-access");
    const b = await serialize("app-access");
    assert.equal(a.text, b.text);
    assert.ok(a.text.length < 4000, `shim text is ${a.text.length} characters`);
  });
});
