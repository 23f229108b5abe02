#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds, and runs the default job.
# Arguments are passed to `sbi run` (none: the built-in default).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec ./build/cli/sbi run "$@"
