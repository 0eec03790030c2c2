#!/usr/bin/env bash
# The performance suite (docs/benchmarks.md): builds dist/chrome/ (scripts/build.sh), then measures the built
# extension in headless Chromium, the engine under Go and under Node, and the shipped wasm's size; prints one table
# and writes bench-results/latest.json (git-ignored). Times are reported, never asserted.
#
#   scripts/bench.sh [--no-build] [--quick] [-n 20] [--compare old.json] [--only go,engine,browser,size]
#                    [--browser popup,unlock,click,wake,search,import,fleet]
#   scripts/bench.sh --compare old.json --with new.json     compare two result files without running anything
#
# Keep a run to compare against later: cp bench-results/latest.json bench-results/before.json
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

build=1
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$a") ;;
  esac
done
# Comparing two files needs no build.
for a in "${args[@]+"${args[@]}"}"; do [[ "$a" == --with ]] && build=0; done

[[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund >&2
if (( build )); then
  scripts/build.sh >&2
fi
exec node tests/bench/run.mjs "${args[@]+"${args[@]}"}"
