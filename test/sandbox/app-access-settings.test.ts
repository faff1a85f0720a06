// App access settings (experimental; the 2026-07-22 spec): list with URL cursors, create, get, replace, upsert one
// product, the refusals, and one audit event per product a change touches.
import { strict as assert } from "node:assert";
import { startTestSandbox, call, type TestSandbox } from "../helpers/sandbox";
import { DOMAIN_SIGNUP, OPEN_SIGNUP } from "../../sandbox/scenarios/acme-access";
import { DEFAULT_APP_ROLE } from "../../sandbox/org/app-access-settings";

describe("sandbox: app access settings", () => {
  let sb: TestSandbox;
  const w = () => sb.store.world;
  const ws = (host: string, product: string) =>
    w().org.workspaces.find((x) => x.host === host && x.product === product)!;
  const base = (rest = "") => `/admin/v2/orgs/${w().org.id}/app-access-settings/domains${rest}`;
  const product = (host: string, name: string, adminApprovalRequired = false) => ({
    productId: ws(host, name).id,
    role: DEFAULT_APP_ROLE,
    adminApprovalRequired,
  });

  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  it("serves acme's two domains: the verified one with approval, and ANYONE on one site without", async () => {
    const list = await call(sb, "GET", base());
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.data, [
      { domain: DOMAIN_SIGNUP.domain, enabled: true, numberOfProductsAppliesTo: 1 },
      { domain: "ANYONE", enabled: true, numberOfProductsAppliesTo: 1 },
    ]);
    assert.deepEqual([list.body.links.next, list.body.links.prev], [null, null]);
    const anyone = await call(sb, "GET", base("/ANYONE"));
    assert.deepEqual(anyone.body, {
      domain: "ANYONE",
      enabled: true,
      adminNotifications: false,
      products: [product(OPEN_SIGNUP.site, OPEN_SIGNUP.product)],
    });
    const made = w().events.find(
      (e) => e.action === "user_access_settings_domain_added" && e.context[0].attributes.domain === "ANYONE",
    )!;
    // To the minute: the sandbox clock runs on by a few ms while the scenario plays its stories.
    assert.deepEqual(
      [made.time.slice(0, 16), made.actor.email],
      [OPEN_SIGNUP.at.slice(0, 16), "alex.admin@acme.example"],
    );
  });

  it("creates a domain with 201, a Location and its products, then refuses a second of the same domain", async () => {
    const body = {
      domain: "Partner.Example",
      adminNotifications: true,
      products: [product("acme-eu.atlassian.net", "jira-software", true)],
    };
    const res = await call(sb, "POST", base(), { body });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get("location"), base("/partner.example"));
    assert.deepEqual(res.body, {
      domain: "partner.example",
      enabled: true,
      adminNotifications: true,
      products: body.products,
    });
    const again = await call(sb, "POST", base(), { body });
    assert.deepEqual([again.status, again.body.errors[0].code], [409, "ADMIN-UAM-409-2"]);
  });

  it("replaces a domain's products with PUT, recording what was removed and what was set", async () => {
    const from = w().events.length;
    const next = product("acme-us.atlassian.net", "confluence");
    const res = await call(sb, "PUT", base("/partner.example"), {
      body: { adminNotifications: true, products: [next] },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.products, [next]);
    assert.deepEqual(
      w()
        .events.slice(from)
        .map((e) => [e.action, e.container?.[0].id, e.container?.[0].attributes.product]),
      [
        ["user_access_settings_domain_removed", ws("acme-eu.atlassian.net", "jira-software").cloudId, "jira-software"],
        [
          "user_access_settings_domain_added",
          w().org.workspaces.find((x) => x.id === next.productId)!.cloudId,
          w().org.workspaces.find((x) => x.id === next.productId)!.product,
        ],
      ],
    );
    const emptied = await call(sb, "PUT", base("/partner.example"), {
      body: { adminNotifications: false, products: [] },
    });
    assert.deepEqual([emptied.body.enabled, emptied.body.products], [false, []]);
  });

  it("upserts one product and leaves the others, recording nothing when nothing changes", async () => {
    const jsm = product("acme-eu.atlassian.net", "jira-servicedesk", true);
    const first = await call(sb, "POST", base(`/${DOMAIN_SIGNUP.domain}/products`), { body: jsm });
    assert.equal(first.status, 200);
    assert.equal(first.body.products.length, 2);
    const from = w().events.length;
    await call(sb, "POST", base(`/${DOMAIN_SIGNUP.domain}/products`), { body: jsm });
    assert.equal(w().events.length, from);
  });

  it("pages with cursors carried in full URLs", async () => {
    const first = await call(sb, "GET", base("?limit=2"));
    assert.deepEqual(
      first.body.data.map((d: { domain: string }) => d.domain),
      ["acme.example", "ANYONE"],
    );
    const next = new URL(first.body.links.next as string);
    assert.equal(next.pathname, base());
    const second = await call(sb, "GET", `${next.pathname}${next.search}`);
    assert.deepEqual(
      second.body.data.map((d: { domain: string }) => d.domain),
      ["partner.example"],
    );
    assert.equal(second.body.links.next, null);
    assert.equal(typeof second.body.links.prev, "string");
  });

  it("refuses a bad domain, a product outside the org, a role that is no role ARI, and an unknown domain", async () => {
    const codes = async (method: string, path: string, body?: unknown) => {
      const res = await call(sb, method, path, { body });
      return [res.status, res.body?.errors?.[0]?.code];
    };
    const ok = product("acme-eu.atlassian.net", "confluence");
    assert.deepEqual(await codes("POST", base(), { domain: "not a domain", adminNotifications: false, products: [] }), [
      400,
      "ADMIN-UAM-400-1",
    ]);
    assert.deepEqual(
      await codes("POST", base(), {
        domain: "x.example",
        adminNotifications: false,
        products: [{ productId: "ari:cloud:jira::site/nope" }],
      }),
      [400, "ADMIN-UAM-400-1"],
    );
    assert.deepEqual(
      await codes("POST", base(), {
        domain: "x.example",
        adminNotifications: false,
        products: [{ ...ok, role: "atlassian/user" }],
      }),
      [400, "ADMIN-UAM-400-1"],
    );
    assert.deepEqual(await codes("POST", base(), { domain: "x.example", products: [ok] }), [400, "ADMIN-UAM-400-1"]);
    assert.deepEqual(await codes("GET", base("/nobody.example")), [404, "ADMIN-404-3"]);
    assert.deepEqual(await codes("PUT", base("/nobody.example"), { adminNotifications: false, products: [] }), [
      404,
      "ADMIN-404-3",
    ]);
  });

  it("plays a person leaving a self-signup open through the admin control", async () => {
    const res = await call(sb, "POST", "/__sandbox/admin/app-access-setting", {
      body: { domain: "ANYONE", site: "acme-in.atlassian.net", product: "confluence" },
      token: null,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.products.length, 2);
    const removed = await call(sb, "POST", "/__sandbox/admin/app-access-setting", {
      body: { domain: "ANYONE", site: "acme-in.atlassian.net", product: "confluence", op: "remove" },
      token: null,
    });
    assert.deepEqual(removed.body.products, [product(OPEN_SIGNUP.site, OPEN_SIGNUP.product)]);
  });
});
