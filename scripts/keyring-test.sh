#!/usr/bin/env bash
# Runs the engine's keyring integration tests (crates/engine/tests/keyring.rs) against a real
# gnome-keyring daemon, in throwaway D-Bus sessions whose keyring files live in a temporary
# directory: the developer's own keyring is never touched.
#
#   scripts/keyring-test.sh
#
# Session 1 runs every keyring test but the locked one, and the accounts flow against the
# keyring (crates/engine/tests/accounts_keyring.rs); session 2 runs the locked one alone,
# because it locks the session's default keyring; session 3 starts the desk on a keyring it
# locks (crates/desk/tests/keyring_locked.rs: the Overview's banner and the cached data).
# Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in dbus-run-session gnome-keyring-daemon gdbus cargo; do
  command -v "$tool" >/dev/null || { echo "keyring-test: '$tool' is not installed" >&2; exit 1; }
done

# Build outside the sessions, so build output and test output do not interleave.
cargo build -p paydesk-engine --example keyring-probe
cargo test -p paydesk-engine --test keyring --no-run
cargo test -p paydesk-engine --test accounts_keyring --no-run
cargo test -p paydesk-desk --test keyring_locked --no-run

# One session: a fresh bus, a fresh keyring unlocked with a throwaway password, then "$@".
in_session() {
  env -u DISPLAY -u WAYLAND_DISPLAY scripts/in-keyring-session.sh "$@"
}

echo "== keyring tests (unlocked keyring)"
in_session bash -euo pipefail -c '
  cargo test -p paydesk-engine --test keyring -- --include-ignored --skip locked_keyring
  cargo test -p paydesk-engine --test accounts_keyring -- --include-ignored
'

echo "== keyring tests (locked keyring)"
in_session env PAYDESK_KEYRING_TEST_MAY_LOCK=1 \
  cargo test -p paydesk-engine --test keyring -- --include-ignored --exact locked_keyring_is_keyring_locked

echo "== desk start with a locked keyring"
in_session env PAYDESK_KEYRING_TEST_MAY_LOCK=1 \
  cargo test -p paydesk-desk --test keyring_locked -- --include-ignored

echo "keyring-test: all keyring tests passed"
