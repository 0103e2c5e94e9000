#!/usr/bin/env bash
# Builds PreviewDesk and then runs what you ask for:
#   ./build.sh demo    build, then open the app on the embedded sandbox cluster
#   ./build.sh test    build, then run the whole test suite (ctest)
#   ./build.sh bench   optimised build, then run the benchmarks
#   ./build.sh release optimised build of every target (tests and benchmarks too), nothing run
#   ./build.sh         just build
# BUILD_DIR chooses the build tree (default: build, or build-release for bench and release).
# ccache, when installed, caches compilations across trees.
set -euo pipefail
cd "$(dirname "$0")"

what="${1:-build}"
jobs="$(nproc 2>/dev/null || echo 2)"
werror=OFF
if [ -n "${CI:-}" ]; then werror=ON; fi

case "$what" in
  bench|release) build_type=Release; default_dir=build-release ;;
  demo|test|build) build_type=Debug; default_dir=build ;;
  *) echo "usage: ./build.sh [demo|test|bench|release]" >&2; exit 2 ;;
esac
build_dir="${BUILD_DIR:-$default_dir}"

launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DPREVIEWDESK_WERROR="$werror" "${launcher[@]}" >/dev/null
cmake --build "$build_dir" -j "$jobs"

case "$what" in
  demo)  exec "$build_dir/src/app/previewdesk" --demo ;;
  test)  exec ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" ;;
  bench) cmake --build "$build_dir" --target bench ;;
  build|release) ;;
esac
