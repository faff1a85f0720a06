// The Admins resource through the real Pulumi CLI against the acme sandbox (issue #14, item 4): check refuses bad input
// at preview; the first `up` adopts acme's admins (records them, writes nothing) and the refresh preview is clean;
// a site admin granted by hand (the sandbox's /__sandbox/admin/user-role, as a person in admin.atlassian.com) is an
// `undeclared-admin` finding naming that person (exit 7); with enforce, `up` refuses to revoke admins that predate it
// until adopt is set, then revokes the undeclared and grants the declared, checked against the sandbox's state.
import { strict as assert } from "node:assert";
import path from "node:path";
import { visibleUserRoles } from "../../sandbox/org/access-index";
import type { TestSandbox } from "../helpers/sandbox";
import {
  closeEngineStack,
  failureOf,
  laneConfig,
  openEngineStack,
  REPO_ROOT,
  runCli,
  type TestStack,
} from "../helpers/stack";

const PROGRAM = path.join(REPO_ROOT, "test", "e2e", "programs", "admins");
const ADMINS = "pulumi-nodejs:dynamic/atlassian:Admins resource 'admins'";
const ALEX = "alex.admin@acme.example";
const TARA = "tara.arden@acme.example";
const HIRO = "hiro.arden@acme.example";
const QUINN = "quinn.arden@acme.example";
const BEN = "ben.arden@acme.example";
const ACME = { orgAdmins: [ALEX], siteAdmins: { "acme-eu": [TARA], "acme-us": [TARA], "acme-jp": [HIRO] } };
const QUINN_DE = `undeclared-admin:${QUINN}/site-admin/acme-de.atlassian.net`;

