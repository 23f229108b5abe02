#!/usr/bin/env python3
"""sbi++ against the Python `sbi` package (PyTorch), side by side on one machine, one thread
each, interleaved: the `sbi` package is only a comparison here, never a dependency of the engine.

Works (each on the same simulations, made once per seed by `sbi simulate`):
  npe-maf, npe-nsf  NPE with sbi's default MAF / NSF and sbi's training defaults;
  nle-slice         NLE (MAF) and slice MCMC with sbi's settings (20 chains, 200 warm-up, thin 1;
                    sbi: slice_np_vectorized);
  nre-slice         NRE-B (sbi's default NRE: residual classifier, 10 atoms) and the same slice
                    MCMC;
  ace-epoch         one epoch of the ACE cost network (ResidualNet 4-64x3-1, batch 500, 20,000
                    rows, Adam): `sbi bench nn` against the same network in PyTorch.
Per work and seed it records process CPU seconds of training (and of sampling), epochs, CPU time
per epoch, and C2ST of the draws against the sbibm reference (our `sbi metrics c2st`, the same
classifier for both). The engine that goes first alternates with the seed.

usage: bench/python/side_by_side.py --sbi build/cli/sbi --reference-dir ../shared/data/sbibm \
           --out OUT [--task two_moons] [--sims 10000] [--seeds 0-2] [--observation 1] \
           [--works npe-maf,npe-nsf,nle-slice,nre-slice,ace-epoch] [--num-samples 10000]
       bench/python/side_by_side.py --summary OUT/side_by_side.csv   (a markdown table)
(needs `pip install sbi`)
"""
import argparse
import contextlib
import csv
import io
import os
import re
import resource
import statistics
import subprocess
import sys
import time

COLUMNS = ["task", "work", "engine", "seed", "sims", "epochs", "cpu_train_s", "cpu_per_epoch_ms",
           "cpu_sample_s", "c2st"]
PRIOR_BOX = {"two_moons": ([-1.0, -1.0], [1.0, 1.0]), "slcp": ([-3.0] * 5, [3.0] * 5)}


def parse_range(text):
    out = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_ours(cmd, terminal=False):
    """Runs one sbi++ command; returns (CPU seconds of the child, its output)."""
    before = children_cpu()
    if terminal:  # the progress line (epochs) is printed only to a terminal
        out = subprocess.run(["script", "-qc", " ".join(cmd), "/dev/null"], check=True,
                             capture_output=True, text=True).stdout
    else:
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return children_cpu() - before, out


def c2st(a, reference, samples):
    out = subprocess.run([a.sbi, "metrics", "c2st", reference, samples, "--threads", "1"],
                         check=True, capture_output=True, text=True).stdout
    return float(out.split()[-1])


def epochs_from_progress(log):
    lines = [l for l in log.replace("\r", "\n").splitlines() if l.strip().startswith("epoch")]
    if not lines:
        raise RuntimeError(f"no progress line in:\n{log[-2000:]}")
    return int(re.search(r"epoch\s+(\d+)", lines[-1]).group(1)) + 1


def ours_density(a, work, seed, data, obs):
    method, estimator = {"nle-slice": ("nle", "maf"), "nre-slice": ("nre-b", None)}.get(
        work, ("npe", work.split("-")[1]))
    model = os.path.join(a.out, f"ours_{work}_seed{seed}.model")
    cpu_train, log = run_ours([a.sbi, "train", "--task", a.task, "--method", method] +
                              (["--estimator", estimator] if estimator else []) +
                              ["--theta", data["theta"], "--x", data["x"], "--out", model,
                               "--threads", "1", "--seed", str(seed)], terminal=True)
    samples = os.path.join(a.out, f"ours_{work}_seed{seed}_samples.csv")
    mcmc = ["--sampler", "slice", "--chains", "20", "--warmup", "200", "--thin", "1"] if work.endswith("-slice") else []
    cpu_sample, _ = run_ours([a.sbi, "sample", "--model", model, "--observation", obs["x"], "--num",
                              str(a.num_samples), "--seed", str(seed), "--out", samples, "--threads", "1",
                              "--quiet"] + mcmc)
    return epochs_from_progress(log), cpu_train, cpu_sample, c2st(a, obs["reference"], samples)


