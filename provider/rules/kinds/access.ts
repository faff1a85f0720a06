// Kinds about app access (group role grants) and the groups that carry it. Part of the one catalogue (../finding-kinds.ts).
import type { FindingKindInfo } from "./kind-info";

export const ACCESS_KINDS = {
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
      "A group holding role assignments was deleted (e.g. removed in Entra ID, so SCIM deleted it). The deletion is one act, so it is one finding: the grants that went with it are listed inside it as `app-access-lost-with-group` consequences. A lane's group deleted by an actor outside every lane (a person, an API key actorLanes does not map) is this finding too, naming who, also when it held no app access.",
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
} as const satisfies Record<string, FindingKindInfo>;
