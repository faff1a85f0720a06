// `atlassian-access access --lane leaver|orphan` against the sandbox: ISC disables a person's account while a group of
// the IdP's still gives them Jira on acme-fr (a leaver), and an admin invites a vendor and gives them Confluence by hand
// (an orphan); each view lists every access of those people and no one else's, named by the split's finding ids.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { main } from "../../provider/cli/main";
import { DORMANT_CONTRACTOR } from "../../sandbox/scenarios/acme-access";
import { sandboxConfigFile, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { sandboxControl } from "../helpers/split-preview";
import type { AccessRow } from "../../provider/rules/access-review";
import { captureIo } from "../helpers/io";

const FR = { site: "acme-fr.atlassian.net", product: "jira-software" };
const VENDOR = { email: "vic.vendor@partner.example", site: "acme-uk.atlassian.net", product: "confluence" };

describe("atlassian-access access --lane leaver|orphan", function () {
  this.timeout(120_000);
  let sb: TestSandbox;
  let dir: string;
  let config: string;
  let split: string;
  let leaver: { email: string; accountId: string };

  const run = async (...args: string[]) => {
    const io = captureIo();
    const code = await main(["access", "--config", config, ...args], io);
    return { code, out: io.out, err: io.err };
  };
  const grants = async (...args: string[]) => {
    const r = await run("--format", "json", ...args);
    assert.equal(r.code, 0, r.err);
    return (JSON.parse(r.out) as { grants: AccessRow[] }).grants;
  };
  const control = (route: string, body: unknown) => sandboxControl(sb, route, body);

  before(async () => {
    sb = await startTestSandbox();
    ({ dir, config } = sandboxConfigFile(sb, "access-people-"));
    split = path.join(dir, "split.json");
    fs.writeFileSync(
      split,
      JSON.stringify({
        accountCreator: "scim",
        scim: { groups: ["dept-*", "all-employees"] },
        isc: { groups: ["isc-*"] },
        pulumi: { groups: ["jira-admins", "site-admins", "contractors"] },
      }),
    );
    // The governance engine test's stories (test/e2e/governance.test.ts), played by hand.
    await control("/isc/aggregate", {});
    await control("/admin/app-access", { group: "dept-engineering", ...FR });
    const w = sb.store.world;
    const eng = w.org.groups.find((g) => g.name === "dept-engineering")!;
    const direct = new Set(["quinn.arden@acme.example", "tara.arden@acme.example", "hiro.arden@acme.example"]);
    const u = w.isc.accounts
      .filter((a) => a.identityId && !a.disabled && eng.members.includes(a.nativeIdentity))
      .map((a) => w.org.users.find((x) => x.accountId === a.nativeIdentity && x.accountStatus === "active"))
      .find((x) => x && !direct.has(x.email))!;
    leaver = { email: u.email.toLowerCase(), accountId: u.accountId };
    await control("/isc/disable-account", { email: u.email });
    await control("/admin/invite", { email: VENDOR.email, name: "Vic Vendor" });
    await control("/admin/user-role", {
      email: VENDOR.email,
      role: "atlassian/user",
      site: VENDOR.site,
      product: VENDOR.product,
    });
  });
  after(async () => {
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists with --lane leaver every access of the person ISC disabled, named by the split's finding", async () => {
    const rows = await grants("--split", split, "--lane", "leaver");
    assert.deepEqual(
      rows.map((r) => [r.email, r.site, r.product, r.group, r.lane, r.flag?.finding]),
      [[leaver.email, FR.site, FR.product, "dept-engineering", "scim", `leaver-with-access:${leaver.email}`]],
    );
    assert.match(
      rows[0].flag!.why,
      /^left: ISC disabled its account .*, but the Atlassian account was not deactivated$/,
    );
  });

  it("lists with --lane orphan the invited vendor's access, and with both views both people", async () => {
    const rows = await grants("--split", split, "--lane", "orphan");
    assert.deepEqual(
      rows.map((r) => [r.email, r.site, r.product, r.via, r.addedBy, r.flag?.finding]),
      [
        [
          VENDOR.email,
          VENDOR.site,
          VENDOR.product,
          "direct",
          "person:alex.admin@acme.example",
          `orphan-account:${VENDOR.email}`,
        ],
      ],
    );
    const both = await grants("--split", split, "--lane", "leaver", "--lane", "orphan");
    assert.deepEqual([...new Set(both.map((r) => r.email))].sort(), [leaver.email, VENDOR.email].sort());
  });

  it("without the split, counts code's groups as no lane's: the contractor in code's group is an orphan too", async () => {
    const rows = await grants("--lane", "orphan");
    assert.deepEqual([...new Set(rows.map((r) => r.email))].sort(), [DORMANT_CONTRACTOR.email, VENDOR.email].sort());
  });

  it("names the people above the Markdown table, and the finding in a CSV column", async () => {
    const md = await run("--split", split, "--lane", "orphan");
    assert.equal(md.code, 0, md.err);
    assert.ok(
      md.out.includes(
        `- **${VENDOR.email}** \`orphan-account:${VENDOR.email}\`: no lane manages the account: not linked to SCIM, not correlated in ISC, in no group a lane claims; last active never.\n\n| Site |`,
      ),
      md.out,
    );
    assert.match(md.err, /^access: SCIM: \d+ users; ISC: \d+ accounts$/m);
    const csv = await run("--split", split, "--lane", "leaver", "--format", "csv");
    const records = parse<Record<string, string>>(csv.out, { columns: true });
    assert.deepEqual(
      records.map((r) => [r.email, r.finding]),
      [[leaver.email, `leaver-with-access:${leaver.email}`]],
    );
  });
});
