#!/usr/bin/env bash
# Format every C source file under src/ with tools/uncrustify.cfg, or with
# --check report the files that are not formatted (exit 1) and change
# nothing.  Headers are left to hand alignment: their prototypes line up
# return types, names and parameters in three columns (GNOME's header
# layout), which uncrustify 0.72 cannot produce (it aligns names but not the
# parenthesis column, and loses the parameter column of the first prototype
# after a G_DECLARE_* macro).  Needs the `uncrustify` package
# (tools/install-deps.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
mapfile -t files < <(git ls-files 'src/*.c')
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
