#!/usr/bin/env bash
# The one test command: formatting and vet, Go unit tests (engine, emulator),
# the built wasm under Node against an independent TOTP, the JS shell's unit
# tests, web-ext lint of the Firefox build, and the end-to-end tests of the built
# extension against the emulator, in Chromium and then in Firefox ESR (the same
# test files). It first installs what it needs (scripts/install-deps.sh), so it
# works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== gofmt, go vet"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted"; exit 1; fi
go vet ./...
GOOS=js GOARCH=wasm go vet ./wasm/...
GOOS=js GOARCH=wasm go vet -tags enginetest ./wasm
# popup.wasm stays small (issue 6's size budget): encoding/json alone is ~0.5 MB of it.
if GOOS=js GOARCH=wasm go list -deps ./wasm/popup | grep -qx encoding/json; then
  echo "popup.wasm links encoding/json: something the popup reaches imports it (use jsonscan)"; exit 1
fi
# The worker's engine has no page or DOM code (each page is a program of its own, wasm/<page>), nor the API
# console's (its package inits run at every wake: docs/benchmarks.md, "Issue 13: the worker's wake").
if GOOS=js GOARCH=wasm go list -deps ./wasm |
  grep -qE '^honnef.co/go/js/dom|^github.com/panelkey/panelkey/(wasm/(pagekit|pagejson|lockscreen)|apiconsole|snippet)$'; then
  echo "panelkey.wasm (the worker's engine) links page code: wasm/ must not import a page package, dom or the console's"; exit 1
fi
# The QR decoder (~2 MB) is loaded when a picture is scanned, never with a page (docs/benchmarks.md, "QR decoder").
if GOOS=js GOARCH=wasm go list -deps ./wasm/popup | grep -qE '^github.com/(makiuchi-d/gozxing|panelkey/panelkey/(qrscan|keyimport|otpmigration))$'; then
  echo "popup.wasm links the QR decoder or the import's parsers: the popup reads a scan through qr.wasm (shell.scanImage)"; exit 1
fi

# The project stands alone: nothing may cite a file outside the repository (protocol facts: docs/protocol.md).
if git grep -nE '\.\./shared/|/work/' -- ':!scripts/test.sh'; then
  echo "the lines above cite a path outside the repository"; exit 1
fi

echo "== go test"
# Tests that need an interpreter (curl, python3 with requests, perl, node) fail rather than skip without it.
PANELKEY_REQUIRE_TOOLS=1 go test -count=1 ./...

echo "== build"
scripts/build.sh
# The bench's floor page (tests/bench/floor/) is test-only: it holds 2FA secrets unencrypted and never ships.
if compgen -G 'dist/*/floor.*' >/dev/null; then
  echo "dist/ ships the bench's floor page (tests/bench/floor/): it is test-only"; exit 1
fi

# Files, not directories: node --test with a directory fails on Node 22+.
shopt -s nullglob
echo "== node: wasm engine, JS shell"
PANELKEY_REQUIRE_TOOLS=1 node --test tests/wasm/*.test.mjs tests/js/*.test.js

# Firefox's own checks of dist/firefox (what addons.mozilla.org runs): errors fail the run; warnings are printed and
# each one left is explained in README.md ("Firefox").
echo "== web-ext lint: dist/firefox"
npx --no-install web-ext lint --source-dir dist/firefox --no-config-discovery

echo "== end-to-end: Chromium + emulator"
node --test --test-concurrency=1 tests/e2e/*.test.mjs

echo "== end-to-end: Firefox ESR + emulator"
PANELKEY_E2E_BROWSER=firefox node --test --test-concurrency=1 tests/e2e/*.test.mjs
