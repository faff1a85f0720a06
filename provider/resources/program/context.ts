// The one module that builds each resource's `program` input (rules/program-context.ts): what its check needs from
// the rest of the program, read from the program's registry (store.ts) after the program's synchronous section.
//
// Limits (also in README.md):
// - Only declarations in the same program are seen. A Group is checked against the OwnershipSplit passed as its
//   `split`, else the program's only OwnershipSplit; with none (or several and no `split`) nothing is checked.
// - Lookups run after the current synchronous section of the program (`setImmediate`): top-level declarations may come
//   in any order, but one made after an `await` or inside an `apply` can be missed. Pass `split` explicitly.
// - Values that are Outputs are resolved with `apply`; while unknown (a preview of what they depend on) the context is
//   unknown and check lets it through, and the same check runs again with the real values during `up`.
// - A Group is recognised when passed itself, by its `groupId` Output, or by its name; a literal group id is not.
import * as pulumi from "@pulumi/pulumi";
import {
  afterProgramSection,
  groupByGroupId,
  groupByRef,
  isPlain,
  programStore,
  sameName,
  type AccessKey,
  type GroupEntry,
  type GroupFacts,
  type SplitEntry,
} from "./store";
import { declaredInput } from "./declared";
import { type LaneClaims } from "../../rules/ownership";
import { claimsOf, type LaneGroups, type Split } from "../../rules/split";
import { DEFAULT_ROLE } from "../../rules/roles";
import type { SodConflict } from "../../rules/sod";
import {
  splitClaimOf,
  conflictsNaming,
  conflictsNamingRole,
  type AppAccessSettingsProgram,
  type DuplicateProgram,
  type GrantProgram,
  type GroupMemberProgram,
  type GroupProgram,
  type ProgramGroup,
} from "../../rules/program-context";

/** `undefined` (the key absent) for a context with nothing in it: no fact, no stored input. */
const orAbsent = <T extends object>(o: T): T | undefined => {
  const kept = Object.entries(o).filter(([, v]) => v !== undefined);
  return kept.length ? (Object.fromEntries(kept) as T) : undefined;
};
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

// ---- OwnershipSplit: its lanes, for Groups and GroupMembers ----

type LaneInputs = {
  scim: pulumi.Input<{ groups: pulumi.Input<pulumi.Input<string>[]> }>;
  isc: pulumi.Input<{ groups: pulumi.Input<pulumi.Input<string>[]> }>;
  pulumi?: pulumi.Input<{ groups: pulumi.Input<pulumi.Input<string>[]> }>;
};
type PlainLanes = { scim?: LaneGroups; isc?: LaneGroups; pulumi?: LaneGroups };

/** Lane patterns as LaneClaims; a malformed lane (refused by the split's own check) claims nothing here. */
const toClaims = (lanes: PlainLanes): LaneClaims => {
  const c = claimsOf(lanes as Pick<Split, "scim" | "isc" | "pulumi">);
  const list = (v: unknown) =>
    Array.isArray(v) ? (v as unknown[]).filter((p): p is string => typeof p === "string") : [];
  return { scim: list(c.scim), isc: list(c.isc), pulumi: list(c.pulumi) };
};

/** OwnershipSplit's constructor: its lane patterns (plain now, or resolved from Outputs). */
export function registerSplit(resource: object, name: string, lanes: LaneInputs, conflicts?: unknown): void {
  const raw = { scim: lanes.scim, isc: lanes.isc, pulumi: lanes.pulumi };
  const claims = isPlain(raw)
    ? toClaims(raw as PlainLanes)
    : pulumi.output(raw).apply((r) => toClaims(r as PlainLanes));
  programStore().splits.push({ resource, name, claims, conflicts });
}

