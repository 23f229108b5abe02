#!/usr/bin/env bash
# Configures and builds sbi++ in ./build (Release), installing missing system packages first.
# Extra arguments are passed to CMake (e.g. -DSBI_CUDA=OFF).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$jobs"
