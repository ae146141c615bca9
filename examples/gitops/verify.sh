#!/usr/bin/env bash
# Verifies the GitOps example on this machine, offline, against the sandbox (`npm run gitops:verify`):
#   1. the GitHub workflows pass @action-validator/cli;
#   2. the GitLab pipeline runs for real under gitlab-ci-local (shell executor) in a throw-away copy of this folder:
#      the preview job (merge request), the up job (main), then an application renamed behind Pulumi's back and the
#      scheduled drift job, which must end with exit status 2 and a report naming the drifted field.
# Differences from a real runner, all through CI variables: the state is a local file:// backend instead of Object
# Storage, credentials point at the sandbox, the install step is skipped (the clone's node_modules serve), the drift
# command is the clone's build, and no GITLAB_TOKEN is set, so the comment and the issue stay files (no network).
# Needs a Pulumi CLI (run through scripts/with-pulumi.sh, as the npm script does: jobs inherit PATH and PULUMI_CLI), a
# built clone, and rsync (installed with apt-get when missing and run as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
example="$root/examples/gitops"
tools="$root/.cache/gitops-tools"
started=$(date +%s)
say() { echo "gitops:verify: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

[ -n "${PULUMI_CLI:-}" ] || fail "no PULUMI_CLI: run through scripts/with-pulumi.sh"
[ -f "$root/dist/drift/cli.js" ] || fail "no build: run npm run build first"

# The tools, pinned, installed once into a cache of the clone (they are not dependencies of the package).
if [ ! -x "$tools/node_modules/.bin/gitlab-ci-local" ] || [ ! -x "$tools/node_modules/.bin/action-validator" ]; then
  say "installing @action-validator/cli@0.6.0 and gitlab-ci-local@4.75.1 into $tools"
  mkdir -p "$tools"
  npm install --silent --no-save --no-package-lock --prefix "$tools" @action-validator/cli@0.6.0 gitlab-ci-local@4.75.1 >&2
fi

# gitlab-ci-local copies the project with rsync.
if ! command -v rsync > /dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    say "installing rsync (gitlab-ci-local needs it)"
    apt-get install -y -qq rsync > /dev/null 2>&1 || { apt-get update -qq > /dev/null && apt-get install -y -qq rsync > /dev/null; }
  fi
  command -v rsync > /dev/null || fail "gitlab-ci-local needs rsync: install it (Debian: apt-get install rsync)"
fi

for workflow in "$example"/.github/workflows/*.yml; do
  "$tools/node_modules/.bin/action-validator" "$workflow" || fail "action-validator refused $workflow"
  say "action-validator: $(basename "$workflow") is valid"
done

work=$(mktemp -d "$root/.cache/gitops-verify.XXXXXX")
sandbox_pid=""
cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; fi
  if [ -z "${KEEP_GITOPS_VERIFY:-}" ]; then rm -rf "$work"; else say "kept $work"; fi
}
trap cleanup EXIT
cp -r "$example/." "$work/"
rm -f "$work/verify.sh"
(cd "$work" && git init -q -b main && git add -A && git -c user.name=verify -c user.email=verify@localhost commit -qm example)

node "$root/dist/sandbox/cli.js" > "$work/sandbox.env" 2> "$work/sandbox.log" &
sandbox_pid=$!
for _ in $(seq 1 100); do grep -q '^export SCW_SECRET_KEY=' "$work/sandbox.env" 2>/dev/null && break; sleep 0.1; done
grep -q '^export SCW_SECRET_KEY=' "$work/sandbox.env" || fail "the sandbox did not start: $(cat "$work/sandbox.log")"
# shellcheck disable=SC1091
source "$work/sandbox.env"

# The CI/CD variables, as a project's settings would hold them (gitlab-ci-local's variables file).
{
  grep '^export ' "$work/sandbox.env" | sed -E "s/^export ([A-Z_]+)=(.*)$/\1: \2/"
  echo "PULUMI_BACKEND_URL: file://$work/state"
  echo "PULUMI_CONFIG_PASSPHRASE: gitops-verify"
  # A value naming an existing file or folder is taken as a file variable by gitlab-ci-local: this one expands later.
  echo "PULUMI_HOME: \$CI_PROJECT_DIR/home"
  echo "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: \"true\""
  echo "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: \"true\""
  echo "INSTALL: \"true\""
  echo "DRIFT: node $root/dist/drift/cli.js drift"
} > "$work/.gitlab-ci-local-variables.yml"
mkdir -p "$work/state" "$work/home"
ln -s "$root/node_modules" "$work/node_modules"

run_job() {
  local job="$1"
  shift
  local job_started
  job_started=$(date +%s)
  say "gitlab-ci-local: job $job"
  # The pipeline source and branch are set to play a merge request, a push to main and a schedule.
  (cd "$work" && GCL_IGNORE_PREDEFINED_VARS=CI_PIPELINE_SOURCE,CI_COMMIT_BRANCH,CI_DEFAULT_BRANCH "$tools/node_modules/.bin/gitlab-ci-local" --force-shell-executor --no-color "$@" "$job") \
    > "$work/$job.log" 2>&1 || { cat "$work/$job.log" >&2; fail "job $job"; }
  say "job $job passed in $(($(date +%s) - job_started)) s"
}

run_job preview --variable CI_PIPELINE_SOURCE=merge_request_event
grep -q "Pulumi preview of \`dev\`" "$work/out/comment.md" || fail "no comment from the preview job"
grep -q "pulumi-nodejs:dynamic/scaleway:Application" "$work/out/preview.txt" || fail "the preview names no application"

run_job up --variable CI_PIPELINE_SOURCE=push --variable CI_COMMIT_BRANCH=main --variable CI_DEFAULT_BRANCH=main
grep -q "created" "$work/out/up.txt" || fail "up created nothing"

# Drift behind Pulumi's back: the application renamed through the API itself.
app_id=$(curl -fsS -H "X-Auth-Token: $SCW_SECRET_KEY" \
  "$SCW_API_URL/iam/v1alpha1/applications?organization_id=$SCW_DEFAULT_ORGANIZATION_ID&name=platform-deployer" |
  node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>process.stdout.write(JSON.parse(s).applications[0].id))')
curl -fsS -X PATCH -H "X-Auth-Token: $SCW_SECRET_KEY" -H "Content-Type: application/json" \
  -d '{"name":"renamed-by-hand"}' "$SCW_API_URL/iam/v1alpha1/applications/$app_id" > /dev/null
say "renamed application $app_id behind Pulumi's back"

run_job drift --variable CI_PIPELINE_SOURCE=schedule
grep -q "drift finished in .* WARN 2" "$work/drift.log" || fail "the drift job did not end with exit status 2 (allowed to fail)"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const app = r.stacks[0].resources.find((x) => x.name === "deployer");
  if (r.exitCode !== 2 || !app || app.fields[0].field !== "name" || app.fields[0].live !== "renamed-by-hand") {
    console.error(JSON.stringify(r, null, 2));
    process.exit(1);
  }' "$work/out/drift.json" || fail "the drift report does not show the renamed application"
grep -q "renamed-by-hand" "$work/out/drift.md" || fail "the Markdown report misses the drift"
if grep -q "$SCW_SECRET_KEY" "$work/out/drift.md" "$work/out/drift.json" "$work/out/comment.md" "$work"/*.log; then
  fail "a secret reached a report or a log"
fi
say "the drift job reported the renamed application (exit status 2)"
say "passed in $(($(date +%s) - started)) s"
