#!/usr/bin/env bash
# Builds the unpacked extension in dist/chrome/ and the store upload dist/panelkey-chrome.zip.
# Needs only Go (and gzip, for the size report): the zip is written by a few lines of Go's archive/zip, so the build
# works on a machine without zip or python, and the archive is byte-for-byte reproducible (sorted, fixed times).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out=dist/chrome
zipfile=dist/panelkey-chrome.zip

rm -rf "$out" "$zipfile"
mkdir -p "$out/icons"

# panelkey.wasm: the engine's API (worker) and the options and console pages. popup.wasm: the popup alone, smaller
# so the page opened most often starts sooner (wasm/main.go).
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/panelkey.wasm" ./wasm
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -tags popup -o "$out/popup.wasm" ./wasm
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/"
cp manifest.json extension/*.js "$out/"
find web -maxdepth 1 -type f -exec cp {} "$out/" \;
cp web/icons/*.png "$out/icons/"

# Every page loads the same classic scripts (web/*.html, in order). An extension page waits ~5 ms more for five
# files than for one, so dist/'s pages load one concatenation of them, pages.js (all five are strict-mode scripts;
# the worker still imports its own).
page_scripts=""
for html in "$out"/*.html; do
  srcs="$(sed -n 's|^<script src="\([^"]*\)"></script>$|\1|p' "$html" | tr '\n' ' ')"
  [[ -n "$srcs" ]] || { echo "build: $html loads no scripts" >&2; exit 1; }
  [[ -z "$page_scripts" || "$srcs" == "$page_scripts" ]] ||
    { echo "build: $html loads other scripts ($srcs) than the other pages ($page_scripts)" >&2; exit 1; }
  page_scripts="$srcs"
  sed -i -e '/^<script src="[^"]*"><\/script>$/d' -e 's|^</body>$|<script src="pages.js"></script>\n</body>|' "$html"
done
for f in $page_scripts; do cat "$out/$f"; echo; done >"$out/pages.js"
rm "$out/shell.js" "$out/page.js" # the pages' alone; the worker imports wasm_exec.js, bridge.js and vault.js

# Files the manifest and the pages name; a missing one would only show up as a broken extension in Chrome.
for f in worker.js vault.js bridge.js wasm_exec.js panelkey.wasm popup.wasm popup.html options.html console.html pages.js \
         icons/16.png icons/32.png icons/48.png icons/128.png; do
  [[ -f "$out/$f" ]] || { echo "build: $out/$f is missing" >&2; exit 1; }
done

zipper="$(mktemp -d)"
trap 'rm -rf "$zipper"' EXIT
printf 'module zipper\n\ngo 1.22\n' >"$zipper/go.mod"
cat >"$zipper/main.go" <<'GO'
// zipper DIR FILE: FILE gets every file under DIR, in lexical order, with a fixed timestamp.
package main

import (
	"archive/zip"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"time"
)

func main() {
	dir, file := os.Args[1], os.Args[2]
	f, err := os.Create(file)
	if err != nil {
		log.Fatal(err)
	}
	zw := zip.NewWriter(f)
	stamp := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: filepath.ToSlash(rel), Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		log.Fatal(err)
	}
}
GO
(cd "$zipper" && GOFLAGS= GOTOOLCHAIN=local go run . "$root/$out" "$root/$zipfile")

for wasm in "$out"/*.wasm; do
  echo "$(basename "$wasm"): $(wc -c <"$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
done
echo "built $out/ and $zipfile ($(wc -c <"$zipfile") bytes)"
