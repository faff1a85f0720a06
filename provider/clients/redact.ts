// Secret scrubbing for anything an error may carry: bearer tokens, OAuth form fields, token JSON, known literals.

const MASK = "[REDACTED]";

const PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${MASK}`],
  [/\b(client_secret|access_token|refresh_token|id_token|api_key|apikey|token)=([^&\s"']+)/gi, `$1=${MASK}`],
  // JSON fields, also when the JSON sits escaped inside another JSON string.
  [
    /(\\*"(?:client_secret|access_token|refresh_token|id_token|apiKey|api_key|token|authorization)\\*"\s*:\s*\\*")[^"\\]*/gi,
    `$1${MASK}`,
  ],
];

/** Replaces every secret-looking value in `text`, and every literal in `secrets`, with a mask. */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const s of secrets) {
    // Short literals would mask ordinary words; real keys and tokens are long.
    if (s && s.length >= 8) out = out.split(s).join(MASK);
  }
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}
