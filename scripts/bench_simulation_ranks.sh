#!/usr/bin/env bash
# Strong scaling of simulation over ranks (issue 36): `sbi simulate --task hodgkin_huxley --store`
# of N rows as (a) 1 process × 1 thread — the baseline —, (b) `mpirun -np 2`, 1 thread each, and
# (c) 1 process × 2 threads; each REPS times, the fastest wall time kept (the machine is shared).
# Prints a Markdown table: wall seconds of the whole command (process and MPI start included),
# wall seconds of the simulation stage as rank 0 logs it (store created → final manifest, so the
# slowest rank's chunks included, start-up excluded), CPU seconds (user + sys, children
# included), speedup = baseline stage wall / stage wall, parallel efficiency = speedup / workers.
# On a loaded machine wall times do not show scaling; the load-independent figure is then the
# CPU-time estimate for an idle machine: baseline CPU / (ranks × the busiest rank's CPU seconds,
# as `sbi simulate --store` logs them per rank), which counts the work added by splitting and
# the imbalance between ranks (not the waiting at the final barrier, which is idle time). Also checks that the three
# stores are byte-identical (cmp of every file).
# Usage: scripts/bench_simulation_ranks.sh [N] [REPS]   (env SBI: the program, default build/cli/sbi)
set -euo pipefail
N=${1:-1000}
REPS=${2:-3}
SBI=${SBI:-build/cli/sbi}
CHUNK=${CHUNK:-50}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sbi_bench_ranks.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
MPIRUN="mpirun --oversubscribe --bind-to none"
SIM=(simulate --task hodgkin_huxley --num "$N" --store-chunk-rows "$CHUNK" --seed 1)

# run <name> <command...>: REPS timed runs into $WORK/<name>; sets WALL, STAGE and CPU (the run
# with the shortest stage).
run() {
  local name=$1; shift
  WALL=""; CPU=""; STAGE=""; RANKCPU=""
  for ((r = 0; r < REPS; r++)); do
    rm -rf "$WORK/$name"
    local t0 t1 c0 c1
    t0=$(date +%s.%N)
    c0=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)  # this shell's children: utime+stime+cutime+cstime (ticks)
    "$@" --store "$WORK/$name" 2> "$WORK/log"
    t1=$(date +%s.%N)
    c1=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
    local wall cpu stage
    wall=$(echo "$t1 - $t0" | bc -l)
    cpu=$(echo "($c1 - $c0) / $(getconf CLK_TCK)" | bc -l)
    stage=$(sed -n 's/.*done in \([0-9.]*\) s.*/\1/p' "$WORK/log" | head -1)
    local rank_cpu  # the busiest rank's CPU seconds
    rank_cpu=$(sed -n 's/.*by rank: //p' "$WORK/log" | tr ' ' '\n' | sort -g | tail -1)
    if [[ -z "$STAGE" ]] || (( $(echo "$stage < $STAGE" | bc -l) )); then
      WALL=$wall; CPU=$cpu; STAGE=$stage; RANKCPU=$rank_cpu
    fi
  done
}

run one_thread "$SBI" "${SIM[@]}" --threads 1
W1=$WALL; C1=$CPU; S1=$STAGE; R1=$RANKCPU
run two_ranks $MPIRUN -np 2 "$SBI" "${SIM[@]}" --threads 1
W2=$WALL; C2=$CPU; S2=$STAGE; R2=$RANKCPU
run two_threads "$SBI" "${SIM[@]}" --threads 2
W3=$WALL; C3=$CPU; S3=$STAGE

for other in two_ranks two_threads; do
  for f in "$WORK"/one_thread/*; do cmp -s "$f" "$WORK/$other/$(basename "$f")" || { echo "store $other differs: $(basename "$f")" >&2; exit 1; }; done
done

echo "Hodgkin–Huxley simulation into a store, N = $N rows, chunks of $CHUNK, best of $REPS; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| configuration | command wall s | stage wall s | CPU s | speedup (stage) | efficiency |"
echo "|---|---|---|---|---|---|"
row() { printf "| %s | %.2f | %.2f | %.2f | %.3f | %.1f%% |\n" "$1" "$2" "$3" "$4" "$(echo "$S1 / $3" | bc -l)" \
          "$(echo "100 * $S1 / $3 / $5" | bc -l)"; }
row "1 process, 1 thread (baseline)" "$W1" "$S1" "$C1" 1
row "mpirun -np 2, 1 thread each" "$W2" "$S2" "$C2" 2
row "1 process, 2 threads" "$W3" "$S3" "$C3" 2
echo
printf "CPU seconds simulating: 1 rank %.2f; 2 ranks, the busiest %.2f -> estimated 1->2 rank efficiency on an idle machine: %.1f%%\n" \
  "$R1" "$R2" "$(echo "100 * $R1 / (2 * $R2)" | bc -l)"
echo "stores byte-identical: yes"
