#!/usr/bin/env bash
# Strong scaling of simulation over ranks (issue 36): `sbi simulate --task hodgkin_huxley --store`
# of N rows as (a) 1 process × 1 thread — the baseline —, (b) `mpirun -np 2`, 1 thread each, and
# (c) 1 process × 2 threads; each REPS times, the fastest wall time kept (the machine is shared).
# Prints a Markdown table: wall and CPU seconds (user + sys, children included), speedup =
# baseline wall / wall, parallel efficiency = speedup / workers. Also checks that the three
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
SIM=(simulate --task hodgkin_huxley --num "$N" --store-chunk-rows "$CHUNK" --seed 1 --quiet)

# run <name> <command...>: REPS timed runs into $WORK/<name>; sets WALL and CPU (best run).
run() {
  local name=$1; shift
  WALL=""; CPU=""
  for ((r = 0; r < REPS; r++)); do
    rm -rf "$WORK/$name"
    local t0 t1 c0 c1
    t0=$(date +%s.%N)
    c0=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)  # this shell's children: utime+stime+cutime+cstime (ticks)
    "$@" --store "$WORK/$name"
    t1=$(date +%s.%N)
    c1=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
    local wall cpu
    wall=$(echo "$t1 - $t0" | bc -l)
    cpu=$(echo "($c1 - $c0) / $(getconf CLK_TCK)" | bc -l)
    if [[ -z "$WALL" ]] || (( $(echo "$wall < $WALL" | bc -l) )); then WALL=$wall; CPU=$cpu; fi
  done
}

run one_thread "$SBI" "${SIM[@]}" --threads 1
W1=$WALL; C1=$CPU
run two_ranks $MPIRUN -np 2 "$SBI" "${SIM[@]}" --threads 1
W2=$WALL; C2=$CPU
run two_threads "$SBI" "${SIM[@]}" --threads 2
W3=$WALL; C3=$CPU

for other in two_ranks two_threads; do
  for f in "$WORK"/one_thread/*; do cmp -s "$f" "$WORK/$other/$(basename "$f")" || { echo "store $other differs: $(basename "$f")" >&2; exit 1; }; done
done

echo "Hodgkin–Huxley simulation into a store, N = $N rows, chunks of $CHUNK, best of $REPS; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| configuration | wall s | CPU s | speedup | efficiency |"
echo "|---|---|---|---|---|"
row() { printf "| %s | %.2f | %.2f | %.3f | %.1f%% |\n" "$1" "$2" "$3" "$(echo "$W1 / $2" | bc -l)" "$(echo "100 * $W1 / $2 / $4" | bc -l)"; }
row "1 process, 1 thread (baseline)" "$W1" "$C1" 1
row "mpirun -np 2, 1 thread each" "$W2" "$C2" 2
row "1 process, 2 threads" "$W3" "$C3" 2
echo
echo "stores byte-identical: yes"
