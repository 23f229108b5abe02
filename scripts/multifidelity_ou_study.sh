#!/bin/bash
# The multifidelity study on Ornstein–Uhlenbeck (2-D) behind bench/results/multifidelity_ou.*:
# C2ST of NPE, MF-NPE, TSNPE, MF-TSNPE and A-MF-TSNPE at 50 / 1e2 / 1e3 / 1e4 high-fidelity
# simulations (1e4 low-fidelity), against the engine's exact rejection-sampled reference.
# usage: scripts/multifidelity_ou_study.sh [SBI_BINARY] [WORK_DIR]
# Flow: NSF by default, as in the multifidelity paper (zuko NSF); ESTIMATOR=maf to compare.
# THETA_SPACE=unconstrained models θ in the prior's logit space (the paper's logit transform).
# C2ST_CLASSIFIER=forest and NUM_SAMPLES=1000 score as the paper's code did (the sbi package's
# random-forest c2st on 1,000 posterior and 1,000 reference draws); the defaults are sbibm's MLP
# and 2,000 draws. Every draw (and the reference draws) is saved under WORK/samples, so the
# same draws can be scored again with the other classifier ('sbi metrics c2st').
# OBS_* choose the observations. The commands run in two single-threaded lanes in parallel
# (A-MF-TSNPE, the longest, alone in the second).
set -euo pipefail
SBI=${1:-build/cli/sbi}
WORK=${2:-multifidelity_ou_work}
OBS_AMORTIZED=${OBS_AMORTIZED:-1-10}
OBS_SEQUENTIAL=${OBS_SEQUENTIAL:-1-10}
ESTIMATOR=${ESTIMATOR:-nsf}
THETA_SPACE=${THETA_SPACE:-constrained}
C2ST_CLASSIFIER=${C2ST_CLASSIFIER:-mlp}
NUM_SAMPLES=${NUM_SAMPLES:-2000}
mkdir -p "$WORK"
COMMON="--task ornstein_uhlenbeck --estimator $ESTIMATOR --theta-space $THETA_SPACE --c2st-classifier $C2ST_CLASSIFIER --num-samples $NUM_SAMPLES --save-samples $WORK/samples --predictive-sims 200 --seed 0 --threads 1 --verbose"
run() { name=$1; shift; "$SBI" benchmark $COMMON "$@" --out "$WORK/$name.csv" --markdown "$WORK/$name.md" > "$WORK/$name.log" 2>&1; }
(
  run npe --method npe --sims 50,100,1000,10000 --observations "$OBS_AMORTIZED"
  run mf-npe --method mf-npe --lf-sims 10000 --sims 50,100,1000,10000 --observations "$OBS_AMORTIZED"
  run tsnpe --method tsnpe --sims 50,100,1000,10000 --observations "$OBS_SEQUENTIAL"
  run mf-tsnpe --method mf-tsnpe --lf-sims 10000 --sims 50,100,1000,10000 --observations "$OBS_SEQUENTIAL"
) &
run a-mf-tsnpe --method a-mf-tsnpe --lf-sims 10000 --sims 50,100,1000,10000 --observations "$OBS_SEQUENTIAL" &
wait
python3 "$(dirname "$0")/merge_multifidelity_results.py" "$WORK/multifidelity_ou.csv" $(ls "$WORK"/*.csv | grep -v multifidelity_ou.csv) > "$WORK/table.md"
cat "$WORK/table.md"
