#!/usr/bin/env bash
# The main job: install dependencies, build, and run Liminal on the demo
# project (the repository's versions/).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
if [[ ! -d build ]]; then
  meson setup build
fi
meson compile -C build

LIMINAL=./build/src/cli/liminal
echo "== liminal check"
$LIMINAL -C . check
echo "== liminal history"
$LIMINAL -C . history
echo "== liminal show head"
$LIMINAL -C . show head
