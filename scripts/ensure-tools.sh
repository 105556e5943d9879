#!/usr/bin/env bash
# Installs what the local run and the tests need and the machine lacks: Node.js and npm (Debian
# packages) and Azurite, pinned in package.json / package-lock.json, with `npm ci`; with --browser also
# Debian's Chromium, for the status page's browser test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK (see global.json) is required and was not found on PATH." >&2
  exit 1
fi

if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { $sudo apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Installing Node.js and npm (for Azurite)..."
  apt_install nodejs npm
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium (for the status page test)..."
  apt_install chromium
fi

# npm ci when Azurite is missing or the lock file changed since the last install.
stamp=node_modules/.fisikal-installed
if [ ! -x node_modules/.bin/azurite ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
