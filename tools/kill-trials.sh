#!/bin/bash
# Many kill -9 (and SIGTERM) trials of an upgrade, by hand:
#   bash tools/kill-trials.sh [TRIALS] [JOBS] [more args]
# e.g. bash tools/kill-trials.sh 100 3 --sigterm-trials 20 --seed 7
set -euo pipefail
cd "$(dirname "$0")/.."
trials=${1:-100}
jobs=${2:-3}
shift $(($# > 2 ? 2 : $#))
export LIMINAL_CLI=${LIMINAL_CLI:-build/src/cli/liminal}
export LIMINAL_SANDBOX_EXE=${LIMINAL_SANDBOX_EXE:-build/src/sandbox/liminal-sandbox}
export LIMINAL_SOURCE_ROOT=$PWD
exec python3 tests/test-cli-kill.py --trials "$trials" --sigterm-trials 20 --jobs "$jobs" "$@" KillTest.test_kill_9_at_random_moments
