#!/usr/bin/env bash
# Pin a released package for the upgrade test (test/e2e/upgrade.test.ts): build COMMIT in a clean, detached git
# worktree (so no edit in this checkout can leak into it) and `npm pack` it into test/fixtures/releases/, replacing the
# tarball pinned before. Then update test/fixtures/releases/README.md (commit, size, sha256 this script prints).
#
#   bash scripts/pin-release.sh <commit-or-tag>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMIT="$(git -C "$ROOT" rev-parse --verify "${1:?usage: pin-release.sh <commit-or-tag>}^{commit}")"
DEST="$ROOT/test/fixtures/releases"
log() { printf '[pin-release] %s\n' "$*" >&2; }

tmp="$(mktemp -d)"
wt="$tmp/release"
cleanup() {
  git -C "$ROOT" worktree remove --force "$wt" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

log "building $COMMIT in $wt"
git -C "$ROOT" worktree add --detach "$wt" "$COMMIT" >/dev/null
# Share this checkout's tools (the Node that ensure-node.sh may have fetched); nothing of the checkout's own code.
mkdir -p "$ROOT/.tools"
ln -s "$ROOT/.tools" "$wt/.tools"
(
  cd "$wt"
  eval "$(bash scripts/ensure-node.sh --export)"
  npm ci --no-audit --no-fund --ignore-scripts
  npm run build
  [ -z "$(git status --porcelain --untracked-files=no)" ] || { log "error: the build changed tracked files"; exit 1; }
  npm pack --ignore-scripts --pack-destination "$tmp"
)
tarball="$(ls "$tmp"/atlassian-access-*.tgz)"
mkdir -p "$DEST"
rm -f "$DEST"/atlassian-access-*.tgz
mv "$tarball" "$DEST/"
out="$DEST/$(basename "$tarball")"
log "pinned $(basename "$out") from $COMMIT: $(stat -c %s "$out") bytes, sha256 $(sha256sum "$out" | cut -d' ' -f1)"
