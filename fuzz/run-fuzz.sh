#!/bin/sh
# run-fuzz.sh — build the lim-py libFuzzer target with clang (no meson) and
# run it on a scratch copy of the seed corpus.
#
# usage: fuzz/run-fuzz.sh [OUTDIR]        (default OUTDIR: /tmp/liminal-fuzz)
# environment:
#   FUZZ_SECONDS  how long to fuzz (default 60)
#   FUZZ_JOBS     parallel fuzzing jobs (default 1)
#   CC            compiler (default clang; must support -fsanitize=fuzzer)
#
# Exits non-zero when the build fails or the fuzzer finds a crash, a leak,
# undefined behaviour or a timeout; the reproducer is left in OUTDIR/artifacts.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=${1:-/tmp/liminal-fuzz}
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
cc=${CC:-clang}

mkdir -p "$out/artifacts"
out=$(cd "$out" && pwd)

echo "run-fuzz: building $out/fuzz-py with $cc"
# shellcheck disable=SC2046
"$cc" -std=gnu17 -g -O1 \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -Wall -Wextra -Werror -Wno-unused-parameter \
  -I"$root/src/engine" $(pkg-config --cflags glib-2.0) \
  "$here/fuzz-py.c" "$root/src/engine/lim-py.c" \
  $(pkg-config --libs glib-2.0) \
  -o "$out/fuzz-py"

