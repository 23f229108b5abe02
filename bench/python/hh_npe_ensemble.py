#!/usr/bin/env python3
"""An ensemble of Hodgkin–Huxley NPEs: the equal mixture q̄(θ | x) = (1/K) Σ_k q_k(θ | x) of K
networks trained on the same simulations with different network seeds (each run's `npe.sbi`).
A mixture is at least as broad as its members, so it counters over-confidence, and one member
that extrapolates badly at an observation holds only 1/K of the mass.

Per recording: the posterior-predictive MAE_z of each member and of the mixture (M draws,
M/K from each member, simulated under the recordings' protocol with `sbi simulate
--recording`), scored as `sbi fit-recordings` scores (the run's own z-scoring scales). With a held-out
simulation set (FRESH, a `--save-simulations` folder of the same protocol), also the SBC
check that `sbi calibrate --model` makes of one network, for the mixture: the fraction of true θ outside the
mixture's central 90 % (0.10 if calibrated).

usage: bench/python/hh_npe_ensemble.py SBI_BINARY RECORDINGS RUN_DIR... [--fresh FRESH] [--pairs N]
"""
import argparse
import json
import os
import tempfile

import numpy as np

from sbi_cli import SbiCli, read_csv


def predictive_mae(x, x_o, sd):
    finite = np.isfinite(x).all(1)
    return np.abs((x[finite] - x_o) / sd).mean()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sbi")
    ap.add_argument("recordings")
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--fresh")
    ap.add_argument("--pairs", type=int, default=300)
    ap.add_argument("--predictive", type=int, default=400, help="predictive simulations per posterior")
    a = ap.parse_args()
    k = len(a.runs)
    models = [os.path.join(r, "npe.sbi") for r in a.runs]
    first = json.load(open(os.path.join(a.runs[0], "summary.json")))["result"]
    sd = np.array(first["zscore_sd"])
    names = [r["name"] for r in first["recordings"]]
    stat_names, observations = read_csv(os.path.join(a.runs[0], "observations.csv"))
    per = a.predictive // k
    with tempfile.TemporaryDirectory() as tmp:
        run = SbiCli(a.sbi, tmp)
        print(f"posterior-predictive MAE_z, {per * k} simulations per posterior; members: " + ", ".join(a.runs))
        totals = np.zeros(k + 1)
        for r, x_o in enumerate(observations):
            draws, maes = [], []
            for m, model in enumerate(models):
                param_names, d = run.sample(model, x_o, stat_names, per * k, seed=r)
                draws.append(d)
                maes.append(predictive_mae(run.simulate_hh(a.recordings, param_names, d, 100 + r), x_o, sd))
            mixture = np.vstack([d[:per] for d in draws])
            maes.append(predictive_mae(run.simulate_hh(a.recordings, param_names, mixture, 200 + r), x_o, sd))
            totals += maes
            print(f"  {names[r]}: members " + " ".join(f"{v:.3f}" for v in maes[:-1]) + f" | mixture {maes[-1]:.3f}")
        print("  mean over recordings: members " + " ".join(f"{v:.3f}" for v in totals[:-1] / len(observations)) +
              f" | mixture {totals[-1] / len(observations):.3f}")
        if a.fresh:
            _, x = read_csv(os.path.join(a.fresh, "simulations_x.csv"))
            param_names, theta = read_csv(os.path.join(a.fresh, "simulations_theta.csv"))
            finite = np.isfinite(x).all(1)
            x, theta = x[finite][:a.pairs], theta[finite][:a.pairs]
            draws_per = max(1, 200 // k)
            ranks = np.array([(np.vstack([run.sample(mo, x[j], stat_names, draws_per, j)[1] for mo in models])
                               < theta[j]).mean(0) for j in range(len(x))])
            outside = ((ranks < 0.05) | (ranks > 0.95)).mean(0)
            print(f"SBC of the mixture on {len(x)} held-out simulations ({draws_per * k} draws each), fraction "
                  f"outside the central 90 % (0.10 ± {np.sqrt(0.09 / len(x)):.3f} if calibrated):")
            print("  " + "  ".join(f"{n} {v:.3f}" for n, v in zip(param_names, outside)))


if __name__ == "__main__":
    main()
