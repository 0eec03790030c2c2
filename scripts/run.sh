#!/usr/bin/env bash
# Try panelkey against the cPanel & WHM emulator with its demo data.
#
#   scripts/run.sh
#
# Builds the extension (scripts/build.sh → dist/chrome/), starts the emulator on 127.0.0.1 with cPanel's ports
# (2083 cPanel, 2087 WHM, 2096 Webmail; panelkey only talks to those), and
#  - with a display ($DISPLAY or $WAYLAND_DISPLAY): opens Chromium with panelkey loaded, in a profile of its own
#    whose NSS database trusts the emulator's CA (nothing is added to your own browser's trust store);
#  - without one: prints how to load dist/chrome/ by hand and how to trust the CA.
# Either way it prints the emulator's addresses and demo credentials and keeps the emulator running until Ctrl-C
# (or until that Chromium window is closed).
#
# Everything lives in .panelkey-demo/ (the CA is created once and reused, so it stays trusted across runs).
# server.panelkey.test and its cpanel./whm./webmail. names resolve to 127.0.0.1 inside that Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
demo="$root/.panelkey-demo"
chromium="${CHROMIUM:-/usr/lib/chromium/chromium}"

mkdir -p "$demo"
[[ -f "$demo/.gitignore" ]] || echo '*' >"$demo/.gitignore"

# With a display this opens Debian's Chromium and trusts the CA with certutil: install them if missing.
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -z "${CHROMIUM:-}" ]]; then
  bash scripts/install-deps.sh
fi

echo "== building the extension"
bash scripts/build.sh
echo "== building the emulator"
go build -o "$demo/cpanel-emulator" ./tests/cpanel-emulator

for port in 2082 2083 2086 2087 2095 2096; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "run.sh: port $port on 127.0.0.1 is in use (another emulator, or the end-to-end tests?). Stop it and retry." >&2
    exit 1
  fi
done

summary="$demo/emulator.txt"
: >"$summary"
"$demo/cpanel-emulator" -demo -state-dir "$demo/emulator" >"$summary" 2>"$demo/emulator.err" &
emu=$!
browser=""
cleanup() {
  trap - EXIT INT TERM
  [[ -n "$browser" ]] && kill "$browser" 2>/dev/null || true
  kill "$emu" 2>/dev/null || true
  wait "$emu" 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo; echo "stopping"; exit 0' INT TERM

for _ in $(seq 1 100); do
  grep -q 'Ctrl-C' "$summary" && break
  if ! kill -0 "$emu" 2>/dev/null; then
    echo "run.sh: the emulator did not start:" >&2
    cat "$demo/emulator.err" >&2
    exit 1
  fi
  sleep 0.1
done
ca="$demo/emulator/ca.pem"
[[ -f "$ca" ]] || { echo "run.sh: no CA at $ca" >&2; exit 1; }

echo
sed '/^Ctrl-C/d' "$summary"

manual() {
  cat <<EOF
To try panelkey in your own Chrome or Chromium on this machine:
  1. Trust the emulator's CA in that browser (Linux: the certutil line above, for your profile's NSS database;
     or chrome://certificate-manager → Custom → Import $ca as a trusted authority).
  2. Open chrome://extensions, switch on Developer mode, "Load unpacked" and choose:
       $root/dist/chrome
  3. In panelkey's options add the server https://127.0.0.1:2087 with user root and the WHM token above,
     or accounts with the passwords and 2FA secrets listed.

The emulator keeps running; press Ctrl-C to stop it.
EOF
  wait "$emu"
}

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -x "$chromium" ]]; then
  # A HOME of its own gives Chromium an NSS database that trusts only what we add here. X11 still needs the real
  # Xauthority file, which lives under the real HOME.
  export XAUTHORITY="${XAUTHORITY:-$HOME/.Xauthority}"
  home="$demo/home"
  nssdb="$home/.pki/nssdb"
  mkdir -p "$nssdb"
  [[ -f "$nssdb/cert9.db" ]] || certutil -d "sql:$nssdb" -N --empty-password
  certutil -d "sql:$nssdb" -D -n panelkey-emulator 2>/dev/null || true
  certutil -d "sql:$nssdb" -A -t "C,," -n panelkey-emulator -i "$ca"
  args=(
    --user-data-dir="$demo/profile"
    --disable-extensions-except="$root/dist/chrome"
    --load-extension="$root/dist/chrome"
    --host-resolver-rules="MAP server.panelkey.test 127.0.0.1, MAP *.server.panelkey.test 127.0.0.1"
    --no-first-run --no-default-browser-check
  )
  [[ "$(id -u)" == 0 ]] && args+=(--no-sandbox)
  echo "Opening Chromium with panelkey (profile $demo/profile). In panelkey's options add the server"
  echo "https://127.0.0.1:2087 (or server.panelkey.test) with user root and the WHM token above."
  echo "Close the window or press Ctrl-C to stop."
  HOME="$home" "$chromium" "${args[@]}" "https://127.0.0.1:2087/" >"$demo/chromium.log" 2>&1 &
  browser=$!
  started=$SECONDS
  wait "$browser" || true
  browser=""
  if (( SECONDS - started < 10 )); then
    echo "Chromium stopped at once; its last words ($demo/chromium.log):"
    tail -n 5 "$demo/chromium.log" | sed 's/^/  /'
    echo
    manual
  fi
else
  echo "No display, so no browser is started."
  manual
fi
