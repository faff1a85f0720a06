#!/usr/bin/env bash
# The project's test command (README "Quick start"): Node >= 22, build, make sure a Pulumi CLI exists,
# run every mocha suite.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/ensure-node.sh --export)"
[ -d node_modules/@pulumi/pulumi ] || npm ci
node scripts/link-self.js
npm run build --silent
bash scripts/build-pulumi.sh
exec npx mocha "$@"