def theirs_density(a, work, seed, data, obs):
    import numpy as np
    import torch
    from sbi.inference import NLE, NPE, NRE_B
    from sbi.neural_nets import likelihood_nn, posterior_nn
    from sbi.utils import BoxUniform
    import warnings
    warnings.filterwarnings("ignore")
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    low, high = PRIOR_BOX[a.task]
    prior = BoxUniform(torch.tensor(low), torch.tensor(high))
    theta = torch.tensor(np.loadtxt(data["theta"], delimiter=",", skiprows=1), dtype=torch.float32)
    x = torch.tensor(np.loadtxt(data["x"], delimiter=",", skiprows=1), dtype=torch.float32)
    xo = torch.tensor(np.loadtxt(obs["x"], delimiter=",", skiprows=1), dtype=torch.float32).reshape(1, -1)
    if work == "nle-slice":
        inference = NLE(prior=prior, density_estimator=likelihood_nn(model="maf"))
    elif work == "nre-slice":
        inference = NRE_B(prior=prior)  # sbi's NRE: resnet classifier, 10 atoms
    else:
        inference = NPE(prior=prior, density_estimator=posterior_nn(model=work.split("-")[1]))
    t0 = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):  # sbi prints a line per epoch
        inference.append_simulations(theta, x).train()
    cpu_train = time.process_time() - t0
    epochs = inference._summary["epochs_trained"][-1]
    if work.endswith("-slice"):
        posterior = inference.build_posterior(mcmc_method="slice_np_vectorized", mcmc_parameters=dict(
            num_chains=20, warmup_steps=200, thin=1))
    else:
        posterior = inference.build_posterior()
    t0 = time.process_time()
    draws = posterior.sample((a.num_samples,), x=xo, show_progress_bars=False).numpy()
    cpu_sample = time.process_time() - t0
    samples = os.path.join(a.out, f"theirs_{work}_seed{seed}_samples.csv")
    header = ",".join(f"theta_{i + 1}" for i in range(draws.shape[1]))
    np.savetxt(samples, draws, delimiter=",", header=header, comments="")
    return epochs, cpu_train, cpu_sample, c2st(a, obs["reference"], samples)


def ours_ace_epoch(a):
    _, out = run_ours([a.sbi, "bench", "nn", "--threads", "1", "--min-time", "1"])
    ms = float(re.search(r"ace_epoch_cpu_ms_1thread\s+(\S+)", out).group(1))
    return 1, ms / 1e3, 0.0, float("nan")


