// The catalogue of finding kinds: every kind a rule may produce, with its lane, where it is reported and one line of
// meaning. Docs (docs/guides/drift.md's table), the report and acceptedFindings validation all read it; a rule cannot emit a kind
// that is not here (FindingKind is its key union). A cause kind lists the kinds it gathers as `consequences`
// (causes.ts): one finding per act, the findings that act explains inside it.
import type { FindingKindInfo, KindLane } from "./kinds/kind-info";
import { LANE_KINDS } from "./kinds/lanes";
import { MEMBER_KINDS } from "./kinds/members";
import { ACCESS_KINDS } from "./kinds/access";
import { ACCOUNT_KINDS } from "./kinds/accounts";
import { WRITE_KINDS } from "./kinds/writes";
import { TEMPORARY_KINDS } from "./kinds/temporary";
import { ADMIN_KINDS } from "./kinds/admins";
import { USAGE_KINDS } from "./kinds/usage";
import { SELF_SIGNUP_KINDS } from "./kinds/self-signup";
import { SOD_KINDS } from "./kinds/sod";
import { CREDENTIAL_KINDS } from "./kinds/credentials";
import { LEAVER_KINDS } from "./kinds/leavers";
import { REVIEW_KINDS } from "./kinds/reviews";

export type { FindingKindInfo, KindLane };

/**
 * The catalogue, in the order the docs list it. Its parts live by subject in ./kinds/ (one file each, so a new kind
 * goes beside its kin); a key in two parts fails the test in test/rules/finding-kinds.test.ts.
 */
export const FINDING_KINDS = {
  ...LANE_KINDS,
  ...MEMBER_KINDS,
  ...ACCESS_KINDS,
  ...ACCOUNT_KINDS,
  ...WRITE_KINDS,
  ...TEMPORARY_KINDS,
  ...ADMIN_KINDS,
  ...USAGE_KINDS,
  ...SELF_SIGNUP_KINDS,
  ...SOD_KINDS,
  ...LEAVER_KINDS,
  ...CREDENTIAL_KINDS,
  ...REVIEW_KINDS,
} as const satisfies Record<string, FindingKindInfo>;

/** Every finding kind; kebab-case. */
export type FindingKind = keyof typeof FINDING_KINDS;

export const ALL_FINDING_KINDS = Object.keys(FINDING_KINDS) as FindingKind[];

export const isFindingKind = (k: unknown): k is FindingKind => typeof k === "string" && Object.hasOwn(FINDING_KINDS, k);

/** The resources that report a kind (its `where`); a kind from another release of the provider has none known. */
export const reportersOf = (kind: string): string[] =>
  isFindingKind(kind) ? FINDING_KINDS[kind].where.split(", ") : [];

/** The cause kind that gathers findings of `kind` as its consequences; undefined for a kind that stands alone. */
export const causeKindOf = (kind: string): FindingKind | undefined =>
  ALL_FINDING_KINDS.find((k) => (FINDING_KINDS[k] as FindingKindInfo).consequences?.includes(kind));

/** The kinds one source produces. */
export const kindsFrom = (source: FindingKindInfo["source"]): FindingKind[] =>
  ALL_FINDING_KINDS.filter((k) => FINDING_KINDS[k].source === source);

/** The catalogue as a Markdown table (docs/guides/drift.md; a test keeps that page in step). */
export function kindCatalogueMarkdown(): string {
  const rows = ALL_FINDING_KINDS.map((k) => {
    const { lane, where, meaning } = FINDING_KINDS[k];
    return `| \`${k}\` | ${lane} | ${where} | ${meaning.replace(/\|/g, "\\|")} |`;
  });
  return ["| kind | lane | where | what |", "|---|---|---|---|", ...rows].join("\n") + "\n";
}

const LANE_WORDS: Record<KindLane, string> = {
  pulumi: "pulumi (code)",
  scim: "scim (the identity provider, by SCIM)",
  isc: "isc (SailPoint ISC)",
  none: "none: no single lane owns the subject",
  accountCreator: "the split's `accountCreator`",
  "claiming lane": "the lane whose patterns claim the group",
  "object's lane": "the lane that owns the changed object",
  "credential's lane":
    "the lane whose work stops with the credential: scim for the SCIM directory's key, pulumi for the org API key",
};

/** docs/findings.md: every kind with its cause, lane, where it is reported, an example and the fix (a test compares). */
export function findingsReferenceMarkdown(): string {
  const toc = ALL_FINDING_KINDS.map((k) => `- [\`${k}\`](#${k}): ${FINDING_KINDS[k].meaning}`);
  const sections = ALL_FINDING_KINDS.flatMap((k) => {
    const { lane, where, source, cause, fix, example } = FINDING_KINDS[k];
    const gathers = (FINDING_KINDS[k] as FindingKindInfo).consequences ?? [];
    const inside = causeKindOf(k);
    return [
      `## \`${k}\``,
      "",
      `- **Cause:** ${cause}`,
      `- **Lane:** ${LANE_WORDS[lane]}`,
      `- **Reported by:** ${where}${source === "split" ? " (the split's own rules, over group names)" : " (drift rules, over the org snapshot and audit log)"}`,
      ...(gathers.length
        ? [
            `- **Consequences:** ${gathers.map((c) => `[\`${c}\`](#${c})`).join(", ")}, listed inside it, each with its own id; accepting the cause accepts them all.`,
          ]
        : []),
      ...(inside
        ? [
            `- **Reported inside:** [\`${inside}\`](#${inside}), as one of its consequences (one finding per cause); its id may still be accepted, and the cause is accepted once all of its consequences are.`,
          ]
        : []),
      `- **Fix:** ${fix}`,
      "",
      "Example:",
      "",
      "```text",
      `${example.id} — ${example.message}`,
      "```",
      "",
    ];
  });
  return [
    "# Finding kinds",
    "",
    "<!-- Generated from provider/rules/finding-kinds.ts by `npm run docs` (test/helpers/findings-doc.ts); test/rules/finding-kinds.test.ts keeps it in step. -->",
    "",
    "A finding is one thing a reviewer must look at: `{ id, kind, subject, lane, message, fix, actor?, at?, evidence?,",
    "consequences? }`, with the stable id `<kind>:<subject>`. A finding is one cause: when one act explains several",
    "findings (a group's deletion and each grant it took with it), they are listed inside it as its `consequences`, each",
    "with its own id (see [Findings by cause](guides/drift.md#findings-by-cause)). Findings are printed into",
    "`pulumi preview --refresh` once each, as",
    "`[atlassian-access] <resource>: <id> — <message> (by <actor>; at <time>; <evidence>) Fix: <fix>` (a kind more than",
    "one resource reports leaves out `<resource>:`; a cause ends with `Consequences: <n> × <kind>.`), kept in the",
    "`findings` outputs of `OwnershipSplit` and `Group`, and listed by `atlassian-access report`. A finding clears when",
    "its lane repairs the org; until then it keeps its resource changed, so `preview --expect-no-changes` exits 7, unless",
    "the split's `acceptedFindings` accepts it (an `OwnershipSplit` finding only; see",
    "[OwnershipSplit](resources/ownership-split.md#accepted-findings)).",
    "",
    ...toc,
    "",
    ...sections,
  ].join("\n");
}
