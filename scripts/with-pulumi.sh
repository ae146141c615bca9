#!/usr/bin/env bash
# Runs a command with a Pulumi CLI: exports PULUMI_CLI (the executable) and puts its folder first on PATH.
#   1. PULUMI_CLI, or a `pulumi` on PATH, when it is 3.x at least the SDK's minor version (the normal user path);
#   2. otherwise, with Go, the pinned CLI built once from the Go module proxy (tools/pulumi/go.mod + go.sum) into a
#      cache outside the clone, so fresh clones and CI on the same machine reuse it;
#   3. otherwise it says what is missing and exits 3 (a CLI that is named but does not work: 4). It never pretends.
#      With --optional it runs the command anyway, without PULUMI_CLI, after saying why (tests then skip the engine
#      suite with one visible line); a failed build still fails.
# The dynamic-provider plugin script of @pulumi/pulumi is placed beside the CLI, so the engine finds it next to its
# executable and never tries to download it.
# Usage: scripts/with-pulumi.sh [--optional] <command> [args...]   (alone: prints the CLI's path)
set -euo pipefail
optional=false
if [ "${1:-}" = "--optional" ]; then
  optional=true
  shift
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PINNED="v3.274.1"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-eurostack/pulumi-$PINNED"
say() { echo "with-pulumi: $*" >&2; }

# The smallest CLI minor version that understands what the installed SDK sends.
sdk_minor() {
  local version
  version=$(sed -n 's/^ *"version": *"3\.\([0-9]*\)\..*/\1/p' "$root/node_modules/@pulumi/pulumi/package.json" 2>/dev/null | head -1)
  echo "${version:-0}"
}

# Prints the CLI's path when `$1` is a usable 3.x CLI.
usable() {
  local version minor
  version=$("$1" version 2>/dev/null) || return 1
  minor=$(echo "$version" | sed -n 's/^v\{0,1\}3\.\([0-9]*\)\..*/\1/p')
  if [ -z "$minor" ] || [ "$minor" -lt "$(sdk_minor)" ]; then
    say "ignoring $1 ($version): the SDK needs 3.$(sdk_minor) or newer"
    return 1
  fi
  command -v "$1"
}

plugin_beside() {
  local bin="$1" script="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ ! -x "$bin/pulumi-resource-pulumi-nodejs" ] && [ -w "$bin" ] && [ -f "$script" ]; then
    cp "$script" "$bin/pulumi-resource-pulumi-nodejs" && chmod +x "$bin/pulumi-resource-pulumi-nodejs"
  fi
}

build_pinned() {
  local started stage_started tmp
  started=$(date +%s)
  mkdir -p "$cache/bin"
  tmp=$(mktemp -d "$cache/build.XXXXXX")
  # A temporary copy of the wrapper module, so a build never writes into the clone (go.sum stays as committed).
  cp "$root/tools/pulumi/go.mod" "$root/tools/pulumi/go.sum" "$root/tools/pulumi/tools.go" "$tmp/"
  say "building the Pulumi CLI $PINNED from the Go module proxy into $cache (once per machine; a cold build takes minutes)"
  stage_started=$(date +%s)
  say "stage 1/2: downloading and verifying modules against tools/pulumi/go.sum"
  (cd "$tmp" && GOFLAGS=-mod=mod go mod download) >&2
  say "stage 1/2 done in $(($(date +%s) - stage_started)) s"
  stage_started=$(date +%s)
  say "stage 2/2: compiling github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
  (cd "$tmp" && CGO_ENABLED=0 go build -trimpath -tags osusergo \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PINNED" \
    -o "$tmp/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2
  say "stage 2/2 done in $(($(date +%s) - stage_started)) s"
  mv "$tmp/pulumi" "$cache/bin/pulumi"
  rm -rf "$tmp"
  say "built $("$cache/bin/pulumi" version) in $(($(date +%s) - started)) s"
}

cli=""
if [ -n "${PULUMI_CLI:-}" ]; then
  cli=$(usable "$PULUMI_CLI") || { say "PULUMI_CLI=$PULUMI_CLI is not a usable Pulumi CLI"; exit 4; }
elif command -v pulumi >/dev/null 2>&1 && cli=$(usable pulumi); then
  :
elif [ -x "$cache/bin/pulumi" ]; then
  # Built here from the pinned version (and run once right after the build): no need to start it again to ask.
  cli="$cache/bin/pulumi"
elif command -v go >/dev/null 2>&1; then
  # One build at a time per machine: a second clone (or CI) waits for the first and then reuses its result.
  mkdir -p "$(dirname "$cache")"
  exec 9>"$(dirname "$cache")/.build-$PINNED.lock"
  flock 9
  if [ ! -x "$cache/bin/pulumi" ]; then build_pinned; fi
  flock -u 9
  cli=$(usable "$cache/bin/pulumi") || { say "the built CLI at $cache/bin/pulumi does not run"; exit 4; }
else
  say "no Pulumi CLI: none in PULUMI_CLI or on PATH, and no Go toolchain to build the pinned $PINNED."
  say "Install the CLI (https://www.pulumi.com/docs/install/) or Go 1.26+ (https://go.dev/dl/), then run this again."
  if $optional && [ $# -gt 0 ]; then
    say "running without a Pulumi CLI: $*"
    exec "$@"
  fi
  exit 3
fi

bin=$(dirname "$cli")
plugin_beside "$bin"
export PULUMI_CLI="$cli"
export PATH="$bin:$PATH"
if [ $# -eq 0 ]; then
  echo "$cli"
  exit 0
fi
exec "$@"
