#!/usr/bin/env bash
# The main job: install dependencies, build, and run Liminal Desktop on the
# demo project (this repository's versions/) against three local sandbox
# tenants: dev at head, test two revisions behind, prod four behind.
#
# With a display, the window opens in demo mode.  Without one (a server, a
# CI machine, or --cli), the `liminal` command does the same tour: where the
# tenants stand, a dry run and an upgrade of test, and where they stand then.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

bash tools/install-deps.sh
if [[ ! -f build/build.ninja ]]; then
  meson setup build
fi
meson compile -C build

if [[ ${1:-} != --cli && -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
  # Run from the build tree: the settings schema is compiled there.
  GSETTINGS_SCHEMA_DIR=$ROOT/build/data exec "$ROOT/build/src/app/liminal-desktop" --demo
fi

LIMINAL=$ROOT/build/src/cli/liminal
SANDBOX=$ROOT/build/src/sandbox/liminal-sandbox
DEMO=$(mktemp -d /tmp/liminal-demo.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$DEMO"
}
trap cleanup EXIT

cp -r versions "$DEMO/versions"
ids=($("$LIMINAL" -C "$DEMO" history --json | python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)))'))
n=${#ids[@]}

start_tenant() { # alias revision
  local alias=$1 rev=$2 out="$DEMO/$1.out"
  "$SANDBOX" --state "$DEMO/$alias.json" --seed "demo@$rev" --port 0 >"$out" 2>/dev/null &
  PIDS+=($!)
  for _ in $(seq 50); do grep -q '^Listening on ' "$out" 2>/dev/null && break; sleep 0.1; done
  local url; url=$(sed -n 's/^Listening on //p' "$out" | head -n 1)
  cat >>"$DEMO/tenants.ini" <<INI
[$alias]
tenant-name=pizzahouse-$alias
url=$url
client-id=sandbox
admin-email=admin@sandbox.test

INI
  local var=${alias^^}
  export "LIMINAL_${var}_CLIENT_SECRET=sandbox-secret" "LIMINAL_${var}_ADMIN_PASSWORD=sandbox"
}
start_tenant dev "${ids[n-1]}"
start_tenant test "${ids[n-3]}"
start_tenant prod "${ids[n-5]}"

run() { echo; echo "\$ liminal $*"; "$LIMINAL" -C "$DEMO" "$@"; }
run status
run show head
run upgrade test head --dry-run
run upgrade test head
run status
