// SCIM 2.0's named errors (RFC 7644 §3.12 scimType): status, scimType, and the code other body shapes would carry.
import type { ProblemTemplate } from "../problems";

/** A ScimError body carries `status` and `scimType` only; `code` names the template in logs and other shapes. */
export const SCIM_ERRORS = {
  invalidSyntax: { status: 400, code: "invalidSyntax", scimType: "invalidSyntax" },
  invalidValue: { status: 400, code: "invalidValue", scimType: "invalidValue" },
  invalidFilter: { status: 400, code: "invalidFilter", scimType: "invalidFilter" },
  invalidPath: { status: 400, code: "invalidPath", scimType: "invalidPath" },
  noTarget: { status: 400, code: "noTarget", scimType: "noTarget" },
  mutability: { status: 400, code: "mutability", scimType: "mutability" },
  notFound: { status: 404, code: "notFound" },
  /** PATCH naming members that are not users of the directory: 404 (spec), with no scimType. */
  memberNotFound: { status: 404, code: "invalidValue" },
  uniqueness: { status: 409, code: "uniqueness", scimType: "uniqueness" },
} as const satisfies Record<string, ProblemTemplate>;
