// Credentials that expire (issue #24 item 4): the split's `credentials` input or the config's scimTokenExpires /
// apiKeyExpires, judged in the server's time: credential-expiring 30 days ahead, credential-expired after, a rotation
// in the audit log noted as evidence; doctor's line from the same rule.
import { strict as assert } from "node:assert";
import {
  checkCredentials,
  credentialFindings,
  credentialsOf,
  expiresMs,
  type Credential,
} from "../../provider/rules/credentials";
import { orgFindings } from "../../provider/rules/drift";
import { isExpiredAt, judgeAcceptances } from "../../provider/rules/acceptances";
import { checkSplit } from "../../provider/rules/split";
import { readConfig } from "../../provider/config";
import { credentialsCheck } from "../../provider/doctor/credentials";
import { ADMIN, ADMIN_ACTOR, T0, ev, split, view } from "../helpers/builders";

const DAY = 86_400_000;
const NOW = T0; // 2026-11-23T15:00:00Z
const SCIM_KEY: Credential = { name: "entra-scim", kind: "scim-token", expires: "2026-12-20" };
const API_KEY: Credential = { name: "pulumi-ci", kind: "org-api-key", expires: "2027-06-30" };

describe("credentials", () => {
  it("reads a day as its start (UTC) and a time with a zone; anything else is no date", () => {
    assert.equal(expiresMs("2026-12-20"), Date.parse("2026-12-20T00:00:00Z"));
    assert.equal(expiresMs("2026-12-20T12:00:00+02:00"), Date.parse("2026-12-20T10:00:00Z"));
    for (const bad of ["2026-02-30", "20/12/2026", "2026-12-20T12:00:00", ""]) assert.equal(expiresMs(bad), undefined);
  });

  it("warns 30 days ahead, in code's or SCIM's lane, and says nothing before", () => {
    const fs = credentialFindings([SCIM_KEY, API_KEY], { now: NOW });
    assert.deepEqual(
      fs.map((f) => [f.id, f.lane]),
      [["credential-expiring:entra-scim", "scim"]],
    );
    assert.equal(
      fs[0].message,
      'The SCIM directory API key "entra-scim" expires at 2026-12-20T00:00:00.000Z, in 27 days; Atlassian sends no warning, and the identity provider\'s pushes stop working then.',
    );
    assert.deepEqual(fs[0].evidence, ["note:expires 2026-12-20"]);
    assert.deepEqual(credentialFindings([SCIM_KEY], { now: Date.parse("2026-11-20T00:00:00Z") - 1 }), []);
    assert.deepEqual(
      credentialFindings([SCIM_KEY], { now: Date.parse("2026-11-20T00:00:00Z") }).map((f) => f.id),
      ["credential-expiring:entra-scim"],
    );
  });

  it("clears when the new key's expiry is recorded, and is no longer unaccepted once accepted until a day", () => {
    assert.deepEqual(credentialFindings([{ ...SCIM_KEY, expires: "2027-12-20" }], { now: NOW }), []);
    const fs = credentialFindings([SCIM_KEY], { now: NOW });
    const entry = {
      id: "credential-expiring:entra-scim",
      reason: "rotation booked for Dec 15 (ACC-88)",
      until: "2026-12-15",
    };
    assert.deepEqual(judgeAcceptances(fs, [entry], (a) => isExpiredAt(a, NOW)).unaccepted, []);
    const past = Date.parse("2026-12-16T00:00:00Z");
    assert.deepEqual(judgeAcceptances(fs, [entry], (a) => isExpiredAt(a, past)).unaccepted, [entry.id]);
  });

  it("reports credential-expired from the expiry on, and notes a rotation the audit log shows, by whom", () => {
    const after = Date.parse("2026-12-21T15:00:00Z");
    const [f] = credentialFindings([SCIM_KEY], { now: after });
    assert.equal(f.id, "credential-expired:entra-scim");
    assert.match(
      f.message,
      /expired at 2026-12-20T00:00:00\.000Z \(2 days ago\): the identity provider's pushes are refused/,
    );
    const rotated = ev(30, "scim_directory_token_rotated", ADMIN);
    const [g] = credentialFindings([SCIM_KEY], { now: NOW, events: [rotated] });
    assert.equal(g.actor, ADMIN_ACTOR);
    assert.equal(g.at, rotated.time);
    assert.deepEqual(g.evidence, [`event:${rotated.id}`, "note:expires 2026-12-20"]);
    assert.match(
      g.message,
      /The audit log shows a new SCIM directory API key made at .* by person:olga\.admin@acme\.example/,
    );
    // An org API key's rotation is a new key: api_token_created; it does not explain the SCIM key.
    const created = ev(31, "api_token_created", ADMIN);
    const [h] = credentialFindings([SCIM_KEY], { now: NOW, events: [created] });
    assert.equal(h.actor, undefined);
  });

  it("takes the split's inputs, and the config's keys for a kind the inputs do not name", () => {
    const config = { scimTokenExpires: "2026-12-01", apiKeyExpires: "2026-12-02" };
    assert.deepEqual(credentialsOf([SCIM_KEY], config), [
      SCIM_KEY,
      { name: "apiKey", kind: "org-api-key", expires: "2026-12-02" },
    ]);
    assert.deepEqual(
      credentialsOf(undefined, config).map((c) => c.name),
      ["scimToken", "apiKey"],
    );
    // orgFindings: the split's credentials when the caller passes none.
    const fs = orgFindings(view({}), { ...split, credentials: [SCIM_KEY] }, { now: NOW });
    assert.deepEqual(
      fs.filter((f) => f.kind.startsWith("credential-")).map((f) => f.id),
      ["credential-expiring:entra-scim"],
    );
  });

  it("refuses at check a malformed credentials list, naming each problem", () => {
    assert.deepEqual(checkCredentials([SCIM_KEY, API_KEY]), []);
    const reasons = checkSplit({
      ...split,
      credentials: [
        { name: "a", kind: "scim-token", expires: "2026-13-01" },
        { name: "a", kind: "password", expires: "2027-01-01" },
        { name: "b", kind: "org-api-key", expires: "2027-01-01", label: "x" },
      ] as unknown as Credential[],
    }).map((f) => `${f.property}: ${f.reason}`);
    assert.deepEqual(reasons, [
      'credentials: credentials[0].expires must be a day (YYYY-MM-DD, the key stops working at its start, UTC) or an ISO-8601 time with a zone; got "2026-13-01".',
      'credentials: credentials[1].name "a" is listed twice; each credential needs its own name.',
      'credentials: credentials[1].kind must be one of scim-token, org-api-key; got "password".',
      "credentials: credentials[2] has unknown key(s) label; known: name, kind, expires.",
    ]);
    assert.match(checkCredentials("2027-01-01")[0], /^credentials must be a list like/);
  });

  it("reads the config keys, refusing a value that is not a date, and doctor shows them", () => {
    const base = { orgId: "o", apiKey: "k", directoryId: "d" };
    const get = (extra: Record<string, string>) => (k: string) =>
      ({ ...base, ...extra })[k.replace("atlassian-access:", "") as keyof typeof base];
    const c = readConfig(get({ scimTokenExpires: "2026-12-20", apiKeyExpires: "2026-11-01" }), {});
    assert.equal(c.scimTokenExpires, "2026-12-20");
    assert.throws(
      () => readConfig(get({ apiKeyExpires: "next year" }), {}),
      /atlassian-access:apiKeyExpires is "next year", which is not a day or a time/,
    );
    const [check] = credentialsCheck(c, NOW);
    assert.equal(check.status, "fail");
    assert.equal(check.summary, "1 credential(s) past the expiry the config records");
    assert.match(
      check.details![0],
      /^scimTokenExpires: The SCIM directory API key "scimToken" expires at .*, in 27 days/,
    );
    assert.match(check.details![1], /^apiKeyExpires: The org API key "apiKey" expired at 2026-11-01/);
    const later = credentialsCheck({ ...c, apiKeyExpires: "2027-06-30" }, NOW)[0];
    assert.equal(later.status, "warn");
    assert.deepEqual(credentialsCheck({ ...c, scimTokenExpires: undefined, apiKeyExpires: undefined }, NOW), []);
    assert.equal(
      credentialsCheck({ ...c, scimTokenExpires: "2027-06-30", apiKeyExpires: undefined }, NOW)[0].status,
      "ok",
    );
    void DAY;
  });
});
