// One line of `atlassian-access doctor`: a check, its outcome, and (unless ok) the fix.
export type CheckStatus = "ok" | "warn" | "fail";

export interface Check {
  /** Stable id, e.g. `config`, `call:searchDirectoryGroups`, `actors`. */
  id: string;
  status: CheckStatus;
  /** One sentence: what was found. */
  summary: string;
  /** What to do about it; set for warn and fail. */
  fix?: string;
  /** Further lines (the actors found, the configuration problems, ...). */
  details?: string[];
}

export const ok = (id: string, summary: string, details?: string[]): Check => ({ id, status: "ok", summary, details });
export const warn = (id: string, summary: string, fix: string, details?: string[]): Check => ({
  id,
  status: "warn",
  summary,
  fix,
  details,
});
export const fail = (id: string, summary: string, fix: string, details?: string[]): Check => ({
  id,
  status: "fail",
  summary,
  fix,
  details,
});
