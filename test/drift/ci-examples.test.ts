// The CI templates (examples/ci/github, examples/ci/gitlab; issue 23 item 3): each file is valid YAML; every command
// its jobs run is `atlassian-access drift`, the Pulumi CLI (`pulumi up`), `npm ci`, or the CI platform's own way to
// write the one PR comment or issue (gh; GitLab's API through curl and jq); the comment is found by the marker the
// report starts with; secrets come from the CI's secret store; the nightly job runs with the read-only key.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { GITHUB_MARKER } from "../../provider/report/render";

const CI = path.resolve(__dirname, "..", "..", "examples", "ci");
const FLAVOURS = ["github", "gitlab"] as const;
const files = (flavour: string) =>
  fs
    .readdirSync(path.join(CI, flavour))
    .filter((f) => f.endsWith(".yml"))
    .sort();

/** Every shell script a workflow runs: GitHub steps' `run`, GitLab jobs' `script`. */
function scripts(flavour: (typeof FLAVOURS)[number], doc: Record<string, unknown>): string[] {
  if (flavour === "github") {
    const jobs = doc.jobs as Record<string, { steps: { run?: string }[] }>;
    return Object.values(jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [s.run] : [])));
  }
  return Object.values(doc).flatMap((job) => ((job as { script?: string[] }).script ?? []).map(String));
}

/** The simple commands of a script, as word lists: quotes blanked, split at ; && || | $( ) and newlines. */
function commands(script: string): string[][] {
  const unquoted = script.replace(/'[^']*'/g, "''").replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return unquoted
    .split(/\n|;|&&|\|\||\||\$\(|\)/)
    .map((c) =>
      c
        .trim()
        .split(/\s+/)
        .filter((w) => w !== "" && !/^[12]?>/.test(w)),
    )
    .map((words) => {
      let i = 0;
      while (i < words.length && (/^\w+=/.test(words[i]) || ["if", "then", "else", "elif", "fi"].includes(words[i])))
        i++;
      return words.slice(i);
    })
    .filter((words) => words.length > 0);
}

/** What a command may be: the two this product's CI needs, and the CI's own plumbing for one comment or issue. */
function allowed(words: string[], flavour: string): boolean {
  const [cmd, ...args] = words;
  if (cmd === "npx") return args[0] === "atlassian-access" && args[1] === "drift";
  if (cmd === "pulumi") return args[0] === "up";
  if (cmd === "npm") return args.join(" ") === "ci";
  if (["[", "test", "exit", "echo", "head"].includes(cmd)) return true;
  if (flavour === "github") return cmd === "gh";
  return ["curl", "jq", "apk"].includes(cmd);
}

describe("CI templates (issue 23)", () => {
  for (const flavour of FLAVOURS) {
    describe(flavour, () => {
      it("has the three workflows: pull/merge request, main, nightly", () => {
        const request = flavour === "github" ? "pull-request.yml" : "merge-request.yml";
        assert.deepEqual(files(flavour), ["main.yml", request, "nightly.yml"].sort());
      });

      for (const file of files(flavour)) {
        const text = fs.readFileSync(path.join(CI, flavour, file), "utf8");
        describe(file, () => {
          const doc = load(text) as Record<string, unknown>;

          it("is valid YAML with jobs that run scripts", () => {
            assert.ok(doc && typeof doc === "object");
            assert.ok(scripts(flavour, doc).length > 0);
          });

          it("calls only `atlassian-access drift` and the Pulumi CLI, beside the CI's comment or issue plumbing", () => {
            const all = scripts(flavour, doc).flatMap(commands);
            for (const words of all) assert.ok(allowed(words, flavour), `${file} runs: ${words.join(" ")}`);
            const product = all.filter((w) => w[0] === "pulumi" || w[0] === "npx");
            assert.equal(product.length, 1, `${file}: one drift or up`);
            const drift = product[0][0] === "npx";
            assert.equal(drift, file !== "main.yml", file);
            if (drift) assert.ok(text.includes(`--stack "$STACK" --out report`), file);
          });

          it("takes secrets from the CI's secret store as env, never from the file", () => {
            for (const m of text.matchAll(/^\s*(ATLASSIAN_ACCESS_\w+|PULUMI_\w+):\s*(.+)$/gm)) {
              const value = m[2].trim();
              assert.ok(/^\$\{\{ secrets\.\w+ \}\}$|^\$\w+$/.test(value), `${file}: ${m[1]} = ${value}`);
            }
          });

          if (file !== "main.yml") {
            it("writes one comment or issue, found by the report's marker or label", () => {
              assert.ok(text.includes("report/report.github.md"), file);
              if (file === "nightly.yml") assert.match(text, /atlassian-access-drift/);
              else assert.ok(text.includes(GITHUB_MARKER), file);
            });
          }
          if (file === "nightly.yml") {
            it("runs with the read-only key, and fails only on a failed check", () => {
              assert.match(text, /ATLASSIAN_ACCESS_API_KEY: \$(\{\{ secrets\.)?ATLASSIAN_ACCESS_READONLY_API_KEY/);
              assert.match(text, /close/);
            });
          }
        });
      }
    });
  }

  it("splits a script into its commands", () => {
    assert.deepEqual(commands(`code=0; npx atlassian-access drift --out r || code=$?\nif [ -n "$x" ]; then gh a; fi`), [
      ["npx", "atlassian-access", "drift", "--out", "r"],
      ["[", "-n", '""', "]"],
      ["gh", "a"],
    ]);
    assert.deepEqual(commands(`id=$(curl -H "a: b" x | jq -r '.[0] // empty')`), [
      ["curl", "-H", '""', "x"],
      ["jq", "-r", "''"],
    ]);
  });
});
