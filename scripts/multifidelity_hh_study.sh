#!/bin/bash
# The Hodgkin–Huxley multifidelity study behind bench/results/multifidelity_hh.*: NPE against
# MF-NPE (LF task hodgkin_huxley_lf, dt 0.1 ms instead of 0.02 ms) at 1e2 / 1e3 / 1e4
# high-fidelity simulations, pretrained on 1e4 or 1e5 low-fidelity ones, and on 1e5 of
# hodgkin_huxley_lf_coarse (dt 0.2 ms, 10x cheaper). Hodgkin–Huxley has no
# reference posterior, so the score is NLTP = −log q(θ* | x_o) at observations simulated from
# prior draws θ* (its mean over observations estimates E[−log q(θ | x)], which is the expected
# KL divergence from the true posterior plus a constant: lower is better), plus the median
# posterior-predictive distance.
# usage: scripts/multifidelity_hh_study.sh [SBI_BINARY] [WORK_DIR]
# OBS chooses the observations (default 1-100: the amortized methods score them cheaply).
# SEQUENTIAL=1 adds TSNPE and MF-TSNPE (1e5 coarse LF) at 1e3 on observations OBS_SEQUENTIAL
# (default 1-10).
set -euo pipefail
SBI=${1:-build/cli/sbi}
WORK=${2:-multifidelity_hh_work}
OBS=${OBS:-1-100}
OBS_SEQUENTIAL=${OBS_SEQUENTIAL:-1-10}
mkdir -p "$WORK"
COMMON="--task hodgkin_huxley --estimator nsf --num-samples 1000 --predictive-sims 10 --seed 0 --threads 1 --verbose"
run() { name=$1; shift; "$SBI" benchmark $COMMON "$@" --out "$WORK/$name.csv" --markdown "$WORK/$name.md" > "$WORK/$name.log" 2>&1; }
run npe --method npe --sims 100,1000,10000 --observations "$OBS"
run mf-npe-lf1e4 --method mf-npe --lf-sims 10000 --sims 100,1000,10000 --observations "$OBS"
run mf-npe-lf1e5 --method mf-npe --lf-sims 100000 --sims 100,1000,10000 --observations "$OBS"
run mf-npe-coarse-lf1e5 --method mf-npe --lf-task hodgkin_huxley_lf_coarse --lf-sims 100000 \
    --sims 100,1000,10000 --observations "$OBS"
if [ "${SEQUENTIAL:-0}" = 1 ]; then
  run tsnpe --method tsnpe --sims 1000 --observations "$OBS_SEQUENTIAL"
  run mf-tsnpe-coarse-lf1e5 --method mf-tsnpe --lf-task hodgkin_huxley_lf_coarse --lf-sims 100000 \
      --sims 1000 --observations "$OBS_SEQUENTIAL"
fi
python3 "$(dirname "$0")/summarize_nltp.py" "$WORK"/*.csv > "$WORK/table.md"
cat "$WORK/table.md"
