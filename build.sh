#!/usr/bin/env bash
# Builds PreviewDesk and then runs what you ask for:
#   ./build.sh demo          build, then open the app on the embedded sandbox cluster
#   ./build.sh test          build, then run the whole test suite (ctest); with SANITIZE=1
#                            the same as ./build.sh sanitize (what CI runs)
#   ./build.sh bench         optimised build, then run the benchmarks
#   ./build.sh release       optimised build of every target (tests and benchmarks too), nothing run
#   ./build.sh package       optimised build, then the Debian package (path printed last), validated
#   ./build.sh sanitize      build everything with ASan + UBSan in build-sanitize/, run ctest
#   ./build.sh fuzz [SECS]   build the libFuzzer harnesses (clang) in build-fuzz/, run each
#                            for SECS seconds (default 60); exit 0 only without crashes
#   ./build.sh               just build
# BUILD_DIR chooses the build tree (default: build, build-release, build-sanitize, build-fuzz).
# ccache, when installed, caches compilations across trees.
set -euo pipefail
cd "$(dirname "$0")"

what="${1:-build}"
# SANITIZE=1 ./build.sh test: the test command on the ASan + UBSan tree.
if [ "$what" = test ] && [ -n "${SANITIZE:-}" ] && [ "${SANITIZE}" != 0 ]; then what=sanitize; fi
jobs="$(nproc 2>/dev/null || echo 2)"
werror=OFF
if [ -n "${CI:-}" ]; then werror=ON; fi
extra=()
if command -v ccache >/dev/null 2>&1; then
  extra+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # Paths relative to the checkout, so another clone of the repository hits the same cache.
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
fi

case "$what" in
  bench|release|package) build_type=Release; default_dir=build-release ;;
  demo|test|build) build_type=Debug; default_dir=build ;;
  sanitize) build_type=Debug; default_dir=build-sanitize; extra+=(-DPREVIEWDESK_SANITIZE=ON) ;;
  fuzz) build_type=Debug; default_dir=build-fuzz
        # clang's own warnings differ from gcc's, which -Werror is tuned for.
        werror=OFF
        extra+=(-DPREVIEWDESK_FUZZ=ON -DPREVIEWDESK_BUILD_GUI=OFF -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++) ;;
  *) echo "usage: ./build.sh [demo|test|bench|release|package|sanitize|fuzz [SECONDS]]" >&2; exit 2 ;;
esac
build_dir="${BUILD_DIR:-$default_dir}"

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DPREVIEWDESK_WERROR="$werror" \
      ${extra[@]+"${extra[@]}"} >/dev/null
if [ "$what" = fuzz ]; then
  exec tests/fuzz/run-fuzzers.sh "$build_dir" "${2:-60}" "$jobs"
fi
cmake --build "$build_dir" -j "$jobs"

case "$what" in
  demo)  exec "$build_dir/src/app/previewdesk" --demo ;;
  test)  exec ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" ;;
  bench) cmake --build "$build_dir" --target bench ;;
  sanitize)
    # Qt and the system libraries are not instrumented: leaks inside them are suppressed
    # (tests/sanitize/lsan.supp names only third-party frames); any report is fatal.
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1}"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
    export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0}"
    exec ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" ;;
  package)
    # The .deb of the Release tree, checked the way Debian and AppStream check packages;
    # its path is the last line printed.
    rm -rf "$build_dir/package"
    (cd "$build_dir" && cpack -G DEB -B "$PWD/package" >/dev/null)
    deb="$(ls "$build_dir"/package/previewdesk_*_amd64.deb)"
    packaging/check-package.sh "$deb" "$build_dir"
    echo "$deb" ;;
  build|release) ;;
esac
