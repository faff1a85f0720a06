// Separation of duties through the real Pulumi CLI against the sandbox (issue #24, item 2). The split of
// programs/sod declares two conflicts with acme-eu's site admin: being a contractor, and approving in code's
// "sod-approvers". An admin adding Tara (site admin of acme-eu and acme-us since the seed) to "contractors" in the admin
// UI is a sod-conflict naming that admin, the time and the audit event of the later grant, at exit 7; it clears when
// the admin removes her, and an acceptance with a reason and an until passes the preview (exit 0). A change of code's
// that would give one person both sides is refused at preview, naming them and both sides: a Group's new member, a
// GroupMember, an AppAccess granting a group a role its member's other side conflicts with, an enforced Admins's new
// site admin.
import { strict as assert } from "node:assert";
import path from "node:path";
import type { TestSandbox } from "../helpers/sandbox";
import { sandboxControl, splitPreview, type SplitFinding } from "../helpers/split-preview";
import { closeEngineStack, failureOf, laneConfig, openEngineStack, REPO_ROOT, type TestStack } from "../helpers/stack";

const PROGRAM = path.join(REPO_ROOT, "test", "e2e", "programs", "sod");
const ADMIN = "person:alex.admin@acme.example";
const TARA = "tara.arden@acme.example";
const KIM = "kim.novak@northwind.example"; // the seed's dormant contractor, in "contractors"
const EU = "acme-eu.atlassian.net";
const GROUP = "pulumi-nodejs:dynamic/atlassian:Group resource 'sod-approvers'";
const ID = `sod-conflict:contract-vs-site-admin/${TARA}`;

