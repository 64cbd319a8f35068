#!/usr/bin/env bash
# A long session, accelerated: the release app driven through tauri-driver under Xvfb for a
# while (views, chart ranges, deep scrolls and details in Transactions, a payout every minute)
# with the background sync shortened, its memory sampled every 30 s; prints JSON with the
# series, the slopes (MB per hour) and the final over the idle figure (e2e/long-session.mjs).
# Not part of `make test`.
#
#   scripts/long-session.sh [MINUTES]      default 30 (or LONG_SESSION_MINUTES)
#
# LONG_SESSION_SYNC_EVERY (seconds, default 30) is passed to the app as --sync-every;
# LONG_SESSION_ACTIVITIES (payout,chart,transactions,views by default; none) narrows the session,
# LONG_SESSION_VIEWS (navigation labels, all by default) the views it goes round;
# LONG_SESSION_OUT=FILE also writes the JSON to FILE; LONG_SESSION_SKIP_BUILD=1 uses the release
# binary already built. Screenshots of failed steps go to e2e/artifacts/long-session/.
# LONG_SESSION_PROBE=MODE runs e2e/web-memory-probe.mjs instead: one kind of work repeated
# (invoke, listen, dom, dom-hinted, remount), the web process's memory before and after a
# forced full collection (a few minutes; MINUTES is then ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export PATH="$HOME/.cache/paydesk/node/bin:$PATH"
target="${CARGO_TARGET_DIR:-$root/target}"
export PAYDESK_E2E_APP="${PAYDESK_E2E_APP:-$target/release/paydesk}"
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1

if [ "${1:-}" = "--inside" ]; then
  script=e2e/long-session.mjs
  [ -z "${LONG_SESSION_PROBE:-}" ] || script=e2e/web-memory-probe.mjs
  LONG_SESSION_DATA_DIR="$2" xvfb-run --auto-servernum --server-args="-screen 0 1280x900x24" \
    node "$script"
  exit $?
fi

export LONG_SESSION_MINUTES="${1:-${LONG_SESSION_MINUTES:-30}}"
[[ "$LONG_SESSION_MINUTES" =~ ^[0-9]+$ ]] && [ "$LONG_SESSION_MINUTES" -ge 1 ] ||
  { echo "long-session: minutes must be a whole number from 1 (got '$LONG_SESSION_MINUTES')" >&2; exit 2; }

# The app as it ships (scripts/deb.sh: the Tauri CLI's release build).
[ "${LONG_SESSION_SKIP_BUILD:-}" = 1 ] || scripts/deb.sh >/dev/null
[ -x "$PAYDESK_E2E_APP" ] || { echo "long-session: no app binary at $PAYDESK_E2E_APP" >&2; exit 1; }
[ -d e2e/node_modules/webdriverio ] || { echo "long-session: e2e's npm packages are missing (scripts/setup.sh test)" >&2; exit 1; }

data_dir="$(mktemp -d)"
trap 'rm -rf "$data_dir"' EXIT
echo "long-session: $LONG_SESSION_MINUTES minutes against $PAYDESK_E2E_APP" >&2
scripts/in-keyring-session.sh "$root/scripts/long-session.sh" --inside "$data_dir"
