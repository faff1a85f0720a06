// Findings by cause: one finding per act, with the findings that act explains listed inside it as its consequences.
// Pure, over the org snapshot.
//
// The rule (docs/guides/drift.md, "Findings by cause"): findings share a cause when one act, recorded as one audit event by one
// actor, explains each of them. Deleting a group is such an act: every role assignment the group held goes with it, so
// a deletion is one `group-deleted` finding naming the group and who deleted it, its lost grants inside it as
// `app-access-lost-with-group` consequences (each keeping its id). Every other act the rules see changes one object
// (one membership, one grant, one account, one group's sync), so its finding is its own cause.
import { byActor, causeFrom, GROUP_DELETED, ROLE_EVENTS, ROLE_GRANTED, type AuditEntry } from "./attribution";
import { findingId, makeFinding, sortFindings, type Finding } from "./findings";
import type { SnapshotView } from "./snapshot";

/** One role assignment a deleted group took with it, and whether code made it (then `up` can restore it). */
interface LostGrant {
  finding: Finding;
  host: string;
  product: string;
  role: string;
  grantor: string;
}

interface Deletion {
  name: string;
  /** Newest first. */
  events: AuditEntry[];
  lost: Map<string, LostGrant>;
  back: boolean;
}

const memo = new WeakMap<SnapshotView, Finding[]>();

/**
 * Group deletions that took app access with them: one `group-deleted` finding per group name (a name deleted twice
 * in the window is one finding, naming both events), its lost grants inside it. A deleted group whose grants are all
 * back (re-granted to the group pushed again) or that held none in the window is no finding.
 */
export function groupDeletions(view: SnapshotView): Finding[] {
  const known = memo.get(view);
  if (known) return known;
  const byName = new Map<string, Deletion>();
  for (const del of GROUP_DELETED.flatMap((a) => view.index.all(`action:${a}`))) {
    if (!del.groupId || view.groupsById.has(del.groupId)) continue;
    const name = del.groupName ?? del.groupId;
    const back = view.groupsByName.get(name.toLowerCase());
    const lost = lostGrants(view, del, name, back?.id);
    if (!lost.length) continue;
    let d = byName.get(name.toLowerCase());
    if (!d) byName.set(name.toLowerCase(), (d = { name, events: [], lost: new Map(), back: Boolean(back) }));
    d.events.push(del);
    for (const g of lost) if (!d.lost.has(g.finding.id)) d.lost.set(g.finding.id, g);
  }
  const out = sortFindings([...byName.values()].map((d) => deletionFinding(view, d)));
  memo.set(view, out);
  return out;
}

/** The grants a deleted group held (its newest role event per site × role was a grant) and nobody has back. */
function lostGrants(view: SnapshotView, del: AuditEntry, name: string, backId: string | undefined): LostGrant[] {
  const granted = new Map<string, AuditEntry>();
  for (const e of view.index.all(`group:${del.groupId}`)) {
    if (!ROLE_EVENTS.includes(e.action) || !e.resourceId || !e.role) continue;
    const key = `${e.resourceId}/${e.role}`;
    if (!granted.has(key)) granted.set(key, e); // newest first: the first seen is the latest
  }
  const cause = causeFrom(del, view.lanes);
  const out: LostGrant[] = [];
  for (const e of granted.values()) {
    if (!ROLE_GRANTED.includes(e.action)) continue;
    if (backId && view.hasRole(backId, e.resourceId!, e.role!)) continue; // re-granted to the group pushed again
    const site = view.siteLabel(e.resourceId!, e.host, e.product);
    // Who made the grant decides who can restore it: code re-grants its own; a grant made by hand is not in code.
    const grantor = view.actor(e);
    const fix =
      grantor !== "pulumi"
        ? `This access was granted outside code (by ${byActor(grantor)}), so \`pulumi up\` will not restore it: declare it as an access.AppAccess, re-grant it by hand, or accept this finding if the loss is intended.`
        : cause.actor === "scim"
          ? `Re-creating a synced group does not restore access: ${backId ? "run `pulumi up` to re-grant what code declares" : `once the IdP pushes "${name}" again, \`pulumi up\` re-grants what code declares`}.`
          : `\`pulumi up\` re-creates what code owns and re-grants the access it declares.`;
    const finding = makeFinding(
      "app-access-lost-with-group",
      `${name}@${site}/${e.role}`,
      "pulumi",
      `Group "${name}" was deleted by ${byActor(cause.actor)}, and with it the ${e.role} access it granted on ${site}${backId ? "; the group is back but the access is not" : ""}.`,
      fix,
      { ...cause, evidence: [...cause.evidence, `event:${e.id}`] },
    );
    const [host, product] = splitSite(site);
    out.push({ finding, host, product, role: e.role!, grantor });
  }
  return out;
}