/** The split a Group is checked against: the one it names, else the program's only one. */
function splitFor(explicit: object | undefined): SplitEntry | undefined {
  const s = programStore();
  if (explicit) return s.splits.find((e) => e.resource === explicit);
  if (s.splits.length > 1 && !s.warnedSplits) {
    s.warnedSplits = true;
    void pulumi.log.warn(
      `atlassian-access: ${s.splits.length} OwnershipSplits in this program (${s.splits.map((e) => `"${e.name}"`).join(", ")}); Groups are checked only against the one passed as their \`split\`.`,
    );
  }
  return s.splits.length === 1 ? s.splits[0] : undefined;
}

// ---- Group ----

/** Group's constructor, after building its context: what the other resources' contexts read of it. */
export function registerGroup(resource: object, entry: Omit<GroupEntry, "resource">): void {
  const s = programStore();
  const g: GroupEntry = { resource, ...entry };
  s.groups.push(g);
  for (const key of [resource, entry.groupId]) if (key && !s.groupIndex.has(key)) s.groupIndex.set(key, g);
}

/**
 * Every registered Group's name, and its facts (name, owner, whether it declares members, maxDuration), each resolved
 * as one Output the whole program shares: built on first use after the program's section, rebuilt only when a Group
 * was registered since. Groups, GroupMembers and by-name AppAccess read these instead of resolving every Group again,
 * which made the program hold Outputs quadratic in its Groups (1.4 million at 1,700 Groups). Names and facts are kept
 * apart so that what a resource depends on (the Outputs it waits on) is what it did before.
 */
function groupNames(): pulumi.Input<unknown[]> {
  const s = programStore();
  if (s.groupNames?.count !== s.groups.length) {
    const names = s.groups.map((g) => g.name);
    // Plain names (the usual program) stay a plain list: no Output for the program to hold.
    s.groupNames = { count: s.groups.length, values: names.every(isPlain) ? names : pulumi.all(names) };
  }
  return s.groupNames.values;
}

/** A Group's facts: a plain tuple when the program passed them plain, else one Output. */
const factsOf = (g: GroupEntry): pulumi.Input<GroupFacts> => {
  const facts: GroupFacts = [g.name, g.owner, membersDeclared(g.members), g.maxDuration];
  return facts.every(isPlain) ? facts : pulumi.all(facts);
};

function groupFacts(): pulumi.Input<GroupFacts[]> {
  const s = programStore();
  if (s.groupFacts?.count !== s.groups.length) {
    const facts = s.groups.map(factsOf);
    const plain = facts.every(Array.isArray);
    s.groupFacts = {
      count: s.groups.length,
      values: plain ? (facts as GroupFacts[]) : pulumi.all(facts),
    };
  }
  return s.groupFacts.values;
}

/**
 * Group's `program`: the lanes of its split that claim its name, and the earliest Group declared before it whose name
 * is this one's but for case (Atlassian's names are case-insensitive: one group with two owners). Call before
 * registerGroup, so that the Groups counted are those declared earlier.
 */
export function groupProgram(
  name: pulumi.Input<string>,
  explicitSplit?: object,
): pulumi.Input<GroupProgram | undefined> {
  // The Groups declared before this one: the registry only grows, so its length now is enough.
  const earlier = programStore().groups.length;
  // A Promise that may resolve to an Output: pulumi's serialization (and pulumi.output) awaits both.
  return afterProgramSection().then((): pulumi.Input<GroupProgram | undefined> => {
    const split = splitFor(explicitSplit);
    const groups = programStore().groups;
    const names = groupNames();
    const build = ([n, claims, allNames, declared]: [unknown, LaneClaims | undefined, unknown[], unknown]) => {
      if (typeof n !== "string") return undefined;
      const earlierNames = allNames.slice(0, earlier);
      const i = earlierNames.findIndex((o) => typeof o === "string" && sameName(o, n));
      const naming = conflictsNaming(declared, n);
      return orAbsent<GroupProgram>({
        split: claims ? splitClaimOf(claims, n) : undefined,
        sameNameAs: i >= 0 ? { resource: groups[i].resourceName, name: String(earlierNames[i]) } : undefined,
        conflicts: naming.length ? naming : undefined,
      });
    };
    // All plain (the usual program): the context itself, with no Output for the program to hold until the engine
    // answers; otherwise the same context once its Outputs resolve.
    if (isPlain(name) && isPlain(split?.claims) && isPlain(split?.conflicts) && Array.isArray(names))
      return build([name, split?.claims as LaneClaims | undefined, names, split?.conflicts]);
    return pulumi.all([name, split?.claims, names, pulumi.output(split?.conflicts)]).apply(build);
  }) as Promise<GroupProgram | undefined>;
}

