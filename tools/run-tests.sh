#!/usr/bin/env bash
# Build and run every test: the README's test command (after
# tools/install-deps.sh).  Exit status is non-zero if any test failed.
set -uo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n=== [%s] %s\n' "$(date +%T)" "$*"; }
T0=$SECONDS
FUZZ_SECONDS=${FUZZ_SECONDS:-60}

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
export XDG_DATA_HOME=$SCRATCH/data XDG_CONFIG_HOME=$SCRATCH/config \
       XDG_CACHE_HOME=$SCRATCH/cache XDG_RUNTIME_DIR=$SCRATCH/run
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export ADW_DISABLE_PORTAL=1 GSK_RENDERER=cairo NO_AT_BRIDGE=1

setup() { # $1 = dir, rest = meson options
  local dir=$1; shift
  if [[ -d $dir ]]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
}

run_suite() { # $1 = build dir, rest = meson test args
  local dir=$1; shift
  timeout --kill-after=30 1800 \
    xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' \
    dbus-run-session -- bash -c '
      echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
      exec meson test -C "$0" --print-errorlogs --num-processes 2 "$@"' "$dir" "$@"
}

rc=0

log "build (warnings are errors)"
setup build-ci --buildtype=debugoptimized -Dwerror=true
meson compile -C build-ci || exit 1
log "build done ($((SECONDS - T0)) s)"

run_suite build-ci || rc=1
log "tests done ($((SECONDS - T0)) s)"

log "engine and sandbox tests under ASan+UBSan with leak checking"
setup build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true
meson compile -C build-asan || exit 1
run_suite build-asan --setup=sanitizers --suite engine --suite sandbox --suite cli || rc=1
log "sanitizer tests done ($((SECONDS - T0)) s)"

log "fuzzing the Python-subset reader for ${FUZZ_SECONDS} s"
if FUZZ_SECONDS=$FUZZ_SECONDS bash fuzz/run-fuzz.sh "$SCRATCH/fuzz"; then
  echo "fuzz: no crash"
  fuzz_result=OK
else
  echo "fuzz: FAILED"
  fuzz_result=FAIL
  rc=1
fi

# One strict closing line over both runs and the fuzzer: every program and
# every TAP subtest counts; a skip, a TODO or an expected failure is a
# failure, and the names that ran must equal tests/expected-tests.txt.
python3 tools/test-summary.py --ci --expected tests/expected-tests.txt --extra "fuzz/parsers=$fuzz_result" \
  build-ci/meson-logs/testlog.json build-asan/meson-logs/testlog-sanitizers.json || rc=1
log "all done ($((SECONDS - T0)) s), rc=$rc"
exit $rc
