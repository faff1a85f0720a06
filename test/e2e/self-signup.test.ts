// Self-signup through the real Pulumi CLI against the sandbox (issue #14, items 3 and 4): AppAccessSettings refuses bad
// input and a domain an admin set up (naming who) at preview, adopts it with one write, reports a change made by hand
// in the admin UI with its actor (exit 7) and `up` restores it; the split reports ANYONE let in without approval as
// open-self-signup, with the admin who did it; destroy forgets the adopted settings.
import { strict as assert } from "node:assert";
import path from "node:path";
import { startEngineSandbox, type TestSandbox } from "../helpers/sandbox";
import { sandboxControl } from "../helpers/split-preview";
import {
  failureOf,
  openStack,
  requireEngine,
  runCli,
  sandboxConfig,
  REPO_ROOT,
  type TestStack,
  closeEngineStack,
} from "../helpers/stack";
import { OPEN_SIGNUP } from "../../sandbox/scenarios/acme-access";

const PROGRAM = path.join(REPO_ROOT, "test", "e2e", "programs", "self-signup");
const PERSON = "person:alex.admin@acme.example";
const SEEDED = `open-self-signup:ANYONE@${OPEN_SIGNUP.site}/${OPEN_SIGNUP.product}`;
const resource = (name: string) => `pulumi-nodejs:dynamic/atlassian:AppAccessSettings resource '${name}'`;

interface Finding {
  id: string;
  actor?: string;
  evidence?: string[];
  message: string;
}

