// `atlassian-access access` against the sandbox, through the CLI's dispatch (provider/cli/main.ts): for one person,
// every site × product they can use and through what, checked against the sandbox's own tables; CSV that parses as a
// table; the filters; reads only; and on a generated org, a request count that follows the org's lists.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { main } from "../../provider/cli/main";
import { CSV_COLUMNS } from "../../provider/access/render";
import { SCENARIO_START } from "../../sandbox/scenarios/empty";
import { DIRECT_GRANT, DORMANT_CONTRACTOR } from "../../sandbox/scenarios/acme-access";
import { visibleRoles } from "../../sandbox/org/ops";
import { visibleUserRoles } from "../../sandbox/org/access-index";
import { sandboxConfigFile, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { sandboxControl } from "../helpers/split-preview";
import type { World } from "../../sandbox/store";
import type { AccessRow } from "../../provider/rules/access-review";
import { captureIo } from "../helpers/io";

/** The grants the sandbox holds for one account, as `site product role via` lines, from its own tables. */
function heldInSandbox(sb: TestSandbox, accountId: string): string[] {
  const w: World = sb.store.world;
  const where = (resourceId: string) => {
    const ws = w.org.workspaces.find((x) => x.id === resourceId);
    if (ws) return `${ws.host} ${ws.product}`;
    if (resourceId === `ari:cloud:platform::org/${w.org.id}`) return "(org) platform";
    const host = w.org.workspaces.find((x) => resourceId.endsWith(`/${x.cloudId}`))!.host;
    return `${host} platform`;
  };
  const viaGroups = w.org.groups
    .filter((g) => g.members.includes(accountId))
    .flatMap((g) => visibleRoles(sb.store, g.id).map((r) => `${where(r.resourceId)} ${r.roleId} group:${g.name}`));
  const direct = visibleUserRoles(sb.store, accountId).map((r) => `${where(r.resourceId)} ${r.roleId} direct`);
  return [...viaGroups, ...direct].sort();
}

/** To the minute: the sandbox clock runs on by a few ms while a scenario plays its stories. */
const minute = (iso?: string) => iso?.slice(0, 16);

const asLines = (rows: AccessRow[]) =>
  rows.map((r) => `${r.site} ${r.product} ${r.role} ${r.via === "direct" ? "direct" : `group:${r.group}`}`).sort();

describe("atlassian-access access", function () {
  this.timeout(120_000);
  let sb: TestSandbox;
  let dir: string;
  let config: string;
  const w = () => sb.store.world;
  const account = (email: string) => w().org.users.find((u) => u.email === email)!;

  const run = async (...args: string[]) => {
    const io = captureIo();
    const from = w().requests.length;
    const code = await main(["access", "--config", config, ...args], io);
    return { code, out: io.out, err: io.err, requests: w().requests.slice(from) };
  };
  const json = async (...args: string[]) => {
    const r = await run("--format", "json", ...args);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as { grants: AccessRow[]; summary: Record<string, number> };
  };
  const control = (route: string, body: unknown) => sandboxControl(sb, route, body);

  before(async () => {
    sb = await startTestSandbox();
    ({ dir, config } = sandboxConfigFile(sb, "access-cli-"));
    // The acme program's app access (examples/acme), granted by hand here: SCIM's groups on every site.
    for (const site of new Set(w().org.workspaces.map((x) => x.host))) {
      await control("/admin/app-access", { group: "dept-engineering", site, product: "jira-software" });
      await control("/admin/app-access", { group: "dept-engineering", site, product: "confluence" });
      await control("/admin/app-access", { group: "dept-support", site, product: "jira-servicedesk" });
    }
  });
  after(async () => {
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists for one person every site × product they can use and through what, as the sandbox holds it", async () => {
    const quinn = account(DIRECT_GRANT.email);
    const { grants } = await json("--person", quinn.email);
    assert.equal(grants.length, 21);
    assert.deepEqual(asLines(grants), heldInSandbox(sb, quinn.accountId));
    assert.deepEqual(
      grants.filter((r) => r.via === "direct").map((r) => `${r.site} ${r.product} ${r.role}`),
      [`${DIRECT_GRANT.site} ${DIRECT_GRANT.product} ${DIRECT_GRANT.role}`],
    );
  });

  it("reads for one person only their account, their groups and the role assignments of both", async () => {
    const quinn = account(DIRECT_GRANT.email);
    const groups = w().org.groups.filter((g) => g.members.includes(quinn.accountId));
    const { code, requests, err } = await run("--person", quinn.email, "--format", "json");
    assert.equal(code, 0, err);
    const org = requests
      .filter((r) => r.api === "org")
      .map((r) => `${r.method} ${r.path.split("/").slice(-2).join("/")}`);
    assert.deepEqual(
      org.filter((r) => /search|role-assignments/.test(r)).sort(),
      [
        "POST groups/search",
        "POST users/search",
        ...groups.map((g) => `GET ${g.id}/role-assignments`),
        `GET ${encodeURIComponent(quinn.accountId)}/role-assignments`,
      ].sort(),
    );
  });

  it("finds the same grants for that person in a review of the whole org", async () => {
    const one = await json("--person", DIRECT_GRANT.email);
    const all = await json();
    assert.deepEqual(
      all.grants.filter((r) => r.email === DIRECT_GRANT.email),
      one.grants,
    );
    const counted = w().org.users.reduce((n, u) => n + heldInSandbox(sb, u.accountId).length, 0);
    assert.equal(all.grants.length, counted);
  });

  it("names each path's lane, who added the person and when, and when they last used the product", async () => {
    const { grants } = await json("--person", DIRECT_GRANT.email, "--site", "acme-de");
    const pick = (product: string) => grants.find((r) => r.product === product)!;
    const jira = pick("jira-software");
    assert.deepEqual(
      [jira.group, jira.lane, jira.addedBy, minute(jira.addedAt), jira.lastActive],
      ["dept-engineering", "scim", "scim", minute(SCENARIO_START), undefined],
    );
    const jsm = pick("jira-servicedesk");
    assert.deepEqual(
      [jsm.via, jsm.lane, jsm.addedBy, minute(jsm.addedAt), jsm.lastActive],
      ["direct", undefined, "person:alex.admin@acme.example", minute(DIRECT_GRANT.at), DIRECT_GRANT.lastActive],
    );
    assert.match(jsm.evidence[0], /^event:/);
  });

  it("writes CSV that opens as a table: a header row, then one grant per line", async () => {
    const csv = await run("--person", DIRECT_GRANT.email, "--format", "csv");
    assert.equal(csv.code, 0, csv.err);
    const [header, ...lines]: string[][] = parse(csv.out);
    assert.deepEqual(header, [...CSV_COLUMNS]);
    const { grants } = await json("--person", DIRECT_GRANT.email);
    assert.equal(lines.length, grants.length);
    const records = parse<Record<string, string>>(csv.out, { columns: true });
    assert.deepEqual(
      records.map((r) => [r.site, r.product, r.role, r.email, r.via, r.group, r.lane, r.added_by, r.last_active]),
      grants.map((g) => [
        g.site,
        g.product,
        g.role,
        g.email,
        g.via,
        g.group ?? "",
        g.lane ?? "",
        g.addedBy ?? "",
        g.lastActive ?? "",
      ]),
    );
  });

  it("lists with --lane direct the roles people hold outside every group, admin roles included", async () => {
    const { grants } = await json("--lane", "direct");
    assert.deepEqual(
      grants.map((r) => [r.site, r.product, r.role, r.email, r.addedBy ?? "-"]),
      [
        ["(org)", "platform", "atlassian/org-admin", "alex.admin@acme.example", "-"],
        [
          "acme-de.atlassian.net",
          "jira-servicedesk",
          "atlassian/user",
          DIRECT_GRANT.email,
          "person:alex.admin@acme.example",
        ],
        ["acme-eu.atlassian.net", "platform", "atlassian/site-admin", "tara.arden@acme.example", "-"],
        ["acme-jp.atlassian.net", "platform", "atlassian/site-admin", "hiro.arden@acme.example", "-"],
        ["acme-uk.atlassian.net", "confluence", "atlassian/user", DORMANT_CONTRACTOR.email, "-"],
        ["acme-us.atlassian.net", "platform", "atlassian/site-admin", "tara.arden@acme.example", "-"],
      ],
    );
    // The old grants' events are older than the window; a window reaching back finds who made them.
    const since = await json(
      "--lane",
      "direct",
      "--person",
      DORMANT_CONTRACTOR.email,
      "--since",
      "2025-01-01T00:00:00Z",
    );
    assert.deepEqual(
      since.grants.map((r) => [r.addedBy, minute(r.addedAt), r.lastActive]),
      [["person:alex.admin@acme.example", minute(DORMANT_CONTRACTOR.invitedAt), DORMANT_CONTRACTOR.lastActive]],
    );
  });

  it("names code's groups as the pulumi lane when given the OwnershipSplit", async () => {
    await control("/admin/app-access", { group: "contractors", site: DORMANT_CONTRACTOR.site, product: "confluence" });
    const split = path.join(dir, "split.json");
    fs.writeFileSync(
      split,
      JSON.stringify({
        accountCreator: "scim",
        scim: { groups: ["dept-*", "all-employees"] },
        isc: { groups: ["isc-*"] },
        pulumi: { groups: ["contractors"] },
      }),
    );
    const { grants } = await json(
      "--split",
      split,
      "--site",
      DORMANT_CONTRACTOR.site,
      "--product",
      "confluence",
      "--lane",
      "pulumi",
    );
    assert.deepEqual(
      grants.map((r) => [r.email, r.group, r.lane]),
      [
        [DORMANT_CONTRACTOR.email, "contractors", "pulumi"],
        ["m.garcia@acme.example", "contractors", "pulumi"],
      ],
    );
    const without = await json("--site", DORMANT_CONTRACTOR.site, "--product", "confluence", "--lane", "none");
    assert.equal(without.grants.length, 2);
  });

  it("prints a Markdown table with the direct grant marked, and progress on stderr", async () => {
    const md = await run("--person", DIRECT_GRANT.email, "--site", "acme-de", "--product", "jira-servicedesk");
    assert.equal(md.code, 0, md.err);
    assert.match(
      md.out,
      /^## Atlassian access review\n\n1 grant to 1 person on 1 site; 1 held directly, outside every group\./,
    );
    assert.ok(
      md.out.includes(
        `| acme-de.atlassian.net | jira-servicedesk | atlassian/user | ${DIRECT_GRANT.email} | **direct** | — | person:alex.admin@acme.example | 2026-11-21T14:30Z | 2026-11-22T14:30Z |`,
      ),
      md.out,
    );
    assert.match(md.err, /^access: sites and products: 30$/m);
  });

  it("only reads: every org call is a GET, a search or the workspaces query", async () => {
    const { requests, code } = await run();
    assert.equal(code, 0);
    const writes = requests.filter((r) => r.method !== "GET" && !/\/search$|\/workspaces$/.test(r.path));
    assert.deepEqual(writes, []);
  });

  it("refuses a bad lane, format, time or split with exit 2, naming the option", async () => {
    const bad = async (...args: string[]) => {
      const r = await run(...args);
      return [r.code, r.err.split("\n")[0]];
    };
    assert.deepEqual(await bad("--lane", "hr"), [
      2,
      `atlassian-access: --lane must be one of pulumi, scim, isc, none, direct, leaver, orphan, not "hr"`,
    ]);
    assert.deepEqual(await bad("--format", "xlsx"), [
      2,
      `atlassian-access: --format must be markdown, csv or json, not "xlsx"`,
    ]);
    assert.deepEqual(await bad("--since", "yesterday"), [
      2,
      `atlassian-access: --since must be an ISO-8601 time like 2026-11-01T00:00:00Z, not "yesterday"`,
    ]);
    const split = path.join(dir, "bad-split.json");
    fs.writeFileSync(split, JSON.stringify({ accountCreator: "pulumi", scim: { groups: [] }, isc: { groups: [] } }));
    const [code, line] = await bad("--split", split);
    assert.equal(code, 2);
    assert.match(String(line), /--split .*accountCreator must be "scim" or "isc"/);
  });

  it("refuses a --site that names no site of the org with exit 2, listing its sites, instead of an empty review", async () => {
    const r = await run("--site", "acme-xx", "--site", "acme-eu");
    assert.equal(r.code, 2);
    const hosts = [...new Set(w().org.workspaces.map((x) => x.host))].sort();
    assert.equal(
      r.err
        .split("\n")
        .filter((l) => l.startsWith("atlassian-access:"))
        .join("\n"),
      `atlassian-access: --site "acme-xx" names no site of the org; its sites: ${hosts.join(", ")}`,
    );
    assert.equal(r.out, "");
  });
});

describe("atlassian-access access on a generated org", function () {
  this.timeout(180_000);
  const SCENARIO =
    "scale:groups=60,users=600,members=1200,grants=240,events=200,directGrants=30,siteAdmins=3,activity=50";
  let sb: TestSandbox;
  let dir: string;
  let config: string;

  before(async () => {
    // Every published quota on, the org's included.
    sb = await startTestSandbox({ scenario: SCENARIO, settings: { rateLimits: true, eventsRateLimit: true } });
    ({ dir, config } = sandboxConfigFile(sb, "access-scale-"));
  });
  after(async () => {
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const review = async (...args: string[]) => {
    const w = sb.store.world;
    const io = captureIo();
    const from = w.requests.length;
    assert.equal(await main(["access", "--config", config, "--format", "json", ...args], io), 0, io.err);
    const requests = w.requests.slice(from);
    const count = (re: RegExp) => requests.filter((r) => re.test(`${r.method} ${r.path}`)).length;
    return { grants: (JSON.parse(io.out) as { grants: AccessRow[] }).grants, requests, count };
  };
  const userRoleReads = /GET .*\/users\/[^/]+\/role-assignments$/;
  let exact: Awaited<ReturnType<typeof review>>;

  it("with --exact, lists every grant the sandbox holds, reading each person's role assignments", async () => {
    const w = sb.store.world;
    exact = await review("--exact");
    assert.deepEqual(asLines(exact.grants), w.org.users.flatMap((u) => heldInSandbox(sb, u.accountId)).sort());
    assert.equal(exact.count(userRoleReads), w.org.users.length);
  });

  it("by default, reads role assignments only for people whose groups do not explain their access", async () => {
    const w = sb.store.world;
    const { grants, requests, count } = await review();
    const lines = (rows: AccessRow[]) =>
      rows.map((r) => `${r.email} ${r.resourceId} ${r.role} ${r.via} ${r.group ?? ""}`);
    const missed = lines(exact.grants).filter((l) => !lines(grants).includes(l));
    // Only a direct atlassian/user the person's groups already give on that product stays unseen (docs/reference/access.md).
    for (const l of missed) {
      const [email, resourceId, role, via] = l.split(" ");
      assert.deepEqual([role, via], ["atlassian/user", "direct"], l);
      assert.ok(
        exact.grants.some((r) => r.email === email && r.resourceId === resourceId && r.via === "group"),
        `${l}: no group gives it`,
      );
    }
    assert.equal(grants.length + missed.length, exact.grants.length);
    const directHolders = new Set(visibleUserRoles(sb.store).map((r) => r.accountId)).size;
    assert.ok(count(userRoleReads) <= directHolders, `${count(userRoleReads)} role reads for ${directHolders} holders`);
    // One expanded read of the 600 users, and one holders search per role other than the default (and viewer).
    assert.equal(count(/users\/search$/), 6 + 10);
    assert.equal(requests.filter((r) => r.status === 429).length, 0);
    console.log(
      `      ${requests.length} requests for ${grants.length} grants; ${count(userRoleReads)} role reads, ${missed.length} shadowed direct grants unseen`,
    );
    assert.ok(requests.length <= 120, `${requests.length} requests`);
    assert.equal(w.org.users.length, 600);
  });

  it("refuses an API key the org does not accept with exit 2 in one line, without the refresh's stale-key story", async () => {
    const raw = JSON.parse(fs.readFileSync(config, "utf8")) as Record<string, { value: string; secret: boolean }>;
    raw["atlassian-access:apiKey"] = { value: "not-a-key-of-this-org", secret: true };
    const wrong = path.join(dir, "wrong-key.json");
    fs.writeFileSync(wrong, JSON.stringify(raw));
    const io = captureIo();
    assert.equal(await main(["access", "--config", wrong], io), 2);
    assert.equal(
      io.err,
      `atlassian-access: atlassian-access:apiKey was not accepted by ${sb.url} (HTTP 401); set a current org API key with \`pulumi config set --secret atlassian-access:apiKey <key>\`.\n`,
    );
    assert.equal(io.out, "");
  });
});
