#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds, and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
(cd build && ctest --output-on-failure --timeout 1200 "$@")
# A short run of every fuzz target (tests/fuzz) when clang is installed; SBI_FUZZ_SECONDS=0 skips.
if [ "${SBI_FUZZ_SECONDS:-30}" != 0 ]; then
  bash scripts/fuzz.sh "${SBI_FUZZ_SECONDS:-30}"
fi