describe("engine: Admins", function () {
  this.timeout(600_000);
  let sb: TestSandbox;
  let t: TestStack;

  const declare = (args: unknown) => t.stack.setConfig("e2e:admins", { value: JSON.stringify(args) });
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${sb.url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.text());
  };
  /** Admin roles held directly, as the sandbox stores them: `email role site|org`. */
  const sandboxAdmins = () =>
    visibleUserRoles(sb.store)
      .filter((r) => r.roleId === "atlassian/org-admin" || r.roleId === "atlassian/site-admin")
      .map((r) => {
        const email = sb.store.world.org.users.find((u) => u.accountId === r.accountId)!.email;
        const cloudId = /::site\/(.+)$/.exec(r.resourceId)?.[1];
        const host = cloudId ? sb.store.world.org.workspaces.find((w) => w.cloudId === cloudId)!.host : "org";
        return `${email} ${r.roleId.replace("atlassian/", "")} ${host}`;
      })
      .sort();
  /** Org API writes since `from`: method and path. */
  const writesSince = (from: number) =>
    sb.store.world.requests
      .slice(from)
      .filter((r) => r.api === "org" && r.method !== "GET" && !/\/search$|\/workspaces$/.test(r.path))
      .map((r) => `${r.method} ${r.path.replace(/^\/admin\/v1\/orgs\/[^/]+\/users\/[^/]+/, "")}`);

  /** `pulumi preview --refresh --expect-no-changes --json` as CI runs it: exit code, Admins findings, provider lines. */
  async function preview() {
    const { code, stdout } = await runCli(t, ["preview", "--refresh", "--expect-no-changes", "--json"], [0, 7]);
    const digest = JSON.parse(stdout) as {
      steps?: { op: string; oldState?: { type?: string; outputs?: { findings?: { id: string; actor?: string }[] } } }[];
      diagnostics?: { message?: string }[];
    };
    const findings = (digest.steps ?? [])
      .filter((s) => s.op !== "refresh" && s.oldState?.type?.endsWith(":Admins"))
      .flatMap((s) => s.oldState?.outputs?.findings ?? [])
      .map((f) => `${f.id} by ${f.actor}`);
    const lines = (digest.diagnostics ?? [])
      .flatMap((d) => (d.message ?? "").split("\n"))
      .filter((l) => l.includes("[atlassian-access]"))
      .map((l) => l.trim());
    return { code, findings, lines };
  }

  before(async function () {
    // actorLanes maps code's API key to pulumi, so the account it acts as is known (and never revoked).
    ({ sb, t } = await openEngineStack(this, PROGRAM, laneConfig));
  });
  after(() => closeEngineStack(sb, t));

  it("refuses at preview a malformed email, a site the org does not have and a person not in the org", async () => {
    await declare({ orgAdmins: ["alex.admin"], siteAdmins: { "acme-eu": [TARA] } });
    const bad = await failureOf(t.stack.preview());
    assert.deepEqual(
      bad.errors.filter((e) => e.startsWith(`error: ${ADMINS}`)).map((e) => e.replace(/^.* has a problem: /, "")),
      ['orgAdmins: "alex.admin" is not an email address; admins are listed by email.'],
    );
    await declare({ orgAdmins: ["nobody@acme.example"], siteAdmins: { "acme-xx": [TARA] } });
    const live = await failureOf(t.stack.preview());
    const reasons = live.errors
      .filter((e) => e.startsWith(`error: ${ADMINS}`))
      .map((e) => e.replace(/^.* has a problem: /, ""));
    assert.equal(reasons.length, 2, live.text);
    assert.equal(
      reasons[0],
      "No Atlassian account of this organization has the email nobody@acme.example: admins must be existing accounts (invite them first), or fix the typo.",
    );
    assert.match(
      reasons[1],
      /^siteAdmins: "acme-xx" is not a site of this organization; its sites: acme-eu\.atlassian\.net, /,
    );
    assert.deepEqual(writesSince(0), []);
  });

  it("adopts acme's admins on the first up, writing nothing, and the refresh preview is clean", async () => {
    await declare(ACME);
    const from = sb.store.world.requests.length;
    const up = await t.stack.up();
    assert.deepEqual(up.outputs.held.value, {
      orgAdmins: [ALEX],
      siteAdmins: { "acme-eu.atlassian.net": [TARA], "acme-jp.atlassian.net": [HIRO], "acme-us.atlassian.net": [TARA] },
    });
    assert.deepEqual(writesSince(from), []);
    const p = await preview();
    assert.deepEqual([p.code, p.findings, p.lines], [0, [], []]);
  });

  it("reports a site admin granted by hand as undeclared-admin naming who granted it (exit 7)", async () => {
    await post("/__sandbox/admin/user-role", {
      email: QUINN,
      role: "atlassian/site-admin",
      site: "acme-de.atlassian.net",
    });
    const p = await preview();
    assert.equal(p.code, 7);
    assert.deepEqual(p.findings, [`${QUINN_DE} by person:${ALEX}`]);
    assert.equal(p.lines.length, 1, p.lines.join("\n"));
    assert.match(
      p.lines[0],
      new RegExp(
        `^\\[atlassian-access\\] Admins: ${QUINN_DE} — ${QUINN} is site-admin of site acme-de\\.atlassian\\.net, granted by person:${ALEX}; the Admins resource does not declare them\\. \\(by person:${ALEX}; at .*; event:.*\\) Fix: Add ${QUINN} to siteAdmins\\["acme-de\\.atlassian\\.net"\\]`,
      ),
    );
  });

  it("with enforce, refuses to revoke the admin it found undeclared until adopt is set, writing nothing", async () => {
    await declare({ ...ACME, siteAdmins: { ...ACME.siteAdmins, "acme-fr": [BEN] }, enforce: true });
    const before = sandboxAdmins();
    const from = sb.store.world.requests.length;
    const refused = await failureOf(runCli(t, ["up", "--refresh", "--yes", "--skip-preview"]));
    assert.match(
      refused.text,
      new RegExp(
        `Admins: enforce would revoke 1 admin role\\(s\\) held before code managed admins: ${QUINN}/site-admin/acme-de\\.atlassian\\.net\\..*Nothing was granted or revoked\\.`,
      ),
    );
    assert.deepEqual([sandboxAdmins(), writesSince(from)], [before, []]);
  });

  it("with enforce and adopt, revokes the undeclared admin and grants the declared one, then previews clean", async () => {
    await declare({ ...ACME, siteAdmins: { ...ACME.siteAdmins, "acme-fr": [BEN] }, enforce: true, adopt: true });
    const from = sb.store.world.requests.length;
    await runCli(t, ["up", "--refresh", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(from), ["POST /roles/assign", "POST /roles/revoke"]);
    assert.deepEqual(sandboxAdmins(), [
      `${ALEX} org-admin org`,
      `${BEN} site-admin acme-fr.atlassian.net`,
      `${HIRO} site-admin acme-jp.atlassian.net`,
      `${TARA} site-admin acme-eu.atlassian.net`,
      `${TARA} site-admin acme-us.atlassian.net`,
    ]);
    const p = await preview();
    assert.deepEqual([p.code, p.findings, p.lines], [0, [], []]);
  });

  it("with enforce on, revokes a site admin granted by hand on the next up, adopt or not", async () => {
    await declare({ ...ACME, siteAdmins: { ...ACME.siteAdmins, "acme-fr": [BEN] }, enforce: true });
    await post("/__sandbox/admin/user-role", {
      email: QUINN,
      role: "atlassian/site-admin",
      site: "acme-br.atlassian.net",
    });
    const p = await preview();
    assert.deepEqual(
      [p.code, p.findings],
      [7, [`undeclared-admin:${QUINN}/site-admin/acme-br.atlassian.net by person:${ALEX}`]],
    );
    const from = sb.store.world.requests.length;
    await runCli(t, ["up", "--refresh", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(from), ["POST /roles/revoke"]);
    assert.ok(!sandboxAdmins().some((a) => a.startsWith(QUINN)), sandboxAdmins().join("\n"));
  });
});
