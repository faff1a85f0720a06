// OwnershipSplit rules: which lane owns each org group, and what contradicts the declared split. Pure.
import { checkAcceptances, SPLIT_KINDS, type AcceptanceEntry } from "./acceptances";
import { globMatch, isSynced, lanesFor, type GroupMarkers, type Lane, type LaneClaims } from "./ownership";
import { makeFinding, sortFindings, type Finding } from "./findings";
import { checkCredentials, type Credential } from "./credentials";

export interface LaneGroups {
  /** Group names or glob patterns (`*`, `?`), case-insensitive. */
  groups: string[];
}

/** The declared split of one org: who creates accounts, and which lane owns which groups. */
export interface Split {
  accountCreator: Exclude<Lane, "pulumi">;
  scim: LaneGroups;
  isc: LaneGroups;
  pulumi?: LaneGroups;
  /** Reviewed findings: bare ids or { id, reason, until?, ticket? }; an id ending in `*` accepts a family. */
  acceptedFindings?: AcceptanceEntry[];
  /**
   * Days without activity on a product after which an account still holding access to it is reported as
   * `dormant-access` (rules/usage.ts); absent: none is reported.
   */
  dormantAfterDays?: number;
  /**
   * The credentials the org depends on and when each expires (no API returns it): `credential-expiring` 30 days
   * ahead, `credential-expired` after (rules/credentials.ts); the config's `scimTokenExpires`/`apiKeyExpires` fill a
   * kind this list does not name.
   */
  credentials?: Credential[];
}

/** The longest dormantAfterDays check accepts: ten years. */
export const MAX_DORMANT_DAYS = 3650;

/** A group as the org API lists it (searchDirectoryGroups). */
export interface SplitGroup extends GroupMarkers {
  id: string;
  name: string;
}

/** Same shape as the provider's CheckFailure (rules/ does not import lifecycle/). */
export interface SplitCheckFailure {
  property: string;
  reason: string;
}

export function claimsOf(split: Pick<Split, Lane>): LaneClaims {
  return { scim: split.scim?.groups ?? [], isc: split.isc?.groups ?? [], pulumi: split.pulumi?.groups ?? [] };
}

const quoteList = (xs: string[]) => xs.map((x) => `"${x}"`).join(", ");

/** At most one finding per group, sorted by id; a group that agrees with the split yields none. */
export function splitFindings(split: Pick<Split, Lane>, groups: SplitGroup[]): Finding[] {
  const claims = claimsOf(split);
  const out: Finding[] = [];
  for (const g of groups) {
    const synced = isSynced(g);
    const lanes = lanesFor(claims, g.name);
    const name = g.name;
    if (lanes.length > 1) {
      const by = lanes.map((l) => `${l} (${quoteList(claims[l].filter((p) => globMatch(p, name)))})`).join(" and ");
      out.push(
        makeFinding(
          "group-claimed-twice",
          name,
          "none",
          `Group "${name}" is claimed by ${by}; a group has exactly one owner lane.`,
          synced
            ? `It is synced from the identity provider, so keep it in scim and narrow the other lanes' patterns.`
            : `It is a local group: keep it in one of ${lanes.filter((l) => l !== "scim").join(" or ")} and narrow the other lanes' patterns.`,
        ),
      );
    } else if (lanes.length === 1) {
      const lane = lanes[0];
      if (synced && lane !== "scim") {
        out.push(
          makeFinding(
            "synced-group-outside-scim",
            name,
            lane,
            `Group "${name}" is synced from the identity provider (read-only in Atlassian: only the IdP changes it), but the ${lane} lane claims it.`,
            `Claim it in scim.groups and remove it from ${lane}.groups; to let ${lane === "isc" ? "ISC" : "code"} manage it, manage the group upstream in the identity provider.`,
          ),
        );
      } else if (!synced && lane === "scim") {
        out.push(
          makeFinding(
            "local-group-in-scim-lane",
            name,
            "scim",
            `Group "${name}" matches the scim lane but is a local group, not synced from the identity provider: a same-named local group blocks the IdP's group (group name conflict).`,
            `Accept or reject the sync of "${name}" in Atlassian admin, or rename the local group; if it is meant to stay local, narrow scim.groups and claim it in isc or pulumi.`,
          ),
        );
      }
    } else if (synced) {
      out.push(
        makeFinding(
          "unclaimed-synced-group",
          name,
          "none",
          `Group "${name}" is synced from the identity provider but no lane claims it.`,
          `Add "${name}" (or a pattern matching it) to scim.groups, or list "unclaimed-synced-group:${name}" in acceptedFindings.`,
        ),
      );
    } else {
      out.push(
        makeFinding(
          "unclaimed-group",
          name,
          "none",
          `Local group "${name}" is claimed by no lane: nobody owns its membership.`,
          `Add "${name}" to isc.groups or pulumi.groups, delete it in Atlassian admin if unused, or list "unclaimed-group:${name}" in acceptedFindings.`,
        ),
      );
    }
  }
  return sortFindings(out);
}

