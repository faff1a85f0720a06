// The program context: what one resource's check needs from the rest of its program, carried as one input (`program`).
// Pure: the schemas of that input per kind, and the lenient reading check, diff and read use.
//
// Each dynamic resource's check sees only its own inputs; the resource classes run in the program and build this input
// there (resources/program/). It holds only the facts that resource's own rules need, so a resource's stored inputs do
// not grow with the program; the OwnershipSplit's `declared` list (the program's Groups and AppAccess, for the
// preview's count of removals) is the one exception.
//
// Releases up to 0.1.0 sent the same facts as separate inputs (splitLanes, splitPatterns, sameNameAs, duplicateOf,
// groupMembersManaged, groupOwner, groupMaxDuration, selfSignupDomains, sameDomainAs, declared): state written then
// still holds them; LEGACY_HINT_KEYS names them so that read drops them and diff never compares them.
import { z } from "zod";
import { isDeclared, type Declared } from "./removals";
import { globMatch, lanesFor, type LaneClaims } from "./ownership";
import { conflictsOf, type SodConflict } from "./sod";
import { DEFAULT_ROLE } from "./roles";
import { sameSite } from "./site";

/** The input's key on every resource. */
export const PROGRAM_KEY = "program";

/** The hint inputs of releases up to 0.1.0, replaced by `program`; still found in the state they wrote. */
export const LEGACY_HINT_KEYS = [
  "splitLanes",
  "splitPatterns",
  "sameNameAs",
  "duplicateOf",
  "groupMembersManaged",
  "groupOwner",
  "groupMaxDuration",
  "selfSignupDomains",
  "sameDomainAs",
  "declared",
] as const;

/** The lanes of the program's OwnershipSplit that claim one group name ([] none), each with its matching patterns. */
export const SplitClaim = z.object({
  lanes: z.array(z.string()),
  patterns: z.record(z.string(), z.array(z.string())),
});
export type SplitClaim = z.infer<typeof SplitClaim>;

/** Which lanes of a split claim `name`, with the patterns that match it. */
export function splitClaimOf(claims: LaneClaims, name: string): SplitClaim {
  const lanes = lanesFor(claims, name);
  return { lanes, patterns: Object.fromEntries(lanes.map((l) => [l, claims[l].filter((p) => globMatch(p, name))])) };
}

/** The split's conflicts (rules/sod.ts) that name a group, for the checks that refuse giving someone both sides. */
export const Conflicts = z.custom<SodConflict[]>((v) => Array.isArray(v) && conflictsOf(v).length === v.length);

/**
 * The split's conflicts a new member of `group` may meet: a side naming the group (any case), or a side naming a product
 * role, which the group may give (check asks the org whether it does).
 */
export const conflictsNaming = (conflicts: unknown, group: string): SodConflict[] =>
  conflictsOf(conflicts).filter((c) =>
    [c.a, c.b].some((s) => ("group" in s && s.group.toLowerCase() === group.toLowerCase()) || "product" in s),
  );

/** The split's conflicts with a side naming a role on `product` (`role`, default atlassian/user) on `site` (a host, its
 * first label, or a workspace ARI, which names no host here: check compares exactly once the site is resolved). */
export const conflictsNamingRole = (conflicts: unknown, site: string, product: string, role: string): SodConflict[] => {
  const ari = site.startsWith("ari:");
  return conflictsOf(conflicts).filter((c) =>
    [c.a, c.b].some(
      (s) =>
        "product" in s &&
        s.product.toLowerCase() === product.toLowerCase() &&
        (s.role ?? DEFAULT_ROLE) === role &&
        (ari || sameSite(s.site, site)),
    ),
  );
};

/** The split's conflicts with a side naming an admin role (org admin, or site admin of any site). */
export const conflictsNamingAdmin = (conflicts: unknown): SodConflict[] =>
  conflictsOf(conflicts).filter((c) => "admin" in c.a || "admin" in c.b);

/** Group: the split's claim on its name, and an earlier Group of the program with the same name but for case. */
export const GroupProgram = z.object({
  split: SplitClaim.optional(),
  sameNameAs: z.object({ resource: z.string(), name: z.string() }).optional(),
  /** The split's conflicts naming this group: check refuses members that would hold both sides. */
  conflicts: Conflicts.optional(),
});
export type GroupProgram = z.infer<typeof GroupProgram>;

