// Doctor's line for the credentials whose expiry the stack config records (scimTokenExpires, apiKeyExpires): the same
// rule as the OwnershipSplit's credential-expiring/-expired (rules/credentials.ts), in the server's time.
import type { ProviderConfig } from "../config";
import { serverNow } from "../clients/server-clock";
import { configCredentials, credentialFindings, expiresMs } from "../rules/credentials";
import { fail, ok, warn, type Check } from "./types";

/** One check when the config records an expiry; none when it records none (nothing is known to judge). */
export function credentialsCheck(config: ProviderConfig, now: number = serverNow()): Check[] {
  const creds = configCredentials(config);
  if (!creds.length) return [];
  const findings = credentialFindings(creds, { now });
  const details = creds.map((c) => {
    const f = findings.find((x) => x.subject === c.name);
    const days = Math.round((expiresMs(c.expires)! - now) / 86_400_000);
    const key = c.kind === "scim-token" ? "scimTokenExpires" : "apiKeyExpires";
    return f ? `${key}: ${f.message}` : `${key}: expires ${c.expires}, in ${days} days`;
  });
  const expired = findings.filter((f) => f.kind === "credential-expired");
  const fixes = [...new Set(findings.map((f) => f.fix))].join(" ");
  if (expired.length)
    return [fail("credentials", `${expired.length} credential(s) past the expiry the config records`, fixes, details)];
  if (findings.length)
    return [warn("credentials", `${findings.length} credential(s) expire within 30 days`, fixes, details)];
  return [ok("credentials", `${creds.length} credential expiry date(s) recorded, none within 30 days`, details)];
}
