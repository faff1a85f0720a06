// AppAccessSettings's lifecycle in-process against the sandbox's app access settings: check refuses bad input and a
// domain someone else set up (naming who), create writes once, read reports a change made by hand with its actor and
// update restores it, destroy forgets what code adopted and empties what it set up.
import { strict as assert } from "node:assert";
import { configure, setContextForTests, resetRunState } from "../../provider/lifecycle/context";
import { lifecycleOf } from "../../provider/lifecycle/registry";
import type {
  AppAccessSettingsArgs,
  AppAccessSettingsOutputs,
} from "../../provider/lifecycle/app-access-settings/lifecycle";
import { call, providerConfigure, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { DOMAIN_SIGNUP } from "../../sandbox/scenarios/acme-access";

const ACTOR_LANES = JSON.stringify({ "pulumi-ci": "pulumi", "sailpoint-isc-connector": "isc" });
const MEMBER = "ari:cloud:identity::role/product/member";

describe("AppAccessSettings lifecycle", function () {
  this.timeout(30_000);
  let sb: TestSandbox;
  const l = () =>
    lifecycleOf("app-access-settings") as unknown as {
      check(
        o: Partial<AppAccessSettingsArgs>,
        n: AppAccessSettingsArgs,
      ): Promise<{ inputs?: AppAccessSettingsArgs; failures?: { property: string; reason: string }[] }>;
      create(i: AppAccessSettingsArgs): Promise<{ id: string; outs: AppAccessSettingsOutputs }>;
      read(
        id: string,
        p: AppAccessSettingsOutputs,
      ): Promise<{ id: string; props?: AppAccessSettingsOutputs; inputs?: AppAccessSettingsArgs }>;
      diff(
        id: string,
        o: AppAccessSettingsOutputs,
        n: AppAccessSettingsArgs,
      ): Promise<{ changes: boolean; replaces?: string[] }>;
      update(
        id: string,
        o: AppAccessSettingsOutputs,
        n: AppAccessSettingsArgs,
      ): Promise<{ outs: AppAccessSettingsOutputs }>;
      delete(id: string, p: AppAccessSettingsOutputs): Promise<void>;
    };
  const ws = (host: string, product: string) =>
    sb.store.world.org.workspaces.find((w) => w.host === host && w.product === product)!;
  const live = (domain: string) => sb.store.world.org.appAccess?.find((d) => d.domain === domain);
  const writes = (from: number) =>
    sb.store.world.requests
      .slice(from)
      .filter((r) => r.api === "org" && r.method !== "GET" && r.path.includes("app-access-settings"))
      .map((r) => `${r.method} ${r.path.replace(/^.*app-access-settings/, "")}`);
  /** A new engine run: nothing read, nothing printed. */
  const newRun = () => {
    resetRunState();
  };
  const admin = async (body: Record<string, unknown>) => {
    const res = await call(sb, "POST", "/__sandbox/admin/app-access-setting", { body, token: null });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const failures = async (args: Partial<AppAccessSettingsArgs>) =>
    (await l().check({}, { domain: "partner.example", products: [], ...args })).failures ?? [];

  before(async () => {
    sb = await startTestSandbox();
    configure(providerConfigure(sb, { actorLanes: ACTOR_LANES }));
  });
  beforeEach(newRun);
  after(async () => {
    setContextForTests(undefined);
    newRun();
    await sb.close();
  });

  it("refuses bad input at check, naming the field and the fix", async () => {
    const reasons = async (args: Partial<AppAccessSettingsArgs>) =>
      (await failures(args)).map((f) => `${f.property}: ${f.reason}`);
    assert.deepEqual(await reasons({ domain: "not a domain" }), [
      'domain: domain "not a domain" is not an email domain like example.com (letters, digits and hyphens, dot-separated, ending in a top-level domain), nor ANYONE.',
    ]);
    assert.deepEqual(await reasons({ domain: "kim@northwind.example" }), [
      'domain: domain "kim@northwind.example" is an email address; give only the part after the @ (e.g. "northwind.example").',
    ]);
    assert.deepEqual(await reasons({ domain: "anyone" }), [
      'domain: domain "anyone": write ANYONE in capitals for any email address (the API\'s spelling).',
    ]);
    assert.deepEqual(
      await reasons({ domain: "ANYONE", products: [{ site: "acme-br.atlassian.net", product: "jira-software" }] }),
      [
        'allowAnyDomain: domain "ANYONE" lets anyone with any email address join acme-br.atlassian.net/jira-software: set allowAnyDomain: true to declare that on purpose, or name your email domain instead of ANYONE.',
      ],
    );
    assert.deepEqual(await reasons({ allowAnyDomain: true }), [
      'allowAnyDomain: allowAnyDomain applies only to domain "ANYONE"; partner.example is one email domain. Remove allowAnyDomain.',
    ]);
    assert.deepEqual(
      await reasons({
        products: [
          { site: "acme-eu.atlassian.net", product: "confluence", role: "admin" },
          { site: "acme-eu.atlassian.net", product: "confluence" },
        ],
      }),
      [
        'products: products[0]: role "admin" is not a role self-signup offers: the app access settings API (experimental, 2026-07-22 spec) lets a domain join a product only as "member" (ari:cloud:identity::role/product/member, the default). Remove role, or set "member".',
        "products: products[1] repeats products[0] (acme-eu.atlassian.net/confluence): a domain has one setting per product. Keep one of them.",
      ],
    );
    assert.deepEqual(await reasons({ products: [{ site: "acme-xx.atlassian.net", product: "confluence" }] }), [
      'products: products[0] (acme-xx.atlassian.net/confluence): Unknown site "acme-xx.atlassian.net": the organization has acme-au.atlassian.net, acme-br.atlassian.net, acme-ca.atlassian.net, acme-de.atlassian.net, acme-eu.atlassian.net, acme-fr.atlassian.net, acme-in.atlassian.net, acme-jp.atlassian.net, acme-uk.atlassian.net, acme-us.atlassian.net.',
    ]);
    assert.deepEqual(await reasons({ products: [{ site: "acme-eu.atlassian.net", product: "bitbucket" }] }), [
      'products: products[0] (acme-eu.atlassian.net/bitbucket): Site acme-eu.atlassian.net has no product "bitbucket"; it has confluence, jira-servicedesk, jira-software.',
    ]);
    assert.deepEqual(await reasons({ program: { sameDomainAs: "partner" } }), [
      'domain: AppAccessSettings "partner" of this program already declares domain partner.example; one domain\'s settings declared twice have two owners. Declare the domain once, with all its products.',
    ]);
    assert.deepEqual(await reasons({ products: "confluence" as never }), [
      "products: products must be a list of { site, product, role?, adminApprovalRequired? }",
    ]);
  });

  it("accepts ANYONE with allowAnyDomain, and fills in the defaults (member, admin approval)", async () => {
    const res = await l().check(
      {},
      {
        domain: "ANYONE",
        allowAnyDomain: true,
        products: [{ site: "acme-br.atlassian.net", product: "jira-software" }],
        adopt: true,
      },
    );
    assert.deepEqual(res.inputs?.products, [
      { site: "acme-br.atlassian.net", product: "jira-software", role: "member", adminApprovalRequired: true },
    ]);
  });

  it("stores a site given as its workspace ARI as its host, the form a refresh observes", async () => {
    const res = await l().check(
      {},
      {
        domain: "partner.example",
        products: [{ site: ws("acme-uk.atlassian.net", "confluence").id, product: "confluence" }],
      },
    );
    assert.deepEqual(res.inputs?.products, [
      { site: "acme-uk.atlassian.net", product: "confluence", role: "member", adminApprovalRequired: true },
    ]);
  });

  it("refuses a domain someone set up by hand without adopt, naming who from the audit log", async () => {
    await admin({ domain: "partner.example", site: "acme-us.atlassian.net", product: "confluence" });
    newRun();
    const fs = await failures({ products: [{ site: "acme-us.atlassian.net", product: "confluence" }] });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].property, "domain");
    assert.match(
      fs[0].reason,
      /^App access settings for partner\.example already exist \(acme-us\.atlassian\.net\/confluence as member without approval\)\. They were (set up|last changed) by person:alex\.admin@acme\.example at \S+ \(audit event [0-9a-f-]+\), not by code's credential\. To manage them from code, set adopt: true on this AppAccessSettings/,
    );
    // Older than the audit lookback: the refusal says the log does not tell.
    const old = await failures({ domain: DOMAIN_SIGNUP.domain });
    assert.match(old[0].reason, /The audit log in the lookback window does not say who set them up\./);
  });

  let created: AppAccessSettingsOutputs;

  it("sets up a new domain with one create, its products resolved to their workspaces", async () => {
    const from = sb.store.world.requests.length;
    const inputs = (
      await l().check(
        {},
        {
          domain: "Contoso.Example",
          products: [{ site: "acme-eu.atlassian.net", product: "jira-software", adminApprovalRequired: false }],
        },
      )
    ).inputs!;
    const { id, outs } = await l().create(inputs);
    assert.deepEqual(writes(from), ["POST /domains"]);
    assert.equal(id, "contoso.example");
    assert.deepEqual(live("contoso.example")?.products, [
      { productId: ws("acme-eu.atlassian.net", "jira-software").id, role: MEMBER, adminApprovalRequired: false },
    ]);
    assert.deepEqual(
      [outs.domain, outs.adopted, outs.productIds, outs.products, outs.findings],
      [
        "contoso.example",
        false,
        [ws("acme-eu.atlassian.net", "jira-software").id],
        [{ site: "acme-eu.atlassian.net", product: "jira-software", role: "member", adminApprovalRequired: false }],
        [],
      ],
    );
    created = outs;
  });

  it("settles a create whose answer was lost by reading: sent once, not again", async () => {
    const faults = (body: Record<string, unknown>) => call(sb, "POST", "/__sandbox/faults", { body, token: null });
    const inputs = (
      await l().check(
        {},
        { domain: "lost.example", products: [{ site: "acme-de.atlassian.net", product: "confluence" }] },
      )
    ).inputs!;
    await faults({ dropAfterCommit: 1, match: "^POST .*/app-access-settings/domains$" });
    const from = sb.store.world.requests.length;
    try {
      const { outs } = await l().create(inputs);
      assert.deepEqual(outs.products, [
        { site: "acme-de.atlassian.net", product: "confluence", role: "member", adminApprovalRequired: true },
      ]);
    } finally {
      await faults({ dropAfterCommit: 0, match: null });
    }
    // The lost exchange is not in the request log (its response never ended); the audit log shows the one create,
    // and no write followed the read that settled it.
    const created = sb.store.world.events.filter(
      // The domain added (no site); each product set is a domain_added naming its site (REALITY.md).
      (e) =>
        e.action === "user_access_settings_domain_added" &&
        e.context[0].attributes.domain === "lost.example" &&
        !e.container,
    );
    assert.equal(created.length, 1);
    assert.deepEqual(writes(from), []);
    assert.equal(live("lost.example")?.products.length, 1);
  });

  it("reads a change made by hand as a finding with its actor; update restores the declared setting", async () => {
    await admin({
      domain: "contoso.example",
      site: "acme-eu.atlassian.net",
      product: "jira-software",
      adminApprovalRequired: true,
    });
    await admin({ domain: "contoso.example", site: "acme-us.atlassian.net", product: "confluence" });
    newRun();
    const read = await l().read("contoso.example", created);
    const found = read.props!.findings.map((f) => [f.id, f.actor]);
    assert.deepEqual(found, [
      [
        "self-signup-changed-outside-code:contoso.example@acme-eu.atlassian.net/jira-software",
        "person:alex.admin@acme.example",
      ],
      [
        "self-signup-changed-outside-code:contoso.example@acme-us.atlassian.net/confluence",
        "person:alex.admin@acme.example",
      ],
    ]);
    assert.equal(
      read.props!.findings[0].message,
      "person:alex.admin@acme.example changed acme-eu.atlassian.net/jira-software to member, with admin approval (declared: member, without approval) in the app access settings of contoso.example outside code; code's AppAccessSettings owns them.",
    );
    assert.deepEqual(read.inputs!.products.length, 2);
    const news = (await l().check(created, { domain: "contoso.example", products: created.declaredProducts })).inputs!;
    assert.deepEqual(await l().diff("contoso.example", read.props!, news), { changes: true, replaces: [] });
    const from = sb.store.world.requests.length;
    const { outs } = await l().update("contoso.example", read.props!, news);
    assert.deepEqual(writes(from), ["PUT /domains/contoso.example"]);
    assert.deepEqual(live("contoso.example")?.products, [
      { productId: ws("acme-eu.atlassian.net", "jira-software").id, role: MEMBER, adminApprovalRequired: false },
    ]);
    newRun();
    const again = await l().read("contoso.example", outs);
    assert.deepEqual(again.props!.findings, []);
    assert.deepEqual(await l().diff("contoso.example", again.props!, news), { changes: false, replaces: [] });
  });

  it("adopts an existing domain: its products replaced by the declared ones in one write", async () => {
    const from = sb.store.world.requests.length;
    const inputs = (
      await l().check(
        {},
        {
          domain: DOMAIN_SIGNUP.domain,
          adopt: true,
          products: [
            { site: DOMAIN_SIGNUP.site, product: "confluence" },
            { site: DOMAIN_SIGNUP.site, product: "jira-software" },
          ],
        },
      )
    ).inputs!;
    const { outs } = await l().create(inputs);
    assert.deepEqual(writes(from), [`PUT /domains/${DOMAIN_SIGNUP.domain}`]);
    assert.equal(outs.adopted, true);
    assert.equal(live(DOMAIN_SIGNUP.domain)?.adminNotifications, true, "adminNotifications unset: left as it was");
    assert.deepEqual(
      live(DOMAIN_SIGNUP.domain)
        ?.products.map((p) => p.productId)
        .sort(),
      [ws(DOMAIN_SIGNUP.site, "confluence").id, ws(DOMAIN_SIGNUP.site, "jira-software").id].sort(),
    );
    // Destroy forgets an adopted domain's settings...
    const before = sb.store.world.requests.length;
    await l().delete(DOMAIN_SIGNUP.domain, outs);
    assert.deepEqual(writes(before), []);
    assert.equal(live(DOMAIN_SIGNUP.domain)?.products.length, 2);
    // ...unless deleteOnDestroy: then every product is removed (the API has no delete).
    await l().delete(DOMAIN_SIGNUP.domain, { ...outs, deleteOnDestroy: true });
    assert.deepEqual(writes(before), [`PUT /domains/${DOMAIN_SIGNUP.domain}`]);
    assert.deepEqual(live(DOMAIN_SIGNUP.domain)?.products, []);
  });

  it("closes ANYONE from code: no flag needed to declare it with no products, one PUT empties it", async () => {
    const res = await l().check({}, { domain: "ANYONE", adopt: true, products: [] });
    assert.deepEqual(res.failures, undefined);
    const from = sb.store.world.requests.length;
    const { outs } = await l().create(res.inputs!);
    assert.deepEqual(writes(from), ["PUT /domains/ANYONE"]);
    assert.deepEqual([live("ANYONE")?.products, outs.adopted], [[], true]);
  });

  it("empties a domain code set up on destroy, and sets it up again later with a PUT (the domain stays listed)", async () => {
    const from = sb.store.world.requests.length;
    await l().delete("contoso.example", created);
    assert.deepEqual(writes(from), ["PUT /domains/contoso.example"]);
    assert.deepEqual(live("contoso.example")?.products, []);
    newRun();
    const read = await l().read("contoso.example", created);
    assert.deepEqual(read.props?.products, []);
    const again = sb.store.world.requests.length;
    await l().create((await l().check({}, { domain: "contoso.example", products: created.declaredProducts })).inputs!);
    assert.deepEqual(writes(again), ["PUT /domains/contoso.example"]);
  });
});
