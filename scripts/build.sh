#!/usr/bin/env bash
# Builds the unpacked extension for each browser from one source, and each one's store upload:
#   dist/chrome/   dist/panelkey-chrome.zip    Chromium, Chrome, Edge (background service worker)
#   dist/firefox/  dist/panelkey-firefox.zip   Firefox (background event page)
# The two trees differ only in manifest.json, made from the root manifest.json by cmd/pack (package manifest).
# Needs only Go (and gzip, for the size report): the zips are written by Go's archive/zip (cmd/pack), so the build
# works on a machine without zip or python, and each archive is byte-for-byte reproducible (sorted, fixed times).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out=dist/chrome
browsers=(chrome firefox)

for b in "${browsers[@]}"; do rm -rf "dist/$b" "dist/panelkey-$b.zip"; done
mkdir -p "$out/icons"

# panelkey.wasm: the engine's API, for the worker alone (wasm/main.go). Each page runs a program of its own (web/page.html
# names it in data-wasm): popup.wasm, options.wasm, console.wasm (wasm/popup, wasm/options, wasm/console).
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/panelkey.wasm" ./wasm
pages=(popup options console)
for page in "${pages[@]}"; do
  GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/$page.wasm" "./wasm/$page"
done
# qr.wasm: the QR decoder alone (~2 MB), run by web/qrworker.js only when a picture is scanned (wasm/qrdecoder).
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/qr.wasm" ./wasm/qrdecoder
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/"
cp extension/*.js "$out/"
find web -maxdepth 1 -type f -exec cp {} "$out/" \;
cp web/icons/*.png "$out/icons/"
cp -r _locales "$out/" # the message catalogs: the manifest's __MSG_…__, the shell's and the pages' strings

tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
go build -o "$tools/pack" ./cmd/pack
pack() { "$tools/pack" "$@"; }

# Every page is web/page.html filled in with its own web/NAME.html and the lock screen, web/lockscreen.html
# (tests/wasm/pages.test.mjs makes its pages the same way).
rm "$out/page.html" "$out/lockscreen.html"
pack pages web "$out" "${pages[@]}"

# Every page loads the same classic scripts (web/page.html, in order). An extension page waits ~5 ms more for five
# files than for one, so dist/'s pages load one concatenation of them, pages.js (all five are strict-mode scripts;
# the worker still imports its own).
page_scripts="$(sed -n 's|^<script src="\([^"]*\)"></script>$|\1|p' web/page.html)"
[[ -n "$page_scripts" ]] || { echo "build: web/page.html loads no scripts" >&2; exit 1; }
for f in $page_scripts; do cat "$out/$f"; echo; done >"$out/pages.js"
for page in "${pages[@]}"; do
  sed -i -e '/^<script src="[^"]*"><\/script>$/d' -e 's|^</body>$|<script src="pages.js"></script>\n</body>|' "$out/$page.html"
done
rm "$out/shell.js" "$out/page.js" # the pages' alone; the worker imports wasm_exec.js, bridge.js and vault.js

# The scripts the worker imports, in order (its importScripts('a.js', …); lines, one after the other): Firefox's
# event page has no importScripts and loads them from its manifest's background.scripts instead (extension/worker.js
# guards the calls).
imports="$(sed -n "s/^\(if (typeof importScripts === 'function') \)\{0,1\}importScripts(\(.*\));$/\2/p" extension/worker.js |
  tr -d "' " | paste -sd, -)"
[[ -n "$imports" ]] || { echo "build: extension/worker.js has no importScripts('a.js', …); line" >&2; exit 1; }

for b in "${browsers[@]}"; do
  dir="dist/$b"
  [[ "$dir" == "$out" ]] || cp -r "$out" "$dir"
  pack manifest -browser "$b" -imports "$imports" manifest.json "$dir/manifest.json"
  # Files the manifest and the pages name; a missing one would only show up as a broken extension in the browser.
  for f in manifest.json worker.js ${imports//,/ } panelkey.wasm popup.wasm options.wasm console.wasm qr.wasm qrworker.js early.js popup.html options.html console.html pages.js \
           _locales/en/messages.json \
           icons/16.png icons/32.png icons/48.png icons/128.png; do
    [[ -f "$dir/$f" ]] || { echo "build: $dir/$f is missing" >&2; exit 1; }
  done
done
for b in "${browsers[@]}"; do pack zip "dist/$b" "dist/panelkey-$b.zip"; done

for wasm in "$out"/*.wasm; do
  echo "$(basename "$wasm"): $(wc -c <"$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
done
for b in "${browsers[@]}"; do
  echo "built dist/$b/ and dist/panelkey-$b.zip ($(wc -c <"dist/panelkey-$b.zip") bytes)"
done
