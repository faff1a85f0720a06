// Direct and dormant access through the real Pulumi CLI against the sandbox (issue #14, item 3): each finding is made
// by a story played in the sandbox (an admin gives a person a product role directly in the admin UI; the sandbox clock
// moves past dormantAfterDays since a person last used a product), then `pulumi preview --refresh --expect-no-changes`
// exits 7 and prints it with its actor; it clears when its lane fixes it (the role revoked, the product used again) or
// a reviewer accepts it (exit 0). Check refuses a dormantAfterDays that is not a whole number of days.
import { strict as assert } from "node:assert";
import path from "node:path";
import { DIRECT_GRANT, DORMANT_CONTRACTOR } from "../../sandbox/scenarios/acme-access";
import type { TestSandbox } from "../helpers/sandbox";
import { sandboxControl, splitPreview, type SplitFinding } from "../helpers/split-preview";
import { userOf } from "../helpers/audit-events";
import { closeEngineStack, failureOf, laneConfig, openEngineStack, REPO_ROOT, type TestStack } from "../helpers/stack";

const PROGRAM = path.join(REPO_ROOT, "test", "e2e", "programs", "usage");
const SPLIT = "pulumi-nodejs:dynamic/atlassian:OwnershipSplit resource 'split'";
const ADMIN = "person:alex.admin@acme.example";
const DAY_MINUTES = 24 * 60;

const QUINN = `direct-user-access:${DIRECT_GRANT.email}/${DIRECT_GRANT.site}/${DIRECT_GRANT.product}/atlassian/user`;
const KIM = `direct-user-access:${DORMANT_CONTRACTOR.email}/${DORMANT_CONTRACTOR.site}/${DORMANT_CONTRACTOR.product}/atlassian/user`;
/** The role the story's admin gives by hand. */
const BEN = { email: "ben.brooks@acme.example", site: "acme-fr.atlassian.net", product: "jira-software" };
const BEN_ID = `direct-user-access:${BEN.email}/${BEN.site}/${BEN.product}/atlassian/user`;
const ANA = { email: "ana.costa@acme.example", site: "acme-fr.atlassian.net", product: "confluence" };

