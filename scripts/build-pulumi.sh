#!/usr/bin/env bash
# Provide the real Pulumi CLI (`pulumi`) and its Node.js language host (`pulumi-language-nodejs`)
# for local runs and CI, without the Pulumi install script or any GitHub download.
#
#   1. If a suitable `pulumi` (version >= the pinned SDK version, with a `pulumi-language-nodejs`
#      beside it or on PATH) is already on PATH, use it and stop.
#   2. Otherwise build both from Go modules (only the Go module proxy is needed) into
#      .tools/pulumi/bin/, through small generated wrapper modules under .tools/pulumi-build/.
#      A second run finds the binaries already built at the right version and takes seconds.
#
# Afterwards:  export PATH="$PWD/.tools/pulumi/bin:$PATH"   (the script prints the directory)
#
# The version comes from one place: package.json's dependency on @pulumi/pulumi (it must be an exact
# version). PULUMI_VERSION=x.y.z in the environment overrides it.
#
# Env knobs:
#   PULUMI_VERSION            override the version to build (default: from package.json)
#   PULUMI_BUILD_FORCE=1      ignore any `pulumi` on PATH and any previous build; rebuild
#   PULUMI_LANGHOST_VERSION   pin the Go module version of
#                             github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
#                             (that module has no tags, so it is a pseudo-version)
#
# Why two wrapper modules: `go install pkg@version` refuses modules with replace directives (pulumi's
# pkg/go.mod has some), and a wrapper main module ignores its dependencies' replaces. The Node language
# host lives in its own untagged module; when the proxy cannot serve it at the matching commit we fall
# back to the last release that shipped the host inside sdk/v3 (see LEGACY_LANGHOST_SDK below), which
# needs an sdk/v3 version that conflicts with the CLI's, hence its own module.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
BUILD_DIR="$TOOLS/pulumi-build"
BIN_DIR="$TOOLS/pulumi/bin"

# The last sdk/v3 release whose module still contains nodejs/cmd/pulumi-language-nodejs as a package
# (from v3.69.0 on it is a separate module). Used only when the matching language host is unavailable.
LEGACY_LANGHOST_SDK="v3.68.0"
# Windows-only clipboard fix pulumi applies through a replace; mirrored so the dependency graph matches.
CLIPBOARD_REPLACE="github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e"
LANGHOST_MODULE="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"

log() { printf '[build-pulumi] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- 1. Which version? -------------------------------------------------------------------------
read_pinned_version() {
  command -v node >/dev/null 2>&1 || die "node is required to read package.json (or set PULUMI_VERSION)"
  node -e '
    const p = require(process.argv[1]);
    const v = (p.dependencies || {})["@pulumi/pulumi"] || (p.devDependencies || {})["@pulumi/pulumi"] || "";
    process.stdout.write(v);
  ' "$ROOT/package.json"
}

VERSION="${PULUMI_VERSION:-$(read_pinned_version)}"
VERSION="${VERSION#v}"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] \
  || die "need an exact @pulumi/pulumi version in package.json (or PULUMI_VERSION), got '${VERSION}'"
V="v$VERSION"

# version_ge A B: true when A >= B (both like 3.259.0, optional leading v, optional -suffix ignored)
version_ge() {
  local a="${1#v}" b="${2#v}"
  a="${a%%[-+]*}"; b="${b%%[-+]*}"
  [[ "$(printf '%s\n%s\n' "$a" "$b" | sort -V | head -n1)" == "$b" ]]
}

copy_dynamic_provider_shim() {
  # pulumi-resource-pulumi-nodejs is a tiny sh script shipped in the npm SDK; the engine looks for
  # it beside `pulumi` (or on PATH). Copy it when node_modules is present.
  local shim="$ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [[ -f "$shim" ]]; then
    if ! cmp -s "$shim" "$BIN_DIR/pulumi-resource-pulumi-nodejs" 2>/dev/null; then
      install -m 0755 "$shim" "$BIN_DIR/pulumi-resource-pulumi-nodejs"
    fi
  else
    log "note: node_modules/@pulumi/pulumi is absent; run 'npm ci' and this script again to copy the"
    log "      dynamic-provider shim (or put node_modules/@pulumi/pulumi on PATH)"
  fi
}

