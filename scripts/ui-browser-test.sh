#!/usr/bin/env bash
# Runs the UI's browser tests: Playwright in the system's headless Chromium against the built
# UI, with the Tauri IPC replaced by a fixture backend. Installs nothing: it needs
# /usr/bin/chromium (Debian package `chromium`; `scripts/setup.sh test` installs it) and the
# UI's npm packages. Screenshots land in ui/test-results/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${PAYDESK_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "ui-browser-test: no Chromium at $chromium." >&2
  echo "  Install the Debian package: sudo apt-get install -y chromium (or run scripts/setup.sh test)," >&2
  echo "  or point PAYDESK_CHROMIUM at a Chromium binary. Playwright's own browsers are not used." >&2
  exit 1
fi

# Vite 7 needs Node 20.19+; setup.sh may have installed a private one.
if [ -x "$HOME/.cache/paydesk/node/bin/node" ]; then
  export PATH="$HOME/.cache/paydesk/node/bin:$PATH"
fi
if [ ! -d ui/node_modules/@playwright/test ]; then
  echo "ui-browser-test: the UI's npm packages are missing; run scripts/setup.sh test first." >&2
  exit 1
fi

export PAYDESK_CHROMIUM="$chromium"
exec npm --prefix ui run test:browser -- "$@"
