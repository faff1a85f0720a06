// Kinds about who holds the org-level admin roles (the Admins resource). Part of the one catalogue (../finding-kinds.ts).
import type { FindingKindInfo } from "./kind-info";

export const ADMIN_KINDS = {
  "undeclared-admin": {
    lane: "pulumi",
    where: "Admins",
    source: "drift",
    meaning: "an org or site admin role held by someone the Admins resource does not declare; `enforce` revokes it",
    cause:
      "An account holds org admin, or site admin on a site, and the program's Admins resource does not list it (in `orgAdmins`, or `siteAdmins` for that site). Judged only when the program declares an Admins resource, and only for the lists it declares.",
    fix: "Declare the person in the Admins resource to keep the role (declaring is the acceptance), or revoke it in admin.atlassian.com; with `enforce: true`, `pulumi up --refresh` revokes it (never the last org admin, never the account code's API key acts as).",
    example: {
      id: "undeclared-admin:quinn.arden@acme.example/site-admin/acme-de.atlassian.net",
      message:
        "quinn.arden@acme.example is site-admin of site acme-de.atlassian.net, granted by person:alex.admin@acme.example; the Admins resource does not declare them.",
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
