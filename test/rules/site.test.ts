// One predicate for which site a name means (rules/site.ts), used by the split's conflicts, AppAccess's program context,
// the check's org read and the access listing's --site filter.
import { strict as assert } from "node:assert";
import { sameSite } from "../../provider/rules/site";

describe("sameSite", () => {
  it("matches a host to itself and to its first label, in any case, with or without https:// or a trailing /", () => {
    for (const wanted of [
      "acme-eu",
      "acme-eu.atlassian.net",
      "https://acme-eu.atlassian.net",
      " ACME-EU ",
      "http://acme-eu.atlassian.net/",
    ])
      assert.ok(sameSite("acme-eu.atlassian.net", wanted), wanted);
    assert.ok(sameSite("acme-eu", "https://acme-eu.atlassian.net"), "either side may be the label");
  });

  it("tells other sites apart", () => {
    assert.ok(!sameSite("acme-eu.atlassian.net", "acme-us"));
    assert.ok(!sameSite("acme-eu.atlassian.net", "acme"));
    assert.ok(!sameSite("acme-eu.atlassian.net", "https://acme-eu-2.atlassian.net"));
  });
});
