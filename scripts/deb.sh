#!/usr/bin/env bash
# The installable Debian package.
#
#   scripts/deb.sh           build it with the Tauri CLI from npm (@tauri-apps/cli, pinned in
#                            e2e/package.json); prints the .deb's path
#   scripts/deb.sh --check   unpack the built .deb (dpkg-deb -x) into a scratch folder, check
#                            the binary, the desktop entry and the icons are there, and that the
#                            unpacked binary starts in sandbox mode under Xvfb (--smoke-test,
#                            in a throwaway keyring session)
#
# The UI must be built first (`make ui`): the CLI's beforeBuildCommand is switched off here so
# the build never reaches outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export PATH="$HOME/.cache/paydesk/node/bin:$PATH"
target="${CARGO_TARGET_DIR:-$root/target}"
version="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' tauri.conf.json | head -1)"
deb="$target/release/bundle/deb/Paydesk_${version}_amd64.deb"

if [ "${1:-}" != "--check" ]; then
  cli="$root/e2e/node_modules/.bin/tauri"
  [ -x "$cli" ] || { echo "deb: the Tauri CLI is missing (scripts/setup.sh test installs e2e's npm packages)" >&2; exit 1; }
  [ -f ui/dist/index.html ] || { echo "deb: ui/dist is missing (make ui)" >&2; exit 1; }
  # The CLI works from the shell's folder (src-tauri/tauri.conf.json links to the root one).
  (cd src-tauri && CARGO_TARGET_DIR="$target" "$cli" build --bundles deb --ci \
    --config '{"build":{"beforeBuildCommand":null}}')
  [ -f "$deb" ] || { echo "deb: FAILED (no package at $deb)" >&2; exit 1; }
  echo "deb: $deb ($(du -h "$deb" | cut -f1))"
  exit 0
fi

# --check
[ -f "$deb" ] || { echo "deb check: no package at $deb (scripts/deb.sh builds it)" >&2; exit 1; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
dpkg-deb -x "$deb" "$scratch/root"
dpkg-deb -f "$deb" Package Version Architecture Depends >"$scratch/control"

failures=()
passed=0
check() { # check DESCRIPTION COMMAND...
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "deb check: ok   $what"
  else
    failures+=("$what")
    echo "deb check: FAIL $what" >&2
  fi
}
bin="$scratch/root/usr/bin/paydesk"
desktop="$scratch/root/usr/share/applications/Paydesk.desktop"
check "control: package paydesk $version depending on WebKitGTK 4.1" \
  bash -c 'grep -qx "Package: paydesk" "$1" && grep -qx "Version: $2" "$1" && grep -q "^Depends:.*libwebkit2gtk-4.1" "$1"' _ "$scratch/control" "$version"
check "binary /usr/bin/paydesk is an executable ELF" \
  bash -c '[ -x "$1" ] && head -c 4 "$1" | grep -q ELF' _ "$bin"
# A plain launch: LIVE once a live account exists, the welcome screen before (never --sandbox).
check "desktop entry names the app, runs a plain paydesk, category Finance" \
  bash -c 'grep -q "^Name=Paydesk$" "$1" && grep -Eq "^Exec=paydesk( %[uUfF])?$" "$1" && grep -q "^Categories=.*Finance" "$1" && grep -q "^Icon=paydesk$" "$1"' _ "$desktop"
for size in 32x32 128x128 256x256@2 512x512; do
  check "icon $size" test -s "$scratch/root/usr/share/icons/hicolor/$size/apps/paydesk.png"
done

# The unpacked binary starts in sandbox mode under Xvfb, as the smoke test does.
data_dir="$scratch/data"
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
check "the unpacked binary starts in sandbox mode (--smoke-test under Xvfb)" \
  scripts/in-keyring-session.sh xvfb-run --auto-servernum --server-args="-screen 0 1280x900x24" \
  "$bin" --sandbox --smoke-test=120 --data-dir "$data_dir"

echo "deb check: ${passed} passed, ${#failures[@]} failed"
[ ${#failures[@]} -eq 0 ]
