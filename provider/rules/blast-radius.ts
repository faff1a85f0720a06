// Blast radius: who loses access to which site × product when code removes members, revokes a grant or deletes a
// group, and whether a change goes past the limit. Pure: the lifecycle gathers the group's grants and the other groups
// holding each of them; this decides.
//
// A person loses a site × product × role when the change takes it from them, no other group they stay in holds it,
// and they do not hold it directly (a role given to the person, outside any group).

/** One role a group holds on a site's product, as a change takes it away. */
export interface Grant {
  /** `resourceId role`, the holders key. */
  key: string;
  /** `site/product (role)`, as messages name it. */
  label: string;
}

export interface LossInput {
  /** The group the change acts on. */
  groupId: string;
  /** Account ids the change takes the grants from: members removed, or every member when a grant or the group goes. */
  losing: string[];
  /** The grants they lose through this group. */
  grants: Grant[];
  /** Per grant key, the groups holding it after the change (this group's own entry is ignored). */
  holders: Map<string, Set<string>>;
  /** Account ids in a group, as the org is now. */
  membersOf: (groupId: string) => Set<string>;
  /** Whether the account holds the grant (its key) directly; absent: nobody is known to. */
  heldDirectly?: (accountId: string, key: string) => boolean;
}

export interface AccessLoss {
  label: string;
  /** Account ids losing it, sorted. */
  people: string[];
}

/** Per grant, the people who lose it: those the change takes it from who hold it through no other group. */
export function accessLoss(input: LossInput): AccessLoss[] {
  const out: AccessLoss[] = [];
  for (const g of input.grants) {
    const others = [...(input.holders.get(g.key) ?? [])].filter((id) => id !== input.groupId);
    const kept = new Set(others.flatMap((id) => [...input.membersOf(id)]));
    const people = input.losing.filter((a) => !kept.has(a) && !input.heldDirectly?.(a, g.key)).sort();
    if (people.length) out.push({ label: g.label, people });
  }
  return out.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** Distinct people losing anything. */
export const peopleLosing = (losses: AccessLoss[]): number => new Set(losses.flatMap((l) => l.people)).size;

/** How far a change may go: the config's limit, and whether the resource or config allowed this one. */
export interface LossPolicy {
  /** Most people one change may remove access from (config accessLossLimit, default 10). */
  limit: number;
  /** The resource's allowAccessLoss: true (any number) or the most people this change may remove access from. */
  allow?: boolean | number;
  /** The group is listed in config accessLossAllowed. */
  allowedByConfig?: boolean;
}

/** The preview's line for a change that removes access (undefined when it removes none). */
export function lossLine(subject: string, what: string, losses: AccessLoss[]): string | undefined {
  if (losses.length === 0) return undefined;
  const per = losses.map((l) => `${l.label} ${l.people.length}`).join(", ");
  return `[atlassian-access] ${subject}: ${what} removes access from ${peopleLosing(losses)} person(s): ${per}.`;
}

/**
 * Why a change is refused, or undefined when it may go: past the limit, or emptying a group, without an explicit
 * allowance. `emptied` is true when the change leaves a group that had members with none.
 */
export function lossRefusal(
  subject: string,
  what: string,
  losses: AccessLoss[],
  policy: LossPolicy,
  emptied = false,
): string | undefined {
  const n = peopleLosing(losses);
  if (policy.allow === true || policy.allowedByConfig) return undefined;
  const cap = typeof policy.allow === "number" ? policy.allow : policy.limit;
  const over = n > cap;
  if (!over && !(emptied && typeof policy.allow !== "number")) return undefined;
  const per = losses.map((l) => `${l.label}: ${l.people.length}`).join("; ");
  const why = over
    ? `removes access from ${n} people, more than ${typeof policy.allow === "number" ? `allowAccessLoss (${cap})` : `the limit of ${cap} (atlassian-access:accessLossLimit)`}`
    : "empties the group";
  return (
    `${subject}: ${what} ${why}${per ? ` (${per})` : ""}. If that is intended, set allowAccessLoss: true (or the ` +
    `number of people) on the resource and run \`pulumi up\` again, or list the group in atlassian-access:accessLossAllowed ` +
    "(a destroy runs with the config the last `pulumi up` stored: run `up` after changing it); otherwise keep the " +
    "members or grants."
  );
}