/** The program's Group for a GroupMember's group (passed itself, by its groupId, or named by name). */
export const ProgramGroup = z.object({
  /** The Group's resource name and its group name. */
  resource: z.string(),
  name: z.string(),
  owner: z.string().optional(),
  /** The Group declares `members`: its list is authoritative. */
  membersManaged: z.boolean().optional(),
  maxDuration: z.string().optional(),
});
export type ProgramGroup = z.infer<typeof ProgramGroup>;

/** GroupMember: its group's Group in this program, the split's claim on the group's name, the conflicts naming it. */
export const GroupMemberProgram = z.object({
  group: ProgramGroup.optional(),
  split: SplitClaim.optional(),
  /** The split's conflicts naming the group: check refuses the member when they would hold both sides. */
  conflicts: Conflicts.optional(),
});
export type GroupMemberProgram = z.infer<typeof GroupMemberProgram>;

/** AppAccess and Admins: the resource name of an earlier declaration of the same thing. */
export const DuplicateProgram = z.object({ duplicateOf: z.string().optional() });
export type DuplicateProgram = z.infer<typeof DuplicateProgram>;

/**
 * AppAccess and Admins: an earlier declaration of the same thing, and the split's conflicts naming what they give (the
 * AppAccess's role, an admin role): check refuses a grant that would give one of its people both sides.
 */
export const GrantProgram = DuplicateProgram.extend({ conflicts: Conflicts.optional() });
export type GrantProgram = z.infer<typeof GrantProgram>;

/** AppAccessSettings: an earlier AppAccessSettings of the program for the same domain. */
export const AppAccessSettingsProgram = z.object({ sameDomainAs: z.string().optional() });
export type AppAccessSettingsProgram = z.infer<typeof AppAccessSettingsProgram>;

/** OwnershipSplit: the program's Groups and AppAccess (rules/removals.ts), and the domains its AppAccessSettings declare. */
export const OwnershipSplitProgram = z.object({
  declared: z.custom<Declared>(isDeclared).optional(),
  selfSignupDomains: z.array(z.string()).optional(),
});
export type OwnershipSplitProgram = z.infer<typeof OwnershipSplitProgram>;

/**
 * The program context as check may trust it: the value when it fits the schema, else `{}` (nothing known). A value
 * still unknown at preview (the engine's sentinel) or sent by no program (a `get`) tells nothing; during `up` check
 * runs again with the real values.
 */
export function programOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>, inputs: unknown): z.infer<z.ZodObject<S>> {
  const v = (inputs as Record<string, unknown> | undefined)?.[PROGRAM_KEY];
  if (v === null || typeof v !== "object" || Array.isArray(v)) return {} as z.infer<z.ZodObject<S>>;
  // Field by field: one fact still unknown (the engine's sentinel in its place) leaves the others usable.
  const out: Record<string, unknown> = {};
  for (const [k, field] of Object.entries(schema.shape)) {
    const value = (v as Record<string, unknown>)[k];
    if (holdsUnknown(value)) continue;
    const parsed = (field as z.ZodTypeAny).safeParse(value);
    if (parsed.success && parsed.data !== undefined) out[k] = parsed.data;
  }
  return out as z.infer<z.ZodObject<S>>;
}

/** The engine's sentinel for a value not known at preview (runtime.unknownValue). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether the sentinel is anywhere inside: such a fact is not known yet. */
const holdsUnknown = (v: unknown): boolean =>
  v === UNKNOWN || (v !== null && typeof v === "object" && Object.values(v).some(holdsUnknown));

/** The inputs without the program context and without the legacy hints: what diff compares and read rebuilds. */
export function withoutProgram<T extends object>(inputs: T): T {
  const drop = new Set<string>([PROGRAM_KEY, ...LEGACY_HINT_KEYS]);
  return Object.fromEntries(Object.entries(inputs).filter(([k]) => !drop.has(k))) as T;
}

/**
 * AccessReview: the program's Groups that declare `members` (code's own lists), with those members' emails,
 * lower-case. A revoke in one of them is refused until the member is gone from the list (lifecycle/access-review).
 */
export const AccessReviewProgram = z.object({
  groups: z.array(z.object({ resource: z.string(), name: z.string(), members: z.array(z.string()) })).optional(),
});
export type AccessReviewProgram = z.infer<typeof AccessReviewProgram>;
