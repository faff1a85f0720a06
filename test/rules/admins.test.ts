// The Admins rules: undeclared holders as findings with their grant's actor, what enforce grants and revokes, and its
// refusals (admins that predate enforcement without adopt, the last org admin, code's own account).
import { strict as assert } from "node:assert";
import {
  adminFindings,
  heldView,
  missingTargets,
  planAdmins,
  platformScope,
  siteHost,
  ORG_ADMIN,
  SITE_ADMIN,
  type AdminHolding,
} from "../../provider/rules/admins";
import { auditEntry, EventIndex, type AuditEntry } from "../../provider/rules/attribution";

const ORG = "ari:cloud:platform::org/o1";
const EU = "ari:cloud:platform::site/c-eu";
const alex: AdminHolding = { accountId: "a1", email: "alex@acme.example", role: ORG_ADMIN, resourceId: ORG };
const tara: AdminHolding = {
  accountId: "a2",
  email: "tara@acme.example",
  role: SITE_ADMIN,
  site: "acme-eu.atlassian.net",
  resourceId: EU,
};
const grant: AuditEntry = {
  id: "ev1",
  time: "2026-11-23T10:00:00.000Z",
  action: "user_granted_role",
  actor: { id: "p1", email: "Alex@acme.example" },
  accountId: "a2",
  resourceId: EU,
  role: SITE_ADMIN,
};
const audit = (events: AuditEntry[]) => ({ index: new EventIndex(events), lanes: {} });
const noSelf = { selfAccounts: new Set<string>() };

describe("platformScope and siteHost", () => {
  const scope = platformScope(
    [
      { id: "ari:cloud:jira-software::site/c-eu", host: "acme-eu.atlassian.net" },
      { id: "ari:cloud:confluence::site/c-eu", host: "acme-eu.atlassian.net" },
      { id: "ari:cloud:jira-software::site/c-us", host: "acme-us.atlassian.net" },
    ],
    "o1",
  );

  it("lists each site once by its platform ARI, and the org's ARI", () => {
    assert.deepEqual(scope.sites, [
      { host: "acme-eu.atlassian.net", resourceId: EU },
      { host: "acme-us.atlassian.net", resourceId: "ari:cloud:platform::site/c-us" },
    ]);
    assert.equal(scope.org, ORG);
  });

  it("names a site by host or short name, in any case, and nothing else", () => {
    assert.equal(siteHost("ACME-EU", scope), "acme-eu.atlassian.net");
    assert.equal(siteHost("acme-us.atlassian.net", scope), "acme-us.atlassian.net");
    assert.equal(siteHost("acme-xx", scope), undefined);
  });
});

describe("adminFindings", () => {
  it("reports an undeclared site admin with who granted it, and nothing for a declared org admin", () => {
    const d = { orgAdmins: ["alex@acme.example"], siteAdmins: {} };
    assert.deepEqual(adminFindings(d, [alex, tara], audit([grant]), false), [
      {
        id: "undeclared-admin:tara@acme.example/site-admin/acme-eu.atlassian.net",
        kind: "undeclared-admin",
        subject: "tara@acme.example/site-admin/acme-eu.atlassian.net",
        lane: "pulumi",
        message:
          "tara@acme.example is site-admin of site acme-eu.atlassian.net, granted by person:alex@acme.example; the Admins resource does not declare them.",
        fix: 'Add tara@acme.example to siteAdmins["acme-eu.atlassian.net"] of the Admins resource to keep it, or revoke the role in admin.atlassian.com (or set enforce: true and `pulumi up` revokes it).',
        actor: "person:alex@acme.example",
        at: "2026-11-23T10:00:00.000Z",
        evidence: ["event:ev1"],
      },
    ]);
  });

  it("says when no grant is in the audit window, and that up revokes it under enforce", () => {
    const [f] = adminFindings({ orgAdmins: [] }, [alex], audit([]), true);
    assert.equal(f.id, "undeclared-admin:alex@acme.example/org-admin");
    assert.equal(f.actor, "unknown");
    assert.equal(
      f.message,
      "alex@acme.example is org-admin of the organization; the Admins resource does not declare them (no grant of it in the audit window).",
    );
    assert.equal(
      f.fix,
      "`pulumi up` revokes it (enforce is on); to keep it, add alex@acme.example to orgAdmins of the Admins resource.",
    );
  });

  it("judges only the lists declared: without siteAdmins no site admin is reported", () => {
    assert.deepEqual(adminFindings({ orgAdmins: ["alex@acme.example"] }, [alex, tara], audit([grant]), false), []);
  });
});

