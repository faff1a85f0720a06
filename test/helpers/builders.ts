// Builders for small org snapshots shared by the rule tests: actors, one site, groups, users, audit events, a split.
import { strict as assert } from "node:assert";
import type { ActorLanes, AuditEntry } from "../../provider/rules/attribution";
import type { Finding } from "../../provider/rules/findings";
import { SnapshotView, type OrgSnapshot, type SnapGroup, type SnapUser } from "../../provider/rules/snapshot";
import type { Split } from "../../provider/rules/split";

export const ACTOR_LANES: ActorLanes = { "pulumi-ci": "pulumi", "isc-connector": "isc" };

export const PULUMI = { id: "svc-pulumi", name: "pulumi-ci", authType: "api-token", tokenLabel: "pulumi-ci" };
export const ISC = { id: "svc-isc", name: "isc-connector", authType: "api-token", tokenLabel: "isc-connector" };
export const SCIM = {
  id: "scim:dir-1",
  name: "User provisioning (Entra)",
  authType: "container-token",
  tokenLabel: "Entra SCIM token",
};
export const ADMIN = { id: "acc-admin", name: "Olga Admin", email: "Olga.Admin@acme.example" };
export const ADMIN_ACTOR = "person:olga.admin@acme.example";

export const T0 = Date.parse("2026-11-23T15:00:00.000Z");
export const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

export const SITE = { id: "ari:cloud:platform::site/eu-jira", host: "acme-eu.atlassian.net", product: "jira-software" };
export const ROLE = "atlassian/user";

export const group = (name: string, synced = false): SnapGroup => ({ id: `g-${name}`, name, synced });
export const user = (email: string, groups: SnapGroup[] = [], extra: Partial<SnapUser> = {}): SnapUser => ({
  accountId: `acc-${email.split("@")[0]}`,
  email,
  groups: groups.map((g) => g.id),
  ...extra,
});

let seq = 0;
/** One audit event at `minute` after T0, by `actor`, about `ctx`. */
export function ev(
  minute: number,
  action: string,
  actor: AuditEntry["actor"],
  ctx: { group?: SnapGroup; user?: SnapUser; role?: string } = {},
): AuditEntry {
  const e: AuditEntry = { id: `ev-${++seq}`, time: at(minute), action, actor };
  if (ctx.group) Object.assign(e, { groupId: ctx.group.id, groupName: ctx.group.name });
  if (ctx.user) Object.assign(e, { accountId: ctx.user.accountId, email: ctx.user.email });
  if (ctx.role) Object.assign(e, { resourceId: SITE.id, host: SITE.host, product: SITE.product, role: ctx.role });
  return e;
}

export function snapshot(parts: Partial<OrgSnapshot>): OrgSnapshot {
  return { takenAt: at(120), groups: [], users: [], workspaces: [SITE], events: [], ...parts };
}

export const view = (parts: Partial<OrgSnapshot>) => new SnapshotView(snapshot(parts), ACTOR_LANES);

export const split: Split = {
  accountCreator: "scim",
  scim: { groups: ["dept-*", "all-employees"] },
  isc: { groups: ["jira-*"] },
  pulumi: { groups: ["platform-*"] },
};

export const ofKind = (fs: Finding[], kind: string) => fs.filter((f) => f.kind === kind);

/** The one finding of `kind`, with the common checks: id, message and fix naming the object. */
export function one(fs: Finding[], kind: string, mentions: string[]): Finding {
  const found = ofKind(fs, kind);
  assert.equal(found.length, 1, `one ${kind} finding in ${JSON.stringify(fs.map((f) => f.id))}`);
  const f = found[0];
  assert.equal(f.id, `${kind}:${f.subject}`);
  for (const m of mentions) {
    assert.ok(f.message.includes(m), `message names ${m}: ${f.message}`);
  }
  assert.ok(f.fix.length > 0);
  return f;
}

// ---------------------------------------------------------------------------------------------------------------