describe("engine: direct and dormant access", function () {
  this.timeout(900_000);
  let sb: TestSandbox;
  let t: TestStack;

  const post = (route: string, body: unknown) => sandboxControl(sb, route, body);
  const accountOf = (email: string) => sb.store.world.org.users.find((u) => u.email === email)!.accountId;
  /**
   * The events that gave `email` product access (atlassian/user) directly, oldest first: the real log's key for it is
   * `user_granted_product_access` (sandbox/REALITY.md), and the event names the person as its `users` context.
   */
  const productAccessGiven = (email: string) => {
    const events = sb.store.world.events.filter(
      (e) => e.action === "user_granted_product_access" && userOf(e)?.id === accountOf(email),
    );
    assert.ok(events.length, `no user_granted_product_access event names ${email}`);
    return events;
  };

  const preview = () => splitPreview(t, ["direct-user-access", "dormant-access"]);

  const actors = (fs: Map<string, SplitFinding>) => [...fs.values()].map((f) => `${f.id} by ${f.actor}`).sort();

  before(async function () {
    ({ sb, t } = await openEngineStack(this, PROGRAM, laneConfig));
  });
  after(() => closeEngineStack(sb, t));

  it("refuses at preview a dormantAfterDays that is not a whole number of days", async () => {
    await t.stack.setConfig("e2e:dormantAfterDays", { value: "0" });
    const { errors } = await failureOf(t.stack.preview());
    assert.deepEqual(
      errors.filter((e) => e.startsWith(`error: ${SPLIT}: `)).map((e) => e.replace(/^.* has a problem: /, "")),
      [
        "dormantAfterDays must be a whole number of days from 1 to 3650, e.g. 90: an account not active on a product for that long that still holds access to it is reported as dormant-access (leave it out to report none); got 0.",
      ],
    );
    await t.stack.removeConfig("e2e:dormantAfterDays");
  });

  it("reports the product roles acme's people hold directly, each by who gave it, and no dormant access by default", async () => {
    await t.stack.up();
    const p = await preview();
    assert.equal(p.code, 7);
    // Quinn's JSM was given two days ago (in the audit window); Kim's Confluence in March 2025 (before it).
    assert.deepEqual(actors(p.findings), [`${KIM} by unknown`, `${QUINN} by ${ADMIN}`]);
    const q = p.findings.get(QUINN)!;
    assert.equal(q.lane, "pulumi");
    // The seed's event, two days back (its clock ran on by a millisecond or so while the scenario played).
    const given = productAccessGiven(DIRECT_GRANT.email).at(-1)!;
    assert.equal(q.at, given.time);
    assert.equal(q.at.slice(0, 16), DIRECT_GRANT.at.slice(0, 16));
    assert.equal(
      p.line(QUINN),
      `[atlassian-access] OwnershipSplit: ${QUINN} — quinn.arden@acme.example holds atlassian/user on acme-de.atlassian.net/jira-servicedesk directly, outside every group: no lane's group grants it, so no lane reviews or removes it. (by ${ADMIN}; at ${given.time}; ${q.evidence!.join(", ")}) Fix: Give quinn.arden@acme.example this access through a group whose lane owns it (app access is code's lane: an access.AppAccess for a group they belong to), then revoke the role given directly in Atlassian admin (the user's product access); or list "${QUINN}" in acceptedFindings with a reason.`,
    );
    assert.deepEqual(q.evidence, [`event:${given.id}`, `account:${accountOf(DIRECT_GRANT.email)}`]);
  });

  it("reports a role an admin gives a person directly in the admin UI, by that admin, and clears it once revoked", async () => {
    await post("/admin/user-role", { email: BEN.email, role: "atlassian/user", site: BEN.site, product: BEN.product });
    const given = productAccessGiven(BEN.email).at(-1)!.time;
    const p = await preview();
    assert.equal(p.code, 7);
    assert.deepEqual(actors(p.findings), [`${BEN_ID} by ${ADMIN}`, `${KIM} by unknown`, `${QUINN} by ${ADMIN}`]);
    assert.equal(p.findings.get(BEN_ID)!.at, given);
    assert.ok(p.line(BEN_ID), p.lines.join("\n"));

    await post("/admin/user-role", {
      op: "revoke",
      email: BEN.email,
      role: "atlassian/user",
      site: BEN.site,
      product: BEN.product,
    });
    const after = await preview();
    assert.deepEqual(actors(after.findings), [`${KIM} by unknown`, `${QUINN} by ${ADMIN}`]);
    assert.equal(after.line(BEN_ID), undefined);
  });

  it("reports access unused for dormantAfterDays once set, through code's group or directly, in the sandbox's time", async () => {
    const used = String(
      (await post("/activity", { email: ANA.email, site: ANA.site, product: ANA.product })).lastActive,
    );
    await t.stack.setConfig("e2e:dormantAfterDays", { value: "30" });
    await t.stack.up();
    const dormant = (fs: Map<string, SplitFinding>) => [...fs.keys()].filter((id) => id.startsWith("dormant-access:"));
    // Kim last used Confluence on acme-uk in May 2025: dormant from the start. Quinn and Ana used theirs just now.
    const kim = `dormant-access:${DORMANT_CONTRACTOR.email}/${DORMANT_CONTRACTOR.site}/${DORMANT_CONTRACTOR.product}`;
    const first = await preview();
    assert.deepEqual(dormant(first.findings), [kim]);
    assert.equal(first.findings.get(kim)!.lane, "pulumi");
    assert.match(
      first.line(kim) ?? "",
      /kim\.novak@northwind\.example has not used acme-uk\.atlassian\.net\/confluence since 2025-05-02 \(\d+ days; dormantAfterDays is 30\) but still holds it directly \(atlassian\/user\)\./,
    );

    await post("/clock/advance", { minutes: 31 * DAY_MINUTES });
    const later = await preview();
    const ana = `dormant-access:${ANA.email}/${ANA.site}/${ANA.product}`;
    const quinn = `dormant-access:${DIRECT_GRANT.email}/${DIRECT_GRANT.site}/${DIRECT_GRANT.product}`;
    assert.deepEqual(dormant(later.findings).sort(), [ana, kim, quinn].sort());
    const a = later.findings.get(ana)!;
    // Code's lane; who added Ana to the group is 31 days back, before the audit window: no event names an actor.
    assert.deepEqual([a.lane, a.actor, a.evidence], ["pulumi", "unknown", [`account:${accountOf(ANA.email)}`]]);
    assert.equal(
      later.line(ana),
      `[atlassian-access] OwnershipSplit: ${ana} — ana.costa@acme.example has not used acme-fr.atlassian.net/confluence since ${used.slice(0, 10)} (31 days; dormantAfterDays is 30) but still holds it through "usage-reviewers" (pulumi lane). (by unknown; account:${accountOf(ANA.email)}) Fix: Take the access away where it is granted: remove ana.costa@acme.example from the members of "usage-reviewers" in code and run \`pulumi up\`. If ana.costa@acme.example still needs it, list "${ana}" in acceptedFindings with a reason and an until.`,
    );
    // The audit window has moved past Quinn's grant: its actor is the one found when the finding appeared.
    assert.equal(later.findings.get(QUINN)!.actor, ADMIN);
  });

  it("clears dormant access when the person uses the product again, and passes (exit 0) once the rest is accepted", async () => {
    await post("/activity", { email: ANA.email, site: ANA.site, product: ANA.product });
    const used = await preview();
    assert.deepEqual([...used.findings.keys()].filter((id) => id.startsWith("dormant-access:")).sort(), [
      `dormant-access:${DORMANT_CONTRACTOR.email}/${DORMANT_CONTRACTOR.site}/${DORMANT_CONTRACTOR.product}`,
      `dormant-access:${DIRECT_GRANT.email}/${DIRECT_GRANT.site}/${DIRECT_GRANT.product}`,
    ]);
    const reviewed = [
      { id: "direct-user-access:*", reason: "direct grants reviewed in ACC-31", ticket: "ACC-31" },
      { id: `dormant-access:${DORMANT_CONTRACTOR.email}/*`, reason: "contract renewed", until: "2027-06-30" },
      { id: `dormant-access:${DIRECT_GRANT.email}/*`, reason: "on leave" },
      // acme's ANYONE self-signup on acme-br (test/e2e/self-signup.test.ts tells its story).
      { id: "open-self-signup:*", reason: "acme-br's Jira is open to customers by design", ticket: "ACC-14" },
    ];
    await t.stack.setConfig("e2e:accepted", { value: JSON.stringify(reviewed) });
    const up = await t.stack.up();
    assert.deepEqual(up.outputs.unacceptedFindings.value, []);
    const p = await preview();
    assert.equal(p.code, 0, p.lines.join("\n"));
    assert.deepEqual(p.lines, [], "an accepted finding is not printed");
  });
});
