#!/usr/bin/env bash
# End to end in the real app: the WebdriverIO scenarios in e2e/scenarios drive the release
# binary through tauri-driver and WebKitWebDriver, in a throwaway D-Bus session with a real
# gnome-keyring and a private Xvfb display; then the .deb check (scripts/deb.sh --check).
# Native windows out of WebDriver's reach (the GTK save dialog) are driven with xdotool; a real
# notification daemon (dunst) shows the app's OS notifications.
#
#   scripts/e2e.sh [SCENARIO_FILE...]     default: every e2e/scenarios/*.test.mjs (a file may be
#                                         named from e2e/ or from the repository's root)
#
# Needs the release app (`cargo build --release -p paydesk`, or PAYDESK_E2E_APP=PATH), the
# simulators binary (`cargo test --workspace --no-run` builds it, or PAYDESK_E2E_SANDBOX=PATH) and, for
# the .deb check, the package built by scripts/deb.sh (skipped with a message when
# PAYDESK_E2E_SKIP_DEB=1). Screenshots of every step go to e2e/artifacts/<scenario>/.
# Retries: only around starting Xvfb (here) and tauri-driver (e2e/lib/harness.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

export PATH="$HOME/.cache/paydesk/node/bin:$PATH"
target="${CARGO_TARGET_DIR:-$root/target}"
export PAYDESK_E2E_APP="${PAYDESK_E2E_APP:-$target/release/paydesk}"
# The standalone simulators, for the scenario whose live account talks to a local provider.
export PAYDESK_E2E_SANDBOX="${PAYDESK_E2E_SANDBOX:-$target/debug/paydesk-sandbox}"
# WebKitGTK in a virtual display: no GPU, no DMA-BUF renderer.
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1

# Inside the keyring session: start Xvfb (retried), run the scenarios, stop Xvfb.
if [ "${1:-}" = "--inside" ]; then
  shift
  xvfb_pid=""
  cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true; }
  trap cleanup EXIT
  for attempt in 1 2 3; do
    fifo="$(mktemp -u)"
    mkfifo "$fifo"
    # -displayfd: Xvfb picks a free display itself and writes its number once it is ready.
    Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$fifo" >/dev/null 2>&1 &
    xvfb_pid=$!
    display=""
    read -r -t 15 display <"$fifo" || true
    rm -f "$fifo"
    if [ -n "$display" ] && kill -0 "$xvfb_pid" 2>/dev/null; then
      export DISPLAY=":$display"
      break
    fi
    echo "e2e: Xvfb did not start (attempt $attempt of 3)" >&2
    kill "$xvfb_pid" 2>/dev/null || true
    xvfb_pid=""
    sleep 1
  done
  [ -n "$xvfb_pid" ] || { echo "e2e: FAILED (no Xvfb display after 3 attempts)" >&2; exit 1; }
  # A real notification daemon on the display, so the app's OS notifications are shown (and
  # land in the screenshots) as on a desktop.
  dunst >/dev/null 2>&1 &
  dunst_pid=$!
  trap 'kill "$dunst_pid" 2>/dev/null || true; cleanup' EXIT
  cd e2e
  # A hung step fails its test after 5 minutes instead of stalling the run.
  node --test --test-concurrency=1 --test-timeout=300000 --test-reporter=spec "$@"
  exit $?
fi

[ -x "$PAYDESK_E2E_APP" ] || { echo "e2e: no app binary at $PAYDESK_E2E_APP (cargo build --release -p paydesk)" >&2; exit 1; }
[ -x "$PAYDESK_E2E_SANDBOX" ] || { echo "e2e: no simulators binary at $PAYDESK_E2E_SANDBOX (cargo test --workspace --no-run builds it)" >&2; exit 1; }
[ -d e2e/node_modules/webdriverio ] || { echo "e2e: e2e's npm packages are missing (scripts/setup.sh test)" >&2; exit 1; }
for tool in Xvfb /usr/bin/WebKitWebDriver xdotool dpkg-deb dunst dbus-monitor; do
  command -v "$tool" >/dev/null || { echo "e2e: '$tool' is not installed (scripts/setup.sh test)" >&2; exit 1; }
done

# Scenario files as given relative to e2e/ (scenarios/...) or to the repository (e2e/scenarios/...).
scenarios=()
for f in "$@"; do scenarios+=("${f#e2e/}"); done
if [ ${#scenarios[@]} -eq 0 ]; then
  for f in e2e/scenarios/*.test.mjs; do scenarios+=("${f#e2e/}"); done
fi

echo "e2e: scenarios against $PAYDESK_E2E_APP (screenshots in e2e/artifacts/)"
status=0
scripts/in-keyring-session.sh "$root/scripts/e2e.sh" --inside "${scenarios[@]}" || status=$?

deb_status=0
if [ "${PAYDESK_E2E_SKIP_DEB:-}" = 1 ]; then
  echo "e2e: .deb check skipped (PAYDESK_E2E_SKIP_DEB=1)"
else
  scripts/deb.sh --check || deb_status=$?
fi

if [ "$status" -ne 0 ] || [ "$deb_status" -ne 0 ]; then
  echo "e2e: FAILED (scenarios exit $status, .deb check exit $deb_status)" >&2
  exit 1
fi
