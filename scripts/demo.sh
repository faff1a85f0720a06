#!/usr/bin/env bash
# `npm run demo`: the acme customer end to end, offline. Starts the sandbox (acme scenario), `pulumi up` the example
# (examples/acme, the repo's Pulumi.yaml), plays the seed stories the way Entra ID, ISC and a person in the admin UI
# would, then runs the drift preview CI runs and prints the report a reviewer reads.
#
# Exit 0 when the demo played out as described (the drift preview failing with exit 7 is part of it), else 1.
# Everything lives in .pulumi-demo/ (git-ignored): Pulumi home, file backend, sandbox log, preview JSON, reports.
# DEMO_KEEP=1 keeps the sandbox running and the stack in place at the end; DEMO_PORT picks the sandbox port;
# DEMO_DIR and DEMO_STACK move the work folder and rename the stack; DEMO_SKIP_BUILD=1 reuses dist/ as built.
# DEMO_SANDBOX_SETTINGS passes sandbox settings as JSON (`--settings`; the engine test switches the events quota off).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DEMO=${DEMO_DIR:-$ROOT/.pulumi-demo}
STACK=${DEMO_STACK:-demo}

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { printf '\ndemo: %s\n' "$*" >&2; exit 1; }

# --- the engine and the build ------------------------------------------------------------------------------------
if [ "${DEMO_SKIP_BUILD:-0}" != 1 ]; then
  [ -d node_modules/@pulumi/pulumi ] || npm ci --no-audit --no-fund
  node scripts/link-self.js
  npm run build --silent
fi
bash scripts/build-pulumi.sh >&2
if [ -x .tools/pulumi/bin/pulumi ]; then export PATH="$ROOT/.tools/pulumi/bin:$PATH"; fi

# Only what the demo itself made: DEMO_DIR may be a folder the user keeps other things in.
rm -rf "$DEMO/home" "$DEMO/state" "$DEMO/sandbox-config.json" "$DEMO/drift" "$DEMO/drift-final" "$DEMO/review-repo" \
  "$DEMO/review-evidence" "$DEMO/drift-review" "$ROOT/Pulumi.$STACK.yaml"
mkdir -p "$DEMO/home" "$DEMO/state"
export PULUMI_HOME="$DEMO/home"
export PULUMI_BACKEND_URL="file://$DEMO/state"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-demo-passphrase-not-a-secret}"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true

# --- the sandbox ---------------------------------------------------------------------------------------------------
say "Starting the sandbox (acme: 10 sites, 200 people in Entra ID, ISC with an Atlassian source)"
SANDBOX_SETTINGS=${DEMO_SANDBOX_SETTINGS:-'{}'}
node -r ts-node/register/transpile-only sandbox/cli.ts --scenario acme --port "${DEMO_PORT:-0}" --fast \
  --settings "$SANDBOX_SETTINGS" --config-out "$DEMO/sandbox-config.json" >"$DEMO/sandbox.log" 2>&1 &
