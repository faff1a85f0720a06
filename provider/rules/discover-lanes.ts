// `discover`'s lane inference: which lane owns each group found in the org, and the split's name patterns for them,
// compacted to `prefix*` where a family of one lane shares a prefix no other group has. Pure: no I/O.
import type { Lane } from "./ownership";

/** What discover knows about a group when it infers its lane. */
export interface LaneFacts {
  name: string;
  /** isSynced() of the group's markers (rules/ownership.ts): pushed by the identity provider. */
  synced: boolean;
  /** ISC offers the group as a requestable entitlement of its Atlassian source (org/isc-governed.ts isIscGoverned). */
  iscGoverned: boolean;
}

/** A group's inferred lane; "none" leaves it unclaimed (`--claim none`). */
export type InferredLane = Lane | "none";

/** Where groups neither synced nor governed by ISC go: code's lane, or none (each then an accepted finding). */
export type ClaimRest = "pulumi" | "none";

/**
 * Synced groups are SCIM's (Atlassian marks them, and only the IdP may change them); groups ISC governs are ISC's;
 * the rest are code's, or nobody's with `claim: "none"`. The same order of strength as foreignLaneOf (ownership.ts).
 */
export function inferLane(g: LaneFacts, claim: ClaimRest): InferredLane {
  if (g.synced) return "scim";
  if (g.iscGoverned) return "isc";
  return claim;
}

/** The one lane that creates accounts: SCIM when it is configured or pushed any account, else ISC when configured. */
export function inferAccountCreator(facts: {
  scimConfigured: boolean;
  iscConfigured: boolean;
  syncedAccounts: number;
}): "scim" | "isc" {
  if (facts.scimConfigured || facts.syncedAccounts > 0) return "scim";
  return facts.iscConfigured ? "isc" : "scim";
}

/** Characters after which a name's prefix may end a family: `dept-`, `isc_`, `eng.`, `team/`, `ops:`, `a b`. */
const SEPARATOR = /[-_./: ]/;
/** A family has at least this many groups; one group alone is listed by name. */
const MIN_FAMILY = 2;
const GLOB = /[*?]/;

/** The prefixes of `name` that end just after a separator, shortest first (never the whole name). */
function familyPrefixes(name: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < name.length - 1; i++) if (SEPARATOR.test(name[i])) out.push(name.slice(0, i + 1));
  return out;
}

/**
 * The split's patterns for one lane's groups (`mine`), given every other group of the org (`others`: other lanes' and
 * unclaimed ones). A name becomes `prefix*` when at least two of `mine` share the prefix (ending at a separator) and no
 * group of `others` starts with it; the shortest such prefix wins. Case-insensitive like the split's matching; sorted
 * and deduplicated, so the same org always gives the same patterns. A prefix with a glob character stays literal.
 */
export function compactPatterns(mine: readonly string[], others: readonly string[]): string[] {
  const otherNames = others.map((n) => n.toLowerCase());
  const members = new Map<string, number>();
  for (const name of new Set(mine.map((n) => n.toLowerCase())))
    for (const p of familyPrefixes(name)) members.set(p, (members.get(p) ?? 0) + 1);
  const clean = new Map<string, boolean>();
  const isFamily = (p: string): boolean => {
    let ok = clean.get(p);
    if (ok === undefined) {
      ok = (members.get(p) ?? 0) >= MIN_FAMILY && !GLOB.test(p) && !otherNames.some((o) => o.startsWith(p));
      clean.set(p, ok);
    }
    return ok;
  };
  const patterns = new Map<string, string>();
  for (const name of [...mine].sort(byText)) {
    const prefix = familyPrefixes(name).find((p) => isFamily(p.toLowerCase()));
    const pattern = prefix ? `${prefix}*` : name;
    // Case-insensitive: the first spelling (in sorted order) of a pattern names it.
    if (!patterns.has(pattern.toLowerCase())) patterns.set(pattern.toLowerCase(), pattern);
  }
  return [...patterns.values()].sort(byText);
}

/** Plain code-unit order: the same on every machine and locale. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Each lane's compacted patterns for groups whose lanes are `lanes` (by name); "none" claims nothing. */
export function lanePatterns(lanes: ReadonlyMap<string, InferredLane>): Record<Lane, string[]> {
  const names = (want: (l: InferredLane) => boolean) => [...lanes].filter(([, l]) => want(l)).map(([n]) => n);
  const patternsOf = (lane: Lane) =>
    compactPatterns(
      names((l) => l === lane),
      names((l) => l !== lane),
    );
  return { scim: patternsOf("scim"), isc: patternsOf("isc"), pulumi: patternsOf("pulumi") };
}
