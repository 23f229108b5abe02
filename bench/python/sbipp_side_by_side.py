#!/usr/bin/env python3
"""sbipp beside the `sbi` package in one Python process: NPE (NSF, sbi's defaults) on two_moons
at 10,000 simulations, one thread each (torch.set_num_threads(1), sbipp.set_num_threads(1)),
interleaved per seed (the order alternates), scored against the sbibm reference posterior of
observation 1 with the same C2ST routine (the engine's, sbibm's MLP classifier).

Phases are timed in CPU time (time.process_time; one thread, so it is the work done):
  simulate  sbipp.simulate / a direct call, same NumPy two_moons simulator for both
  train     append_simulations + train (sbi: its NSF defaults, z-scored θ and x, batch 200,
            lr 5e-4, 10% validation, patience 20)
  sample    10,000 posterior draws for x_o (NPE: rejection of draws outside the prior)
Per-epoch time = train / epochs.

--overhead also measures sbipp's Python-side overhead against the `sbi` program on the same
data: `sbi train --task two_moons --method npe --estimator nsf --seed S --threads 1` (CPU time
of the child process) against sbipp reproducing the same simulations and seeds in this process
(which trains identical weights), and likewise `sbi sample` against posterior.sample.

Usage: PYTHONPATH=build/python python3 bench/python/sbipp_side_by_side.py --seeds 0,1,2 \
         --overhead --sbi build/cli/sbi --out bench/results/python_side_by_side.csv
"""
import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

import sbipp
from sbipp.examples import two_moons
from sbipp import _sbipp

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(fn):
    start = time.process_time()
    out = fn()
    return out, time.process_time() - start


def run_sbipp(seed, sims, num_samples, x_o):
    prior = sbipp.BoxUniform(low=-np.ones(2), high=np.ones(2))
    rng = np.random.default_rng(seed)
    (theta, x), t_sim = timed(lambda: sbipp.simulate(prior, lambda t: two_moons(t, rng), sims, seed=seed))
    inf = sbipp.NPE(prior, estimator="nsf", seed=seed, progress=False)
    _, t_train = timed(lambda: inf.append_simulations(theta, x).train())
    posterior = inf.build_posterior()
    draws, t_sample = timed(lambda: posterior.sample(num_samples, x=x_o, seed=seed + 1))
    return dict(simulate=t_sim, train=t_train, sample=t_sample, epochs=inf.summary["epochs"]), draws


def run_sbi(seed, sims, num_samples, x_o):
    import torch
    from sbi.inference import NPE
    from sbi.utils import BoxUniform

    torch.manual_seed(seed)
    prior = BoxUniform(low=-torch.ones(2), high=torch.ones(2))
    rng = np.random.default_rng(seed)

    def simulate():
        theta = prior.sample((sims,))
        return theta, torch.as_tensor(two_moons(theta.numpy().astype(np.float64), rng), dtype=torch.float32)

    (theta, x), t_sim = timed(simulate)
    inference = NPE(prior=prior, density_estimator="nsf", show_progress_bars=False)
    estimator, t_train = timed(lambda: inference.append_simulations(theta, x).train(show_train_summary=False))
    posterior = inference.build_posterior(estimator)
    x_t = torch.as_tensor(x_o, dtype=torch.float32)
    draws, t_sample = timed(lambda: posterior.sample((num_samples,), x=x_t, show_progress_bars=False).numpy())
    epochs = inference._summary["epochs_trained"][-1]
    return dict(simulate=t_sim, train=t_train, sample=t_sample, epochs=epochs), np.asarray(draws, dtype=np.float64)


def child_cpu(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def overhead(sbi_program, seed, sims, num_samples, x_o, folder):
    """CPU seconds of (simulate + train) and of sampling: the CLI's child process, then sbipp."""
    model, obs, out = (os.path.join(folder, n) for n in ("cli.sbi", "obs.csv", "draws.csv"))
    with open(obs, "w") as f:
        f.write("data_1,data_2\n" + ",".join(repr(float(v)) for v in x_o) + "\n")
    cli_train = child_cpu([sbi_program, "train", "--task", "two_moons", "--method", "npe", "--estimator", "nsf",
                           "--sims", str(sims), "--seed", str(seed), "--threads", "1", "--quiet", "--out", model])
    cli_sample = child_cpu([sbi_program, "sample", "--model", model, "--observation", obs, "--num", str(num_samples),
                            "--seed", str(seed), "--threads", "1", "--quiet", "--out", out])

    def python_train():
        t = sbipp.task("two_moons")
        theta = t.prior.sample(sims, seed=_sbipp.derive_seed(seed, 1))
        x = t.simulate(theta, seed=_sbipp.derive_seed(seed, 2))
        inf = sbipp.NPE(t.prior, estimator="nsf", seed=seed, progress=False)
        inf.append_simulations(theta, x).train()
        inf.save(os.path.join(folder, "python.sbi"))
        return inf

    inf, py_train = timed(python_train)
    posterior = inf.build_posterior()
    _, py_sample = timed(lambda: posterior.sample(num_samples, x=x_o, seed=seed))
    return dict(cli_train=cli_train, py_train=py_train, cli_sample=cli_sample, py_sample=py_sample,
                epochs=inf.summary["epochs"])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--sims", type=int, default=10_000)
    p.add_argument("--samples", type=int, default=10_000)
    p.add_argument("--data", default=os.path.join(HERE, "..", "..", "..", "shared", "data", "sbibm"))
    p.add_argument("--overhead", action="store_true", help="also time `sbi train`/`sbi sample` against sbipp")
    p.add_argument("--sbi", default=os.path.join(HERE, "..", "..", "build", "cli", "sbi"))
    p.add_argument("--skip-sbi-package", action="store_true")
    p.add_argument("--out", default="python_side_by_side.csv")
    a = p.parse_args()

    import torch
    torch.set_num_threads(1)
    sbipp.set_num_threads(1)
    obs = sbipp.sbibm_observation(a.data, "two_moons", 1)
    x_o, reference = obs["observation"], obs["reference_samples"]
    rows = []
    for i, seed in enumerate(int(s) for s in a.seeds.split(",")):
        order = [("sbipp", run_sbipp), ("sbi", run_sbi)]
        if a.skip_sbi_package:
            order = order[:1]
        for name, run in (order if i % 2 == 0 else order[::-1]):
            times, draws = run(seed, a.sims, a.samples, x_o)
            score = sbipp.c2st(reference, np.ascontiguousarray(draws), seed=1)
            rows.append(dict(package=name, seed=seed, **times, per_epoch=times["train"] / times["epochs"], c2st=score))
            print({k: round(v, 4) if isinstance(v, float) else v for k, v in rows[-1].items()}, flush=True)
        if a.overhead:
            with tempfile.TemporaryDirectory() as folder:
                o = overhead(a.sbi, seed, a.sims, a.samples, x_o, folder)
            rows.append(dict(package="overhead", seed=seed, **o))
            print({k: round(v, 4) if isinstance(v, float) else v for k, v in rows[-1].items()}, flush=True)
    keys = sorted({k for r in rows for k in r}, key=lambda k: (k not in ("package", "seed"), k))
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
