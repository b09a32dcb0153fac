#!/usr/bin/env bash
# Regenerate the screenshots of the key screens (main window, revision
# review, confirmation, progress mid-run, failure view, preferences…) by
# running the GUI tests under Xvfb, and copy them to OUTDIR.
#
#   bash tools/screenshots.sh [OUTDIR]      (default: build/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${1:-$ROOT/build/screenshots}

bash tools/install-deps.sh
if [[ ! -f build/build.ninja ]]; then
  meson setup build
fi
meson compile -C build

export ADW_DISABLE_PORTAL=1 GSK_RENDERER=cairo
xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' dbus-run-session -- bash -c '
  echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec meson test -C build --suite gui --print-errorlogs'

mkdir -p "$OUT"
cp build/tests/gui/screenshots/*.png "$OUT/"
ls -1 "$OUT"