def theirs_ace_epoch(seed, epochs=5):
    """The same network and epoch in PyTorch: 4 → 64, 3 residual blocks (ReLU), 64 → 1, softplus."""
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(seed)

    class Block(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = torch.nn.Linear(64, 64), torch.nn.Linear(64, 64)

        def forward(self, h):
            return h + self.b(torch.relu(self.a(torch.relu(h))))

    net = torch.nn.Sequential(torch.nn.Linear(4, 64), Block(), Block(), Block(), torch.nn.Linear(64, 1),
                              torch.nn.Softplus())
    x = torch.randn(20000, 4)
    y = (x ** 2).sum(1, keepdim=True)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def epoch():
        for i in torch.randperm(20000).split(500):
            opt.zero_grad()
            torch.nn.functional.mse_loss(net(x[i]), y[i]).backward()
            opt.step()

    epoch()  # warm-up
    t0 = time.process_time()
    for _ in range(epochs):
        epoch()
    return 1, (time.process_time() - t0) / epochs, 0.0, float("nan")


def one_seed(a, seed, writer):
    data = {"theta": os.path.join(a.out, f"theta_seed{seed}.csv"), "x": os.path.join(a.out, f"x_seed{seed}.csv")}
    subprocess.run([a.sbi, "simulate", "--task", a.task, "--num", str(a.sims), "--seed", str(1000 + seed),
                    "--out", data["x"], "--theta-out", data["theta"], "--threads", "1", "--quiet"], check=True)
    folder = os.path.join(a.reference_dir, a.task, f"num_observation_{a.observation}")
    obs = {"x": os.path.join(folder, "observation.csv"),
           "reference": os.path.join(folder, "reference_posterior_samples.csv")}
    engines = ["ours", "theirs"] if seed % 2 == 0 else ["theirs", "ours"]
    for work in a.works.split(","):
        for engine in engines:
            if work == "ace-epoch":
                epochs, cpu_train, cpu_sample, score = ours_ace_epoch(a) if engine == "ours" else theirs_ace_epoch(seed)
            else:
                fn = ours_density if engine == "ours" else theirs_density
                epochs, cpu_train, cpu_sample, score = fn(a, work, seed, data, obs)
            row = [a.task, work, "sbi++" if engine == "ours" else "sbi", seed, a.sims, epochs,
                   f"{cpu_train:.3f}", f"{1e3 * cpu_train / epochs:.2f}", f"{cpu_sample:.3f}", f"{score:.4f}"]
            writer.writerow(row)
            print(",".join(map(str, row)), file=sys.stderr, flush=True)


def summary(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    groups = {}
    for r in rows:
        groups.setdefault((r["task"], r["work"]), {}).setdefault(r["engine"], []).append(r)
    mean = lambda rs, k: statistics.mean(float(r[k]) for r in rs)
    print("| task | work | seeds | CPU ms per epoch, sbi++ / sbi | per-epoch speed-up | epochs, sbi++ / sbi "
          "| sampling CPU s, sbi++ / sbi | C2ST, sbi++ / sbi |")
    print("|---|---|---|---|---|---|---|---|")
    for (task, work), by in sorted(groups.items()):
        ours, theirs = by.get("sbi++", []), by.get("sbi", [])
        if not ours or not theirs:
            continue
        e_ours, e_theirs = mean(ours, "cpu_per_epoch_ms"), mean(theirs, "cpu_per_epoch_ms")
        c2 = "-" if work == "ace-epoch" else f"{mean(ours, 'c2st'):.3f} / {mean(theirs, 'c2st'):.3f}"
        sample = "-" if work == "ace-epoch" else f"{mean(ours, 'cpu_sample_s'):.2f} / {mean(theirs, 'cpu_sample_s'):.2f}"
        print(f"| {task} | {work} | {len(ours)} | {e_ours:.1f} / {e_theirs:.1f} | {e_theirs / e_ours:.1f}× "
              f"| {mean(ours, 'epochs'):.0f} / {mean(theirs, 'epochs'):.0f} | {sample} | {c2} |")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--summary":
        summary(sys.argv[2])
        return
    p = argparse.ArgumentParser()
    p.add_argument("--sbi", required=True)
    p.add_argument("--reference-dir", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--task", default="two_moons", choices=sorted(PRIOR_BOX))
    p.add_argument("--sims", type=int, default=10000)
    p.add_argument("--seeds", default="0-2")
    p.add_argument("--observation", type=int, default=1)
    p.add_argument("--works", default="npe-maf,npe-nsf,nle-slice,nre-slice,ace-epoch")
    p.add_argument("--num-samples", type=int, default=10000)
    a = p.parse_args()
    a.sbi, a.out = os.path.abspath(a.sbi), os.path.abspath(a.out)
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "side_by_side.csv")
    new = not os.path.exists(path)
    with open(path, "a", newline="") as f:
        writer = csv.writer(f)
        if new:
            writer.writerow(COLUMNS)
        for seed in parse_range(a.seeds):
            one_seed(a, seed, writer)
            f.flush()


if __name__ == "__main__":
    main()
