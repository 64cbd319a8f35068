#!/usr/bin/env bash
# Start-up time and memory of the real app beside a bare Tauri app (the floor), printed as JSON
# (no assertion).
#
#   scripts/measure.sh            (MEASURE_ROWS=1000000 by default)
#
# Builds the release app (as scripts/deb.sh does), the floor app (e2e/floor: the same Tauri and
# release profile, one window, one static page) and the cache filler. Then, in a throwaway
# keyring session under Xvfb, e2e/measure.mjs launches both through tauri-driver, first on a
# fresh data dir (the sandbox's own history, after the start-up sync), then on the same data
# dir with MEASURE_ROWS synthetic transactions added (crates/store/src/bin/fill-cache.rs), and
# prints floor, Paydesk and the difference for each. MEASURE_OUT=FILE also writes the JSON to
# FILE; MEASURE_SKIP_BUILD=1 measures the binaries already built.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export PATH="$HOME/.cache/paydesk/node/bin:$PATH"
target="${CARGO_TARGET_DIR:-$root/target}"
export PAYDESK_E2E_APP="${PAYDESK_E2E_APP:-$target/release/paydesk}"
export PAYDESK_MEASURE_FLOOR="${PAYDESK_MEASURE_FLOOR:-$target/release/paydesk-floor}"
export PAYDESK_MEASURE_FILL_CACHE="$target/release/fill-cache"
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
export MEASURE_ROWS="${MEASURE_ROWS:-1000000}"

if [ "${1:-}" = "--inside" ]; then
  PAYDESK_MEASURE_DATA_DIR="$2" xvfb-run --auto-servernum --server-args="-screen 0 1280x900x24" \
    node e2e/measure.mjs
  exit 0
fi

# The app as it ships: the Tauri CLI's release build (scripts/deb.sh, which also packages it;
# a plain `cargo build --release -p paydesk` would rebuild the shell crate with another
# environment). Then the floor and the cache filler, with the same release profile.
if [ "${MEASURE_SKIP_BUILD:-}" != 1 ]; then
  scripts/deb.sh >/dev/null
  cargo build --release -p paydesk-floor
  cargo build --release -p paydesk-store --bin fill-cache
fi
[ -d e2e/node_modules/webdriverio ] || { echo "measure: e2e's npm packages are missing (scripts/setup.sh test)" >&2; exit 1; }
for binary in "$PAYDESK_E2E_APP" "$PAYDESK_MEASURE_FLOOR" "$PAYDESK_MEASURE_FILL_CACHE"; do
  [ -x "$binary" ] || { echo "measure: no binary at $binary" >&2; exit 1; }
done

data_dir="$(mktemp -d)"
trap 'rm -rf "$data_dir"' EXIT
out="$(mktemp)"
scripts/in-keyring-session.sh "$root/scripts/measure.sh" --inside "$data_dir" | tee "$out"
# Only the JSON object: a D-Bus service the webview activates may print a line to stdout too.
if [ -n "${MEASURE_OUT:-}" ]; then sed -n '/^{$/,/^}$/p' "$out" >"$MEASURE_OUT"; fi
rm -f "$out"
