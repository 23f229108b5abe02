#!/usr/bin/env bash
# Scaling study of issue 36 (bench/results/scaling.md): on this machine, `sbi bench mpi` as
#   1 rank x 1 thread, 2 ranks x 1 thread (mpirun), 1 rank x 2 threads,
# interleaved over ROUNDS rounds (default 2; each figure is the fastest over rounds), then
# scripts/scaling_model.py prints the measured table, the allgather fit and the model of time per
# epoch and per 10^6 simulations at 8-256 ranks (markdown, to paste into scaling.md).
# Usage: scripts/scaling_study.sh [RAW_DIR]   (SBI=path/to/sbi, ROUNDS=n to override)
# Takes about 2-3 minutes per round on an idle 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
SBI=${SBI:-build/cli/sbi}
RAW=${1:-build/scaling_raw}
ROUNDS=${ROUNDS:-2}
mkdir -p "$RAW"
# Open MPI may run as root in containers; waiting ranks yield the core instead of spinning.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_mpi_yield_when_idle=1
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$RAW/machine.txt"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round: 1 rank x 1 thread" >&2
  OMP_NUM_THREADS=1 "$SBI" bench mpi --threads 1 --json > "$RAW/r${round}_1rank_1thread.json"
  echo "round $round: 2 ranks x 1 thread" >&2
  OMP_NUM_THREADS=1 mpirun -np 2 --oversubscribe --bind-to none "$SBI" bench mpi --threads 1 --json \
    > "$RAW/r${round}_2ranks_1thread.json"
  echo "round $round: 1 rank x 2 threads" >&2
  OMP_NUM_THREADS=2 "$SBI" bench mpi --threads 2 --json > "$RAW/r${round}_1rank_2threads.json"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RAW/machine.txt"
python3 scripts/scaling_model.py "$RAW"