# --- 2. A suitable pulumi on PATH? ------------------------------------------------------------
if [[ "${PULUMI_BUILD_FORCE:-}" != "1" ]] && command -v pulumi >/dev/null 2>&1; then
  existing="$(command -v pulumi)"
  if [[ "$(dirname "$(readlink -f "$existing")")" != "$(readlink -f "$BIN_DIR" 2>/dev/null || echo "$BIN_DIR")" ]]; then
    have="$(pulumi version 2>/dev/null | tail -n1 || true)"
    langhost_ok=0
    if [[ -x "$(dirname "$(readlink -f "$existing")")/pulumi-language-nodejs" ]] \
       || command -v pulumi-language-nodejs >/dev/null 2>&1; then
      langhost_ok=1
    fi
    if [[ -n "$have" ]] && version_ge "$have" "$V" && [[ $langhost_ok == 1 ]]; then
      log "using pulumi $have already on PATH ($existing); nothing to build"
      pulumi version
      exit 0
    fi
    log "pulumi on PATH ($existing, version '${have:-unknown}') is not suitable (need >= $V with pulumi-language-nodejs); building"
  fi
fi

# --- 3. Already built? -------------------------------------------------------------------------
STAMP="$BIN_DIR/.build-stamp"
if [[ "${PULUMI_BUILD_FORCE:-}" != "1" && -x "$BIN_DIR/pulumi" && -x "$BIN_DIR/pulumi-language-nodejs" \
      && -f "$STAMP" && "$(head -n1 "$STAMP")" == "$V" ]]; then
  if [[ "$("$BIN_DIR/pulumi" version 2>/dev/null || true)" == "$V" ]]; then
    copy_dynamic_provider_shim
    log "pulumi $V already built in $BIN_DIR ($(sed -n 2p "$STAMP"))"
    log "add it to PATH: export PATH=\"$BIN_DIR:\$PATH\""
    "$BIN_DIR/pulumi" version
    exit 0
  fi
fi

# --- 4. Build ------------------------------------------------------------------------------------
command -v go >/dev/null 2>&1 || die "go is required to build pulumi (Go >= 1.25)"
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod
BUILD_TAGS="osusergo,grpcnotrace"
mkdir -p "$BUILD_DIR" "$BIN_DIR"
start=$(date +%s)

# 4a. The CLI --------------------------------------------------------------------------------------
log "building pulumi $V (first build takes several minutes)..."
CLI_MOD="$BUILD_DIR/cli"
rm -rf "$CLI_MOD"; mkdir -p "$CLI_MOD"
cat > "$CLI_MOD/go.mod" <<EOF
module local/pulumi-cli-build

go 1.25
EOF
cat > "$CLI_MOD/tools.go" <<'EOF'
//go:build tools

// Package tools pins the Pulumi CLI so `go build` can resolve it from this wrapper module.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
EOF
(
  cd "$CLI_MOD"
  go mod edit -replace "$CLIPBOARD_REPLACE" -replace golang.org/x/text=golang.org/x/text@v0.39.0
  go get "github.com/pulumi/pulumi/pkg/v3@$V" "github.com/pulumi/pulumi/sdk/v3@$V" \
    || die "the Go module proxy does not serve github.com/pulumi/pulumi/pkg/v3@$V (pick a version it has)"
  go build -trimpath -tags "$BUILD_TAGS" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$V" \
    -o "$BIN_DIR/pulumi.new" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
)
mv -f "$BIN_DIR/pulumi.new" "$BIN_DIR/pulumi"
log "built pulumi in $(( $(date +%s) - start ))s"