SANDBOX_PID=$!
cleanup() {
  if [ "${DEMO_KEEP:-0}" = 1 ]; then
    echo "DEMO_KEEP=1: the sandbox (pid $SANDBOX_PID) and stack '$STACK' stay; stop it with: kill $SANDBOX_PID"
    return
  fi
  kill "$SANDBOX_PID" 2>/dev/null || true
  rm -f "$ROOT/Pulumi.$STACK.yaml"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  [ -s "$DEMO/sandbox-config.json" ] && break
  kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$DEMO/sandbox.log" >&2; fail "the sandbox did not start"; }
  sleep 0.2
done
[ -s "$DEMO/sandbox-config.json" ] || fail "the sandbox wrote no config within 20 s (see $DEMO/sandbox.log)"
cat "$DEMO/sandbox.log"
URL=$(node -p 'require(process.argv[1])["atlassian-access:apiUrl"].value' "$DEMO/sandbox-config.json")

# A sandbox control: what Entra ID, ISC or a person does. Prints the sandbox's answer on one line.
control() {
  local route=$1 body=${2:-'{}'}
  curl -fsS -X POST -H 'content-type: application/json' -d "$body" "$URL/__sandbox$route" || fail "sandbox control $route failed"
  echo
}

# --- the stack -----------------------------------------------------------------------------------------------------
say "pulumi stack init $STACK, configured for the sandbox (credentials as --secret)"
pulumi stack init "$STACK" --non-interactive >/dev/null
node -e '
  const cfg = require(process.argv[1]);
  for (const [key, { value, secret }] of Object.entries(cfg)) console.log([key, value, secret ? "1" : "0"].join("\t"));
' "$DEMO/sandbox-config.json" | while IFS=$'\t' read -r key value secret; do
  if [ "$secret" = 1 ]; then pulumi config set --secret "$key" -- "$value" >/dev/null; echo "  $key (secret)"
  else pulumi config set "$key" -- "$value" >/dev/null; echo "  $key = $value"; fi
done

say "npx atlassian-access doctor --stack $STACK: what the key may read, the audit log's actions and actors, SCIM, ISC, the clock"
node dist/provider/cli/main.js doctor --stack "$STACK" --cwd "$ROOT" || fail "expected doctor to find nothing that fails"

say "pulumi up: the ownership split, SCIM and ISC groups verified, jira-admins created, 50 app access grants"
pulumi up --yes --skip-preview --non-interactive --suppress-progress

say "Preview right after up: only the seed's own findings (dept-legal blocks the IdP's group; Maria has two accounts; Quinn and Kim hold roles given directly; Kim has not used hers since May 2025)"
set +e
pulumi preview --refresh --expect-no-changes --non-interactive --suppress-progress --diff >"$DEMO/preview-0.txt" 2>&1
code=$?
set -e
grep '\[atlassian-access\]' "$DEMO/preview-0.txt" | sed 's/^ *//' | sort -u || true
echo "preview exit code: $code"

# --- the seed stories (../shared/domain.md) ------------------------------------------------------------------------
say "15:00 — Entra ID's SCIM push creates j.smith"
control /clock/set '{"time":"2026-11-23T15:00:00Z"}'
control /idp/sync
say "15:30 — ISC's connector CREATEs j.smith without looking first: Atlassian answers 409, ISC does not correlate"
control /clock/set '{"time":"2026-11-23T15:30:00Z"}'
control /isc/access-request '{"email":"j.smith@acme.example","group":"isc-jira-requesters"}'
say "An admin adds chloe.arden to the code-owned jira-admins by hand in admin.atlassian.com"
control /admin/group-members '{"group":"jira-admins","email":"chloe.arden@acme.example"}'
say "dept-support is deleted in Entra ID and the deletion synced: its Jira Service Management access on 10 sites goes with it"
control /idp/groups '{"displayName":"dept-support","delete":true}'
control /idp/sync
say "pat.lee is invited by hand before Entra ID has her; SCIM then cannot link the account"
control /admin/invite '{"email":"pat.lee@acme.example","name":"Pat Lee","claimStatus":"unmanaged"}'
control /idp/users '{"mail":"pat.lee@acme.example","displayName":"Pat Lee","groups":["dept-engineering"]}'
control /idp/sync

# --- what CI sees --------------------------------------------------------------------------------------------------
say "pulumi preview --refresh --expect-no-changes (what CI runs on every pull request; each cause printed once)"
set +e
pulumi preview --refresh --expect-no-changes --non-interactive --suppress-progress --diff >"$DEMO/preview.txt" 2>&1
code=$?
set -e
grep '\[atlassian-access\]' "$DEMO/preview.txt" | sed 's/^ *//' | awk '!seen[$0]++'
sed -n '/^Resources:/,$p' "$DEMO/preview.txt"
echo "preview exit code: $code (7: drift or an unreviewed finding)"
[ "$code" = 7 ] || { cat "$DEMO/preview.txt" >&2; fail "expected the drift preview to exit 7"; }

say "npx atlassian-access drift --stack $STACK --out $DEMO/drift (what the nightly CI job runs: the same preview, and its report in $DEMO/drift/: report.md, report.github.md for the PR comment or issue, report.json)"
set +e
node dist/provider/cli/main.js drift --stack "$STACK" --cwd "$ROOT" --out "$DEMO/drift"
code=$?
set -e
echo
cat "$DEMO/drift/report.md"
echo
echo "drift exit code: $code (7: findings for a reviewer)"
[ "$code" = 7 ] || fail "expected the drift check to exit 7"

# --- repair ----------------------------------------------------------------------------------------------------------
say "Each lane fixes its own: Entra ID pushes dept-support again, ISC aggregates (and correlates j.smith)"
control /idp/groups '{"displayName":"dept-support","members":["chloe.arden@acme.example","grace.brooks@acme.example"],"assigned":true}'
control /idp/sync
control /isc/aggregate
say "An Atlassian admin turns off the ANYONE self-signup on acme-br (open-self-signup: only an admin, or code, can close it)"
control /admin/app-access-setting '{"domain":"ANYONE","site":"acme-br.atlassian.net","product":"jira-software","op":"remove"}'

say "An admin revokes the Confluence given directly to Kim Novak, the contractor who stopped using it in May 2025"
control /admin/user-role '{"op":"revoke","email":"kim.novak@northwind.example","role":"atlassian/user","site":"acme-uk.atlassian.net","product":"confluence"}'

say "pulumi up --refresh: code repairs its lane (chloe.arden leaves jira-admins; JSM access re-granted on 10 sites)"
pulumi up --refresh --yes --skip-preview --non-interactive --suppress-progress >"$DEMO/up-repair.txt" 2>&1 || { cat "$DEMO/up-repair.txt" >&2; fail "the repairing up failed"; }
sed -n '/^Resources:/,$p' "$DEMO/up-repair.txt"

say "A reviewer accepts what only Atlassian admins can settle (acme:acceptedFindings), and CI is green again"
pulumi config set acme:acceptedFindings -- \
  '["group-name-conflict:dept-legal","duplicate-person:m.garcia@acme.example","invited-unlinked:pat.lee@acme.example",{"id":"direct-user-access:quinn.arden@acme.example/*","reason":"JSM on acme-de while the support group is rebuilt","until":"2027-01-31"}]'
pulumi up --refresh --yes --skip-preview --non-interactive --suppress-progress >"$DEMO/up-accept.txt" 2>&1 || { cat "$DEMO/up-accept.txt" >&2; fail "the up after accepting failed"; }
set +e
node dist/provider/cli/main.js drift --stack "$STACK" --cwd "$ROOT" --out "$DEMO/drift-final"
code=$?
set -e
sed -n '/^Resources:/,$p' "$DEMO/drift-final/preview.txt"
echo "drift exit code: $code"
[ "$code" = 0 ] || { grep '\[atlassian-access\]' "$DEMO/drift-final/preview.txt" >&2; fail "expected a clean drift check after the repair"; }

# --- the quarterly access review ------------------------------------------------------------------------------------
# The review folder lives in a git repository of its own ($DEMO is git-ignored inside this one): the pull request is
# the approval, git the record. Commits are dated by the sandbox's clock, as the audit log is.
REVIEW_REPO="$DEMO/review-repo"
rm -rf "$REVIEW_REPO" && mkdir -p "$REVIEW_REPO"
git -C "$REVIEW_REPO" init -q
git -C "$REVIEW_REPO" config user.name "Review Bot" && git -C "$REVIEW_REPO" config user.email "review-bot@acme.example"
echo '{"groups": {"jira-admins": "rita.reviewer@acme.example", "dept-*": "sam.hr@acme.example"}}' >"$REVIEW_REPO/reviewers.json"
commit_as() { # name email date message
  git -C "$REVIEW_REPO" add -A
  GIT_AUTHOR_DATE=$3 GIT_COMMITTER_DATE=$3 git -C "$REVIEW_REPO" -c user.name="$1" -c user.email="$2" commit -q -m "$4"
}
decide() { # file email decision reason: fills the row's empty decision and reason columns
  sed -i "/,$2,/ s/,,\$/,$3,$4/" "$REVIEW_REPO/reviews/2026-q4/$1"
}

say "Quarterly access review: npx atlassian-access review start --stack $STACK --name 2026-q4 --site acme-eu --group jira-admins --group dept-support (one CSV per reviewer, committed)"
control /clock/set '{"time":"2026-12-01T09:00:00Z"}'
# Run in the review repository, so the folder (and the CODEOWNERS lines start prints) are relative to its root. Which
# groups are code's comes from the stack's OwnershipSplit (its state), so jira-admins' rows are in the pulumi lane.
(cd "$REVIEW_REPO" && node "$ROOT/dist/provider/cli/main.js" review start --stack "$STACK" --cwd "$ROOT" --name 2026-q4 \
  --site acme-eu --group jira-admins --group dept-support --reviewers reviewers.json --due 2026-12-31 2>&1) \
  || fail "expected review start to write the review"
commit_as "Review Bot" review-bot@acme.example 2026-12-01T09:05:00Z "Start access review 2026-q4"

say "The reviewers decide in a pull request: Rita revokes ben.arden from the code-owned jira-admins, Sam revokes grace.brooks from the IdP's dept-support; the rest kept"
decide rita.reviewer@acme.example.csv ben.arden@acme.example revoke "no longer administers Jira"
decide rita.reviewer@acme.example.csv ana.arden@acme.example keep ""
commit_as "Rita Reviewer" rita.reviewer@acme.example 2026-12-02T10:00:00Z "2026-q4: jira-admins decided"
decide sam.hr@acme.example.csv grace.brooks@acme.example revoke "moved to sales"
decide sam.hr@acme.example.csv chloe.arden@acme.example keep ""
commit_as "Sam Hr" sam.hr@acme.example 2026-12-02T11:00:00Z "2026-q4: dept-support decided"
git -C "$REVIEW_REPO" log --format='  %h %an %ad %s' --date=iso-strict
cat "$REVIEW_REPO/reviews/2026-q4/rita.reviewer@acme.example.csv"

say "pulumi up with acme:review set: jira-admins' members go through review.kept, so up removes ben.arden (no edit of the list)"
control /clock/set '{"time":"2026-12-03T09:00:00Z"}'
pulumi config set acme:review "$REVIEW_REPO/reviews/2026-q4"
pulumi up --yes --skip-preview --non-interactive --suppress-progress >"$DEMO/up-review.txt" 2>&1 || { cat "$DEMO/up-review.txt" >&2; fail "the review's up failed"; }
grep -o '\[atlassian-access\].*' "$DEMO/up-review.txt" | awk '!seen[$0]++' || true
sed -n '/^Resources:/,$p' "$DEMO/up-review.txt"
grep -q 'Group "jira-admins": removing 1 member' "$DEMO/up-review.txt" || fail "expected up to remove ben.arden from jira-admins"

say "npx atlassian-access drift --stack $STACK --out $DEMO/drift-review: the IdP's revoke is pending for the scim lane, in the preview and the report"
set +e
node dist/provider/cli/main.js drift --stack "$STACK" --cwd "$ROOT" --out "$DEMO/drift-review" >/dev/null
code=$?
set -e
grep -o '\[atlassian-access\].*' "$DEMO/drift-review/preview.txt" | awk '!seen[$0]++'
echo "drift exit code: $code (7: a revoke left for the scim lane)"
[ "$code" = 7 ] || { cat "$DEMO/drift-review/preview.txt" >&2; fail "expected the review's drift check to exit 7"; }
grep -q 'review-revoke-pending:2026-q4/.*grace.brooks@acme.example' "$DEMO/drift-review/preview.txt" || fail "expected grace.brooks's revoke pending"
echo "The report ($DEMO/drift-review/report.md) lists it under the SCIM lane:"
grep -F '| `review-revoke-pending` | 2026-q4/' "$DEMO/drift-review/report.md" || fail "expected the report to list the pending revoke"

say "npx atlassian-access review evidence --stack $STACK --name 2026-q4 --out $DEMO/review-evidence (what the auditor gets)"
(cd "$REVIEW_REPO" && node "$ROOT/dist/provider/cli/main.js" review evidence --stack "$STACK" --cwd "$ROOT" --name 2026-q4 \
  --out "$DEMO/review-evidence") || fail "expected review evidence to export"
cat "$DEMO/review-evidence/evidence.md"
grep -q '| ben.arden@acme.example | jira-admins .* | revoke | .* by pulumi (event ' "$DEMO/review-evidence/evidence.md" \
  || fail "expected the evidence to date ben.arden's removal"

say "Done"
cat <<EOF
  Reports: $DEMO/drift/report.md (Markdown), $DEMO/drift/report.github.md (PR comment), $DEMO/drift/report.json; previews and ups: $DEMO/*.txt
  Access review 2026-q4: $REVIEW_REPO (git), evidence in $DEMO/review-evidence/ (evidence.csv, evidence.md)
  Run with DEMO_KEEP=1 to keep the sandbox ($URL) and the stack '$STACK' afterwards.
EOF
