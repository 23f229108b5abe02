#!/usr/bin/env python3
"""NPE in the Python `sbi` package (PyTorch) on simulations made by our engine, for a
side-by-side check of our NPE on identical observations and reference posteriors (comparison
only; the engine never depends on Python).

Steps:
  1. `sbi simulate` draws θ from the task's prior and simulates x (our simulator, our seeds);
  2. the `sbi` package trains NPE on those pairs: a neural spline flow (or, with --estimator
     maf, sbi's MAF) with the given hidden units, transforms and bins, sbi's training defaults (Adam lr 5e-4, batch 200, 10%
     validation, stop after 20 epochs without improvement, gradient clip 5), or the arguments;
  3. for each observation k in an sbibm-layout folder (TASK/num_observation_k/observation.csv
     and reference_posterior_samples.csv), draws N posterior samples (rejected outside the prior
     box, as sbi does) and writes them to OUT/TASK_sbi-npe_SIMS_obsK.csv;
  4. scores them with our `sbi metrics c2st` against the reference and writes one CSV row per
     observation to OUT/TASK_sbi-npe_SIMS_seedS.csv (also echoed on stderr).

usage: bench/python/npe_side_by_side.py --sbi build/cli/sbi --task ornstein_uhlenbeck \
           --reference-dir DIR --sims 1000 --out OUT [--observations 1-10] [--seed 0] \
           [--prior-low 0.1,0.1 --prior-high 3.0,0.6] [--logit]
(needs `pip install sbi`; --logit models θ in the prior box's logit space, sbi's
 z_score_theta="transform_to_unconstrained")
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import torch
from sbi.inference import NPE
from sbi.neural_nets import posterior_nn
from sbi.utils import BoxUniform


def parse_range(text):
    a, _, b = text.partition("-")
    return list(range(int(a), int(b or a) + 1))


def read_csv(path):
    return np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)


def write_csv(path, rows, prefix):
    with open(path, "w") as f:
        f.write(",".join(f"{prefix}_{j + 1}" for j in range(rows.shape[1])) + "\n")
        np.savetxt(f, rows, delimiter=",", fmt="%.8g")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sbi", required=True, help="our sbi executable (for simulate and metrics)")
    p.add_argument("--task", required=True)
    p.add_argument("--reference-dir", required=True)
    p.add_argument("--sims", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--observations", default="1-10")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--num-samples", type=int, default=2000)
    p.add_argument("--prior-low", default="0.1,0.1")
    p.add_argument("--prior-high", default="3.0,0.6")
    p.add_argument("--hidden", type=int, default=50)
    p.add_argument("--transforms", type=int, default=5)
    p.add_argument("--bins", type=int, default=10)
    p.add_argument("--estimator", choices=["nsf", "maf"], default="nsf",
                   help="sbi's density estimator (maf: build_maf, tanh MADEs; bins unused)")
    p.add_argument("--logit", action="store_true")
    a = p.parse_args()
    a.sbi = os.path.abspath(a.sbi) if os.sep in a.sbi else shutil.which(a.sbi) or a.sbi
    a.reference_dir, a.out = os.path.abspath(a.reference_dir), os.path.abspath(a.out)
    os.makedirs(a.out, exist_ok=True)
    os.chdir(a.out)  # sbi writes its training logs (sbi-logs/) into the working directory
    torch.manual_seed(a.seed)
    torch.set_num_threads(1)

    theta_path = os.path.join(a.out, f"{a.task}_theta_{a.sims}_seed{a.seed}.csv")
    x_path = os.path.join(a.out, f"{a.task}_x_{a.sims}_seed{a.seed}.csv")
    subprocess.run([a.sbi, "simulate", "--task", a.task, "--num", str(a.sims), "--seed",
                    str(1000 + a.seed), "--out", x_path, "--theta-out", theta_path, "--threads",
                    "1", "--quiet"], check=True)
    theta = torch.tensor(read_csv(theta_path), dtype=torch.float32)
    x = torch.tensor(read_csv(x_path), dtype=torch.float32)

    low = torch.tensor([float(v) for v in a.prior_low.split(",")])
    high = torch.tensor([float(v) for v in a.prior_high.split(",")])
    prior = BoxUniform(low, high)
    z_theta = "transform_to_unconstrained" if a.logit else "independent"
    kwargs = {"x_dist": prior} if a.logit else {}
    build = posterior_nn(a.estimator, z_score_theta=z_theta, hidden_features=a.hidden,
                         num_transforms=a.transforms, num_bins=a.bins, **kwargs)
    inference = NPE(prior=prior, density_estimator=build, show_progress_bars=False)
    start = time.time()
    inference.append_simulations(theta, x)
    estimator = inference.train()
    train_seconds = time.time() - start
    posterior = inference.build_posterior(estimator)

    tag = "" if a.estimator == "nsf" else "-" + a.estimator
    results = open(os.path.join(a.out, f"{a.task}_sbi-npe{tag}_{a.sims}_seed{a.seed}.csv"), "w")
    writer = csv.writer(results)
    writer.writerow(["task", "method", "sims", "observation", "c2st", "seconds_training",
                     "epochs", "best_validation_loss"])
    epochs = len(inference.summary["epochs_trained"]) and inference.summary["epochs_trained"][-1]
    best_val = inference.summary["best_validation_loss"][-1]
    for k in parse_range(a.observations):
        folder = os.path.join(a.reference_dir, a.task, f"num_observation_{k}")
        x_o = torch.tensor(read_csv(os.path.join(folder, "observation.csv"))[0],
                           dtype=torch.float32)
        samples = posterior.sample((a.num_samples,), x=x_o, show_progress_bars=False).numpy()
        path = os.path.join(a.out, f"{a.task}_sbi-npe{tag}_{a.sims}_seed{a.seed}_obs{k}.csv")
        write_csv(path, samples, "parameter")
        c2st = subprocess.run([a.sbi, "metrics", "c2st",
                               os.path.join(folder, "reference_posterior_samples.csv"), path,
                               "--threads", "1"], check=True, capture_output=True, text=True)
        value = c2st.stdout.strip().split()[-1]
        row = [a.task, "sbi-npe" + tag + ("-logit" if a.logit else ""), a.sims, k, value,
               f"{train_seconds:.1f}", epochs, f"{best_val:.5f}"]
        writer.writerow(row)
        results.flush()
        print(",".join(map(str, row)), file=sys.stderr)


if __name__ == "__main__":
    main()