// ---- GroupMember: its group's Group in this program, and the split's claim ----

/** Whether a Group's `members` input is declared (an Output resolving to a list counts once resolved). */
const membersDeclared = (members: unknown): pulumi.Input<boolean> =>
  members === undefined
    ? false
    : isPlain(members)
      ? true
      : (pulumi.output(members) as pulumi.Output<unknown>).apply((m) => m !== undefined && m !== null);

/**
 * GroupMember's `program`: the program's Group for its `group` (the Group itself, its groupId, or a Group of that name,
 * any case), with its owner, whether it declares members and its maxDuration; and the split's claim on the name.
 */
export function memberProgram(group: unknown): pulumi.Input<GroupMemberProgram | undefined> {
  const byRef = groupByRef(group);
  // A Promise that may resolve to an Output, as groupProgram's.
  return afterProgramSection().then((): pulumi.Input<GroupMemberProgram | undefined> => {
    const candidates = byRef ? [byRef] : programStore().groups;
    const name = byRef ? byRef.name : (group as pulumi.Input<string> | undefined);
    const facts = byRef ? [factsOf(byRef)] : groupFacts();
    const split = splitFor(undefined);
    const build = ([n, claims, all, declared]: [unknown, LaneClaims | undefined, GroupFacts[], unknown]) => {
      if (typeof n !== "string" || n === "") return undefined;
      const i = byRef ? 0 : all.findIndex(([gn]) => typeof gn === "string" && sameName(gn, n));
      let found: ProgramGroup | undefined;
      if (i >= 0) {
        const [gn, owner, managed, maxDuration] = all[i];
        found = orAbsent<ProgramGroup>({
          resource: candidates[i].resourceName,
          name: String(gn),
          owner: str(owner),
          membersManaged: managed ? true : undefined,
          maxDuration: str(maxDuration),
        });
      }
      const naming = conflictsNaming(declared, found?.name ?? n);
      return orAbsent<GroupMemberProgram>({
        group: found,
        split: claims ? splitClaimOf(claims, n) : undefined,
        conflicts: naming.length ? naming : undefined,
      });
    };
    const plainFacts = byRef ? isPlain(facts) : Array.isArray(facts);
    if (isPlain(name) && isPlain(split?.claims) && plainFacts && isPlain(split?.conflicts))
      return build([name, split?.claims as LaneClaims | undefined, facts as GroupFacts[], split?.conflicts]);
    return pulumi
      .all([name, split?.claims, facts, split?.conflicts])
      .apply((v) => build(v as [unknown, LaneClaims, GroupFacts[], unknown]));
  }) as Promise<GroupMemberProgram | undefined>;
}

/**
 * A resource that names a group by name depends on the program's Group of that name, as it would through its groupId:
 * the engine then creates the Group first. Resolved after the program's synchronous section; nothing for a Group or a
 * groupId (already a dependency) or a name no Group of this program has.
 */
