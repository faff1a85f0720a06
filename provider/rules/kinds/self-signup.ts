// Kinds about self-signup: who may join a product by their email domain (app access settings). Part of the one
// catalogue (../finding-kinds.ts).
import type { FindingKindInfo } from "./kind-info";

export const SELF_SIGNUP_KINDS = {
  "open-self-signup": {
    lane: "pulumi",
    where: "OwnershipSplit",
    source: "drift",
    meaning:
      "app access settings let ANYONE, or a domain code does not declare, join a product without an admin's approval",
    cause:
      "Someone set the app access settings (admin.atlassian.com, or the API) so that any email address (`ANYONE`), or an email domain no AppAccessSettings of the program declares, may join a product without an admin's approval. A domain like gmail.com opens the site to the world.",
    fix: "Turn it off or require admin approval in admin.atlassian.com; or let code own it: an AppAccessSettings for the domain (adopt: true; `ANYONE` needs allowAnyDomain: true) declares what stays open, or closes it (products requiring approval, or none); or accept the finding with a reason.",
    example: {
      id: "open-self-signup:ANYONE@acme-br.atlassian.net/jira-software",
      message:
        "Anyone with any email address can join jira-software on acme-br.atlassian.net as member without an admin's approval (app access settings, set by person:alex.admin@acme.example), and code declares no app access settings for ANYONE.",
    },
  },
  "self-signup-changed-outside-code": {
    lane: "pulumi",
    where: "AppAccessSettings",
    source: "drift",
    meaning: "a declared domain's app access settings were changed outside code; `up` restores them",
    cause:
      "Someone added, removed or changed a product (its role, or whether an admin approves) in the app access settings of a domain an AppAccessSettings declares, or turned its admin notifications on or off, outside code.",
    fix: "`pulumi up` restores the declared setting; to keep the change, declare it in the AppAccessSettings.",
    example: {
      id: "self-signup-changed-outside-code:acme.example@acme-eu.atlassian.net/confluence",
      message:
        "person:alex.admin@acme.example changed acme-eu.atlassian.net/confluence to member, without approval (declared: member, with admin approval) in the app access settings of acme.example outside code; code's AppAccessSettings owns them.",
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
