// Usage rules: product roles held by a person directly (direct-user-access) and access unused for dormantAfterDays
// (dormant-access), over the snapshot's usage part.
import { strict as assert } from "node:assert";
import { directUserAccess, dormantAccess } from "../../provider/rules/usage";
import { orgFindings } from "../../provider/rules/drift";
import { checkSplit } from "../../provider/rules/split";
import { ADMIN, ADMIN_ACTOR, PULUMI, ROLE, SITE, T0, at, ev, group, split, user, view } from "../helpers/builders";

const DAY = 86_400_000;
const LABEL = `${SITE.host}/${SITE.product}`;

describe("directUserAccess", () => {
  const quinn = user("quinn@acme.example");
  const grant = { accountId: quinn.accountId, resourceId: SITE.id, role: ROLE };
  const usage = { groupRoles: [], directGrants: [grant], candidates: [quinn.accountId] };

  it("reports a product role held directly, in code's lane, with the admin who gave it from the audit log", () => {
    const given = ev(3, "user_granted_role", ADMIN, { user: quinn, role: ROLE });
    const [f, ...rest] = directUserAccess(view({ users: [quinn], usage, events: [given] }));
    assert.deepEqual(rest, []);
    assert.deepEqual(f, {
      id: `direct-user-access:quinn@acme.example/${LABEL}/${ROLE}`,
      kind: "direct-user-access",
      subject: `quinn@acme.example/${LABEL}/${ROLE}`,
      lane: "pulumi",
      message: `quinn@acme.example holds ${ROLE} on ${LABEL} directly, outside every group: no lane's group grants it, so no lane reviews or removes it.`,
      fix: `Give quinn@acme.example this access through a group whose lane owns it (app access is code's lane: an access.AppAccess for a group they belong to), then revoke the role given directly in Atlassian admin (the user's product access); or list "direct-user-access:quinn@acme.example/${LABEL}/${ROLE}" in acceptedFindings with a reason.`,
      actor: ADMIN_ACTOR,
      at: given.time,
      evidence: [`event:${given.id}`, `account:${quinn.accountId}`],
    });
  });

  it("names an unknown actor when the grant is older than the window, and a group that grants the same role too", () => {
    const eng = group("platform-eng");
    const q = user("quinn@acme.example", [eng]);
    const v = view({
      users: [q],
      groups: [eng],
      usage: { ...usage, groupRoles: [{ groupId: eng.id, resourceId: SITE.id, role: ROLE }] },
    });
    const [f] = directUserAccess(v);
    assert.equal(f.actor, "unknown");
    assert.deepEqual(f.evidence, [`account:${q.accountId}`]);
    assert.match(f.message, / Their group "platform-eng" grants it too\.$/);
  });

  it("reports nothing for roles off the org's products (a site admin role) or without the usage read", () => {
    const siteAdmin = {
      accountId: quinn.accountId,
      resourceId: "ari:cloud:platform::site/eu",
      role: "atlassian/site-admin",
    };
    assert.deepEqual(directUserAccess(view({ users: [quinn], usage: { ...usage, directGrants: [siteAdmin] } })), []);
    assert.deepEqual(directUserAccess(view({ users: [quinn] })), []);
  });
});

