// `npm run docs`: writes docs/reference/cli.md from the CLI's own help (provider/cli/main.ts's command table and each
// command's `--help`), so the reference cannot drift from what the commands accept.
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { COMMANDS, main, usage } from "../../provider/cli/main";

async function helpOf(name: string): Promise<string> {
  let out = "";
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), readStdin: () => "" };
  await main([name, "--help"], io);
  return out.trimEnd();
}

/** The file's text as it must be, through Prettier with the repo's config. */
export async function cliDoc(root: string): Promise<string> {
  const parts = [
    "# CLI reference",
    "",
    "Generated from the commands' own `--help` by `npm run docs`; a test fails when it differs.",
    "",
    "```text",
    usage().trimEnd(),
    "```",
  ];
  for (const name of Object.keys(COMMANDS)) {
    parts.push("", `## \`atlassian-access ${name}\``, "", "```text", await helpOf(name), "```");
  }
  const file = path.join(root, "docs", "reference", "cli.md");
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(parts.join("\n") + "\n", { ...options, filepath: file });
}

if (require.main === module) {
  const root = path.resolve(__dirname, "../..");
  void cliDoc(root).then((text) => fs.writeFileSync(path.join(root, "docs", "reference", "cli.md"), text));
}
