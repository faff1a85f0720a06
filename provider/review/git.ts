// Who last changed each line of a review file: `git blame --porcelain`, run with execFile (no shell). A line git does
// not know yet (not committed) has no entry.
import { execFile } from "node:child_process";
import * as path from "node:path";
import type { BlameLine } from "../rules/review-evidence";

const UNCOMMITTED = /^0{40}$/;

/** Parses `git blame --porcelain`: final line number (1-based) → the commit that last changed it. */
export function parseBlame(porcelain: string): Map<number, BlameLine> {
  const commits = new Map<string, Partial<BlameLine>>();
  const out = new Map<number, BlameLine>();
  let current: { sha: string; line: number } | undefined;
  for (const text of porcelain.split("\n")) {
    const head = /^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$/.exec(text);
    if (head) {
      current = { sha: head[1], line: Number(head[2]) };
      if (!commits.has(head[1])) commits.set(head[1], { commit: head[1] });
      continue;
    }
    if (!current) continue;
    const c = commits.get(current.sha)!;
    if (text.startsWith("\t")) {
      if (!UNCOMMITTED.test(current.sha)) out.set(current.line, c as BlameLine);
      current = undefined;
    } else if (text.startsWith("author ")) c.author = text.slice(7);
    else if (text.startsWith("author-mail ")) c.mail = text.slice(12).replace(/^<|>$/g, "");
    else if (text.startsWith("author-time ")) c.time = new Date(Number(text.slice(12)) * 1000).toISOString();
    else if (text.startsWith("summary ")) c.summary = text.slice(8);
  }
  return out;
}

/** `git blame --porcelain` of one file, in its folder; one line naming the file and git's complaint on failure. */
export function blameFile(file: string): Promise<Map<number, BlameLine>> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["blame", "--porcelain", "--", path.basename(file)],
      { cwd: path.dirname(file), maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!err) return resolve(parseBlame(stdout));
        const why =
          (err as NodeJS.ErrnoException).code === "ENOENT"
            ? "git is not on PATH"
            : (stderr.split("\n").find((l) => l.trim()) ?? err.message).replace(/^fatal:\s*/, "");
        reject(
          new Error(
            `git blame ${file} failed: ${why}. Evidence names who decided from git: commit the review's files in a git repository first.`,
          ),
        );
      },
    );
  });
}
