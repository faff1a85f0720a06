// Reads the service's own code, detail and tracking id out of any of the error bodies our APIs send.

export interface ErrorBodyFacts {
  code?: string;
  detail?: string;
  trackingId?: string;
}

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;

/**
 * Org v2 `{errors:[{id,code,title,detail}]}`, ISC `ErrorResponseDto {detailCode, trackingId, messages[]}`,
 * SCIM `{scimType, detail}`, OAuth `{error, error_description}`, gateway `ProxyError {code, message}`,
 * user management `{key, errorDetail}` (atlassian-api.md §1.4, sailpoint-isc-api.md §2).
 */
export function errorBodyFacts(parsed: unknown): ErrorBodyFacts {
  if (!parsed || typeof parsed !== "object") return {};
  const b = parsed as Record<string, unknown>;
  if (Array.isArray(b.errors) && b.errors.length > 0 && typeof b.errors[0] === "object" && b.errors[0]) {
    const e = b.errors[0] as Record<string, unknown>;
    return { code: str(e.code), detail: str(e.detail) ?? str(e.title), trackingId: str(e.id) };
  }
  if ("detailCode" in b || "trackingId" in b) {
    const first = Array.isArray(b.messages) ? (b.messages[0] as Record<string, unknown> | undefined) : undefined;
    return { code: str(b.detailCode), detail: str(first?.text), trackingId: str(b.trackingId) };
  }
  if ("scimType" in b || (Array.isArray(b.schemas) && "detail" in b)) {
    return { code: str(b.scimType), detail: str(b.detail) };
  }
  if ("error" in b) return { code: str(b.error), detail: str(b.error_description) ?? str(b.message) };
  if ("key" in b && "errorDetail" in b) return { code: str(b.key), detail: str(b.errorDetail) };
  return { code: str(b.code), detail: str(b.message)?.trim() ?? str(b.detail) };
}
