// `npm run docs`: writes docs/findings.md from the kind catalogue (provider/rules/finding-kinds.ts), formatted with the repo's Prettier.
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { findingsReferenceMarkdown } from "../../provider/rules/finding-kinds";

/** The file's text as it must be: the generated Markdown through Prettier with the repo's config. */
export async function findingsDoc(root: string): Promise<string> {
  const file = path.join(root, "docs", "findings.md");
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(findingsReferenceMarkdown(), { ...options, filepath: file });
}

if (require.main === module) {
  const root = path.resolve(__dirname, "../..");
  void findingsDoc(root).then((text) => fs.writeFileSync(path.join(root, "docs", "findings.md"), text));
}
