// The catalogue of finding kinds: every kind a rule may produce, with its lane, where it is reported and one line of
// meaning. Docs (README's table), the report and acceptedFindings validation all read it; a rule cannot emit a kind
// that is not here (FindingKind is its key union). A cause kind lists the kinds it gathers as `consequences`
// (causes.ts): one finding per act, the findings that act explains inside it.
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
  /** What makes it happen (docs/findings.md). */
  cause: string;
  /** What the owning lane does about it (docs/findings.md; each finding also carries its own, specific fix). */
  fix: string;
  /** A finding of this kind as the rules word it (docs/findings.md). */
  example: { id: string; message: string };
  /** A cause kind: the kinds of the findings it gathers inside it as its consequences (causes.ts). */
  consequences?: readonly string[];
}

export const FINDING_KINDS = {
  "group-claimed-twice": {
    lane: "none",
    where: "OwnershipSplit",
    source: "split",
    meaning: "two lanes' patterns claim the same group; a group has exactly one owner lane",
    cause:
      "Two lanes' patterns in the OwnershipSplit match the same group name (e.g. `site-admins` in pulumi and `site-*` in isc).",
    fix: "Narrow the patterns so that one lane claims it: scim for a synced group, isc or pulumi for a local one.",
    example: {
      id: "group-claimed-twice:site-admins",
      message:
        'Group "site-admins" is claimed by pulumi ("site-admins") and isc ("site-*"); a group has exactly one owner lane.',
    },
  },
  "synced-group-outside-scim": {
    lane: "claiming lane",
    where: "OwnershipSplit",
    source: "split",
    meaning: "a group synced from the identity provider is claimed by isc or pulumi",
    cause: "A group synced from the identity provider (read-only in Atlassian) matches the isc or pulumi lane.",
    fix: "Claim it in `scim.groups` and remove it from the other lane; to change who manages it, manage it upstream in the identity provider.",
    example: {
      id: "synced-group-outside-scim:jira-servicedesk",
      message:
        'Group "jira-servicedesk" is synced from the identity provider (read-only in Atlassian: only the IdP changes it), but the isc lane claims it.',
    },
  },
  "local-group-in-scim-lane": {
    lane: "scim",
    where: "OwnershipSplit",
    source: "split",
    meaning: "the scim lane claims a local (not synced) group",
    cause:
      "The scim lane's patterns match a local group: one made by hand or by ISC, not pushed by the identity provider.",
    fix: "Resolve the sync in Atlassian admin or rename the local group; if it is meant to stay local, narrow `scim.groups` and claim it in isc or pulumi.",
    example: {
      id: "local-group-in-scim-lane:dept-legal",
      message:
        'Group "dept-legal" matches the scim lane but is a local group, not synced from the identity provider: a same-named local group blocks the IdP\'s group (group name conflict).',
    },
  },
  "unclaimed-synced-group": {
    lane: "none",
    where: "OwnershipSplit",
    source: "split",
    meaning: "a synced group no lane claims",
    cause: "The identity provider pushes a group that no lane's patterns match.",
    fix: "Add it (or a pattern matching it) to `scim.groups`, or accept the finding.",
    example: {
      id: "unclaimed-synced-group:contractors",
      message: 'Group "contractors" is synced from the identity provider but no lane claims it.',
    },
  },
  "unclaimed-group": {
    lane: "none",
    where: "OwnershipSplit",
    source: "split",
    meaning: "a local group no lane claims: nobody owns its membership",
    cause: "A local group exists that no lane's patterns match, typically one made by hand before the split.",
    fix: "Claim it in `isc.groups` or `pulumi.groups`, delete it in Atlassian admin if unused, or accept the finding (a family with a pattern, e.g. `unclaimed-group:legacy-*`).",
    example: {
      id: "unclaimed-group:old-admins",
      message: 'Local group "old-admins" is claimed by no lane: nobody owns its membership.',
    },
  },
  "group-name-conflict": {
    lane: "scim",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "the IdP pushes a group whose name a local group holds, so its membership does not sync",
    cause:
      "The identity provider pushes a group whose name a local group already holds; Atlassian holds the sync until an admin decides.",
    fix: "In Atlassian admin, accept the sync (the local group becomes the IdP's) or reject it and rename the local group; then claim the name in exactly one lane.",
    example: {
      id: "group-name-conflict:dept-legal",
      message:
        'The IdP pushes group "dept-legal" but a local group of that name exists: Atlassian holds the sync until an admin accepts or rejects it, so its membership does not sync.',
    },
  },
  "code-group-member-added": {
    lane: "pulumi",
    where: "Group",
    source: "drift",
    meaning: "someone other than code added a member to a code-owned group; `up` removes it",
    cause:
      'Someone other than code (a person in admin.atlassian.com, another lane\'s credential) added a member to a Group with `owner: "pulumi"` and `members`.',
    fix: "`pulumi up --refresh` removes the member; to keep them, add the email to the Group's `members`.",
    example: {
      id: "code-group-member-added:jira-admins/chloe.arden@acme.example",
      message:
        'chloe.arden@acme.example was added to code-owned group "jira-admins" by person:alex.admin@acme.example; code\'s members list does not have it.',
    },
  },
  "code-group-member-removed": {
    lane: "pulumi",
    where: "Group",
    source: "drift",
    meaning: "someone other than code removed a declared member of a code-owned group; `up` adds it back",
    cause: 'Someone other than code removed a declared member from a Group with `owner: "pulumi"` and `members`.',
    fix: "`pulumi up --refresh` adds the member back; to drop them, remove the email from the Group's `members`.",
    example: {
      id: "code-group-member-removed:jira-admins/ben.arden@acme.example",
      message:
        'ben.arden@acme.example was removed from code-owned group "jira-admins" by person:alex.admin@acme.example; code\'s members list has it.',
    },
  },
  "isc-group-member-added": {
    lane: "isc",
    where: "Group",
    source: "drift",
    meaning: "a member in an ISC-owned group that ISC never granted, added outside ISC",
    cause: "A member is in an ISC-owned group but ISC granted no such entitlement: someone added them outside ISC.",
    fix: "Remove the member in Atlassian and request the access in ISC instead; `up` does not touch ISC's groups.",
    example: {
      id: "isc-group-member-added:isc-jira-requesters/elif.arden@acme.example",
      message:
        'elif.arden@acme.example is in ISC-owned group "isc-jira-requesters" but ISC granted no such entitlement; added by person:alex.admin@acme.example.',
    },
  },
  "isc-group-member-removed": {
    lane: "isc",
    where: "Group",
    source: "drift",
    meaning: "an ISC entitlement holder missing from the ISC-owned group, removed outside ISC",
    cause:
      "ISC records a person as holding the group's entitlement, but they are not in the Atlassian group: someone removed them outside ISC.",
    fix: "Revoke the entitlement in ISC if the removal was intended; otherwise let ISC re-provision it, or add it back through an ISC access request.",
    example: {
      id: "isc-group-member-removed:isc-jira-requesters/gus.arden@acme.example",
      message:
        'gus.arden@acme.example holds the "isc-jira-requesters" entitlement in ISC but is not in the Atlassian group; removed by person:alex.admin@acme.example.',
    },
  },
  "app-access-revoked-outside-code": {
    lane: "pulumi",
    where: "OwnershipSplit, AppAccess",
    source: "drift",
    meaning: "a group's role on a site's product was revoked by hand; `up` re-grants what code declares",
    cause: "A group's role on a site's product was revoked by someone other than code (the audit log names who).",
    fix: "If code declares it as an AppAccess, `pulumi up --refresh` grants it again; otherwise declare it, or accept the loss.",
    example: {
      id: "app-access-revoked-outside-code:dept-engineering@acme-eu.atlassian.net/jira-software/atlassian/user",
      message:
        'person:alex.admin@acme.example revoked atlassian/user on acme-eu.atlassian.net/jira-software from "dept-engineering" outside code; app access is code\'s lane.',
    },
  },
  "app-access-granted-outside-code": {
    lane: "pulumi",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "a group's role on a site's product was granted by hand and code does not declare it",
    cause: "A group's role on a site's product was granted by someone other than code, and no AppAccess declares it.",
    fix: "Declare it as an `access.AppAccess` (then `pulumi up` owns it) or revoke it in Atlassian admin.",
    example: {
      id: "app-access-granted-outside-code:dept-support@acme-eu.atlassian.net/confluence/atlassian/user",
      message:
        'person:alex.admin@acme.example granted atlassian/user on acme-eu.atlassian.net/confluence to "dept-support" outside code; app access is code\'s lane.',
    },
  },
  "group-deleted": {
    lane: "pulumi",
    where: "OwnershipSplit, AppAccess",
    source: "drift",
    consequences: ["app-access-lost-with-group"],
    meaning:
      "a group was deleted and its app access went with it: one finding, each lost grant a consequence inside it",
    cause:
      "A group holding role assignments was deleted (e.g. removed in Entra ID, so SCIM deleted it). The deletion is one act, so it is one finding: the grants that went with it are listed inside it as `app-access-lost-with-group` consequences.",
    fix: "Bring the group back through its lane (for a synced group: push it again from the IdP); `pulumi up --refresh` then re-grants what code declares. Grants made outside code must be re-granted by hand; or accept the cause's id, which accepts every consequence.",
    example: {
      id: "group-deleted:dept-support",
      message:
        'Group "dept-support" was deleted by scim, and the 2 role assignments it held went with it: jira-servicedesk (atlassian/user) on acme-eu.atlassian.net and acme-us.atlassian.net.',
    },
  },
  "app-access-lost-with-group": {
    lane: "pulumi",
    where: "OwnershipSplit, AppAccess",
    source: "drift",
    meaning:
      "a grant a deleted group took with it, inside its `group-deleted`; `up` re-grants code's once the group is back",
    cause:
      "A group was deleted (e.g. removed in Entra ID, so SCIM deleted it), and every role assignment it held went with it.",
    fix: "Bring the group back through its lane (for a synced group: push it again from the IdP); `pulumi up --refresh` then re-grants the access code declares. Access granted outside code must be re-granted by hand, or the loss accepted.",
    example: {
      id: "app-access-lost-with-group:dept-support@acme-eu.atlassian.net/confluence/atlassian/user",
      message:
        'Group "dept-support" was deleted by scim, and with it the atlassian/user access it granted on acme-eu.atlassian.net/confluence.',
    },
  },
  "isc-create-race": {
    lane: "accountCreator",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "ISC's CREATE got 409 for an account SCIM made; uncorrelated or access pending until an aggregation",
    cause:
      "ISC's connector tried to create an account the other lane (SCIM) had already created; Atlassian answered 409 and ISC's request failed.",
    fix: "Run an aggregation of ISC's Atlassian source (it correlates the account and applies the pending access); to stop the race, let only the split's accountCreator create accounts.",
    example: {
      id: "isc-create-race:j.smith@acme.example",
      message:
        "ISC tried to create j.smith@acme.example but scim had already created it; Atlassian answered 409, the request failed and ISC has not correlated the account; pending: isc-jira-requesters.",
    },
  },
  "account-created-by-wrong-lane": {
    lane: "accountCreator",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "an account was created by a provisioning lane that is not the split's accountCreator",
    cause: "An account was created by a provisioning lane that is not the split's `accountCreator`.",
    fix: "Turn off account creation in the other lane (e.g. on ISC's Atlassian source) and make sure the accountCreator covers the person.",
    example: {
      id: "account-created-by-wrong-lane:k.lee@acme.example",
      message: "Account k.lee@acme.example was created by isc, but the split makes scim the only account creator.",
    },
  },
  "invited-unlinked": {
    lane: "scim",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "an invited account the IdP pushes too, but SCIM cannot link it, so its groups do not sync",
    cause:
      "A person was invited by hand and the identity provider pushes the same person, but SCIM cannot link the record to the invited account (e.g. an unmanaged account), so their IdP groups do not sync.",
    fix: "Fix the link: verify the email's domain (only managed accounts link), or remove the invited account's SCIM link by email and let the IdP push the user again.",
    example: {
      id: "invited-unlinked:pat.lee@acme.example",
      message:
        "pat.lee@acme.example was invited by person:alex.admin@acme.example and the IdP pushes the same person (SCIM user pat.lee@acme.example), but the SCIM record is not linked to the account: the groups the IdP pushes for this person do not sync.",
    },
  },
  "duplicate-person": {
    lane: "scim",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "one person with two accounts: an invited one and a synced one under another email",
    cause: "One person has two accounts: one invited by hand, and one SCIM created because the IdP's email differs.",
    fix: "Move what the invited account has to the synced one and remove it, or change the IdP's email so SCIM links the invited account.",
    example: {
      id: "duplicate-person:m.garcia@acme.example",
      message:
        '"Maria Garcia" has two accounts: m.garcia@acme.example (invited by person:alex.admin@acme.example, not linked to the IdP) and maria.garcia@acme.example (synced from the IdP); the emails differ, so SCIM made a second account.',
    },
  },
  "cross-lane-write": {
    lane: "object's lane",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "one lane's credential changed another lane's object, and the change still stands",
    cause:
      "One lane's credential (e.g. ISC's API token) changed an object another lane owns, and the change still stands.",
    fix: "Undo it through the owning lane (`pulumi up` for code-owned objects), and narrow the writing credential to its own lane.",
    example: {
      id: "cross-lane-write:jira-admins/+david.arden@acme.example",
      message: "isc's credential added david.arden@acme.example to group \"jira-admins\", which is the pulumi lane's.",
    },
  },
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

/** The catalogue as a Markdown table (README's "Drift that names its cause"; a test keeps the README in step). */
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
    "with its own id (see [Findings by cause](../README.md#findings-by-cause)). Findings are printed into",
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
