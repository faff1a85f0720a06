// Program-wide knowledge for check: what else the program declares, gathered in the program process.
//
// Each dynamic resource's check runs in the provider process and sees only its own inputs. The resource classes run
// in the user's program, so they register here and pass what they learn to the provider as extra plain inputs:
//   Group        splitLanes, splitPatterns  the lanes of the program's OwnershipSplit that claim the group's name
//   AppAccess    duplicateOf                the resource name of an earlier AppAccess with the same key
//   Group        sameNameAs                 an earlier Group of this program whose name is the same but for case
//   GroupMember  groupMembersManaged        a Group of that name in this program declares `members`
//   GroupMember  groupOwner, splitLanes     the owner of the program's Group for that group, and the split's lanes
//   GroupMember  groupMaxDuration           the maxDuration of the program's Group for that group
//   OwnershipSplit, AppAccessSettings       selfSignupDomains, sameDomainAs: in self-signup-registry.ts
// The lifecycles only validate those inputs; this module is never imported by provider/lifecycle nor by the shim
// serialized into state (its state exists only in the program process).
//
// Limits (also in docs/guides/using-the-provider.md):
// - Only declarations in the same program are seen. A Group is checked against the OwnershipSplit passed as its
//   `split`, else the program's only OwnershipSplit; with none (or several and no `split`) nothing is checked.
// - The split and the Groups of a GroupMember given by name are looked up after the current synchronous section of
//   the program (`setImmediate`): top-level declarations may come in any order, but one made after an `await` or
//   inside an `apply` can be missed. Pass `split` explicitly to be independent of order.
// - Values that are Outputs are resolved with `apply`; while unknown (a preview of what they depend on) the hint is
//   unknown and check lets it through, and the same check runs again with the real values during `up`.
// - AppAccess groups compare by name (a Group's `groupId` counts as that Group's name); a literal group id and a
//   name of the same group are not recognised as one group.
import * as pulumi from "@pulumi/pulumi";
import { lanesFor, globMatch, type LaneClaims, type Lane } from "../rules/ownership";
import { claimsOf, type LaneGroups, type Split } from "../rules/split";
import { DEFAULT_ROLE } from "../rules/roles";

/** The lanes that claim one group name, and for each the patterns that match it (what Group sends to check). */
export interface SplitHint {
  /** Empty when no lane claims the name. */
  splitLanes: Lane[];
  splitPatterns: Partial<Record<Lane, string[]>>;
}

interface SplitEntry {
  resource: object;
  name: string;
  claims: pulumi.Input<LaneClaims>;
}

export interface GroupEntry {
  resource: object;
  /** The Group's resource name (for messages). */
  resourceName: string;
  name: pulumi.Input<string>;
  owner: pulumi.Input<string>;
  /** pulumi.Input of the members list, or undefined. */
  members: unknown;
  groupId: unknown;
  /** What its removal from the program would do (program-declared.ts). */
  removal?: GroupRemovalInputs;
  maxDuration?: unknown;
}

/** The Group inputs that decide what removing it does: delete or forget, and its blast-radius allowance. */
export interface GroupRemovalInputs {
  adopt?: pulumi.Input<boolean>;
  deleteOnDestroy?: pulumi.Input<boolean>;
  allowAccessLoss?: pulumi.Input<boolean | number>;
}

export interface AccessEntry {
  name: string;
  key: AccessKey;
  allowAccessLoss?: pulumi.Input<boolean | number>;
}

/** group × site × product × role, each a plain (normalised) string or an Input still to resolve. */
export type AccessKey = [pulumi.Input<string>, pulumi.Input<string>, pulumi.Input<string>, pulumi.Input<string>];

interface State {
  splits: SplitEntry[];
  groups: GroupEntry[];
  access: AccessEntry[];
  warnedSplits: boolean;
}

// On globalThis, so two copies of the package loaded by one program still share one registry.
const KEY = Symbol.for("atlassian-access/program-registry");
function state(): State {
  const g = globalThis as unknown as Record<symbol, State | undefined>;
  return (g[KEY] ??= { splits: [], groups: [], access: [], warnedSplits: false });
}

