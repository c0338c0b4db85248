#!/usr/bin/env bash
# Debian packages the e2e tests need: Chromium (editor test, driven by playwright-core),
# Redis and PostgreSQL (queue-mode test; the test starts its own servers on loopback ports in
# temp folders, the packages' own services are not used). Idempotent: installs only what is missing.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# The PostgreSQL server binaries (initdb, pg_ctl, postgres) live in /usr/lib/postgresql/<major>/bin.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)

if [[ ${#need[@]} -eq 0 ]]; then
  echo "system packages: chromium, redis-server, postgresql already installed"
  exit 0
fi

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
echo "system packages: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian starts the packaged services on install; the tests run their own, so stop those again
# (harmless when there is no init system, as in CI containers).
for svc in redis-server postgresql; do
  if printf '%s\n' "${need[@]}" | grep -qx "$svc"; then
    $SUDO service "$svc" stop >/dev/null 2>&1 || true
  fi
done
echo "system packages: done"
