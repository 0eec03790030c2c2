#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine:
# Debian's Chromium and Firefox ESR, NSS tools (certutil, to trust the emulator's
# CA), Xvfb and xdotool (real key presses for the shortcuts' e2e), curl and
# Python's requests (the snippet tests run copied curl and Python snippets), and the npm packages in package-lock.json: playwright-core and
# puppeteer-core only drive the system browsers (neither downloads one:
# PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, PUPPETEER_SKIP_DOWNLOAD), web-ext lints the
# Firefox build. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/lib/chromium/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
# German for Firefox: the locale e2e runs the pages in a second language (Chromium has its own translations).
[ -f /usr/lib/firefox-esr/browser/extensions/langpack-de@firefox-esr.mozilla.org.xpi ] || missing+=(firefox-esr-l10n-de)
command -v certutil >/dev/null || missing+=(libnss3-tools)
command -v curl >/dev/null || missing+=(curl)
# The keyboard shortcuts' e2e presses real keys on a virtual display (tests/e2e/shortcuts.test.mjs).
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v xdotool >/dev/null || missing+=(xdotool)
python3 -c 'import requests' 2>/dev/null || /usr/bin/python3 -c 'import requests' 2>/dev/null || missing+=(python3-requests)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/puppeteer-core ] || [ ! -d node_modules/web-ext ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
go mod download