/** Test hook: forget every registration. */
export function resetProgramRegistry(): void {
  const s = state();
  s.splits = [];
  s.groups = [];
  s.access = [];
  s.warnedSplits = false;
}

/** A value with no Output or Promise anywhere inside: usable at once. */
export function isPlain(v: unknown): boolean {
  if (pulumi.Output.isInstance(v) || v instanceof Promise) return false;
  if (Array.isArray(v)) return v.every(isPlain);
  if (v !== null && typeof v === "object") return Object.values(v).every(isPlain);
  return true;
}

/** Resolves after the current synchronous section of the program: every top-level declaration is registered by then. */
export const afterProgramSection = () => new Promise<boolean>((resolve) => setImmediate(() => resolve(true)));

// ---- OwnershipSplit -> Group ----

/** Which lanes claim `name`, with the patterns that match it. Pure. */
export function splitHint(claims: LaneClaims, name: string): SplitHint {
  const clean: LaneClaims = {
    scim: claims.scim.filter((p) => typeof p === "string"),
    isc: claims.isc.filter((p) => typeof p === "string"),
    pulumi: claims.pulumi.filter((p) => typeof p === "string"),
  };
  const splitLanes = lanesFor(clean, name);
  return {
    splitLanes,
    splitPatterns: Object.fromEntries(splitLanes.map((l) => [l, clean[l].filter((p) => globMatch(p, name))])),
  };
}

type LaneInputs = {
  scim: pulumi.Input<{ groups: pulumi.Input<pulumi.Input<string>[]> }>;
  isc: pulumi.Input<{ groups: pulumi.Input<pulumi.Input<string>[]> }>;
  pulumi?: pulumi.Input<{ groups: pulumi.Input<pulumi.Input<string>[]> }>;
};

type PlainLanes = { scim?: LaneGroups; isc?: LaneGroups; pulumi?: LaneGroups };

/** Lane patterns as LaneClaims; a malformed lane (refused by the split's own check) claims nothing here. */
const toClaims = (lanes: PlainLanes): LaneClaims => {
  const c = claimsOf(lanes as Pick<Split, Lane>);
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  return { scim: list(c.scim), isc: list(c.isc), pulumi: list(c.pulumi) };
};

/** OwnershipSplit's constructor: its lane patterns (plain now, or resolved from Outputs). */
export function registerSplit(resource: object, name: string, lanes: LaneInputs): void {
  const raw = { scim: lanes.scim, isc: lanes.isc, pulumi: lanes.pulumi };
  const claims = isPlain(raw)
    ? toClaims(raw as PlainLanes)
    : pulumi.output(raw).apply((r) => toClaims(r as PlainLanes));
  state().splits.push({ resource, name, claims });
}

/** The split a Group is checked against: the one it names, else the program's only one. */
function splitFor(explicit: object | undefined): SplitEntry | undefined {
  const s = state();
  if (explicit) return s.splits.find((e) => e.resource === explicit);
  if (s.splits.length > 1 && !s.warnedSplits) {
    s.warnedSplits = true;
    void pulumi.log.warn(
      `atlassian-access: ${s.splits.length} OwnershipSplits in this program (${s.splits.map((e) => `"${e.name}"`).join(", ")}); Groups are checked only against the one passed as their \`split\`.`,
    );
  }
  return s.splits.length === 1 ? s.splits[0] : undefined;
}

/**
 * Group's constructor: its splitLanes and splitPatterns inputs, resolved once the program's split is known
 * (undefined, so absent, when the program declares no split).
 */
export function splitHintInputs(
  name: pulumi.Input<string>,
  explicit?: object,
): {
  splitLanes: pulumi.Output<Lane[] | undefined>;
  splitPatterns: pulumi.Output<SplitHint["splitPatterns"] | undefined>;
} {
  const hint = pulumi.output(afterProgramSection()).apply((): pulumi.Input<SplitHint | undefined> => {
    const split = splitFor(explicit);
    if (!split) return undefined;
    return pulumi
      .all([split.claims, name])
      .apply(([claims, n]) => (typeof n === "string" ? splitHint(claims as LaneClaims, n) : undefined));
  }) as pulumi.Output<SplitHint | undefined>;
  return { splitLanes: hint.apply((h) => h?.splitLanes), splitPatterns: hint.apply((h) => h?.splitPatterns) };
}

