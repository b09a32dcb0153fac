#!/bin/bash
# Many rounds of liminal processes racing on one tenant, by hand:
#   bash tools/race-trials.sh [ROUNDS] [PROCS] [more args]
# e.g. bash tools/race-trials.sh 30 6 --seed 7
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-30}
procs=${2:-6}
shift $(($# > 2 ? 2 : $#))
export LIMINAL_CLI=${LIMINAL_CLI:-build/src/cli/liminal}
export LIMINAL_SANDBOX_EXE=${LIMINAL_SANDBOX_EXE:-build/src/sandbox/liminal-sandbox}
export LIMINAL_SOURCE_ROOT=$PWD
exec python3 tests/test-cli-race.py --rounds "$rounds" --procs "$procs" "$@"
