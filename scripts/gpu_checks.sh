#!/usr/bin/env bash
# The GPU checks of the CUDA backend (issue 10), for a machine with an NVIDIA GPU: the machine's
# description, `sbi device`, the CUDA test suite (every kernel against its CPU reference), the
# `sbi bench cuda` suite, and last a compute-sanitizer memcheck of the test suite where the tool
# exists. Each step has a time limit and writes its output to OUT_DIR, so a crash or a hang in
# one step still leaves the others' results.
#   usage: scripts/gpu_checks.sh [BUILD_DIR=build] [OUT_DIR=gpu_checks] [MIN_TIME=0.3]
set -uo pipefail
build=${1:-build}
out=${2:-gpu_checks}
min_time=${3:-0.3}
mkdir -p "$out"

{
  date -u
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
  nvcc --version | tail -1
  echo "cpu cores: $(nproc)"
  grep -m1 "model name" /proc/cpuinfo
  git rev-parse HEAD 2>/dev/null
} > "$out/machine.txt" 2>&1
cat "$out/machine.txt"

echo "== sbi device --device cuda"
timeout 60 "$build/cli/sbi" device --device cuda 2>&1 | tee "$out/device.txt"

echo "== test_cuda"
timeout 300 "$build/tests/test_cuda" --duration=true 2>&1 | tee "$out/test_cuda.txt"
echo "test_cuda exit status: ${PIPESTATUS[0]}" | tee -a "$out/test_cuda.txt"

echo "== sbi bench cuda"
timeout 300 "$build/cli/sbi" bench cuda --min-time "$min_time" > "$out/bench_cuda.txt" 2> "$out/bench_cuda.log"
echo "bench exit status: $?" >> "$out/bench_cuda.txt"
cat "$out/bench_cuda.txt"
tail -5 "$out/bench_cuda.log"

if command -v compute-sanitizer > /dev/null; then
  echo "== compute-sanitizer memcheck test_cuda"
  timeout 240 compute-sanitizer --tool memcheck --print-limit 20 "$build/tests/test_cuda" \
    > "$out/memcheck.txt" 2>&1
  echo "memcheck exit status: $?" >> "$out/memcheck.txt"
  tail -15 "$out/memcheck.txt"
fi
