// Lane rules shared by check, OwnershipSplit and drift: the lanes, which lane owns a group name, and what "synced" means.

/** The three lanes that may own an Atlassian object: code, the identity provider's SCIM push, SailPoint ISC. */
export const LANES = ["pulumi", "scim", "isc"] as const;
export type Lane = (typeof LANES)[number];

export const isLane = (v: unknown): v is Lane => typeof v === "string" && (LANES as readonly string[]).includes(v);

/** The markers the org API puts on a group it lists (MultiDirectoryGroup / getGroup). */
export interface GroupMarkers {
  externalSynced?: boolean | null;
  managedBy?: string | null;
}

/**
 * Synced from the identity provider, so read-only in Atlassian: the org API marks such a group `externalSynced`, or
 * `managedBy: "external"` (either alone is enough; the API does not promise both). The one predicate for "synced".
 */
export const isSynced = (g: GroupMarkers): boolean => g.externalSynced === true || g.managedBy === "external";

/** Glob match on group names: `*` any run, `?` one character; case-insensitive like Atlassian's names. */
export function globMatch(pattern: string, name: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp("^" + escaped + "$", "i").test(name);
}

export type LaneClaims = Record<Lane, string[]>;

/** The lanes whose patterns match `name` (more than one is a conflict the user must resolve). */
export function lanesFor(claims: LaneClaims, name: string): Lane[] {
  return LANES.filter((lane) => claims[lane].some((p) => globMatch(p, name)));
}

/** A lane other than code's that owns a group's membership, and how that is known (for the message). */
export interface ForeignLane {
  lane: "scim" | "isc";
  because: string;
}

/**
 * Whether a group's membership belongs to SCIM or ISC, from every source at hand, most authoritative first: Atlassian's
 * sync markers, the program's Group `owner`, the OwnershipSplit's claim, ISC's record. Undefined: code may change it.
 * Any one source is enough; none can make a SCIM- or ISC-owned group code's.
 */
export function foreignLaneOf(facts: {
  live?: GroupMarkers;
  owner?: unknown;
  splitLanes?: unknown;
  splitPatterns?: unknown;
  iscGoverned?: boolean;
}): ForeignLane | undefined {
  if (facts.live && isSynced(facts.live))
    return { lane: "scim", because: "Atlassian marks it as synced from the identity provider" };
  if (facts.owner === "scim" || facts.owner === "isc")
    return { lane: facts.owner, because: `its Group in this program has owner "${facts.owner}"` };
  const lanes = Array.isArray(facts.splitLanes) ? facts.splitLanes.filter(isLane) : [];
  const foreign = lanes.find((l): l is "scim" | "isc" => l !== "pulumi");
  if (foreign) {
    const ps = (facts.splitPatterns as Record<string, unknown> | undefined)?.[foreign];
    const list = Array.isArray(ps) ? ps.filter((p): p is string => typeof p === "string") : [];
    const which = list.length
      ? ` (${list.length === 1 ? "pattern" : "patterns"} ${list.map((p) => `"${p}"`).join(", ")})`
      : "";
    return { lane: foreign, because: `the OwnershipSplit's ${foreign} lane claims it${which}` };
  }
  if (facts.iscGoverned)
    return { lane: "isc", because: "SailPoint ISC governs it as a requestable entitlement of its Atlassian source" };
  return undefined;
}

/**
 * Ids and lower-case names of the groups ISC governs, from its Atlassian source's entitlements: every Atlassian group
 * is an entitlement there, and ISC governs the requestable ones.
 */
export function iscGovernedKeys(
  entitlements: { requestable?: boolean | null; value?: string | null; name?: string | null }[],
): Set<string> {
  const out = new Set<string>();
  for (const e of entitlements) {
    if (e.requestable !== true) continue;
    if (e.value) out.add(e.value);
    if (e.name) out.add(e.name.toLowerCase());
  }
  return out;
}

/** The refusal of a membership write into another lane's group; `fix` is the next step for the resource at hand. */
export function membershipRefusal(group: string, owner: ForeignLane, fix: string): string {
  const who =
    owner.lane === "scim"
      ? "the identity provider: its membership is pushed by SCIM, and a change made by code is overwritten or blocks the sync"
      : "SailPoint ISC: its membership changes only through ISC access requests, and a change made by code is a cross-lane write ISC does not govern";
  return `group "${group}" is owned by ${who} (${owner.because}). ${fix}`;
}

/**
 * Whether a Group's `owner` contradicts the OwnershipSplit's claim on its name (the lanes whose patterns match it, with
 * those patterns): two lanes claiming one group, or one lane that is not the owner. The refusal, or undefined.
 */
export function splitOwnerRefusal(
  name: string,
  owner: string,
  claim: { lanes: readonly string[]; patterns: Record<string, readonly string[]> },
): string | undefined {
  const claiming = claim.lanes.filter(isLane);
  const patterns = (lane: string) => {
    const ps = claim.patterns[lane];
    const list = Array.isArray(ps) ? ps.filter((p): p is string => typeof p === "string") : [];
    return list.length === 0
      ? "its patterns"
      : `${list.length === 1 ? "pattern" : "patterns"} ${list.map((p) => `"${p}"`).join(", ")}`;
  };
  if (claiming.length > 1)
    return (
      `Group "${name}" is claimed by ${claiming.length} lanes of the OwnershipSplit: ${claiming.map((l) => `${l} (${patterns(l)})`).join(" and ")}; a group has exactly one owner lane. ` +
      `Narrow the split's patterns so that only one lane claims it.`
    );
  if (claiming.length === 1 && claiming[0] !== owner) {
    const lane = claiming[0];
    return `Group "${name}" has owner "${owner}" but the OwnershipSplit gives it to ${lane} (${patterns(lane)}). Set owner: "${lane}", or change the split.`;
  }
  return undefined;
}

/** A synced group cannot be code's, with or without adopt. */
export const syncedGroupReason = (name: string) =>
  `Group "${name}" is synced from the identity provider; code cannot own it. Declare it with owner "scim".`;

/**
 * Whether code may hold an existing group as a Group with owner "pulumi": never one synced from the identity provider
 * (SCIM's), and never with a members list one ISC governs. The refusal (on `owner` or `members`), or undefined.
 */
export function codeGroupRefusal(
  name: string,
  facts: { live: GroupMarkers & { name: string }; iscGoverned?: boolean; members: boolean },
): { property: "owner" | "members"; reason: string } | undefined {
  const foreign = foreignLaneOf({ live: facts.live }) ?? foreignLaneOf({ iscGoverned: facts.iscGoverned });
  if (foreign?.lane === "scim") return { property: "owner", reason: syncedGroupReason(name) };
  if (!foreign || !facts.members) return undefined;
  const fix = `Remove members from this Group and declare it with owner "isc"; its lane changes the membership.`;
  return { property: "members", reason: `Group "${name}": ${membershipRefusal(facts.live.name, foreign, fix)}` };
}
