#!/usr/bin/env bash
# The GPU checks of the CUDA backend, as ONE run on a machine with an NVIDIA GPU (at most about 8
# minutes; each step has its own time limit, so a crash or hang in one still leaves the others'
# results). Writes at most 7 files into OUT_DIR (default $OUT, the device tool's folder, else
# gpu_checks/), for bench/results/cuda/:
#   machine.txt     the GPU, driver, nvcc, CPU, revision, and `sbi device --device cuda`
#   test_cuda.txt   the CUDA test suite: every kernel against the CPU's own definition, within
#                   float tolerance (GPU tests skip where no GPU is usable)
#   bench_cuda.txt  `sbi bench cuda` (JSON lines; its log in bench_cuda.log)
#   hh_compare.txt  `sbi simulate --task hodgkin_huxley --device cuda` against `--device cpu` on
#                   the same θ rows: per statistic, the mean of the paired differences within 5
#                   standard errors of 0 (the GPU draws Philox noise, the CPU Boost normals:
#                   equal in distribution, not row by row),
#                   and the wall-clock ratio (all CPU threads against the GPU)
#   memcheck.txt    compute-sanitizer memcheck over the CUDA test suite
# On a machine without an NVIDIA GPU it says so and exits 0 without running anything.
#
# The binaries come from BUILD_DIR (cli/sbi and tests/test_cuda). The device machine has nvcc,
# CMake and ninja but not Eigen, Boost or nlohmann_json, so build them HERE, portable, and carry
# the folder (run: carry ["build-cuda"]):
#   scripts/gpu_checks.sh --build [BUILD_DIR=build-cuda]
# which configures with -DSBI_CUDA=ON -DSBI_NATIVE=OFF -march=x86-64-v3 -DSBI_MPI=OFF (no libmpi
# there) and static libstdc++, and builds sbi and test_cuda only.
#   usage: scripts/gpu_checks.sh [BUILD_DIR=build-cuda] [OUT_DIR] [MIN_TIME=0.2]
set -uo pipefail

if [[ "${1:-}" == "--build" ]]; then
  build=${2:-build-cuda}
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSBI_CUDA=ON -DSBI_NATIVE=OFF \
    -DSBI_MPI=OFF -DSBI_PYTHON=OFF -DCMAKE_CXX_FLAGS=-march=x86-64-v3 \
    -DCMAKE_EXE_LINKER_FLAGS="-static-libstdc++ -static-libgcc" || exit 1
  exec cmake --build "$build" -j "$(nproc)" --target sbi test_cuda
fi

build=${1:-build-cuda}
out=${2:-${OUT:-gpu_checks}}
min_time=${3:-0.2}

if ! command -v nvidia-smi > /dev/null || ! nvidia-smi -L 2>/dev/null | grep -q "^GPU "; then
  echo "gpu_checks: no NVIDIA GPU on this machine (nvidia-smi finds none); nothing was run."
  echo "gpu_checks: run it on a GPU machine (the device tool), with $build built by"
  echo "            'scripts/gpu_checks.sh --build $build' and carried along."
  exit 0
fi
sbi="$build/cli/sbi"
tests="$build/tests/test_cuda"
for f in "$sbi" "$tests"; do
  if [[ ! -x "$f" ]]; then
    echo "gpu_checks: $f is missing: build it with 'scripts/gpu_checks.sh --build $build' and carry $build." >&2
    exit 1
  fi
done
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

echo "== machine"
{
  date -u
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
  command -v nvcc > /dev/null && nvcc --version | tail -1
  echo "cpu cores: $(nproc)"
  grep -m1 "model name" /proc/cpuinfo
  git rev-parse HEAD 2>/dev/null || echo "revision: $("$sbi" --version)"
  echo "== sbi device --device cuda"
  timeout 60 "$sbi" device --device cuda
} > "$out/machine.txt" 2>&1
cat "$out/machine.txt"

echo "== test_cuda (GPU against CPU within float tolerance)"
timeout 120 "$tests" --duration=true > "$out/test_cuda.txt" 2>&1
rc=$?
echo "test_cuda exit status: $rc" >> "$out/test_cuda.txt"
tail -4 "$out/test_cuda.txt"
[[ $rc -eq 0 ]] || status=1

