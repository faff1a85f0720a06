// OwnershipSplit: reads every org group and reports where the org contradicts the declared lane split. Never writes.
import { OWNERSHIP_SPLIT_SETTINGS, type OwnershipSplitArgs, type OwnershipSplitOutputs } from "./args";
import { carriedInputs, changedSettings } from "../../runtime/settings";
import type { LaneGroups } from "../../rules/split";
import type { AcceptanceEntry } from "../../rules/acceptances";
export type { OwnershipSplitArgs, OwnershipSplitOutputs } from "./args";
import type { Lifecycle } from "../../runtime/types";
import { context } from "../context";
import { compact, isUnknown, sameSet } from "../../runtime/values";
import { checkSplit } from "../../rules/split";
import type { Finding } from "../../rules/findings";
import { acceptancesKey, isExpiredAt, judgeAcceptances } from "../../rules/acceptances";
import { serverNow } from "../../clients/server-clock";
import { orgFindings } from "../../rules/drift";
import { auditWindowSince, snapshotView } from "../../org/snapshot";
import { announce, announceCatalogue } from "../../runtime/announce";
import { guardRemovals } from "./removals";
import { sameDeclared, withUnknownAdoptedDropped, type Declared } from "../../rules/removals";
import { OwnershipSplitProgram, programOf } from "../../rules/program-context";
import { checkConflicts, conflictsKey, conflictsOf } from "../../rules/sod";
import { namesAdminRole } from "../../rules/sod-findings";
import { adminHoldings } from "../admins/roles";
import { credentialsOf } from "../../rules/credentials";

/** The credentials as compared: absent and empty are the same, and order does not matter. */
const credentialsKey = (cs: unknown): string =>
  Array.isArray(cs) ? JSON.stringify(cs.map((c) => JSON.stringify(c)).sort()) : "[]";

const orAbsent = <T extends object>(o: T): T | undefined => (Object.keys(o).length ? o : undefined);

/** The split's program context, from the `program` input or, in state written up to 0.1.0, the inputs it replaced. */
function contextOf(o: Partial<OwnershipSplitArgs>): { declared?: Declared; selfSignupDomains?: string[] } {
  if (o.program !== undefined) {
    const p = o.program as { declared?: unknown } | undefined;
    const known = p && typeof p === "object" ? { ...p, declared: withUnknownAdoptedDropped(p.declared) } : p;
    return programOf(OwnershipSplitProgram, { program: known });
  }
  return programOf(OwnershipSplitProgram, {
    program: { declared: o.declared, selfSignupDomains: o.selfSignupDomains },
  });
}

/**
 * A finding that persists keeps the cause found when it appeared: its event may now be older than the audit window,
 * which starts at the last check. Only an "unknown" actor is filled in; a cause seen anew wins.
 */
export function carryCauses(findings: Finding[], previous: Finding[] | undefined): Finding[] {
  const before = new Map((previous ?? []).map((f) => [f.id, f]));
  return findings.map((f) => {
    const old = before.get(f.id);
    if (f.actor !== "unknown" || !old?.actor || old.actor === "unknown") return f;
    return { ...f, actor: old.actor, at: old.at, evidence: old.evidence };
  });
}

function inputsOf(o: Partial<OwnershipSplitArgs>): OwnershipSplitArgs {
  return compact({
    ...carriedInputs(o, OWNERSHIP_SPLIT_SETTINGS),
    program: o.program ?? orAbsent(contextOf(o)),
  }) as OwnershipSplitArgs;
}

