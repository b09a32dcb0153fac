#!/usr/bin/env bash
# Format every C file under src/ with
# tools/uncrustify.cfg, or with --check report the files that are not
# formatted (exit 1) and change nothing.  Needs the `uncrustify` package
# (tools/install-deps.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
mapfile -t files < <(git ls-files 'src/*.c' 'src/*.h')
if [[ $mode == --check ]]; then
  if out=$(uncrustify -q -c tools/uncrustify.cfg --check "${files[@]}" 2>&1); then
    echo "format: ${#files[@]} files formatted"
  else
    echo "$out" | grep -E '^FAIL' || echo "$out"
    echo "format: the files above are not formatted; run: bash tools/format.sh"
    exit 1
  fi
else
  uncrustify -q -c tools/uncrustify.cfg --no-backup "${files[@]}"
fi
