// Kinds about the credentials the org depends on: the SCIM directory's key and the org API key, whose expiry no API
// returns. Part of the one catalogue (../finding-kinds.ts); the rule is ../credentials.ts.
import type { FindingKindInfo } from "./kind-info";

export const CREDENTIAL_KINDS = {
  "credential-expiring": {
    lane: "credential's lane",
    where: "OwnershipSplit",
    source: "drift",
    meaning:
      "a credential the org depends on (SCIM directory key, org API key) expires within 30 days; Atlassian warns nobody",
    cause:
      "The split's `credentials` (or the config's `scimTokenExpires` / `apiKeyExpires`) say a key expires within 30 days of the server's time. SCIM directory keys created since 2025 expire after a year, and Atlassian sends no warning: when one lapses the identity provider's pushes are refused and joiners, movers and leavers stop reaching Atlassian. A rotation the audit log shows (`scim_directory_token_rotated`, `api_token_created`) is noted as evidence.",
    fix: "Make a new key before the day (SCIM: regenerate the directory's API key and put it in the identity provider; org API key: create one, set it in the stack config and CI, revoke the old one), then set the new expiry on the credentials entry or config key.",
    example: {
      id: "credential-expiring:entra-scim",
      message:
        'The SCIM directory API key "entra-scim" expires at 2026-12-20T00:00:00.000Z, in 19 days; Atlassian sends no warning, and the identity provider\'s pushes stop working then.',
    },
  },
  "credential-expired": {
    lane: "credential's lane",
    where: "OwnershipSplit",
    source: "drift",
    meaning: "a credential the org depends on is past the expiry the split (or config) records for it",
    cause:
      "The server's time is past the expiry the split's `credentials` (or the config's `scimTokenExpires` / `apiKeyExpires`) record: the key no longer works, unless it was rotated and the new expiry not yet recorded (a rotation in the audit log is noted as evidence).",
    fix: "Make a new key now and put it where it is used (the identity provider's provisioning settings for SCIM; the stack config and CI for the org API key), then record its expiry.",
    example: {
      id: "credential-expired:entra-scim",
      message:
        'The SCIM directory API key "entra-scim" expired at 2026-11-20T00:00:00.000Z (11 days ago): the identity provider\'s pushes are refused, so joiners, movers and leavers stop reaching Atlassian.',
    },
  },
} as const satisfies Record<string, FindingKindInfo>;
