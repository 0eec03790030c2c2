#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine:
# Debian's Chromium and NSS tools (certutil, to trust the emulator's CA), curl and
# Python's requests (the snippet tests run copied curl and Python snippets), and the
# npm packages in package-lock.json (playwright-core only drives the system
# Chromium; it never downloads a browser). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/lib/chromium/chromium ] || missing+=(chromium)
command -v certutil >/dev/null || missing+=(libnss3-tools)
command -v curl >/dev/null || missing+=(curl)
python3 -c 'import requests' 2>/dev/null || /usr/bin/python3 -c 'import requests' 2>/dev/null || missing+=(python3-requests)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
go mod download
