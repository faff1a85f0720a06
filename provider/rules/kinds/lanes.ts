// Kinds about which lane owns a group: the split's own over group names, and name conflicts. Part of the one catalogue (../finding-kinds.ts).
import type { FindingKindInfo } from "./kind-info";

export const LANE_KINDS = {
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
} as const satisfies Record<string, FindingKindInfo>;