async function evaluate(
  inputs: OwnershipSplitArgs,
  previous?: Partial<OwnershipSplitOutputs>,
): Promise<OwnershipSplitOutputs> {
  auditWindowSince(previous?.checkedAt ? Date.parse(previous.checkedAt) : undefined);
  // usage: group product roles and roles held directly (org/usage.ts), for direct-user-access and dormant-access;
  // settings: app access settings (org/settings.ts), for open-self-signup.
  const view = await snapshotView({ roles: true, usage: true, settings: true });
  // Expiry and inactivity are judged in the server's time (the snapshot's responses carried its Date), like the window.
  const now = serverNow();
  // Separation of duties: who holds the admin roles is read only when a conflict names one (rules/sod-findings.ts).
  const conflicts = conflictsOf(inputs.conflicts);
  const admins = namesAdminRole(conflicts) ? await adminHoldings() : undefined;
  const found = carryCauses(
    orgFindings(view, inputs, {
      now,
      selfSignupDomains: contextOf(inputs).selfSignupDomains,
      conflicts,
      admins,
      credentials: credentialsOf(inputs.credentials, context().config),
    }),
    previous?.findings,
  );
  const judged = judgeAcceptances(found, inputs.acceptedFindings, (a) => isExpiredAt(a, now));
  const open = new Set(judged.unaccepted);
  announce(
    "OwnershipSplit",
    judged.findings.filter((f) => open.has(f.id)),
  );
  await announceCatalogue();
  return {
    ...inputsOf(inputs),
    findings: judged.findings,
    unacceptedFindings: judged.unaccepted,
    acceptances: judged.standings,
    checkedAt: new Date(now).toISOString(),
  };
}

/** A lane's groups: a case-insensitive set (order and case of patterns change nothing). */
const sameLane = (old: unknown, now: unknown) => {
  const groups = (now as LaneGroups | undefined)?.groups;
  return !(groups !== undefined && isUnknown(groups)) && sameSet((old as LaneGroups | undefined)?.groups, groups);
};

/** Whether the declared inputs differ: the settings, then the split's program context (what `declared` is). */
function inputsDiffer(olds: Partial<OwnershipSplitArgs>, news: OwnershipSplitArgs): boolean {
  const n = news as unknown as Record<string, unknown>;
  if (Object.values(n).some(isUnknown)) return true;
  const settings = changedSettings(olds, news, OWNERSHIP_SPLIT_SETTINGS, {
    scim: sameLane,
    isc: sameLane,
    pulumi: sameLane,
    conflicts: (old, now) => conflictsKey(old) === conflictsKey(now),
    credentials: (old, now) => !isUnknown(now) && credentialsKey(old) === credentialsKey(now),
    acceptedFindings: (old, now) =>
      !isUnknown(now) && acceptancesKey(old as AcceptanceEntry[]) === acceptancesKey(now as AcceptanceEntry[]),
  });
  if (settings.length > 0) return true;
  // The split's program context is the one that is a change: the stored list is what the next preview's removals are.
  const [before, now] = [contextOf(olds), contextOf(news)];
  if (isUnknown(news.program) || !sameDeclared(before.declared, now.declared)) return true;
  return !sameSet(before.selfSignupDomains ?? [], now.selfSignupDomains ?? []);
}

export const ownershipSplitLifecycle: Lifecycle<OwnershipSplitArgs, OwnershipSplitOutputs> = {
  async check(_olds, news) {
    const failures = [...checkSplit(news, { isUnknown }), ...checkConflicts(news.conflicts, isUnknown)];
    return failures.length ? { failures } : { inputs: news };
  },

  async diff(_id, olds, news) {
    // What the engine will delete because the program no longer declares it: counted now, refused past the limit.
    const [before, now] = [contextOf(olds).declared, contextOf(news).declared];
    if (before && now) await guardRemovals(before, now);
    // Unreviewed findings keep the resource "changed", so `preview --refresh --expect-no-changes` fails until each
    // is fixed in the org or listed in acceptedFindings: that is the point of the resource.
    const changes = (olds.unacceptedFindings ?? []).length > 0 || inputsDiffer(olds, news);
    return { changes };
  },

  async create(inputs) {
    const outs = await evaluate(inputs);
    return { id: context().config.orgId || "split", outs };
  },

  async read(id, props) {
    const inputs = inputsOf(props);
    const outs = await evaluate(inputs, props);
    return { id, props: outs, inputs };
  },

  async update(_id, olds, news) {
    return { outs: await evaluate(news, olds) };
  },

  async delete() {
    // Nothing was created in Atlassian: forgetting the split removes nothing.
  },
};
