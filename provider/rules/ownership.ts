// Lane rules shared by check and OwnershipSplit: which lane owns a group name, and conflicts between claims.
export type Owner = "pulumi" | "scim" | "isc";

/** Glob match on group names: `*` any run, `?` one character; case-insensitive like Atlassian's names. */
export function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$", "i");
  return re.test(name);
}

export interface LaneClaims {
  scim: string[];
  isc: string[];
  pulumi: string[];
}

/** The lanes whose patterns match `name` (more than one is a conflict the user must resolve). */
export function lanesFor(claims: LaneClaims, name: string): Owner[] {
  return (["pulumi", "scim", "isc"] as const).filter((lane) => claims[lane].some((p) => globMatch(p, name)));
}