describe("dormantAccess", () => {
  const now = T0 + 100 * DAY;
  const eng = group("platform-eng");
  const dept = group("dept-sales", true);
  const kim = user("kim@acme.example", [eng, dept], {
    productAccess: [{ resourceId: SITE.id, lastActive: new Date(T0).toISOString() }],
  });
  const grants = [
    { groupId: eng.id, resourceId: SITE.id, role: ROLE },
    { groupId: dept.id, resourceId: SITE.id, role: ROLE },
  ];
  const base = { users: [kim], groups: [eng, dept], usage: { groupRoles: grants, directGrants: [], candidates: [] } };

  it("is off unless the split sets dormantAfterDays", () => {
    assert.deepEqual(dormantAccess(view(base), split, { now }), []);
  });

  it("reports access unused for dormantAfterDays, naming each granting group, its lane and how that lane removes it", () => {
    const added = ev(1, "user_added_to_group", PULUMI, { group: eng, user: kim });
    const [f, ...rest] = dormantAccess(view({ ...base, events: [added] }), { ...split, dormantAfterDays: 90 }, { now });
    assert.deepEqual(rest, []);
    assert.deepEqual(f, {
      id: `dormant-access:kim@acme.example/${LABEL}`,
      kind: "dormant-access",
      subject: `kim@acme.example/${LABEL}`,
      lane: "none",
      message: `kim@acme.example has not used ${LABEL} since ${at(0).slice(0, 10)} (100 days; dormantAfterDays is 90) but still holds it through "dept-sales" (scim lane) and through "platform-eng" (pulumi lane).`,
      fix: `Take the access away where it is granted: remove kim@acme.example from "dept-sales" in the identity provider (SCIM pushes the change); remove kim@acme.example from the members of "platform-eng" in code and run \`pulumi up\`. If kim@acme.example still needs it, list "dormant-access:kim@acme.example/${LABEL}" in acceptedFindings with a reason and an until.`,
      actor: "pulumi",
      at: added.time,
      evidence: [`event:${added.id}`, `account:${kim.accountId}`],
    });
  });

  it("judges at the threshold exactly: 100 days idle is dormant at 100, not at 101", () => {
    assert.equal(dormantAccess(view(base), { ...split, dormantAfterDays: 100 }, { now }).length, 1);
    assert.equal(dormantAccess(view(base), { ...split, dormantAfterDays: 101 }, { now }).length, 0);
  });

  it("counts a never-used product from when the account joined the org, and a direct role in code's lane", () => {
    const lee = user("lee@acme.example", [], { addedToOrg: at(0), productAccess: [{ resourceId: SITE.id }] });
    const v = view({
      users: [lee],
      usage: {
        groupRoles: [],
        directGrants: [{ accountId: lee.accountId, resourceId: SITE.id, role: ROLE }],
        candidates: [],
      },
    });
    const [f] = dormantAccess(v, { ...split, dormantAfterDays: 30 }, { now });
    assert.equal(f.lane, "pulumi");
    assert.equal(f.actor, "unknown");
    assert.equal(
      f.message,
      `lee@acme.example has never used ${LABEL} since joining the org on ${at(0).slice(0, 10)} (100 days; dormantAfterDays is 30) but still holds it directly (${ROLE}).`,
    );
    assert.match(f.fix, /revoke the role given directly in Atlassian admin/);
  });

  it("skips accounts that are not active, with no time to judge from, or whose access no read path explains", () => {
    const days = { ...split, dormantAfterDays: 30 };
    const closed = { ...kim, accountStatus: "inactive" };
    const noTime = user("x@acme.example", [eng], { productAccess: [{ resourceId: SITE.id }] });
    const noPath = user("y@acme.example", [], { productAccess: [{ resourceId: SITE.id, lastActive: at(0) }] });
    assert.deepEqual(dormantAccess(view({ ...base, users: [closed, noTime, noPath] }), days, { now }), []);
  });

  it("is composed into orgFindings, judged at the time given", () => {
    const ids = orgFindings(view(base), { ...split, pulumi: { groups: ["platform-*"] }, dormantAfterDays: 90 }, { now })
      .map((f) => f.id)
      .filter((id) => id.startsWith("dormant-access:"));
    assert.deepEqual(ids, [`dormant-access:kim@acme.example/${LABEL}`]);
    assert.deepEqual(
      orgFindings(view(base), { ...split, dormantAfterDays: 90 }, { now: T0 + DAY }).filter(
        (f) => f.kind === "dormant-access",
      ),
      [],
    );
  });
});

describe("checkSplit dormantAfterDays", () => {
  const reasons = (v: unknown) =>
    checkSplit({ ...split, dormantAfterDays: v as number }).map((f) => `${f.property}: ${f.reason}`);

  it("accepts a whole number of days from 1 to 3650, and its absence", () => {
    assert.deepEqual(reasons(1), []);
    assert.deepEqual(reasons(3650), []);
    assert.deepEqual(reasons(undefined), []);
  });

  it("refuses zero, fractions, too long a time and strings, saying what it means and how to turn it off", () => {
    const msg = (got: string, extra = "") =>
      `dormantAfterDays: dormantAfterDays must be a whole number of days from 1 to 3650, e.g. 90: an account not active on a product for that long that still holds access to it is reported as dormant-access (leave it out to report none); got ${got}${extra}.`;
    assert.deepEqual(reasons(0), [msg("0")]);
    assert.deepEqual(reasons(2.5), [msg("2.5")]);
    assert.deepEqual(reasons(3651), [msg("3651")]);
    assert.deepEqual(reasons("90"), [msg('"90"', " (a string: read stack config with getNumber)")]);
  });
});
