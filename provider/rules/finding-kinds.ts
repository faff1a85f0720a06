// The catalogue of finding kinds: every kind a rule may produce, with its lane, where it is reported and one line of
// meaning. Docs (README's table), the report and acceptedFindings validation all read it; a rule cannot emit a kind
// that is not here (FindingKind is its key union).
import type { Lane } from "./ownership";

/** The lane a kind's findings belong to: a fixed lane, none, or one that depends on the finding. */
export type KindLane = Lane | "none" | "accountCreator" | "claiming lane" | "object's lane";

export interface FindingKindInfo {
  lane: KindLane;
  /** The resource that reports it (a gone AppAccess also prints why, from the same rule). */
  where: "Group" | "OwnershipSplit" | "OwnershipSplit, AppAccess";
  /** Which rules produce it: the split's own (over group names) or drift (over the org snapshot). */
  source: "split" | "drift";
  /** One line: what the finding means. */
  meaning: string;
}

export const FINDING_KINDS = {
  "group-claimed-twice": {
    lane: "none",
    where: "OwnershipSplit",
    source: "split",
    meaning: "two lanes' patterns claim the same group; a group has exactly one owner lane",
  },
  "synced-group-outside-scim": {
    lane: "claiming lane",
    where: "OwnershipSplit",
    source: "split",
    meaning: "a group synced from the identity provider is claimed by isc or pulumi",
  },
  "local-group-in-scim-lane": {
    lane: "scim",
    where: "OwnershipSplit",
    source: "split",
    meaning: "the scim lane claims a local (not synced) group",
  },
  "unclaimed-synced-group": {
    lane: "none",
    where: "OwnershipSplit",
    source: "split",
    meaning: "a synced group no lane claims",
  },
  "unclaimed-group": {
    lane: "none",
    where: "OwnershipSplit",
    source: "split",
    meaning: "a local group no lane claims: nobody owns its membership",
  },
  "group-name-conflict": {
    lane: "scim",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "the IdP pushes a group whose name a local group holds, so its membership does not sync",
  },
  "code-group-member-added": {
    lane: "pulumi",
    where: "Group",
    source: "drift",
    meaning: "someone other than code added a member to a code-owned group; `up` removes it",
  },
  "code-group-member-removed": {
    lane: "pulumi",
    where: "Group",
    source: "drift",
    meaning: "someone other than code removed a declared member of a code-owned group; `up` adds it back",
  },
  "isc-group-member-added": {
    lane: "isc",
    where: "Group",
    source: "drift",
    meaning: "a member in an ISC-owned group that ISC never granted, added outside ISC",
  },
  "isc-group-member-removed": {
    lane: "isc",
    where: "Group",
    source: "drift",
    meaning: "an ISC entitlement holder missing from the ISC-owned group, removed outside ISC",
  },
  "app-access-revoked-outside-code": {
    lane: "pulumi",
    where: "OwnershipSplit, AppAccess",
    source: "drift",
    meaning: "a group's role on a site's product was revoked by hand; `up` re-grants what code declares",
  },
  "app-access-granted-outside-code": {
    lane: "pulumi",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "a group's role on a site's product was granted by hand and code does not declare it",
  },
  "app-access-lost-with-group": {
    lane: "pulumi",
    where: "OwnershipSplit, AppAccess",
    source: "drift",
    meaning: "a deleted group took its app access with it; `up` re-grants code's once the group is back",
  },
  "isc-create-race": {
    lane: "accountCreator",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "ISC's CREATE got 409 for an account SCIM made; uncorrelated or access pending until an aggregation",
  },
  "account-created-by-wrong-lane": {
    lane: "accountCreator",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "an account was created by a provisioning lane that is not the split's accountCreator",
  },
  "invited-unlinked": {
    lane: "scim",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "an invited account the IdP pushes too, but SCIM cannot link it, so its groups do not sync",
  },
  "duplicate-person": {
    lane: "scim",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "one person with two accounts: an invited one and a synced one under another email",
  },
  "cross-lane-write": {
    lane: "object's lane",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "one lane's credential changed another lane's object, and the change still stands",
  },
} as const satisfies Record<string, FindingKindInfo>;

/** Every finding kind; kebab-case. */
export type FindingKind = keyof typeof FINDING_KINDS;

export const ALL_FINDING_KINDS = Object.keys(FINDING_KINDS) as FindingKind[];

export const isFindingKind = (k: unknown): k is FindingKind => typeof k === "string" && Object.hasOwn(FINDING_KINDS, k);

/** The kinds one source produces. */
export const kindsFrom = (source: FindingKindInfo["source"]): FindingKind[] =>
  ALL_FINDING_KINDS.filter((k) => FINDING_KINDS[k].source === source);

/** The catalogue as a Markdown table (README's "Drift that names its cause"; a test keeps the README in step). */
export function kindCatalogueMarkdown(): string {
  const rows = ALL_FINDING_KINDS.map((k) => {
    const { lane, where, meaning } = FINDING_KINDS[k];
    return `| \`${k}\` | ${lane} | ${where} | ${meaning.replace(/\|/g, "\\|")} |`;
  });
  return ["| kind | lane | where | what |", "|---|---|---|---|", ...rows].join("\n") + "\n";
}
