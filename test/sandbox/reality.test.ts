// "Real beats ours": every shape the sandbox emits that the specs leave open has an entry in sandbox/REALITY.md, with
// its source or marked assumed. Audit action keys, context and container objects and their attributes, actors, error
// bodies and rate-limit headers are taken from what the sandbox actually sends and looked up in the file's sections.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EMITTED_KEYS } from "../../sandbox/org/audit-shapes";
import { renderActor } from "../../sandbox/routes/audit";
import { SANDBOX_CREDENTIALS } from "../../sandbox/scenarios/empty";
import type { Actor } from "../../sandbox/world";
import { call, orgPath, startTestSandbox, type TestSandbox } from "../helpers/sandbox";

const REALITY = readFileSync(join(__dirname, "../../sandbox/REALITY.md"), "utf8");

/** The table rows of a `## title` section, each as its cells. */
function rows(title: string): string[][] {
  const start = REALITY.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `REALITY.md has no section "## ${title}"`);
  const end = REALITY.indexOf("\n## ", start + 1);
  return REALITY.slice(start, end < 0 ? undefined : end)
    .split("\n")
    .filter((l) => l.startsWith("| ") && !/^\|[\s|-]+$/.test(l))
    .slice(1)
    .map((l) =>
      l
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim()),
    );
}

/** Every key of a JSON value, nested objects and arrays included. */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysOf(x, out);
    }
  return out;
}

const names = (text: string, key: string) => new RegExp(`(^|[^\\w-])${key}([^\\w-]|$)`).test(text);
const missingIn = (text: string, keys: Iterable<string>) => [...keys].filter((k) => !names(text, k));

