#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds, and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
(cd build && ctest --output-on-failure --timeout 1200 "$@")
# CTest above runs every fuzz target for a few seconds on the replay driver (fuzz_replay_*). With
# SBI_FUZZ_SECONDS=N, also N seconds of each under libFuzzer with ASan + UBSan (a second build
# with clang: scripts/fuzz.sh).
if [ "${SBI_FUZZ_SECONDS:-0}" != 0 ]; then
  bash scripts/fuzz.sh "${SBI_FUZZ_SECONDS}"
fi
