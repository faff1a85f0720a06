// What Atlassian accepts as a group name, checked before anything is sent: length, control characters, padding, and
// names that differ only in case (Atlassian's group names are case-insensitive: "Eng" and "eng" are one group).

/**
 * The longest name code accepts. Neither the org API nor SCIM publishes a limit for creating a group, but the org API's
 * group search takes names of at most 100 characters (`GroupNames.eq` items, maxLength 100, in
 * ../shared/specs/atlassian/atlassian-admin-organization.openapi.json), and every create is resolved by that search:
 * a longer name could be created and then never found again.
 */
export const GROUP_NAME_MAX = 100;

// C0 and C1 control characters, DEL, and the line and paragraph separators.
const isControl = (c: string) => {
  const n = c.codePointAt(0)!;
  return n <= 0x1f || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029;
};

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** The problems of one group name, each a sentence naming the value and the fix; [] when Atlassian would take it. */
export function groupNameProblems(name: string): string[] {
  const shown = JSON.stringify(name.length > 60 ? name.slice(0, 57) + "..." : name);
  const out: string[] = [];
  if (name.length > GROUP_NAME_MAX) {
    out.push(
      `name ${shown} is ${name.length} characters long; Atlassian's group search matches names of at most ${GROUP_NAME_MAX} characters, so the group could not be found again. Shorten it to ${GROUP_NAME_MAX} characters or fewer.`,
    );
  }
  const at = [...name].findIndex(isControl);
  if (at >= 0) {
    out.push(
      `name ${shown} contains the control character ${codePoint([...name][at])} at position ${at + 1}; group names are shown as plain text in Atlassian. Remove it.`,
    );
  }
  const trimmed = name.trim();
  if (trimmed !== name && trimmed !== "") {
    const lead = /^\s/.test(name);
    const where = lead && /\s$/.test(name) ? "starts and ends" : lead ? "starts" : "ends";
    out.push(
      `name ${shown} ${where} with white space, which Atlassian's admin UI does not show and its search may not match. Use ${JSON.stringify(trimmed)}.`,
    );
  }
  if (trimmed === "" && name !== "") out.push(`name ${shown} is only white space; give the group a name.`);
  return out;
}

/** The reason a name clashes with another one that differs only in case, or undefined when it does not. */
export function caseClash(name: string, other: string, what: string): string | undefined {
  if (name === other || name.toLowerCase() !== other.toLowerCase()) return undefined;
  return `name "${name}" differs only in case from ${what} "${other}"; Atlassian's group names are case-insensitive, so both name one group. Use "${other}", or choose a different name.`;
}