# Work on a scratch copy so the checked-in seeds never change.
corpus="$out/corpus"
rm -rf "$corpus"
mkdir -p "$corpus"
cp "$here"/corpus/py/* "$corpus/"

# Python tokens help the fuzzer get past the lexer quickly.
cat > "$out/py.dict" <<'EOF'
"import "
"from "
" as "
"def "
"return "
"pass"
"None"
"True"
"False"
"lambda"
"class "
"if "
"for "
" -> "
"list[b.BaseOperation]"
"b.CreateEntitySchemaField("
"os.environ["
"set()"
"'''"
"\"\"\""
"\\x41"
"\\u00e9"
"\\U0001F600"
"\\N{BULLET}"
"\\\x0a"
"\x0d\x0a"
"\x0d"
"\x09"
"\xef\xbb\xbf"
"0x"
"0o"
"0b"
"1_000"
"1e-5"
"9223372036854775808"
"..."
":="
"**"
"=="
"+="
"r'"
"b'"
"f'"
"u'"
"rb'"
"    "
"\x0a    "
EOF

parallel=""
if [ "$jobs" -gt 1 ]; then
  # Each job runs for the whole time, logging to fuzz-N.log in $out.
  parallel="-jobs=$jobs -workers=$jobs"
  cd "$out"
fi

echo "run-fuzz: fuzzing for ${seconds}s ($jobs job(s)), corpus $corpus"
set +e
# shellcheck disable=SC2086
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" \
G_SLICE=always-malloc G_DEBUG=gc-friendly \
"$out/fuzz-py" \
  -max_len=65536 \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=4096 \
  $parallel \
  -dict="$out/py.dict" \
  -artifact_prefix="$out/artifacts/" \
  -print_final_stats=1 \
  "$corpus"
status=$?
set -e

if [ "$status" -ne 0 ]; then
  echo "run-fuzz: FAILED (exit $status); reproducers in $out/artifacts:" >&2
  ls -l "$out/artifacts" >&2 || true
  exit "$status"
fi
echo "run-fuzz: no crash in ${seconds}s"

# Second target: whole revision files (operations, properties, the writer's
# round trip).  Seeds: the golden files, the demo history and the reader's.
rseconds=${FUZZ_REVISION_SECONDS:-30}
echo "run-fuzz: building $out/fuzz-revision with $cc"
printf '#define PACKAGE_VERSION "fuzz"\n#define GETTEXT_PACKAGE "liminal-desktop"\n' > "$out/config.h"
# shellcheck disable=SC2046
"$cc" -std=gnu17 -g -O1 \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -Wall -Wextra -Werror -Wno-unused-parameter \
  -I"$out" -I"$root/src/engine" $(pkg-config --cflags glib-2.0 json-glib-1.0) \
  "$here/fuzz-revision.c" "$root/src/engine/lim-revision.c" "$root/src/engine/lim-operation.c" \
  "$root/src/engine/lim-props.c" "$root/src/engine/lim-benchling-types.c" "$root/src/engine/lim-py.c" \
  $(pkg-config --libs glib-2.0 json-glib-1.0) \
  -o "$out/fuzz-revision"
rcorpus="$out/revision-corpus"
rm -rf "$rcorpus"
mkdir -p "$rcorpus"
cp "$root"/tests/data/golden/*.py "$root"/versions/*.py "$root"/tests/data/revisions/*.py "$here"/corpus/py/* "$rcorpus/"
echo "run-fuzz: fuzzing revision files for ${rseconds}s"
set +e
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" \
G_SLICE=always-malloc G_DEBUG=gc-friendly \
"$out/fuzz-revision" \
  -max_len=65536 \
  -max_total_time="$rseconds" \
  -timeout=10 \
  -rss_limit_mb=4096 \
  -dict="$out/py.dict" \
  -artifact_prefix="$out/artifacts/revision-" \
  -print_final_stats=1 \
  "$rcorpus"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "run-fuzz: revision target FAILED (exit $status); reproducers in $out/artifacts" >&2
  exit "$status"
fi
echo "run-fuzz: revision target: no crash in ${rseconds}s"

# Third target: the revision cache reader (lim-revision-cache).  Seeds: the
# entries of a cache file of the demo history (the target puts a header in
# front), whole and its first entry alone.
cseconds=${FUZZ_CACHE_SECONDS:-30}
echo "run-fuzz: building $out/fuzz-revision-cache with $cc"
# shellcheck disable=SC2046
"$cc" -std=gnu17 -g -O1 \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -Wall -Wextra -Werror -Wno-unused-parameter \
  -I"$out" -I"$root/src/engine" $(pkg-config --cflags glib-2.0 json-glib-1.0) \
  "$here/fuzz-revision-cache.c" "$root/src/engine/lim-revision-cache.c" "$root/src/engine/lim-revision.c" \
  "$root/src/engine/lim-operation.c" "$root/src/engine/lim-props.c" "$root/src/engine/lim-benchling-types.c" \
  "$root/src/engine/lim-py.c" \
  $(pkg-config --libs glib-2.0 json-glib-1.0) \
  -o "$out/fuzz-revision-cache"
ccorpus="$out/cache-corpus"
rm -rf "$ccorpus"
mkdir -p "$ccorpus"
cp "$here"/corpus/revision-cache/* "$ccorpus/"
echo "run-fuzz: fuzzing the revision cache for ${cseconds}s"
set +e
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" \
G_SLICE=always-malloc G_DEBUG=gc-friendly \
"$out/fuzz-revision-cache" \
  -max_len=65536 \
  -max_total_time="$cseconds" \
  -timeout=10 \
  -rss_limit_mb=4096 \
  -artifact_prefix="$out/artifacts/revision-cache-" \
  -print_final_stats=1 \
  "$ccorpus"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "run-fuzz: revision cache target FAILED (exit $status); reproducers in $out/artifacts" >&2
  exit "$status"
fi
echo "run-fuzz: revision cache target: no crash in ${cseconds}s"

# Fourth target: the header scan of revision files (lim-revision-scan.c)
# against the parser.  Seeds: the same files as the revision target.
sseconds=${FUZZ_SCAN_SECONDS:-30}
echo "run-fuzz: building $out/fuzz-revision-scan with $cc"
# shellcheck disable=SC2046
"$cc" -std=gnu17 -g -O1 \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -Wall -Wextra -Werror -Wno-unused-parameter \
  -I"$out" -I"$root/src/engine" $(pkg-config --cflags glib-2.0 json-glib-1.0) \
  "$here/fuzz-revision-scan.c" "$root/src/engine/lim-revision-scan.c" "$root/src/engine/lim-revision.c" \
  "$root/src/engine/lim-operation.c" "$root/src/engine/lim-props.c" "$root/src/engine/lim-benchling-types.c" \
  "$root/src/engine/lim-py.c" \
  $(pkg-config --libs glib-2.0 json-glib-1.0) \
  -o "$out/fuzz-revision-scan"
scorpus="$out/scan-corpus"
rm -rf "$scorpus"
mkdir -p "$scorpus"
cp "$root"/tests/data/golden/*.py "$root"/versions/*.py "$root"/tests/data/revisions/*.py "$here"/corpus/py/* "$scorpus/"
echo "run-fuzz: fuzzing the header scan for ${sseconds}s"
set +e
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" \
G_SLICE=always-malloc G_DEBUG=gc-friendly \
"$out/fuzz-revision-scan" \
  -max_len=65536 \
  -max_total_time="$sseconds" \
  -timeout=10 \
  -rss_limit_mb=4096 \
  -dict="$out/py.dict" \
  -artifact_prefix="$out/artifacts/revision-scan-" \
  -print_final_stats=1 \
  "$scorpus"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "run-fuzz: header scan target FAILED (exit $status); reproducers in $out/artifacts" >&2
  exit "$status"
fi
echo "run-fuzz: header scan target: no crash in ${sseconds}s"

# Fifth target: the reader of Liminal's Python model (lim-model-python-read
# over lim-py's model mode), with the engine files it links against.  Seeds:
# models of the reader's tests, several files to an input ("#### NAME" lines).
mseconds=${FUZZ_MODEL_SECONDS:-30}
echo "run-fuzz: building $out/fuzz-model-python-read with $cc"
# shellcheck disable=SC2046
"$cc" -std=gnu17 -g -O1 \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -Wall -Wextra -Werror -Wno-unused-parameter \
  -I"$out" -I"$root/src/engine" $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0 yajl) \
  "$here/fuzz-model-python-read.c" "$root/src/engine/lim-model-python-read.c" \
  "$root/src/engine/lim-model-files.c" "$root/src/engine/lim-py.c" "$root/src/engine/lim-props.c" \
  "$root/src/engine/lim-benchling-types.c" "$root/src/engine/lim-compare.c" "$root/src/engine/lim-json.c" \
  "$root/src/engine/lim-snapshot.c" "$root/src/engine/lim-snapshot-stream.c" \
  "$root/src/engine/lim-snapshot-convert.c" "$root/src/engine/lim-revision.c" \
  "$root/src/engine/lim-operation.c" "$root/src/engine/lim-project.c" "$root/src/engine/lim-timeline.c" \
  "$root/src/engine/lim-revision-cache.c" "$root/src/engine/lim-revision-scan.c" \
  $(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0 yajl) \
  -o "$out/fuzz-model-python-read"
mcorpus="$out/model-corpus"
rm -rf "$mcorpus"
mkdir -p "$mcorpus"
cp "$here"/corpus/model-python-read/* "$mcorpus/"
echo "run-fuzz: fuzzing the Python model reader for ${mseconds}s"
set +e
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" \
G_SLICE=always-malloc G_DEBUG=gc-friendly \
"$out/fuzz-model-python-read" \
  -max_len=65536 \
  -max_total_time="$mseconds" \
  -timeout=10 \
  -rss_limit_mb=4096 \
  -dict="$out/py.dict" \
  -artifact_prefix="$out/artifacts/model-python-read-" \
  -print_final_stats=1 \
  "$mcorpus"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "run-fuzz: Python model reader target FAILED (exit $status); reproducers in $out/artifacts" >&2
  exit "$status"
fi
echo "run-fuzz: Python model reader target: no crash in ${mseconds}s"
