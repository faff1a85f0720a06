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
# No test files given: every suite. The glob is here, not in .mocharc.json, because mocha adds positional files to a
# configured spec: `npx mocha test/rules/split.test.ts` now runs that file alone.
files=0
for a in "$@"; do [[ "$a" == *.ts ]] && files=1; done
[ "$files" -eq 1 ] || set -- "$@" "test/**/*.test.ts"
exec npx mocha "$@"