describe("missingTargets and heldView", () => {
  it("lists declared roles not held, and the holders by role and site", () => {
    const d = {
      orgAdmins: ["alex@acme.example", "ben@acme.example"],
      siteAdmins: { "acme-us.atlassian.net": ["tara@acme.example"] },
    };
    assert.deepEqual(missingTargets(d, [alex, tara]), [
      { email: "ben@acme.example", role: ORG_ADMIN },
      { email: "tara@acme.example", role: SITE_ADMIN, site: "acme-us.atlassian.net" },
    ]);
    assert.deepEqual(heldView([tara, alex]), {
      orgAdmins: ["alex@acme.example"],
      siteAdmins: { "acme-eu.atlassian.net": ["tara@acme.example"] },
    });
  });
});

describe("planAdmins", () => {
  it("grants the declared and revokes the undeclared once enforcement runs", () => {
    const d = { orgAdmins: ["alex@acme.example"], siteAdmins: { "acme-us.atlassian.net": ["tara@acme.example"] } };
    const plan = planAdmins(d, [alex, tara], { starting: false, adopt: false, ...noSelf });
    assert.deepEqual(plan, {
      grants: [{ email: "tara@acme.example", role: SITE_ADMIN, site: "acme-us.atlassian.net" }],
      revokes: [tara],
      refusals: [],
    });
  });

  it("refuses to revoke admins that held their role before enforcement started, unless adopt", () => {
    const d = { orgAdmins: ["alex@acme.example"], siteAdmins: {} };
    assert.deepEqual(planAdmins(d, [alex, tara], { starting: true, adopt: false, ...noSelf }).refusals, [
      "enforce would revoke 1 admin role(s) held before code managed admins: tara@acme.example/site-admin/acme-eu.atlassian.net. Declare them in orgAdmins/siteAdmins to keep them, or set adopt: true to revoke them (run `pulumi preview --refresh` first: each is an undeclared-admin finding naming who granted it).",
    ]);
    assert.deepEqual(planAdmins(d, [alex, tara], { starting: true, adopt: true, ...noSelf }).refusals, []);
  });

  it("never revokes the last org admin", () => {
    const plan = planAdmins({ orgAdmins: [] }, [alex], { starting: false, adopt: true, ...noSelf });
    assert.deepEqual(plan.refusals, [
      "enforce would leave the organization without an org admin (revoking the last one is never done): list at least one account in orgAdmins.",
    ]);
  });

  it("counts a declared org admin being granted, so the old one may go", () => {
    const plan = planAdmins({ orgAdmins: ["ben@acme.example"] }, [alex], { starting: false, adopt: true, ...noSelf });
    assert.deepEqual(
      [plan.grants, plan.revokes, plan.refusals],
      [[{ email: "ben@acme.example", role: ORG_ADMIN }], [alex], []],
    );
  });

  it("never revokes a role of the account code's own API key acts as", () => {
    const plan = planAdmins({ orgAdmins: ["alex@acme.example"], siteAdmins: {} }, [alex, tara], {
      starting: false,
      adopt: true,
      selfAccounts: new Set(["a2"]),
    });
    assert.deepEqual(plan.refusals, [
      "enforce would revoke tara@acme.example/site-admin/acme-eu.atlassian.net, held by the account code's API key acts as: code would lose the ability to act. Declare it in the Admins resource.",
    ]);
  });
});

describe("auditEntry of a role held on the org", () => {
  it("takes the org's ARI and the role from an org context, so org admin grants are attributed", () => {
    const e = auditEntry({
      id: "ev2",
      attributes: {
        time: "2026-11-23T11:00:00.000Z",
        action: "user_granted_role",
        actor: { id: "p1", email: "alex@acme.example" },
        context: [
          { id: "a3", type: "user", attributes: { email: "ben@acme.example" } },
          { id: ORG, type: "org", attributes: { name: "Acme", role: ORG_ADMIN } },
        ],
      },
    });
    const ben: AdminHolding = { accountId: "a3", email: "ben@acme.example", role: ORG_ADMIN, resourceId: ORG };
    const [f] = adminFindings({ orgAdmins: [] }, [ben], audit([e]), false);
    assert.deepEqual([f.actor, f.evidence], ["person:alex@acme.example", ["event:ev2"]]);
  });
});
