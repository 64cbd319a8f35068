#!/usr/bin/env bash
# Launches the real built app under Xvfb and a private D-Bus session with a real (throwaway)
# gnome-keyring, with a fresh data dir, and passes only if its window and webview come up, the
# UI reports the complete app frame, and the desk behind it runs: the five sandbox accounts
# with their credentials in the keyring and no start-up problem (`paydesk --smoke-test` exits
# 0 then, 1 otherwise). Also checks the log file was written.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:-${CARGO_TARGET_DIR:-target}/debug/paydesk}"
[ -x "$bin" ] || { echo "smoke: no app binary at $bin (build it first)" >&2; exit 1; }

data_dir="$(mktemp -d)"
trap 'rm -rf "$data_dir"' EXIT

# WebKitGTK in a virtual display: no GPU, no DMA-BUF renderer.
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1

status=0
scripts/in-keyring-session.sh \
  xvfb-run --auto-servernum --server-args="-screen 0 1280x900x24" \
  "$bin" --sandbox --smoke-test=120 --data-dir "$data_dir" || status=$?

if [ "$status" -ne 0 ]; then
  echo "smoke: FAILED (the app exited with $status)" >&2
  exit 1
fi
if ! ls "$data_dir"/logs/paydesk.*.log >/dev/null 2>&1 || ! grep -q "UI ready" "$data_dir"/logs/paydesk.*.log; then
  echo "smoke: FAILED (no log file with the UI's ready report in $data_dir/logs)" >&2
  exit 1
fi
echo "smoke: 1 passed, 0 failed"
