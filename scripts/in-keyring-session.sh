#!/usr/bin/env bash
# Runs a command in a fresh D-Bus session with a real gnome-keyring daemon, unlocked with a
# throwaway password, whose keyring files live in a temporary directory: the developer's own
# keyring is never touched.
#
#   scripts/in-keyring-session.sh COMMAND [ARGS...]
#
# The session's scratch folder is removed when the command ends; its exit code is the command's.
set -euo pipefail

for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "in-keyring-session: '$tool' is not installed" >&2; exit 1; }
done

scratch="$(mktemp -d)"
cleanup() {
  # GTK may D-Bus-activate xdg-document-portal, which leaves a FUSE mount in the runtime dir
  # after the session ends: unmount it, and never let the clean-up change the exit code.
  if mountpoint -q "$scratch/run/doc" 2>/dev/null; then
    fusermount -uz "$scratch/run/doc" 2>/dev/null || umount -l "$scratch/run/doc" 2>/dev/null || true
  fi
  rm -rf "$scratch" 2>/dev/null || true
}
trap cleanup EXIT
mkdir -m 700 -p "$scratch/data" "$scratch/run"

env -u DBUS_SESSION_BUS_ADDRESS \
  XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" \
  dbus-run-session -- bash -euo pipefail -c '
    # The daemon prints VAR=value lines for its clients; export each one.
    for assignment in $(echo -n paydesk-test | gnome-keyring-daemon --unlock --components=secrets); do
      export "$assignment"
    done
    "$@"
  ' keyring-session "$@"
