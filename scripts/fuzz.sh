#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, ASan and UBSan in build-fuzz/, then runs
# each for SECONDS (default 30) on a scratch copy of its seed corpus. Exit 0 when clang++ is
# absent (nothing to fuzz with), non-zero when a target finds a crash, leak, hang or report.
#   scripts/fuzz.sh [SECONDS] [target...]      e.g. scripts/fuzz.sh 600 csv model
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found; skipping the fuzz targets"
  exit 0
fi
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -fsanitize=fuzzer-no-link"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="$flags" -DSBI_FUZZ=ON -DSBI_BUILD_TESTS=OFF -DSBI_BUILD_BENCH=OFF -DSBI_CUDA=OFF \
  -DSBI_NATIVE=OFF -DSBI_FUZZ_SECONDS="$seconds" >/dev/null
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv array model allen config prior npy simulator_output)
cmake --build build-fuzz -j"${SBI_JOBS:-2}" --target $(printf 'fuzz_%s ' "${targets[@]}")
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
regex="^fuzz_($(IFS='|'; echo "${targets[*]}"))\$"
cd build-fuzz && ctest -L fuzz -R "$regex" --output-on-failure