describe("engine: separation of duties", function () {
  this.timeout(900_000);
  let sb: TestSandbox;
  let t: TestStack;

  const post = (route: string, body: unknown) => sandboxControl(sb, route, body);

  const preview = () => splitPreview(t, ["sod-conflict"]);

  before(async function () {
    ({ sb, t } = await openEngineStack(this, PROGRAM, laneConfig));
  });
  after(() => closeEngineStack(sb, t));

  it("holds no conflict after up: nobody holds both sides (exit 0)", async () => {
    await t.stack.up();
    const p = await preview();
    assert.deepEqual([p.code, [...p.findings.keys()]], [0, []], p.lines.join("\n"));
  });

  it("refuses at preview a GroupMember, an AppAccess and an enforced Admins that would give one person both sides, naming them", async () => {
    const w = sb.store.world;
    const inGroup = (name: string, email: string) =>
      w.org.groups
        .find((g) => g.name === name)!
        .members.includes(w.org.users.find((u) => u.email === email)!.accountId);
    assert.ok(inGroup("all-employees", TARA) && !inGroup("contractors", TARA) && inGroup("contractors", KIM));
    const config = {
      member: { group: "contractors", email: TARA },
      grant: { group: "all-employees", site: EU, product: "confluence", role: "atlassian/admin" },
      admins: {
        enforce: true,
        orgAdmins: ["alex.admin@acme.example"],
        siteAdmins: {
          [EU]: [TARA, KIM],
          "acme-us.atlassian.net": [TARA],
          "acme-jp.atlassian.net": ["hiro.arden@acme.example"],
        },
      },
    };
    // One resource a preview: the engine stops at the first check that fails.
    const refusals = async (key: keyof typeof config, type: string, name: string) => {
      await t.stack.setConfig(`e2e:${key}`, { value: JSON.stringify(config[key]) });
      try {
        const { errors } = await failureOf(t.stack.preview());
        return errors
          .filter((e) => e.startsWith(`error: pulumi-nodejs:dynamic/atlassian:${type} resource '${name}': `))
          .map((e) => e.replace(/^.* has a problem: /, ""));
      } finally {
        await t.stack.removeConfig(`e2e:${key}`);
      }
    };
    const allow = (email: string, conflict: string) =>
      `or take the other side away first; if ${email} must hold both, change conflict "${conflict}" in the OwnershipSplit's conflicts.`;
    const REFUSES = "Separation of duties (the OwnershipSplit's conflicts) refuses giving one person both:";
    const CONTRACT = `conflict "contract-vs-site-admin" (contractors do not administer the EU site): member of "contractors"`;
    assert.deepEqual(
      [
        await refusals("member", "GroupMember", "sod-member"),
        await refusals("grant", "AppAccess", "sod-grant"),
        await refusals("admins", "Admins", "sod-admins"),
      ],
      [
        [
          `${TARA} would hold both sides of ${CONTRACT} [member of "contractors" (this change)] and site admin of acme-eu [site admin of ${EU}]. ${REFUSES} drop this GroupMember (${TARA} in "contractors"), ${allow(TARA, "contract-vs-site-admin")}`,
        ],
        [
          `${TARA} would hold both sides of conflict "eu-confluence-admin-vs-site-admin" (the EU site's admins do not also administer its Confluence content): atlassian/admin on acme-eu/confluence [atlassian/admin on ${EU}/confluence through "all-employees" (this change)] and site admin of acme-eu [site admin of ${EU}]. ${REFUSES} drop this AppAccess (atlassian/admin on ${EU}/confluence to "all-employees") or take ${TARA} out of "all-employees", ${allow(TARA, "eu-confluence-admin-vs-site-admin")}`,
        ],
        [
          `${KIM} would hold both sides of ${CONTRACT} [member of "contractors"] and site admin of acme-eu [site admin of ${EU} (this change)]. ${REFUSES} remove ${KIM} from the Admins resource's siteAdmins, ${allow(KIM, "contract-vs-site-admin")}`,
        ],
      ],
    );
  });

  it("reports a site admin an admin adds to the contractors by hand, by that admin, at exit 7", async () => {
    await post("/admin/group-members", { group: "contractors", email: TARA });
    const added = sb.store.world.events.filter((e) => e.action === "user_added_to_group").at(-1)!;
    const p = await preview();
    assert.equal(p.code, 7);
    assert.deepEqual([...p.findings.keys()], [ID]);
    const f = p.findings.get(ID)!;
    assert.deepEqual([f.lane, f.actor, f.at, f.evidence], ["pulumi", ADMIN, added.time, [`event:${added.id}`]]);
    assert.equal(
      p.line(ID),
      `[atlassian-access] OwnershipSplit: ${ID} — ${TARA} holds both sides of conflict "contract-vs-site-admin" (contractors do not administer the EU site): member of "contractors" (member of "contractors") and site admin of acme-eu (site admin of acme-eu.atlassian.net); the later grant is member of "contractors". (by ${ADMIN}; at ${added.time}; event:${added.id}) Fix: Take away one side: remove ${TARA} from "contractors" in code (its members) and run \`pulumi up\` (the later grant), or the other side where it is granted; if ${TARA} must hold both for a while, list "${ID}" in acceptedFindings with a reason and an until.`,
    );
  });

  it("clears when the admin removes her, and passes once accepted with a reason and an until", async () => {
    await post("/admin/group-members", { group: "contractors", email: TARA, op: "remove" });
    const fixed = await preview();
    assert.deepEqual([fixed.code, [...fixed.findings.keys()]], [0, []], fixed.lines.join("\n"));

    await post("/admin/group-members", { group: "contractors", email: TARA });
    assert.equal((await preview()).code, 7);
    const accepted = [{ id: ID, reason: "covers the EU contract desk until the hire starts", until: "2027-03-31" }];
    await t.stack.setConfig("e2e:accepted", { value: JSON.stringify(accepted) });
    const up = await t.stack.up();
    assert.deepEqual(up.outputs.unacceptedFindings.value, []);
    const p = await preview();
    assert.equal(p.code, 0, p.lines.join("\n"));
    assert.equal(p.line(ID), undefined, "an accepted finding is not printed");
    // It stays in the split's findings, with its standing: accepted, not gone.
    const state = (await t.stack.exportStack()).deployment as {
      resources: {
        urn: string;
        outputs?: { findings?: SplitFinding[]; acceptances?: { finding: string; expired: boolean }[] };
      }[];
    };
    const split = state.resources.find((r) => r.urn.endsWith("OwnershipSplit::split"))!.outputs!;
    assert.ok(split.findings!.some((f) => f.id === ID));
    assert.deepEqual(
      split.acceptances!.filter((a) => a.finding === ID).map((a) => a.expired),
      [false],
    );
  });

  it("refuses at preview a change of code's that would make a site admin an approver, naming her", async () => {
    await t.stack.setConfig("e2e:approvers", { value: JSON.stringify(["ana.costa@acme.example", TARA]) });
    const { errors } = await failureOf(t.stack.preview());
    assert.deepEqual(
      errors.filter((e) => e.startsWith(`error: ${GROUP}: `)).map((e) => e.replace(/^.* has a problem: /, "")),
      [
        `${TARA} would hold both sides of conflict "approve-vs-site-admin" (who approves access requests must not administer the site): member of "sod-approvers" [member of "sod-approvers" (this change)] and site admin of acme-eu.atlassian.net [site admin of acme-eu.atlassian.net]. Separation of duties (the OwnershipSplit's conflicts) refuses giving one person both: leave ${TARA} out of "sod-approvers", or take the other side away first; if ${TARA} must hold both, change conflict "approve-vs-site-admin" in the OwnershipSplit's conflicts.`,
      ],
    );
    await t.stack.removeConfig("e2e:approvers");
  });
});
