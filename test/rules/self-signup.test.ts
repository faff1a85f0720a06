// Self-signup rules: open-self-signup (ANYONE, or a domain code does not declare, joining without approval; the
// split's), a declared setting's drift (the resource's), and the input rules (domain syntax, roles offered).
import { strict as assert } from "node:assert";
import {
  domainProblem,
  openSelfSignup,
  roleAri,
  selfSignupRoleProblem,
  settingDrift,
} from "../../provider/rules/self-signup";
import { orgFindings } from "../../provider/rules/drift";
import { auditEntry, type AuditEntry } from "../../provider/rules/attribution";
import type { SnapDomainSetting } from "../../provider/rules/snapshot";
import { ADMIN, ADMIN_ACTOR, PULUMI, SITE, at, split, view } from "../helpers/builders";

const CONF = { id: "ari:cloud:confluence::site/eu", host: "acme-eu.atlassian.net", product: "confluence" };
const WORKSPACES = [SITE, CONF];
const MEMBER = roleAri(undefined);

const setting = (domain: string, ...products: [string, boolean][]): SnapDomainSetting => ({
  domain,
  adminNotifications: false,
  products: products.map(([resourceId, adminApprovalRequired]) => ({
    resourceId,
    role: MEMBER,
    adminApprovalRequired,
  })),
});

type RawActor = { id: string; name?: string; email?: string; auth?: { authType: string; tokenLabel?: string } };
/** Code's API token, as the events API names an actor. */
const CODE: RawActor = {
  id: PULUMI.id,
  name: PULUMI.name,
  auth: { authType: "api-token", tokenLabel: PULUMI.tokenLabel },
};

let n = 0;
/** An app access settings event as the audit API sends it (an email-domain context and a site context). */
const productSet = (minute: number, domain: string, resourceId: string, actor: RawActor = ADMIN): AuditEntry =>
  auditEntry({
    id: `ss-${++n}`,
    attributes: {
      time: at(minute),
      action: "user_access_settings_domain_added",
      actor,
      context: [
        { id: domain, type: "email-domain", attributes: { domain } },
        { id: resourceId, type: "site", attributes: { role: MEMBER } },
      ],
    },
  });

describe("openSelfSignup", () => {
  it("reports ANYONE joining without approval, with the admin who set it from the audit log", () => {
    const e = productSet(5, "ANYONE", SITE.id);
    const v = view({ workspaces: WORKSPACES, appAccessSettings: [setting("ANYONE", [SITE.id, false])], events: [e] });
    assert.deepEqual(openSelfSignup(v), [
      {
        id: "open-self-signup:ANYONE@acme-eu.atlassian.net/jira-software",
        kind: "open-self-signup",
        subject: "ANYONE@acme-eu.atlassian.net/jira-software",
        lane: "pulumi",
        message:
          "Anyone with any email address can join jira-software on acme-eu.atlassian.net as member without an admin's approval (app access settings, set by person:olga.admin@acme.example), and code declares no app access settings for ANYONE.",
        fix: 'Turn it off or require admin approval in admin.atlassian.com (or code it closed: AppAccessSettings with products that require approval, or none); to keep it, declare it with new AppAccessSettings({ domain: "ANYONE", allowAnyDomain: true, adopt: true, products: [...] }), or accept this finding with a reason.',
        actor: ADMIN_ACTOR,
        at: at(5),
        evidence: [`event:${e.id}`],
      },
    ]);
  });

  it("reports an undeclared domain's products without approval only, and none of a declared domain's", () => {
    const v = view({
      workspaces: WORKSPACES,
      appAccessSettings: [
        setting("gmail.com", [SITE.id, false], [CONF.id, true]),
        setting("acme.example", [SITE.id, false]),
        setting("ANYONE", [CONF.id, false]),
      ],
    });
    assert.deepEqual(
      openSelfSignup(v, ["ACME.example", "ANYONE"]).map((f) => [f.id, f.actor]),
      [["open-self-signup:gmail.com@acme-eu.atlassian.net/jira-software", "unknown"]],
    );
    assert.match(
      openSelfSignup(v)[0].message,
      /^People at gmail\.com can join jira-software on acme-eu\.atlassian\.net/,
    );
  });

  it("reports nothing when the settings were not read", () => {
    assert.deepEqual(openSelfSignup(view({})), []);
  });

  it("is one of the split's org-wide findings, declared domains given by the program", () => {
    const v = view({ workspaces: WORKSPACES, appAccessSettings: [setting("ANYONE", [SITE.id, false])] });
    const kinds = (opts = {}) => orgFindings(v, split, opts).map((f) => f.kind);
    assert.deepEqual(kinds(), ["open-self-signup"]);
    assert.deepEqual(kinds({ selfSignupDomains: ["ANYONE"] }), []);
  });
});