export function withGroupDependency(
  group: unknown,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions | undefined {
  if (groupByRef(group) || !(typeof group === "string" || pulumi.Output.isInstance(group))) return opts;
  const groups = pulumi.output(afterProgramSection()).apply<pulumi.Resource[]>(() => {
    const all = programStore().groups;
    return pulumi
      .all([group as pulumi.Input<string>, groupNames()])
      .apply(([n, names]) =>
        typeof n !== "string"
          ? []
          : names.flatMap((gn, i) =>
              typeof gn === "string" && sameName(gn, n) ? [all[i].resource as pulumi.Resource] : [],
            ),
      );
  });
  const dependsOn = (opts?.dependsOn ? [opts.dependsOn, groups] : groups) as pulumi.CustomResourceOptions["dependsOn"];
  return { ...opts, dependsOn };
}

// ---- AppAccess: one group × site × product × role declared twice ----

/** The key parts of one AppAccess, normalised: a Group's groupId becomes that Group's name; names and hosts lower-case. */
function accessKey(args: {
  group: pulumi.Input<string>;
  site: pulumi.Input<string>;
  product: pulumi.Input<string>;
  role?: pulumi.Input<string>;
}): AccessKey {
  const lower = (v: pulumi.Input<string>): pulumi.Input<string> =>
    typeof v === "string"
      ? v.toLowerCase()
      : pulumi.output(v).apply((s) => (typeof s === "string" ? s.toLowerCase() : s));
  const owner = groupByGroupId(args.group);
  return [lower(owner ? owner.name : args.group), lower(args.site), args.product, args.role ?? DEFAULT_ROLE];
}

/**
 * AppAccess's constructor: registers its key and returns its `program`, the resource name of an earlier AppAccess with
 * the same key (undefined, so absent, when none).
 */
export function accessProgram(
  name: string,
  args: {
    group: pulumi.Input<string>;
    site: pulumi.Input<string>;
    product: pulumi.Input<string>;
    role?: pulumi.Input<string>;
    allowAccessLoss?: pulumi.Input<boolean | number>;
  },
): pulumi.Input<DuplicateProgram | undefined> {
  const key = accessKey(args);
  const s = programStore();
  const pending: { name: string; key: AccessKey }[] = [];
  let plainMatch: string | undefined;
  for (const e of s.access) {
    const allPlain = e.key.every((p, i) => typeof p === "string" && typeof key[i] === "string");
    if (allPlain) {
      if (e.key.every((p, i) => p === key[i])) {
        plainMatch = e.name;
        break;
      }
      continue;
    }
    // Two known parts that differ already rule the pair out, without waiting on any Output.
    if (e.key.some((p, i) => typeof p === "string" && typeof key[i] === "string" && p !== key[i])) continue;
    pending.push(e);
  }
  s.access.push({ name, key, allowAccessLoss: args.allowAccessLoss });
  if (plainMatch !== undefined) return { duplicateOf: plainMatch };
  if (pending.length === 0) return undefined;
  const resolve = (k: AccessKey) => pulumi.all(k as pulumi.Input<string>[]);
  return pulumi.all([resolve(key), pulumi.all(pending.map((p) => resolve(p.key)))]).apply(([mine, theirs]) => {
    const i = theirs.findIndex((t) => t.every((v, j) => v === mine[j]));
    return i >= 0 ? { duplicateOf: pending[i].name } : undefined;
  });
}

/**
 * AppAccess's and Admins's `program`: `base` (an earlier declaration of the same thing) with the conflicts of the
 * program's split that `naming` picks (those naming what the resource gives). Without a split declaring conflicts,
 * `base` as it was.
 */
export function withConflicts(
  base: pulumi.Input<DuplicateProgram | undefined>,
  naming: (conflicts: unknown) => pulumi.Input<SodConflict[]>,
): pulumi.Input<GrantProgram | undefined> {
  const add = (split: SplitEntry | undefined): pulumi.Input<GrantProgram | undefined> => {
    if (split?.conflicts === undefined) return base;
    const build = ([b, named]: [DuplicateProgram | undefined, SodConflict[]]) =>
      orAbsent<GrantProgram>({ ...b, conflicts: named.length ? named : undefined });
    const named = isPlain(split.conflicts) ? naming(split.conflicts) : pulumi.output(split.conflicts).apply(naming);
    if (isPlain(base) && isPlain(named)) return build([base as DuplicateProgram | undefined, named as SodConflict[]]);
    return pulumi.all([base, named]).apply((v) => build(v as [DuplicateProgram | undefined, SodConflict[]]));
  };
  // The program's one split, declared already without conflicts (the usual program): `base` as it is, so a resource
  // with no context sends no `program` key (each key is an Output pulumi holds until the engine answers). A later
  // second split only takes conflicts away (splitFor), so deciding now cannot miss one.
  const { splits } = programStore();
  if (splits.length === 1 && splits[0].conflicts === undefined) return base;
  // Otherwise once the program's synchronous section is over: a Promise that may resolve to an Output.
  return afterProgramSection().then(() => add(splitFor(undefined))) as Promise<GrantProgram | undefined>;
}

/** AppAccess: the conflicts with a side naming its role on its site's product. */
export const accessConflicts =
  (args: { site: pulumi.Input<string>; product: pulumi.Input<string>; role?: pulumi.Input<string> }) =>
  (conflicts: unknown): pulumi.Input<SodConflict[]> => {
    const naming = ([site, product, role]: unknown[]) =>
      typeof site === "string" && typeof product === "string" && typeof role === "string"
        ? conflictsNamingRole(conflicts, site, product, role)
        : [];
    const key = [args.site, args.product, args.role ?? DEFAULT_ROLE];
    return key.every(isPlain) ? naming(key) : pulumi.all(key).apply(naming);
  };

// ---- AppAccessSettings: one domain declared twice; the split learns the program's domains ----

/** Domains compare as the API does: `ANYONE` exactly, others ignoring case. */
const domainKey = (d: unknown) => (typeof d !== "string" ? undefined : d === "ANYONE" ? d : d.trim().toLowerCase());

/** AppAccessSettings's constructor: registers its domain; its `program` names an earlier one for the same domain. */
export function settingsProgram(
  name: string,
  domain: pulumi.Input<string>,
): pulumi.Input<AppAccessSettingsProgram | undefined> {
  const s = programStore();
  const earlier = [...s.settings];
  s.settings.push({ name, domain });
  if (earlier.length === 0) return undefined;
  return pulumi.all([domain, pulumi.all(earlier.map((e) => e.domain))]).apply(([d, ds]) => {
    const i = ds.findIndex((x) => domainKey(x) !== undefined && domainKey(x) === domainKey(d));
    return i >= 0 ? { sameDomainAs: earlier[i].name } : undefined;
  });
}

/** The domains the program's AppAccessSettings declare, sorted (undefined, so absent, when none). */
function selfSignupDomains(): pulumi.Input<string[] | undefined> {
  const all = programStore().settings;
  if (all.length === 0) return undefined;
  return pulumi
    .all(all.map((e) => e.domain))
    .apply((ds) => [...new Set(ds.map(domainKey).filter((d): d is string => d !== undefined))].sort());
}

// ---- Admins: one per program ----

/** Admins's constructor: its `program` names an earlier Admins of the program (the org has one list of admins). */
export function adminsProgram(name: string): DuplicateProgram | undefined {
  const s = programStore();
  const first = s.admins[0];
  s.admins.push(name);
  return first === undefined ? undefined : { duplicateOf: first };
}

// ---- OwnershipSplit's own context ----

/**
 * OwnershipSplit's `program`: the program's Groups and AppAccess (declared.ts; only for the program's first split, so
 * that a removal is counted once) and the domains its AppAccessSettings declare (their self-signup is code's).
 * `split` is read after the program's section, since `this` is not usable before super. A Promise of a plain object
 * with Outputs inside, not one Output: each field is stored as it resolves, so a Group's unknown `adopted` at preview
 * leaves the rest of the list known.
 */
export async function splitProgram(split: () => object | undefined): Promise<object | undefined> {
  await afterProgramSection();
  const first = programStore().splits[0]?.resource;
  const declared = split() && first === split() ? declaredInput() : undefined;
  const domains = selfSignupDomains();
  if (declared === undefined && domains === undefined) return undefined;
  return { ...(declared ? { declared } : {}), ...(domains !== undefined ? { selfSignupDomains: domains } : {}) };
}