// ---- Group -> GroupMember, AppAccess ----

/** Group's constructor: its name, owner, whether `members` is declared, and its groupId Output (to recognise it). */
export function registerGroup(
  resource: object,
  entry: {
    resourceName: string;
    name: pulumi.Input<string>;
    owner: pulumi.Input<string>;
    members: unknown;
    groupId: unknown;
    removal?: GroupRemovalInputs;
    maxDuration?: unknown;
  },
): void {
  state().groups.push({
    resource,
    resourceName: entry.resourceName,
    name: entry.name,
    owner: entry.owner,
    members: entry.members,
    groupId: entry.groupId,
    removal: entry.removal,
    maxDuration: entry.maxDuration,
  });
}

/** Every Group and AppAccess registered so far, for the split's list of declarations (program-declared.ts). */
export function registeredDeclarations(): { groups: readonly GroupEntry[]; access: readonly AccessEntry[] } {
  const s = state();
  return { groups: s.groups, access: s.access };
}

/** The first OwnershipSplit the program declared: the one that carries the program's declarations. */
export const firstSplit = (): object | undefined => state().splits[0]?.resource;

const groupByGroupId = (v: unknown) =>
  pulumi.Output.isInstance(v) ? state().groups.find((g) => g.groupId === v) : undefined;

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether a registered Group named `name` declares members: true, or undefined (absent) when none does. */
function membersManagedNamed(name: string): pulumi.Input<true | undefined> {
  const found: pulumi.Input<boolean>[] = [];
  for (const g of state().groups) {
    if (g.members === undefined) continue;
    const declared: pulumi.Input<boolean> = isPlain(g.members)
      ? true
      : pulumi.output(g.members as pulumi.Input<unknown[] | undefined>).apply((m) => m !== undefined && m !== null);
    if (typeof g.name === "string") {
      if (sameName(g.name, name)) found.push(declared);
    } else {
      found.push(pulumi.all([g.name, declared]).apply(([n, d]) => d && typeof n === "string" && sameName(n, name)));
    }
  }
  if (found.length === 0) return undefined;
  if (found.some((f) => f === true)) return true;
  return pulumi.all(found).apply((fs) => (fs.some(Boolean) ? true : undefined));
}

/**
 * GroupMember's constructor, for a `group` that is a name (not a Group, nor a Group's groupId): true when a Group of
 * that name in this program declares `members`, resolved after the program's synchronous section.
 */
export function membersManagedInput(group: pulumi.Input<string>): pulumi.Input<true | undefined> {
  if (groupByGroupId(group)) return undefined; // a Group's groupId: only passing the Group itself tells (unchanged behaviour)
  return pulumi
    .output(afterProgramSection())
    .apply(() =>
      pulumi
        .output(group)
        .apply((name) => (typeof name === "string" && name !== "" ? membersManagedNamed(name) : undefined)),
    ) as pulumi.Output<true | undefined>;
}

// ---- AppAccess ----

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
 * AppAccess's constructor: registers its key and returns its duplicateOf input, the resource name of an earlier
 * AppAccess with the same key (undefined, so absent, when none).
 */
export function registerAccess(
  name: string,
  args: {
    group: pulumi.Input<string>;
    site: pulumi.Input<string>;
    product: pulumi.Input<string>;
    role?: pulumi.Input<string>;
    allowAccessLoss?: pulumi.Input<boolean | number>;
  },
): pulumi.Input<string | undefined> {
  const key = accessKey(args);
  const s = state();
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
  if (plainMatch !== undefined) return plainMatch;
  if (pending.length === 0) return undefined;
  const resolve = (k: AccessKey) => pulumi.all(k as pulumi.Input<string>[]);
  return pulumi.all([resolve(key), pulumi.all(pending.map((p) => resolve(p.key)))]).apply(([mine, theirs]) => {
    const i = theirs.findIndex((t) => t.every((v, j) => v === mine[j]));
    return i >= 0 ? pending[i].name : undefined;
  });
}

