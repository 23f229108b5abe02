#!/usr/bin/env python3
"""Posterior-predictive MAE_z on the 7 Hodgkin–Huxley statistics, for the embedding demo
(bench/results/embeddings_hh.md).

For each benchmark observation k (the engine's own: θ* ~ p(θ) with seed derive_seed(seed,
1000 + k), x_o ~ p(x | θ*) with seed derive_seed(seed, 2000 + k); pipelines/
benchmark_observations.hpp), the first --draws posterior draws that `sbi benchmark
--save-samples DIR` wrote are simulated with hodgkin_huxley_lf_coarse (the 7 statistics of the
same voltage protocol the trace task downsamples), and

    MAE_z(k) = mean over finite simulations i and statistics j of |x_ij − x_o,j| / sd_j,

sd_j the prior-predictive sd of statistic j (--prior-sims simulations). Every run's draws are
simulated with the same seed, so the rows differ only by their posteriors. Prints one markdown
row per run: mean ± standard error of MAE_z over the observations, and the prior's own row.

    PYTHONPATH=build/python scripts/hh_predictive_mae.py --observations 20 \
        stats7=DIR1 trace_fc=DIR2 ...
"""
import argparse
import glob
import os
import sys

import numpy as np

import sbipp
from sbipp import _sbipp

TASK = "hodgkin_huxley_lf_coarse"


def observation(task, k, seed):
    theta = task.prior.sample(1, seed=_sbipp.derive_seed(seed, 1000 + k))
    x_o = task.simulate(theta, seed=_sbipp.derive_seed(seed, 2000 + k))[0]
    return theta[0], x_o


def mae_z(task, draws, x_o, sd, seed):
    x = task.simulate(np.ascontiguousarray(draws), seed=seed)
    finite = np.isfinite(x).all(axis=1)
    if not finite.any():
        return np.nan, 0.0
    return float(np.mean(np.abs(x[finite] - x_o) / sd)), float(finite.mean())


def draws_file(folder, k):
    found = glob.glob(os.path.join(folder, f"*_obs{k}.csv"))
    if len(found) != 1:
        sys.exit(f"{folder}: expected one *_obs{k}.csv, found {len(found)}")
    return found[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("runs", nargs="+", help="NAME=DIR of `sbi benchmark --save-samples DIR`")
    ap.add_argument("--observations", type=int, default=20)
    ap.add_argument("--draws", type=int, default=200)
    ap.add_argument("--prior-sims", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=0, help="the benchmark's --seed")
    args = ap.parse_args()
    task = sbipp.task(TASK)
    prior_x = task.simulate(task.prior.sample(args.prior_sims, seed=77), seed=78)
    sd = prior_x[np.isfinite(prior_x).all(axis=1)].std(axis=0)
    obs = [observation(task, k, args.seed) for k in range(1, args.observations + 1)]
    rows = [("prior", [task.prior.sample(args.draws, seed=90 + k) for k in range(1, args.observations + 1)])]
    for run in args.runs:
        name, folder = run.split("=", 1)
        rows.append((name, [np.loadtxt(draws_file(folder, k), delimiter=",", skiprows=1)[: args.draws]
                            for k in range(1, args.observations + 1)]))
    print("| run | MAE_z (mean ± s.e.) | finite simulations | θ* within the draws' 90 % box |")
    print("|---|---|---|---|")
    for name, all_draws in rows:
        scores, finite, covered = [], [], []
        for k, ((theta_true, x_o), draws) in enumerate(zip(obs, all_draws), start=1):
            s, f = mae_z(task, draws, x_o, sd, seed=5000 + k)
            scores.append(s)
            finite.append(f)
            lo, hi = np.quantile(draws, [0.05, 0.95], axis=0)
            covered.append(np.mean((theta_true >= lo) & (theta_true <= hi)))
        s = np.array(scores)
        s = s[np.isfinite(s)]
        print(f"| {name} | {s.mean():.3f} ± {s.std(ddof=1) / np.sqrt(len(s)):.3f} | {np.mean(finite):.3f} | "
              f"{np.mean(covered):.2f} |")


if __name__ == "__main__":
    main()
