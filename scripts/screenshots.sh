#!/usr/bin/env bash
# Takes the README's screenshots from the real app: launches the built binary in sandbox mode
# on a fresh data dir under Xvfb (with a throwaway keyring), waits for the first sync, and
# captures the Overview, then Transactions (a click on its menu entry), with ImageMagick's `import`;
# then the Overview of a first launch on a Spanish and on a Brazilian Portuguese desktop (the
# app follows the system's language: LANGUAGE/LANG as a desktop session sets them).
#
#   scripts/screenshots.sh [BINARY] [OUT_DIR]     (defaults: the debug build, docs/screenshots)
#
# Needs xvfb, xdotool and imagemagick (not part of `make test`: a developer's tool).
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:-${CARGO_TARGET_DIR:-target}/debug/paydesk}"
out="${2:-docs/screenshots}"
for tool in xvfb-run xdotool import; do
  command -v "$tool" >/dev/null || { echo "screenshots: '$tool' is not installed" >&2; exit 1; }
done
[ -x "$bin" ] || { echo "screenshots: no app binary at $bin" >&2; exit 1; }
# WebKitGTK takes the page's language from the process locale, which must exist.
for locale in es_AR pt_BR; do
  if ! locale -a | grep -qi "^${locale}.utf-\?8$"; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo localedef -i "$locale" -f UTF-8 "${locale}.UTF-8"
  fi
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"
data_dir="$(mktemp -d)"
trap 'rm -rf "$data_dir"' EXIT
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1 \
  PAYDESK_SHOTS="$out" PAYDESK_BIN="$bin" PAYDESK_DATA="$data_dir"

scripts/in-keyring-session.sh xvfb-run --auto-servernum --server-args="-screen 0 1400x900x24" \
  bash -euo pipefail -c '
    "$PAYDESK_BIN" --sandbox --data-dir "$PAYDESK_DATA" >"$PAYDESK_DATA/app.out" 2>&1 &
    app=$!
    sleep 12
    window="$(xdotool search --sync --onlyvisible --name Paydesk | head -n1)"
    xdotool windowsize "$window" 1400 900 windowmove "$window" 0 0
    sleep 2
    import -window "$window" "$PAYDESK_SHOTS/overview.png"
    # No window manager to give keyboard focus: click the menu entry instead.
    xdotool mousemove 65 100 click 1
    sleep 3
    import -window "$window" "$PAYDESK_SHOTS/transactions.png"
    kill "$app"
    wait "$app" || true
    for lang in es:es_AR pt-BR:pt_BR; do
      tag="${lang%%:*}"
      locale="${lang##*:}"
      dir="$PAYDESK_DATA/$tag"
      mkdir -p "$dir"
      LANGUAGE="${locale}" LANG="${locale}.UTF-8" "$PAYDESK_BIN" --sandbox --data-dir "$dir" >"$dir/app.out" 2>&1 &
      app=$!
      sleep 12
      window="$(xdotool search --sync --onlyvisible --name Paydesk | head -n1)"
      xdotool windowsize "$window" 1400 900 windowmove "$window" 0 0
      sleep 2
      import -window "$window" "$PAYDESK_SHOTS/overview-$tag.png"
      kill "$app"
      wait "$app" || true
    done
  '
echo "screenshots: written to $out"
