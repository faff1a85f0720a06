// SailPoint ISC's named errors: status and the `detailCode` of ErrorResponseDto (codes from the spec's examples).
import type { ProblemTemplate } from "../problems";

export const ISC_ERRORS = {
  badRequest: { status: 400, code: "400.1 Bad Request Content" },
  notFound: { status: 404, code: "404 Not found" },
  rateLimited: { status: 429, code: "429.0" },
} as const satisfies Record<string, ProblemTemplate>;