// ---- Group -> Group: one group declared twice ----

/**
 * Group's constructor, called before it registers (so `index` is the count of Groups declared before it): the earliest
 * of those whose name is this one's, ignoring case (undefined, so absent, when none). Atlassian's names are
 * case-insensitive, so two such Groups are one Atlassian group with two owners.
 */
export function sameNameInput(
  name: pulumi.Input<string>,
): pulumi.Output<{ resource: string; name: string } | undefined> {
  const index = state().groups.length;
  return pulumi.output(afterProgramSection()).apply(() => {
    const earlier = state().groups.slice(0, index);
    if (earlier.length === 0) return undefined;
    return pulumi.all([name, pulumi.all(earlier.map((g) => g.name))]).apply(([n, names]) => {
      if (typeof n !== "string") return undefined;
      const i = names.findIndex((o) => typeof o === "string" && sameName(o, n));
      return i >= 0 ? { resource: earlier[i].resourceName, name: names[i] } : undefined;
    });
  }) as pulumi.Output<{ resource: string; name: string } | undefined>;
}

// ---- Group, OwnershipSplit -> GroupMember: the lane of the member's group ----

/** What GroupMember sends to check about its group's lane: the program Group's owner, and the split's claims. */
export interface MemberLaneHint {
  groupOwner?: string;
  splitLanes?: Lane[];
  splitPatterns?: SplitHint["splitPatterns"];
}

/**
 * GroupMember's constructor: the owner of the Group it names (the Group itself, its groupId, or a Group of that name in
 * this program) and the lanes of the program's OwnershipSplit that claim the group's name. A groupId of a group not
 * declared here tells nothing; check then reads the live group (and ISC's record) instead.
 */
export function memberLaneInputs(group: unknown): {
  groupOwner: pulumi.Output<string | undefined>;
  splitLanes: pulumi.Output<Lane[] | undefined>;
  splitPatterns: pulumi.Output<SplitHint["splitPatterns"] | undefined>;
} {
  const hint = pulumi.output(afterProgramSection()).apply((): pulumi.Input<MemberLaneHint | undefined> => {
    const s = state();
    const declared = s.groups.find((g) => g.resource === group) ?? groupByGroupId(group);
    const nameInput = declared ? declared.name : typeof group === "string" ? group : undefined;
    if (nameInput === undefined) return undefined;
    const split = splitFor(undefined);
    const owners = pulumi.all(s.groups.map((g) => pulumi.all([g.name, g.owner])));
    return pulumi.all([nameInput, declared?.owner, split?.claims, owners]).apply(([name, own, claims, all]) => {
      if (typeof name !== "string" || name === "") return undefined;
      const owner = declared ? own : all.find(([n]) => typeof n === "string" && sameName(n, name))?.[1];
      const lanes = claims ? splitHint(claims, name) : undefined;
      return {
        groupOwner: typeof owner === "string" ? owner : undefined,
        splitLanes: lanes?.splitLanes,
        splitPatterns: lanes?.splitPatterns,
      };
    });
  }) as pulumi.Output<MemberLaneHint | undefined>;
  return {
    groupOwner: hint.apply((h) => h?.groupOwner),
    splitLanes: hint.apply((h) => h?.splitLanes),
    splitPatterns: hint.apply((h) => h?.splitPatterns),
  };
}

/** GroupMember's constructor: the maxDuration of the Group it names (the Group, its groupId, or one of that name here). */
export function maxDurationInput(group: unknown): pulumi.Output<string | undefined> {
  return pulumi.output(afterProgramSection()).apply((): pulumi.Input<string | undefined> => {
    const s = state();
    const declared = s.groups.find((g) => g.resource === group) ?? groupByGroupId(group);
    if (declared) return declared.maxDuration as pulumi.Input<string | undefined>;
    if (typeof group !== "string") return undefined;
    return pulumi
      .all(s.groups.map((g) => pulumi.all([g.name, g.maxDuration as pulumi.Input<string | undefined>])))
      .apply((all) => all.find(([n]) => typeof n === "string" && sameName(n, group))?.[1]);
  }) as pulumi.Output<string | undefined>;
}
