#!/usr/bin/env python3
"""Simulation-based calibration (SBC) of a saved NPE model file on held-out simulations.

For pairs (θ_j, x_j) from the joint p(θ) p(x | θ), not used in training, the rank of θ_j among
L posterior draws at x_j is uniform on {0, ..., L} for every parameter if q(θ | x) = p(θ | x)
(Talts et al. 2018). Printed per parameter:
  - the fraction of θ_j outside the central 90 % of the draws (0.10 if calibrated; higher:
    over-confident, lower: under-confident), with its binomial standard error;
  - the mean normalized rank (0.5 if unbiased; below: the posterior sits above the truth);
  - the p-value of a χ² test of the ranks' uniformity over 10 bins.

The held-out set is a `--save-simulations` folder (simulations_theta.csv, simulations_x.csv),
e.g. a small `sbi run` with another seed and the same protocol; rows with non-finite x are
skipped (they are not simulations the NPE was trained on).

usage: bench/python/npe_model_sbc.py MODEL.sbi SIM_DIR SBI_BINARY [--pairs 300] [--draws 200]
       [--ranks-out RANKS.csv]   (one row per pair: its x, then the normalized rank of each θ)
"""
import argparse
import math
import os
import tempfile

import numpy as np

from sbi_cli import SbiCli, read_csv


def chi2_sf(x, k):
    """Upper tail of the χ² distribution with k degrees of freedom (regularized Γ, series)."""
    a, z = k / 2.0, x / 2.0
    if z <= 0:
        return 1.0
    term = total = 1.0 / a
    n = 1
    while term > 1e-15 * total:  # lower incomplete γ(a, z) by its power series
        term *= z / (a + n)
        total += term
        n += 1
    lower = math.exp(-z + a * math.log(z) - math.lgamma(a)) * total
    return max(0.0, 1.0 - lower)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model")
    ap.add_argument("sim_dir")
    ap.add_argument("sbi")
    ap.add_argument("--pairs", type=int, default=300)
    ap.add_argument("--draws", type=int, default=200)
    ap.add_argument("--ranks-out")
    a = ap.parse_args()
    model, sim_dir, sbi, pairs, draws = a.model, a.sim_dir, a.sbi, a.pairs, a.draws
    stat_names, x = read_csv(os.path.join(sim_dir, "simulations_x.csv"))
    param_names, theta = read_csv(os.path.join(sim_dir, "simulations_theta.csv"))
    finite = np.isfinite(x).all(1)
    x, theta = x[finite][:pairs], theta[finite][:pairs]
    ranks = np.empty_like(theta)
    with tempfile.TemporaryDirectory() as tmp:
        cli = SbiCli(sbi, tmp)
        for j in range(len(x)):
            ranks[j] = (cli.sample(model, x[j], stat_names, draws, j)[1] < theta[j]).mean(0)
    n = len(ranks)
    if a.ranks_out:
        np.savetxt(a.ranks_out, np.hstack([x, ranks]), delimiter=",", comments="", fmt="%.9g",
                   header=",".join(stat_names + ["rank_" + p for p in param_names]))
    print(f"SBC of {model} on {n} held-out simulations of {sim_dir}, {draws} draws each")
    print(f"{'parameter':12s} {'outside 90 %':>14s} {'mean rank':>10s} {'uniformity p':>13s}")
    for d, name in enumerate(param_names):
        outside = ((ranks[:, d] < 0.05) | (ranks[:, d] > 0.95)).mean()
        counts = np.histogram(ranks[:, d], bins=10, range=(0, 1 + 1e-12))[0]
        chi2 = ((counts - n / 10) ** 2 / (n / 10)).sum()
        se = math.sqrt(0.1 * 0.9 / n)
        print(f"{name:12s} {outside:8.3f} ± {se:.3f} {ranks[:, d].mean():10.3f} {chi2_sf(chi2, 9):13.3g}")


if __name__ == "__main__":
    main()