echo "== sbi bench cuda"
timeout 180 "$sbi" bench cuda --min-time "$min_time" > "$out/bench_cuda.txt" 2> "$out/bench_cuda.log"
rc=$?
echo "bench exit status: $rc" >> "$out/bench_cuda.txt"
cat "$out/bench_cuda.txt"
[[ $rc -eq 0 ]] || status=1

echo "== sbi simulate --task hodgkin_huxley: --device cuda against --device cpu"
n=2048
{
  t0=$(date +%s.%N)
  timeout 150 "$sbi" simulate --task hodgkin_huxley --num "$n" --seed 7 --device cpu --quiet \
    --out "$work/hh_cpu.csv" --theta-out "$work/theta.csv"
  echo "cpu exit status: $?"
  t1=$(date +%s.%N)
  timeout 60 "$sbi" simulate --task hodgkin_huxley --theta "$work/theta.csv" --seed 7 --device cuda \
    --quiet --out "$work/hh_gpu.csv"
  echo "gpu exit status: $?"
  t2=$(date +%s.%N)
  python3 - "$work/hh_cpu.csv" "$work/hh_gpu.csv" "$t0" "$t1" "$t2" "$(nproc)" <<'EOF'
import sys
import numpy as np
cpu_path, gpu_path, t0, t1, t2, threads = sys.argv[1:]
cpu = np.genfromtxt(cpu_path, delimiter=",", names=True)
gpu = np.genfromtxt(gpu_path, delimiter=",", names=True)
names = cpu.dtype.names
print(f"rows: cpu {cpu.shape[0]}, gpu {gpu.shape[0]}; same columns: {names == gpu.dtype.names}")
ok = cpu.shape == gpu.shape and names == gpu.dtype.names
for name in names:
    # Paired on the same θ rows: d_i = gpu_i - cpu_i has mean 0 when the noise only differs.
    a, b = cpu[name], gpu[name]
    both = np.isfinite(a) & np.isfinite(b)
    d = b[both] - a[both]
    se = d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else 0.0
    z = abs(d.mean()) / se if se > 0 else (0.0 if d.mean() == 0 else np.inf)
    # Non-finite statistics (no spikes, ...): the counts differ by binomial noise only.
    fa, fb, n = np.isfinite(a).sum(), np.isfinite(b).sum(), len(a)
    q = 1 - (fa + fb) / (2 * n)
    ok = ok and z < 5 and abs(fa - fb) <= 5 * np.sqrt(2 * n * q * (1 - q)) + 1
    print(f"{name:13s} cpu mean {a[both].mean(): .6g}  gpu mean {b[both].mean(): .6g}  "
          f"({both.sum()} rows finite in both; finite: cpu {np.isfinite(a).sum()}, gpu "
          f"{np.isfinite(b).sum()})  |mean difference| / standard error {z:.2f}")
cpu_s, gpu_s = float(t1) - float(t0), float(t2) - float(t1)
print(f"wall seconds: cpu ({threads} threads) {cpu_s:.2f}, gpu {gpu_s:.2f} (process start, "
      f"upload and download included); ratio {cpu_s / gpu_s:.1f}x")
print("distribution check:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
EOF
  echo "compare exit status: $?"
} > "$out/hh_compare.txt" 2>&1
cat "$out/hh_compare.txt"
grep -q "distribution check: PASS" "$out/hh_compare.txt" || status=1

if command -v compute-sanitizer > /dev/null; then
  echo "== compute-sanitizer memcheck test_cuda"
  timeout 150 compute-sanitizer --tool memcheck --print-limit 20 "$tests" > "$out/memcheck.txt" 2>&1
  rc=$?
  echo "memcheck exit status: $rc" >> "$out/memcheck.txt"
  tail -6 "$out/memcheck.txt"
  [[ $rc -eq 0 ]] || status=1
else
  echo "gpu_checks: compute-sanitizer not found; memcheck skipped" | tee "$out/memcheck.txt"
fi
echo "gpu_checks: done (status $status); outputs in $out"
exit $status
