// Who last changed each line of a review file: git blame --porcelain, read from a real repository in a temp folder.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { blameFile, parseBlame } from "../../provider/review/git";

describe("blameFile", () => {
  it("names the commit, author and time of each committed line, and none for a line not committed", async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "blame-"));
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: repo,
        env: { ...process.env, GIT_AUTHOR_DATE: "2026-12-03T10:00:00Z", GIT_COMMITTER_DATE: "2026-12-03T10:00:00Z" },
        encoding: "utf8",
      }).trim();
    git("init", "-q");
    fs.writeFileSync(path.join(repo, "r.csv"), "id,decision\nx1,\n");
    git("add", "r.csv");
    git("-c", "user.name=Review Bot", "-c", "user.email=bot@acme.example", "commit", "-q", "-m", "start");
    fs.writeFileSync(path.join(repo, "r.csv"), "id,decision\nx1,keep\nx2,\n");
    git("-c", "user.name=Rita Reviewer", "-c", "user.email=rita@acme.example", "commit", "-qam", "decide");
    const sha = git("rev-parse", "HEAD");
    fs.appendFileSync(path.join(repo, "r.csv"), "x3,\n");
    const lines = await blameFile(path.join(repo, "r.csv"));
    assert.deepEqual(
      [...lines].map(([n, b]) => [n, b.author, b.mail, b.time, b.summary, b.commit === sha]),
      [
        [1, "Review Bot", "bot@acme.example", "2026-12-03T10:00:00.000Z", "start", false],
        [2, "Rita Reviewer", "rita@acme.example", "2026-12-03T10:00:00.000Z", "decide", true],
        [3, "Rita Reviewer", "rita@acme.example", "2026-12-03T10:00:00.000Z", "decide", true],
      ],
    );
  });

  it("fails with one line saying to commit the review in git, outside a repository", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-repo-"));
    fs.writeFileSync(path.join(dir, "r.csv"), "id\n");
    await assert.rejects(blameFile(path.join(dir, "r.csv")), (e: Error) => {
      assert.match(
        e.message,
        /^git blame .*r\.csv failed: not a git repository.*\. Evidence names who decided from git: commit the review's files in a git repository first\.$/,
      );
      return true;
    });
  });

  it("reads porcelain whose commit headers come once per commit", () => {
    const sha = "b".repeat(40);
    const text = [
      `${sha} 1 1 2`,
      "author A",
      "author-mail <a@x>",
      "author-time 0",
      "summary s",
      "\tl1",
      `${sha} 2 2`,
      "\tl2",
      "",
    ].join("\n");
    assert.deepEqual([...parseBlame(text).keys()], [1, 2]);
    assert.equal(parseBlame(text).get(2)!.author, "A");
  });
});
