// What README.md, docs/ and the CI examples tell a person to type exists: each `npm run <script>` is a script of
// package.json, each `atlassian-access <command> --flag` a command whose --help lists that flag, each
// `atlassian-access:<key>` a key of provider/config.ts, and each repository path shown as code a file or folder here.
// A renamed flag, script, key or file fails here, not for the newcomer following the guide.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { COMMANDS, main } from "../../provider/cli/main";
import { ProviderConfig } from "../../provider/config";
import { captureIo } from "../helpers/io";
import { filesUnder } from "../helpers/files";

const ROOT = path.resolve(__dirname, "../..");

function files(): string[] {
  return ["README.md", ...filesUnder(ROOT, "docs", /\.md$/), ...filesUnder(ROOT, "examples/ci", /\.ya?ml$/)];
}

/** The code a file shows: inline code spans and fenced blocks of Markdown, the whole text of a workflow file. */
function codeOf(file: string): { code: string; line: number }[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const lineOf = (index: number) => text.slice(0, index).split("\n").length;
  if (!file.endsWith(".md")) return text.split("\n").map((code, i) => ({ code, line: i + 1 }));
  const out: { code: string; line: number }[] = [];
  for (const m of text.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm))
    m[1].split("\n").forEach((code, i) => out.push({ code, line: lineOf(m.index) + 1 + i }));
  const prose = text.replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, " "));
  for (const m of prose.matchAll(/`([^`\n]+)`/g)) out.push({ code: m[1], line: lineOf(m.index) });
  return out;
}

async function flagsOf(command: string): Promise<Set<string>> {
  const io = captureIo();
  await main([command, "--help"], io);
  return new Set(io.out.match(/--[a-z][a-z-]*/g) ?? []);
}

describe("what the docs tell a person to type", () => {
  it("names npm scripts, commands, flags, config keys and paths that exist", async () => {
    const scripts = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: object }).scripts,
    );
    const keys = Object.keys(ProviderConfig.shape);
    const flags = new Map<string, Set<string>>();
    for (const name of Object.keys(COMMANDS)) flags.set(name, await flagsOf(name));
    const wrong: string[] = [];
    let checked = 0;
    for (const file of files()) {
      for (const { code, line } of codeOf(file)) {
        const at = `${file}:${line}`;
        for (const m of code.matchAll(/npm run ([\w:-]+)/g)) {
          checked++;
          if (!scripts.includes(m[1])) wrong.push(`${at}: npm run ${m[1]} (no such script)`);
        }
        // A command line up to the next shell separator or comment: its flags are the command's.
        // In a workflow only what a step runs (`npx atlassian-access …`): its names and titles say "atlassian-access up".
        const command = file.endsWith(".md")
          ? /atlassian-access ([a-z]+)((?:(?!\|\||&&|[|;#]).)*)/g
          : /npx atlassian-access ([a-z]+)((?:(?!\|\||&&|[|;#]).)*)/g;
        for (const m of code.matchAll(command)) {
          const known = flags.get(m[1]);
          if (!known) {
            if (["configuration", "config"].includes(m[1])) continue; // "atlassian-access configuration is invalid"
            wrong.push(`${at}: atlassian-access ${m[1]} (no such command)`);
            continue;
          }
          for (const f of m[2].match(/(?<=^|\s)--[a-z][a-z-]*/g) ?? []) {
            checked++;
            if (!known.has(f)) wrong.push(`${at}: atlassian-access ${m[1]} ${f} (not in its --help)`);
          }
        }
        if (file.endsWith(".md"))
          for (const m of code.matchAll(/atlassian-access:([A-Za-z]+)/g)) {
            checked++;
            if (!keys.includes(m[1])) wrong.push(`${at}: atlassian-access:${m[1]} (no such config key)`);
          }
        if (
          file.endsWith(".md") &&
          /^(\.\/)?(provider|sandbox|test|docs|examples|bench|scripts|\.ci)\/[^\s<>*{}]*$/.test(code)
        ) {
          checked++;
          const p = code.replace(/[:.;]+$/, "");
          if (!fs.existsSync(path.join(ROOT, p))) wrong.push(`${at}: ${p} (no such file)`);
        }
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(checked > 100, `only ${checked} names checked: the scan found too little`);
  });
});
