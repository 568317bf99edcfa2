#!/usr/bin/env bash
# Installs Azurite, pinned by package-lock.json, once. The build starts it in the background so the
# download overlaps compilation; the runner and the tests then call it again and wait on its lock.
set -u
cd "$(dirname "$0")"
exec 9>.install.lock
flock 9
[ -f node_modules/.installed ] && exit 0
npm ci --no-audit --no-fund --loglevel=error >.install.log 2>&1 && touch node_modules/.installed
