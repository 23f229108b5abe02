#!/usr/bin/env python3
"""Why does an NPE fail on one Allen recording? Three checks of a saved Hodgkin–Huxley NPE
(`npe.sbi` of an `sbi fit-recordings` folder) against its simulation set (a
`--save-simulations` folder), all with the z-scored MAE that the run scores by,
  MAE_z(x, x_o) = (1/7) Σ_d |x_d − x_o,d| / s_d   (s_d: sd of statistic d over the simulations).

1. Local calibration (SBC restricted to the K simulations nearest x_o): for each such (θ_j, x_j),
   the rank of θ_j among NPE draws at x_j. Selecting pairs by x keeps θ_j ~ p(θ | x_j), so the
   ranks are uniform for a calibrated NPE: 10 % of θ_j fall outside the central 90 %.
2. Sensitivity: the NPE posterior at x_o with one statistic at a time replaced by its median
   over the K nearest simulations. A statistic whose change moves the posterior far, though it
   barely changes MAE_z, is one the NPE reads and the metric does not.
3. Edge of the simulator: the percentile of x_o's kurtosis among simulations with the same
   skewness (±0.05) and spike count (±3). The simulated (spike count, skew, kurtosis) lie near a
   thin surface; a recording off it is data the simulator hardly produces.

usage: bench/python/hh_npe_edge_check.py SIM_DIR RUN_DIR SBI_BINARY [K]
   e.g. hh_npe_edge_check.py sims1m run_seed0 build/cli/sbi 40   (K = 40 by default)
"""
import json
import os
import sys
import tempfile

import numpy as np

from sbi_cli import SbiCli, read_csv

PARAMS_SHOWN = ("g_Na", "g_K", "-V_T")  # where the posteriors of different networks differ


def summary(draws, names):
    columns = [names.index(n) for n in PARAMS_SHOWN]
    return "  ".join(f"{names[j]} {np.median(draws[:, j]):6.2f} [{np.percentile(draws[:, j], 5):6.2f}, "
                     f"{np.percentile(draws[:, j], 95):6.2f}]" for j in columns)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    sim_dir, run_dir, sbi = sys.argv[1:4]
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    stat_names, x = read_csv(os.path.join(sim_dir, "simulations_x.csv"))
    param_names, theta = read_csv(os.path.join(sim_dir, "simulations_theta.csv"))
    finite = np.isfinite(x).all(1)
    x, theta = x[finite], theta[finite]
    sd = x.std(0, ddof=1)
    rec_names = [r["name"] for r in json.load(open(os.path.join(run_dir, "summary.json")))["result"]["recordings"]]
    observations = read_csv(os.path.join(run_dir, "observations.csv"))[1]
    model = os.path.join(run_dir, "npe.sbi")
    with tempfile.TemporaryDirectory() as tmp:
        cli = SbiCli(sbi, tmp)
        for r, x_o in enumerate(observations):
            mae = np.abs((x - x_o) / sd).mean(1)
            near = np.argsort(mae)[:k]
            print(f"== {rec_names[r]}: nearest {k} simulations within MAE_z {mae[near[-1]]:.3f}")
            # 1. local calibration
            ranks = np.array([(cli.sample(model, x[i], stat_names, 500, n)[1] < theta[i]).mean(0)
                              for n, i in enumerate(near)])
            outside = ((ranks < 0.05) | (ranks > 0.95)).mean(0)
            print("  local SBC, fraction of θ_j outside the central 90 % (0.10 if calibrated): " +
                  " ".join(f"{p} {v:.2f}" for p, v in zip(param_names, outside)))
            # 2. sensitivity to one statistic
            median = np.median(x[near], 0)
            print(f"  {'posterior at x_o':42s}" + summary(cli.sample(model, x_o, stat_names, 1000, 0)[1],
                                                           param_names))
            for d, name in enumerate(stat_names):
                moved = x_o.copy()
                moved[d] = median[d]
                shift = abs(median[d] - x_o[d]) / sd[d] / len(stat_names)
                label = f"{name} {x_o[d]:.3g} -> {median[d]:.3g} (ΔMAE_z {shift:.3f})"
                print(f"  {label:42s}" + summary(cli.sample(model, moved, stat_names, 1000, 0)[1],
                                                  param_names))
            # 3. edge of the simulator in (spike count, skew, kurtosis)
            spikes, skew, kurt = (stat_names.index(n) for n in ("spike_count", "stim_skew", "stim_kurtosis"))
            same = (np.abs(x[:, skew] - x_o[skew]) < 0.05) & (np.abs(x[:, spikes] - x_o[spikes]) <= 3)
            pct = 100 * (x[same, kurt] < x_o[kurt]).mean() if same.any() else float("nan")
            print(f"  kurtosis {x_o[kurt]:.1f} among the {same.sum()} simulations with skew {x_o[skew]:.2f} ± 0.05 "
                  f"and {x_o[spikes]:.0f} ± 3 spikes: percentile {pct:.2f}")


if __name__ == "__main__":
    main()
