#!/usr/bin/env bash
# Builds the libFuzzer harnesses in BUILD_DIR and runs each for SECONDS (0: the seeds only) on a scratch
# copy of its seeds (tests/fuzz/corpus/<name>/ stays as committed), with its dictionary
# when there is one. Crashing inputs are kept in BUILD_DIR/fuzz-artifacts/<name>/.
# Last line: "fuzz: N targets, C crashes"; exit status 0 only with no crash.
# Used by ./build.sh fuzz, which configures the tree.
set -uo pipefail
cd "$(dirname "$0")/../.."

build_dir="$1"
seconds="$2"
jobs="${3:-2}"
case "$seconds" in ''|*[!0-9]*) echo "fuzz: SECONDS must be a whole number, got '$seconds'" >&2; exit 2 ;; esac

nice cmake --build "$build_dir" --target fuzz_harnesses -j "$jobs" || { echo "fuzz: build failed" >&2; exit 1; }

scratch="$(mktemp -d "${TMPDIR:-/tmp}/previewdesk-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
artifacts="$build_dir/fuzz-artifacts"
targets=0
crashes=0
for harness in "$build_dir"/tests/fuzz/fuzz_*; do
  [ -f "$harness" ] && [ -x "$harness" ] || continue   # not the *_autogen directories
  name="${harness##*/fuzz_}"
  targets=$((targets + 1))
  mkdir -p "$scratch/$name" "$artifacts/$name"
  if [ -d "tests/fuzz/corpus/$name" ]; then cp -r "tests/fuzz/corpus/$name/." "$scratch/$name/"; fi
  # 0 seconds: only run the seeds (libFuzzer's -max_total_time=0 would mean "forever").
  if [ "$seconds" -eq 0 ]; then limit=(-runs=0); else limit=(-max_total_time="$seconds"); fi
  args=("${limit[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$artifacts/$name/")
  if [ -f "tests/fuzz/$name.dict" ]; then args+=(-dict="tests/fuzz/$name.dict"); fi
  log="$artifacts/$name/last-run.log"
  before="$(find "$artifacts/$name" -maxdepth 1 -type f ! -name '*.log' | wc -l)"
  nice "$harness" "${args[@]}" "$scratch/$name" >"$log" 2>&1
  rc=$?
  after="$(find "$artifacts/$name" -maxdepth 1 -type f ! -name '*.log' | wc -l)"
  found=$((after - before))
  if [ "$rc" -ne 0 ] && [ "$found" -eq 0 ]; then found=1; fi   # died without writing an input
  crashes=$((crashes + found))
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  corpus="$(find "$scratch/$name" -type f | wc -l)"
  printf 'fuzz_%s: %s execs, %s exec/s, corpus %s, crashes %s\n' "$name" "${execs:-?}" "${rate:-?}" "$corpus" "$found"
  if [ "$found" -ne 0 ]; then
    echo "  see $log; inputs in $artifacts/$name/" >&2
    grep -m3 -E 'ERROR: |runtime error|fuzz property failed' "$log" | sed 's/^/  /' >&2
  fi
done
echo "fuzz: $targets targets, $crashes crashes"
[ "$targets" -gt 0 ] && [ "$crashes" -eq 0 ]
