#!/usr/bin/env bash
# Runs the engine's keyring integration tests (crates/engine/tests/keyring.rs) against a real
# gnome-keyring daemon, in throwaway D-Bus sessions whose keyring files live in a temporary
# directory: the developer's own keyring is never touched.
#
#   scripts/keyring-test.sh
#
# Session 1 runs every keyring test but the locked one, and the accounts flow against the
# keyring (crates/engine/tests/accounts_keyring.rs); session 2 runs the locked one alone,
# because it locks the session's default keyring. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in dbus-run-session gnome-keyring-daemon gdbus cargo; do
  command -v "$tool" >/dev/null || { echo "keyring-test: '$tool' is not installed" >&2; exit 1; }
done

# Build outside the sessions, so build output and test output do not interleave.
cargo build -p paydesk-engine --example keyring-probe
cargo test -p paydesk-engine --test keyring --no-run
cargo test -p paydesk-engine --test accounts_keyring --no-run

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# One session: a fresh bus, a fresh keyring unlocked with a throwaway password, then $1.
in_session() {
  local name="$1"
  shift
  mkdir -m 700 -p "$scratch/$name/data" "$scratch/$name/run"
  env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY \
    XDG_DATA_HOME="$scratch/$name/data" XDG_RUNTIME_DIR="$scratch/$name/run" \
    dbus-run-session -- bash -euo pipefail -c '
      # The daemon prints VAR=value lines for its clients; export each one.
      for assignment in $(echo -n paydesk-test | gnome-keyring-daemon --unlock --components=secrets); do
        export "$assignment"
      done
      "$@"
    ' keyring-session "$@"
}

echo "== keyring tests (unlocked keyring)"
in_session main bash -euo pipefail -c '
  cargo test -p paydesk-engine --test keyring -- --include-ignored --skip locked_keyring
  cargo test -p paydesk-engine --test accounts_keyring -- --include-ignored
'

echo "== keyring tests (locked keyring)"
in_session locked env PAYDESK_KEYRING_TEST_MAY_LOCK=1 \
  cargo test -p paydesk-engine --test keyring -- --include-ignored --exact locked_keyring_is_keyring_locked

echo "keyring-test: all keyring tests passed"