describe("engine: self-signup", function () {
  this.timeout(600_000);
  let sb: TestSandbox;
  let t: TestStack;

  const control = (body: Record<string, unknown>) => sandboxControl(sb, "/admin/app-access-setting", body);
  const live = (domain: string) => sb.store.world.org.appAccess?.find((d) => d.domain === domain);
  const ws = (host: string, product: string) =>
    sb.store.world.org.workspaces.find((w) => w.host === host && w.product === product)!.id;
  /** The app access settings writes since request `from`. */
  const settingsWrites = (from: number) =>
    sb.store.world.requests
      .slice(from)
      .filter((r) => r.method !== "GET" && r.path.includes("/app-access-settings/"))
      .map((r) => `${r.method} ${r.path.replace(/^.*\/app-access-settings/, "")}`);
  const setConfig = (key: string, value: unknown) =>
    t.stack.setConfig(`e2e:${key}`, { value: typeof value === "string" ? value : JSON.stringify(value) });

  /** `pulumi preview --refresh --expect-no-changes --json`: findings of every resource, printed lines, changed steps. */
  async function preview() {
    const { code, stdout } = await runCli(t, ["preview", "--refresh", "--expect-no-changes", "--json"], [0, 7]);
    const digest = JSON.parse(stdout) as {
      steps?: { op: string; urn: string; oldState?: { outputs?: { findings?: Finding[] } } }[];
      diagnostics?: { message?: string }[];
    };
    const findings = new Map<string, Finding & { urn: string }>();
    const changes: string[] = [];
    for (const s of digest.steps ?? []) {
      if (s.op === "refresh") continue;
      for (const f of s.oldState?.outputs?.findings ?? []) findings.set(f.id, { ...f, urn: s.urn });
      if (s.op !== "same") changes.push(`${s.op} ${s.urn.split("::").pop()}`);
    }
    const lines = (digest.diagnostics ?? [])
      .flatMap((d) => (d.message ?? "").split("\n"))
      .map((l) => l.trim())
      .filter((l) => l.startsWith("[atlassian-access]"));
    return { code, findings, lines, changes };
  }

  async function up(): Promise<string[]> {
    const from = sb.store.world.requests.length;
    await runCli(t, ["up", "--refresh", "--yes", "--skip-preview"]);
    return settingsWrites(from);
  }

  before(async function () {
    requireEngine(this);
    sb = await startEngineSandbox();
    // An admin lets partner.example join Confluence on acme-eu, no approval, by hand: the program then declares it.
    await control({ domain: "partner.example", site: "acme-eu.atlassian.net", product: "confluence" });
    t = await openStack(
      PROGRAM,
      sandboxConfig(sb, {
        "atlassian-access:actorLanes": { value: JSON.stringify({ "pulumi-ci": "pulumi" }) },
      }),
    );
  });
  after(() => closeEngineStack(sb, t));

  /** The preview's check failure for one resource: the reason the provider gave. */
  async function refusal(name: string): Promise<string> {
    const { errors } = await failureOf(t.stack.preview());
    const mine = errors.filter((e) => e.startsWith(`error: ${resource(name)}`) && e.includes(" has a problem: "));
    assert.equal(mine.length, 1, errors.join("\n"));
    return mine[0].replace(/^.*? has a problem: /, "");
  }

  it("refuses at preview a domain an admin set up that the program does not adopt, naming who set it up", async () => {
    const from = sb.store.world.requests.length;
    assert.match(
      await refusal("partner"),
      new RegExp(
        `^App access settings for partner\\.example already exist \\(acme-eu\\.atlassian\\.net/confluence as member without approval\\)\\. They were (set up|last changed) by ${PERSON} at \\S+ \\(audit event [0-9a-f-]+\\), not by code's credential\\. To manage them from code, set adopt: true`,
      ),
    );
    assert.deepEqual(settingsWrites(from), []);
  });

  it("refuses bad input at preview: ANYONE without its flag, a malformed domain, a role not offered, an unknown site", async () => {
    await setConfig("adopt", "true");
    const cases: [unknown, string][] = [
      [
        { domain: "ANYONE", products: [{ site: OPEN_SIGNUP.site, product: OPEN_SIGNUP.product }] },
        `domain "ANYONE" lets anyone with any email address join ${OPEN_SIGNUP.site}/${OPEN_SIGNUP.product}: set allowAnyDomain: true to declare that on purpose, or name your email domain instead of ANYONE.`,
      ],
      [
        { domain: "acme", products: [] },
        'domain "acme" is not an email domain like example.com (letters, digits and hyphens, dot-separated, ending in a top-level domain), nor ANYONE.',
      ],
      [
        {
          domain: "northwind.example",
          products: [{ site: "acme-eu.atlassian.net", product: "confluence", role: "admin" }],
        },
        'products[0]: role "admin" is not a role self-signup offers: the app access settings API (experimental, 2026-07-22 spec) lets a domain join a product only as "member" (ari:cloud:identity::role/product/member, the default). Remove role, or set "member".',
      ],
      [
        { domain: "fabrikam.example", products: [{ site: "acme-xx.atlassian.net", product: "confluence" }] },
        'products[0] (acme-xx.atlassian.net/confluence): Unknown site "acme-xx.atlassian.net": the organization has acme-au.atlassian.net, acme-br.atlassian.net, acme-ca.atlassian.net, acme-de.atlassian.net, acme-eu.atlassian.net, acme-fr.atlassian.net, acme-in.atlassian.net, acme-jp.atlassian.net, acme-uk.atlassian.net, acme-us.atlassian.net.',
      ],
    ];
    const from = sb.store.world.requests.length;
    for (const [args, reason] of cases) {
      await setConfig("bad", [args]);
      assert.equal(await refusal("bad-0"), reason);
    }
    assert.deepEqual(settingsWrites(from), []);
  });

  it("adopts the domain with one write: its products become the declared ones", async () => {
    await setConfig("bad", []);
    const writes = await up();
    assert.deepEqual(writes, ["PUT /domains/partner.example"]);
    assert.deepEqual(live("partner.example")?.products, [
      {
        productId: ws("acme-eu.atlassian.net", "confluence"),
        role: "ari:cloud:identity::role/product/member",
        adminApprovalRequired: true,
      },
      {
        productId: ws("acme-us.atlassian.net", "jira-software"),
        role: "ari:cloud:identity::role/product/member",
        adminApprovalRequired: false,
      },
    ]);
    assert.equal((await t.stack.outputs()).partnerAdopted.value, true);
  });

  it("reports acme's ANYONE left on as open-self-signup with the admin who set it; declared domains are not findings", async () => {
    const p = await preview();
    assert.equal(p.code, 7);
    const f = p.findings.get(SEEDED);
    assert.ok(f, [...p.findings.keys()].join(", "));
    assert.equal(f.actor, PERSON);
    assert.ok(
      p.lines.some((l) => l.startsWith(`[atlassian-access] OwnershipSplit: ${SEEDED} — `)),
      p.lines.join("\n"),
    );
    // partner.example lets people join Jira on acme-us without approval, but code declares it.
    assert.deepEqual(
      [...p.findings.keys()].filter((id) => id.startsWith("open-self-signup:")),
      [SEEDED],
    );
    await setConfig("accepted", [...p.findings.keys()]);
    await up();
    const clean = await preview();
    assert.equal(clean.code, 0, clean.lines.join("\n"));
  });

  it("names a change made by hand in the admin UI with its actor (exit 7); up restores the declared setting", async () => {
    await control({
      domain: "partner.example",
      site: "acme-us.atlassian.net",
      product: "jira-software",
      adminApprovalRequired: true,
    });
    const p = await preview();
    assert.equal(p.code, 7);
    const id = "self-signup-changed-outside-code:partner.example@acme-us.atlassian.net/jira-software";
    const f = p.findings.get(id);
    assert.ok(f, [...p.findings.keys()].join(", "));
    assert.equal(f.actor, PERSON);
    assert.match(f.evidence?.[0] ?? "", /^event:/);
    assert.equal(
      f.message,
      `${PERSON} changed acme-us.atlassian.net/jira-software to member, with admin approval (declared: member, without approval) in the app access settings of partner.example outside code; code's AppAccessSettings owns them.`,
    );
    assert.ok(p.lines.some((l) => l.startsWith(`[atlassian-access] AppAccessSettings partner.example: ${id} — `)));
    assert.deepEqual(p.changes, ["update partner"]);
    assert.deepEqual(await up(), ["PUT /domains/partner.example"]);
    assert.equal(live("partner.example")?.products[1].adminApprovalRequired, false);
    assert.equal((await preview()).code, 0);
  });

  it("reports ANYONE let in by an admin without approval as open-self-signup, naming the admin; up leaves it", async () => {
    await control({ domain: "ANYONE", site: "acme-jp.atlassian.net", product: "confluence" });
    const p = await preview();
    assert.equal(p.code, 7);
    const id = "open-self-signup:ANYONE@acme-jp.atlassian.net/confluence";
    const f = p.findings.get(id);
    assert.ok(f, [...p.findings.keys()].join(", "));
    assert.equal(f.actor, PERSON);
    assert.match(f.evidence?.[0] ?? "", /^event:/);
    assert.match(
      f.message,
      /^Anyone with any email address can join confluence on acme-jp\.atlassian\.net as member without an admin's approval \(app access settings, set by person:alex\.admin@acme\.example\), and code declares no app access settings for ANYONE\.$/,
    );
    assert.ok(
      p.lines.some((l) => l.startsWith(`[atlassian-access] OwnershipSplit: ${id} — `)),
      p.lines.join("\n"),
    );
    // Not code's setting: up writes nothing, and the preview keeps failing until an admin or a reviewer settles it.
    assert.deepEqual(await up(), []);
    assert.equal((await preview()).code, 7);
  });

  it("destroy forgets the adopted settings: they stay in Atlassian as they are", async () => {
    const from = sb.store.world.requests.length;
    await t.stack.destroy();
    assert.deepEqual(settingsWrites(from), []);
    assert.equal(live("partner.example")?.products.length, 2);
  });
});
