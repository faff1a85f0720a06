// Makes `require("atlassian-access/...")` resolve inside this repo, as it does in a user's project that installs the
// package: the serialized provider shim loads its implementation by package name from the engine's working directory.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "atlassian-access");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  const current = fs.readlinkSync(link);
  if (path.resolve(path.dirname(link), current) === root) process.exit(0);
  fs.unlinkSync(link);
} catch {
  /* absent, or not a link */
}
fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir");
