#!/usr/bin/env bash
# The Hodgkin–Huxley simulation-efficiency study (bench/results/hodgkin_huxley.md): ACE and NPE
# on the five Allen recordings at each simulation budget given (default: 10000 100000), one
# amortized run per budget (one simulation set, one ACE network, one NPE for all five cells).
# Merges every run's metrics.csv into bench/results/hodgkin_huxley.csv.
# Usage: scripts/hh_efficiency_study.sh [SIMS...]   (env: SBI, DATA, OUT, THREADS, EXTRA)
set -euo pipefail
cd "$(dirname "$0")/.."
SBI=${SBI:-./build/cli/sbi}
DATA=${DATA:-../shared/data/allen}
OUT=${OUT:-runs/hh_study}
THREADS=${THREADS:-2}
budgets=("$@")
[ ${#budgets[@]} -eq 0 ] && budgets=(10000 100000)
csv=bench/results/hodgkin_huxley.csv
echo "recording,method,beta,sims,predictive_mae_z,predictive_finite,predictive_total,ace_predicted_cost" > "$csv"
for n in "${budgets[@]}"; do
  # ${EXTRA} e.g. "--max-epochs 150 --npe-max-epochs 100" to cap training at large budgets.
  "$SBI" fit-recordings --recording "$DATA" --sims "$n" --threads "$THREADS" \
      --out "$OUT/sims$n" ${EXTRA:-}
  tail -n +2 "$OUT/sims$n/metrics.csv" >> "$csv"
done
echo "wrote $csv; timings and means in $OUT/sims*/summary.json"