# 4b. The Node.js language host ------------------------------------------------------------------
# The host has no tags; try, in order: PULUMI_LANGHOST_VERSION, the commit that pkg/v3@V is tagged at.
langhost_candidates=()
[[ -n "${PULUMI_LANGHOST_VERSION:-}" ]] && langhost_candidates+=("$PULUMI_LANGHOST_VERSION")
pkg_json="$(cd "$CLI_MOD" && go list -m -json "github.com/pulumi/pulumi/pkg/v3@$V" 2>/dev/null || true)"
pkg_hash="$(printf '%s' "$pkg_json" | sed -n 's/.*"Hash": *"\([0-9a-f]\{40\}\)".*/\1/p' | head -n1)"
pkg_time="$(printf '%s' "$pkg_json" | sed -n 's/.*"Time": *"\([^"]*\)".*/\1/p' | head -n1)"
if [[ -n "$pkg_hash" && -n "$pkg_time" ]]; then
  ts="$(date -u -d "$pkg_time" +%Y%m%d%H%M%S 2>/dev/null || true)"
  [[ -n "$ts" ]] && langhost_candidates+=("v3.0.0-$ts-${pkg_hash:0:12}")
fi

LH_MOD="$BUILD_DIR/langhost"
rm -rf "$LH_MOD"; mkdir -p "$LH_MOD"
langhost_desc=""
lh_start=$(date +%s)
for cand in "${langhost_candidates[@]}"; do
  if (cd "$CLI_MOD" && go mod download "$LANGHOST_MODULE@$cand" >/dev/null 2>&1); then
    log "building pulumi-language-nodejs from $LANGHOST_MODULE@$cand..."
    cat > "$LH_MOD/go.mod" <<EOF
module local/pulumi-langhost-build

go 1.25
EOF
    cat > "$LH_MOD/tools.go" <<EOF
//go:build tools

package tools

import _ "$LANGHOST_MODULE"
EOF
    (
      cd "$LH_MOD"
      go mod edit -replace "$CLIPBOARD_REPLACE" -replace golang.org/x/text=golang.org/x/text@v0.39.0
      go get "$LANGHOST_MODULE@$cand" "github.com/pulumi/pulumi/pkg/v3@$V" "github.com/pulumi/pulumi/sdk/v3@$V"
      go build -trimpath -tags "$BUILD_TAGS" \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$V" \
        -o "$BIN_DIR/pulumi-language-nodejs.new" "$LANGHOST_MODULE"
    )
    langhost_desc="language host $LANGHOST_MODULE@$cand"
    break
  fi
  log "the Go module proxy does not serve $LANGHOST_MODULE@$cand"
done

if [[ -z "$langhost_desc" ]]; then
  log "building pulumi-language-nodejs from github.com/pulumi/pulumi/sdk/v3@$LEGACY_LANGHOST_SDK"
  log "  (fallback: the matching language host module is not available from the Go module proxy)"
  cat > "$LH_MOD/go.mod" <<EOF
module local/pulumi-langhost-build

go 1.21
EOF
  cat > "$LH_MOD/tools.go" <<'EOF'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
EOF
  (
    cd "$LH_MOD"
    go mod edit -replace "$CLIPBOARD_REPLACE"
    go get "github.com/pulumi/pulumi/sdk/v3@$LEGACY_LANGHOST_SDK"
    go build -trimpath -tags "$BUILD_TAGS" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$LEGACY_LANGHOST_SDK" \
      -o "$BIN_DIR/pulumi-language-nodejs.new" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
  )
  langhost_desc="legacy language host from sdk/v3@$LEGACY_LANGHOST_SDK"
fi
mv -f "$BIN_DIR/pulumi-language-nodejs.new" "$BIN_DIR/pulumi-language-nodejs"
log "built pulumi-language-nodejs in $(( $(date +%s) - lh_start ))s"

copy_dynamic_provider_shim
printf '%s\n%s\n' "$V" "$langhost_desc" > "$STAMP"
log "done in $(( $(date +%s) - start ))s: $BIN_DIR (pulumi $V, $langhost_desc)"
log "add it to PATH: export PATH=\"$BIN_DIR:\$PATH\""
"$BIN_DIR/pulumi" version
