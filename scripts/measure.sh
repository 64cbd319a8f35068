#!/usr/bin/env bash
# Start-up time and memory of the real app on a large cache, printed as JSON (no assertion).
#
#   scripts/measure.sh            (MEASURE_ROWS=1000000 by default)
#
# Builds the release app (as scripts/deb.sh does) and the cache filler, makes a fresh data dir in a throwaway keyring
# session, starts the app once (--smoke-test) so its five sandbox accounts exist, fills the
# cache with MEASURE_ROWS synthetic transactions (crates/store/src/bin/fill-cache.rs), then
# launches the release binary in sandbox mode on it under Xvfb through tauri-driver
# (e2e/measure.mjs) and prints the figures. MEASURE_OUT=FILE also writes them to FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export PATH="$HOME/.cache/paydesk/node/bin:$PATH"
target="${CARGO_TARGET_DIR:-$root/target}"
export PAYDESK_E2E_APP="${PAYDESK_E2E_APP:-$target/release/paydesk}"
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
rows="${MEASURE_ROWS:-1000000}"

if [ "${1:-}" = "--inside" ]; then
  data_dir="$2"
  xvfb=(xvfb-run --auto-servernum --server-args="-screen 0 1280x900x24")
  echo "measure: first start (creates the sandbox accounts and their keyring entries)" >&2
  "${xvfb[@]}" "$PAYDESK_E2E_APP" --sandbox --smoke-test=120 --data-dir "$data_dir" >/dev/null 2>&1 ||
    { echo "measure: the app's first start failed" >&2; exit 1; }
  echo "measure: filling the cache with $rows transactions" >&2
  "$target/release/fill-cache" --data-dir "$data_dir" --rows "$rows" >&2
  echo "measure: launching the app on it" >&2
  PAYDESK_MEASURE_DATA_DIR="$data_dir" "${xvfb[@]}" node e2e/measure.mjs
  exit 0
fi

# The app as it ships: the Tauri CLI's release build (scripts/deb.sh, which also packages it;
# a plain `cargo build --release -p paydesk` would rebuild the shell crate with another
# environment). Then the cache filler.
scripts/deb.sh >/dev/null
cargo build --release -p paydesk-store --bin fill-cache
[ -d e2e/node_modules/webdriverio ] || { echo "measure: e2e's npm packages are missing (scripts/setup.sh test)" >&2; exit 1; }

data_dir="$(mktemp -d)"
trap 'rm -rf "$data_dir"' EXIT
out="$(mktemp)"
scripts/in-keyring-session.sh "$root/scripts/measure.sh" --inside "$data_dir" | tee "$out"
# Only the JSON object: a D-Bus service the webview activates may print a line to stdout too.
if [ -n "${MEASURE_OUT:-}" ]; then sed -n '/^{$/,/^}$/p' "$out" >"$MEASURE_OUT"; fi
rm -f "$out"