describe("sandbox/REALITY.md covers what the sandbox emits", () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  it("lists every action key the sandbox may emit", () => {
    const text = rows("Action keys")
      .map((r) => r[1])
      .join("\n");
    const missing = EMITTED_KEYS.filter((k) => !text.includes(`\`${k}\``));
    assert.deepEqual(missing, [], "keys the sandbox emits with no row in REALITY.md's Action keys");
  });

  it("lists every context and container type the seeded log holds, with every attribute it carries", async () => {
    const section = rows("Context and container objects");
    type Obj = { type: string; attributes: object };
    const objects: Obj[] = [];
    let next: string | undefined = `/admin/v1/orgs/${sb.store.world.org.id}/events?limit=500`;
    while (next) {
      const page = await call(sb, "GET", next);
      assert.equal(page.status, 200);
      for (const e of page.body.data as { attributes: { context: Obj[]; container: Obj[] } }[])
        objects.push(...e.attributes.context, ...e.attributes.container);
      const link = page.body.links.next as string | undefined;
      next = link ? link.slice(sb.url.length) : undefined;
    }
    assert.ok(new Set(objects.map((o) => o.type)).size >= 4, "the acme log names groups, users, the org and sites");
    for (const o of objects) {
      const text = section
        .filter((r) => r[1].includes(`type: "${o.type}"`))
        .map((r) => r.join(" "))
        .join("\n");
      assert.ok(text, `no row of REALITY.md's Context and container objects shows type: "${o.type}"`);
      assert.deepEqual(missingIn(text, Object.keys(o.attributes)), [], `attributes of a "${o.type}" object`);
    }
  });

  it("shows every key of each kind of actor", () => {
    const section = rows("Actors");
    const w = sb.store.world;
    const key = w.org.apiKeys[0];
    const actors: [Actor, string][] = [
      [{ kind: "admin-ui", id: "5b10a2844c20165700ede21g", name: "Pat", email: "pat@example.com" }, "a person"],
      [{ kind: "api-key", id: key.accountId, name: key.label, tokenId: key.tokenId }, "an org API key"],
      [{ kind: "isc", id: "isc", name: "isc" }, "an org API key"],
      [{ kind: "scim", id: "scim", name: "scim" }, "SCIM"],
      [{ kind: "system", id: "system", name: "system" }, "Atlassian's own"],
    ];
    for (const [actor, row] of actors) {
      const r = section.find((c) => c[0].startsWith(row));
      assert.ok(r, `REALITY.md's Actors has no row "${row}…"`);
      assert.deepEqual(missingIn(r[1], keysOf(renderActor(sb.store, actor))), [], `keys of the ${actor.kind} actor`);
    }
  });

  describe("error bodies and rate-limit headers", () => {
    const answers: { api: string; status: number; body: unknown; headers: Headers }[] = [];
    const control = (route: string, body: unknown) => call(sb, "POST", `/__sandbox${route}`, { body, token: null });

    before(async () => {
      const w = sb.store.world;
      const events = `/admin/v1/orgs/${w.org.id}/events`;
      const scim = (rest: string, token: string | null = SANDBOX_CREDENTIALS.scimToken) =>
        call(sb, "GET", `/scim/directory/${w.scim.directoryId}${rest}`, { token });
      const form = { "content-type": "application/x-www-form-urlencoded" };
      const tokenAnswer = (secret: string) =>
        fetch(`${sb.url}/oauth/token`, {
          method: "POST",
          headers: form,
          body: `grant_type=client_credentials&client_id=${SANDBOX_CREDENTIALS.iscClientId}&client_secret=${secret}`,
        });
      const iscToken = (
        (await (await tokenAnswer(SANDBOX_CREDENTIALS.iscClientSecret)).json()) as { access_token: string }
      ).access_token;
      const isc = (path: string, token: string | null = iscToken) => call(sb, "GET", path, { token });
      const record = (api: string, a: { status: number; body: unknown; headers: Headers }) =>
        answers.push({ api, ...a });

      record("org", await call(sb, "GET", orgPath(sb, "/groups/no-such-group")));
      record("org", await call(sb, "GET", orgPath(sb, "/groups"), { token: "not-a-key" }));
      record("gateway", await call(sb, "GET", `/admin/v1/orgs/${w.org.id}/users`, { token: "not-a-key" }));
      record("audit", await call(sb, "GET", `${events}?limit=0`));
      await control("/settings", {
        rateLimits: true,
        eventsRateLimit: true,
        quotas: { events: { max: 1, windowMs: 60_000 }, isc: { max: 1, windowMs: 60_000 } },
      });
      // The first call may already be refused: the seeded settings count the events quota from the sandbox's start.
      let limited = await call(sb, "GET", events);
      if (limited.status !== 429) limited = await call(sb, "GET", events);
      record("audit", limited);
      record("ISC", await isc("/v3/sources/no-such-source"));
      record("ISC", await isc("/v3/sources"));
      await control("/settings", { rateLimits: false, eventsRateLimit: false, quotas: {} });
      record("ISC", await isc("/v3/sources", null));
      const refused = await tokenAnswer("wrong");
      record("ISC", { status: refused.status, body: await refused.json(), headers: refused.headers });
      record("SCIM", await scim("/Users/no-such-user"));
      record("SCIM", await scim(`/Users?filter=${encodeURIComponent("nonsense")}`));
      record("SCIM", await scim("/Users", "not-a-token"));
      await control("/faults", { rate429: 1 });
      record("org", await call(sb, "POST", orgPath(sb, "/groups/search"), { body: {} }));
      record("SCIM", await scim("/Users"));
      await control("/faults", { rate429: 0 });
    });

    it("shows the keys of every error body, in a row of the API that sends it", () => {
      const section = rows("Error bodies");
      const statuses = answers.map((a) => `${a.api} ${a.status}`);
      for (const s of ["org 404", "gateway 401", "audit 400", "audit 429", "ISC 404", "ISC 429", "ISC 401", "SCIM 404"])
        assert.ok(statuses.includes(s), `the probes drew ${s}: ${statuses.join(", ")}`);
      for (const a of answers) {
        assert.ok(a.status >= 400, `${a.api} probe answered ${a.status}`);
        const candidates = section.filter((r) => r[0].includes(a.api === "audit" ? "audit" : a.api));
        const covering = candidates.find((r) => missingIn(r[1], keysOf(a.body)).length === 0);
        assert.ok(
          covering,
          `${a.api} ${a.status} ${JSON.stringify(a.body)}: no row of REALITY.md's Error bodies for ${a.api} names every key`,
        );
      }
    });

    it("names every rate-limit and paging header the sandbox sends", () => {
      const text = rows("Rate-limit headers")
        .map((r) => r.join(" "))
        .join("\n");
      const sent = new Set(
        answers.flatMap((a) =>
          [...a.headers.keys()].filter((h) => /^(x-ratelimit-|retry-after|x-total-count|www-authenticate)/.test(h)),
        ),
      );
      assert.ok(sent.has("retry-after") && sent.has("x-ratelimit-reset"), [...sent].join(", "));
      const missing = [...sent].filter((h) => !text.toLowerCase().includes(`\`${h}`));
      assert.deepEqual(missing, [], "headers with no row in REALITY.md's Rate-limit headers");
    });
  });
});
