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
