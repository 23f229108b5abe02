#!/bin/bash
# The sequential methods on sbibm's shipped tasks (bench/results/sbibm/sequential/): SNPE-C
# (APT, NSF as sbibm's SNPE), SNLE (MAF) and SNRE (NRE-A, NRE-B as sbibm's SNRE, NRE-C) with sbibm's protocol — the
# budget split evenly over 10 rounds, one run of the rounds per observation, C2ST against the
# reference posteriors of ../shared/data/sbibm.
# usage: scripts/sbibm_sequential.sh [SBI_BINARY] [WORK_DIR]
# Environment (defaults = the full grid): TASKS, METHODS, SIMS (comma list), OBS (e.g. 1-10),
# LANES (parallel single-threaded runs, default 2), EXTRA (more `sbi benchmark` flags, e.g.
# "--batch-size 100": sbibm trains with min(10⁴, simulations per round) rows per minibatch), SEED
# (default 0: sbibm runs one seed per observation; other seeds measure the seed-to-seed spread).
# One CSV per (task, method) in WORK_DIR, then one table (scripts/summarize_sbibm_results.py) in WORK_DIR/table.md.
set -euo pipefail
SBI=${1:-build/cli/sbi}
WORK=${2:-sbibm_sequential_work}
TASKS=${TASKS:-"two_moons gaussian_linear slcp bernoulli_glm"}
METHODS=${METHODS:-"snpe-c snle snre snre-b snre-c"}
SIMS=${SIMS:-1000,10000}
OBS=${OBS:-1-10}
LANES=${LANES:-2}
REFS=${REFS:-../shared/data/sbibm}
EXTRA=${EXTRA:-}
SEED=${SEED:-0}
mkdir -p "$WORK"
estimator() { case $1 in snpe-c) echo nsf ;; snpe-a) echo mdn ;; *) echo maf ;; esac; }
jobs_list() {
  for task in $TASKS; do for method in $METHODS; do echo "$task $method"; done; done
}
run_one() {
  local task=$1 method=$2 name="$WORK/${1}_${2}"
  "$SBI" benchmark --task "$task" --method "$method" --estimator "$(estimator "$method")" --rounds 10 \
    --sims "$SIMS" --observations "$OBS" --reference-dir "$REFS" --seed "$SEED" --threads 1 --verbose $EXTRA \
    --out "$name.csv" --markdown "$name.md" > "$name.log" 2>&1 || echo "failed: $task $method (see $name.log)"
}
export -f run_one estimator
export SBI WORK SIMS OBS REFS EXTRA SEED
jobs_list | xargs -P "$LANES" -L 1 bash -c 'run_one $0 $1'
python3 "$(dirname "$0")/summarize_sbibm_results.py" "$WORK"/*.csv > "$WORK/table.md" || true
cat "$WORK/table.md"
