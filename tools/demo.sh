#!/usr/bin/env bash
# The main job: install dependencies, build, and run Liminal Desktop on the
# demo project (this repository's versions/) against four local sandbox
# tenants: dev at head, test two revisions behind, staging three behind and
# signing in through single sign-on, prod four behind.
#
# With a display, the window opens in demo mode.  Without one (a server, a
# CI machine, or --cli), the `liminal` command does the same tour: where the
# tenants stand (staging: "Sign-in needed"), `liminal login staging` (without
# a display it explains the cookie route; with one, --cli, it opens the
# sign-in window), a dry run and an upgrade of test, and where they stand then.
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

start_tenant() { # alias revision [sso]
  local alias=$1 rev=$2 sso=${3:-} out="$DEMO/$1.out"
  "$SANDBOX" --state "$DEMO/$alias.json" --seed "demo@$rev" --port 0 ${sso:+--sso} >"$out" 2>/dev/null &
  PIDS+=($!)
  for _ in $(seq 50); do grep -q '^Listening on ' "$out" 2>/dev/null && break; sleep 0.1; done
  local url; url=$(sed -n 's/^Listening on //p' "$out" | head -n 1)
  local var=${alias^^}
  export "LIMINAL_${var}_CLIENT_SECRET=sandbox-secret"
  if [[ -n $sso ]]; then
    printf '[%s]\ntenant-name=pizzahouse-%s\nurl=%s\nclient-id=sandbox\nauth=sso\n\n' "$alias" "$alias" "$url" \
      >>"$DEMO/tenants.ini"
  else
    printf '[%s]\ntenant-name=pizzahouse-%s\nurl=%s\nclient-id=sandbox\nadmin-email=admin@sandbox.test\n\n' \
      "$alias" "$alias" "$url" >>"$DEMO/tenants.ini"
    export "LIMINAL_${var}_ADMIN_PASSWORD=sandbox"
  fi
}
start_tenant dev "${ids[n-1]}"
start_tenant test "${ids[n-3]}"
start_tenant staging "${ids[n-4]}" sso
start_tenant prod "${ids[n-5]}"

# A command that exits non-zero says so, and the tour goes on.
run() { echo; echo "\$ liminal $*"; "$LIMINAL" -C "$DEMO" "$@" || echo "(exit status $?)"; }
run status
run login staging
run show head
run upgrade test head --dry-run
run upgrade test head
run status