export interface CheckSplitOptions {
  /** Values not known yet (preview): skipped rather than refused. */
  isUnknown?: (v: unknown) => boolean;
  /** Finding kinds acceptedFindings may name (default: the kinds the split reports, SPLIT_KINDS). */
  knownKinds?: readonly string[];
}

/** Input validation for OwnershipSplit; an empty list means the split is well-formed. */
export function checkSplit(args: Partial<Split>, opts: CheckSplitOptions = {}): SplitCheckFailure[] {
  const unknown = opts.isUnknown ?? (() => false);
  const knownKinds: readonly string[] = opts.knownKinds ?? SPLIT_KINDS;
  const failures: SplitCheckFailure[] = [];
  const a = (args ?? {}) as Record<string, unknown>;

  if (!unknown(a.accountCreator) && a.accountCreator !== "scim" && a.accountCreator !== "isc") {
    failures.push({
      property: "accountCreator",
      reason: `accountCreator must be "scim" or "isc" (the one lane that creates Atlassian accounts; two creators is unsafe); got ${JSON.stringify(a.accountCreator)}.`,
    });
  }

  const seen = new Map<string, { lane: string; pattern: string }>();
  // scim first: a pattern listed twice is reported against the lane whose claim is the usual mistake (synced groups).
  for (const lane of ["scim", "isc", "pulumi"] as const satisfies readonly Lane[]) {
    const v = a[lane] as { groups?: unknown } | undefined;
    if (v === undefined && lane === "pulumi") continue;
    if (unknown(v)) continue;
    if (typeof v !== "object" || v === null || !Array.isArray(v.groups)) {
      if (!unknown(v?.groups))
        failures.push({
          property: lane,
          reason: `${lane} must be { groups: string[] } (group names or glob patterns).`,
        });
      continue;
    }
    v.groups.forEach((p: unknown, i: number) => {
      if (unknown(p)) return;
      if (typeof p !== "string" || p.trim() === "") {
        failures.push({
          property: lane,
          reason: `${lane}.groups[${i}] must be a non-empty group name or glob pattern; got ${JSON.stringify(p)}.`,
        });
        return;
      }
      const key = p.toLowerCase();
      const first = seen.get(key);
      if (first && first.lane !== lane) {
        failures.push({
          property: lane,
          reason: `"${p}" is listed in both ${first.lane}.groups and ${lane}.groups; a group has exactly one owner lane. Remove it from one of them (synced groups belong to scim).`,
        });
      } else if (!first) seen.set(key, { lane, pattern: p });
    });
  }

  const days = a.dormantAfterDays;
  if (
    days !== undefined &&
    !unknown(days) &&
    !(Number.isInteger(days) && (days as number) >= 1 && (days as number) <= MAX_DORMANT_DAYS)
  ) {
    failures.push({
      property: "dormantAfterDays",
      reason: `dormantAfterDays must be a whole number of days from 1 to ${MAX_DORMANT_DAYS}, e.g. 90: an account not active on a product for that long that still holds access to it is reported as dormant-access (leave it out to report none); got ${JSON.stringify(days)}${typeof days === "string" ? " (a string: read stack config with getNumber)" : ""}.`,
    });
  }

  for (const reason of checkCredentials(a.credentials, unknown)) failures.push({ property: "credentials", reason });

  failures.push(...checkAcceptances(a.acceptedFindings, { isUnknown: unknown, kinds: knownKinds }));
  return failures;
}