describe("settingDrift", () => {
  const declared = {
    domain: "acme.example",
    adminNotifications: false,
    products: [{ resourceId: CONF.id, role: MEMBER, adminApprovalRequired: true }],
  };

  it("says nothing when the live setting is the declared one", () => {
    const v = view({ workspaces: WORKSPACES });
    assert.deepEqual(settingDrift(v, declared, setting("acme.example", [CONF.id, true])), []);
  });

  it("names each product changed, added or removed by hand, with its actor", () => {
    const changed = productSet(3, "acme.example", CONF.id);
    const added = productSet(4, "acme.example", SITE.id, CODE);
    const v = view({ workspaces: WORKSPACES, events: [changed, added] });
    const found = settingDrift(v, declared, setting("acme.example", [CONF.id, false], [SITE.id, false]));
    assert.deepEqual(
      found.map((f) => [f.id, f.actor, f.message]),
      [
        [
          "self-signup-changed-outside-code:acme.example@acme-eu.atlassian.net/confluence",
          ADMIN_ACTOR,
          "person:olga.admin@acme.example changed acme-eu.atlassian.net/confluence to member, without approval (declared: member, with admin approval) in the app access settings of acme.example outside code; code's AppAccessSettings owns them.",
        ],
        [
          "self-signup-changed-outside-code:acme.example@acme-eu.atlassian.net/jira-software",
          "pulumi",
          "pulumi added acme-eu.atlassian.net/jira-software (member, without approval), which code does not declare, in the app access settings of acme.example outside code; code's AppAccessSettings owns them.",
        ],
      ],
    );
    const gone = settingDrift(v, declared, setting("acme.example"));
    assert.deepEqual(
      gone.map((f) => [f.id, f.actor]),
      [["self-signup-changed-outside-code:acme.example@acme-eu.atlassian.net/confluence", ADMIN_ACTOR]],
    );
  });

  it("names admin notifications turned on by hand when code declares them", () => {
    const v = view({ workspaces: WORKSPACES });
    const live = { ...setting("acme.example", [CONF.id, true]), adminNotifications: true };
    assert.deepEqual(
      settingDrift(v, declared, live).map((f) => f.id),
      ["self-signup-changed-outside-code:acme.example"],
    );
    assert.deepEqual(settingDrift(v, { ...declared, adminNotifications: undefined }, live), []);
  });
});

describe("self-signup input rules", () => {
  it("accepts email domains and ANYONE, refusing the rest with the reason", () => {
    assert.equal(domainProblem("acme.example"), undefined);
    assert.equal(domainProblem("Sub.Acme.Example"), undefined);
    assert.equal(domainProblem("ANYONE"), undefined);
    assert.match(domainProblem("acme")!, /is not an email domain like example\.com/);
    assert.match(domainProblem("-acme.example")!, /is not an email domain/);
    assert.match(domainProblem("a@acme.example")!, /is an email address/);
    assert.match(domainProblem("Anyone")!, /write ANYONE in capitals/);
  });

  it("offers the member role, by name or ARI, and no other", () => {
    assert.equal(selfSignupRoleProblem("member"), undefined);
    assert.equal(selfSignupRoleProblem("ari:cloud:identity::role/product/member"), undefined);
    assert.match(selfSignupRoleProblem("admin")!, /^role "admin" is not a role self-signup offers/);
    assert.equal(roleAri("member"), MEMBER);
  });
});