/** `host/product` as siteLabel writes it (a host has no `/`). */
function splitSite(site: string): [string, string] {
  const i = site.indexOf("/");
  return i < 0 ? [site, "?"] : [site.slice(0, i), site.slice(i + 1)];
}

/** "a", "a and b", "a, b and c". */
export const andList = (xs: string[]): string =>
  xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;

const count = (n: number, one: string, many: string) => (n === 1 ? `the ${one}` : `the ${n} ${many}`);

/** What was lost, compactly: `jira-servicedesk (atlassian/user) on a.atlassian.net and b.atlassian.net; ...`. */
function lostList(grants: LostGrant[]): string {
  const byAccess = new Map<string, string[]>();
  for (const g of grants) {
    const key = `${g.product} (${g.role})`;
    byAccess.set(key, [...(byAccess.get(key) ?? []), g.host]);
  }
  return [...byAccess].map(([access, hosts]) => `${access} on ${andList(hosts)}`).join("; ");
}

function deletionFinding(view: SnapshotView, d: Deletion): Finding {
  const grants = [...d.lost.values()].sort((a, b) => (a.finding.id < b.finding.id ? -1 : 1));
  const cause = causeFrom(d.events[0], view.lanes);
  const evidence = [...new Set([...d.events.flatMap((e) => causeFrom(e, view.lanes).evidence)])];
  const n = grants.length;
  const { name } = d;
  const message =
    `Group "${name}" was deleted by ${byActor(cause.actor)}${d.events.length > 1 ? ` (${d.events.length} times in the audit window)` : ""}, ` +
    `and ${count(n, "role assignment", "role assignments")} it held went with it: ${lostList(grants)}.` +
    (d.back ? ` A group named "${name}" is back, but without ${n === 1 ? "it" : "them"}.` : "");
  return {
    ...makeFinding("group-deleted", name, "pulumi", message, deletionFix(name, cause.actor, d.back, grants), {
      ...cause,
      evidence,
    }),
    consequences: grants.map((g) => g.finding),
  };
}

/** What brings the access back: code's grants come back with `up` once the group does; grants made by hand do not. */
function deletionFix(name: string, actor: string, back: boolean, grants: LostGrant[]): string {
  const byCode = grants.filter((g) => g.grantor === "pulumi").length;
  const byHand = grants.filter((g) => g.grantor !== "pulumi");
  const parts: string[] = [];
  const them = (k: number) => (k === 1 ? "it" : "them");
  if (byCode) {
    const what = byCode === 1 ? "the one that code granted" : `the ${byCode} that code granted`;
    parts.push(
      back
        ? `Run \`pulumi up --refresh\`: it re-grants ${what} to the group that is back.`
        : actor === "scim"
          ? `Push "${name}" again from the identity provider (re-creating a synced group does not restore its access); then \`pulumi up --refresh\` re-grants ${what}.`
          : `\`pulumi up --refresh\` re-creates the group if code owns it and re-grants ${what}.`,
    );
  }
  if (byHand.length) {
    const who = andList([...new Set(byHand.map((g) => byActor(g.grantor)))]);
    const k = byHand.length;
    const which = k === grants.length ? (k === 1 ? "It was" : "All were") : `${k} of them ${k === 1 ? "was" : "were"}`;
    parts.push(
      `${which} granted outside code (by ${who}), so \`pulumi up\` will not restore ${them(k)}: declare ${them(k)} as access.AppAccess, re-grant ${them(k)} by hand, or accept "${findingId("group-deleted", name)}" if the loss is intended.`,
    );
  }
  return parts.join(" ");
}
