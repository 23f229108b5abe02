#!/usr/bin/env python3
"""Our NPE with MAF on the very simulations that npe_side_by_side.py gave the `sbi` package
(`sbi simulate --task TASK --num SIMS --seed 1000+S`), so that the two are compared pairwise:
same training pairs, same observations, same reference posteriors, same C2ST; only the
networks' initialisation, permutations, validation split and minibatch order differ.

For each seed S: `sbi train --method npe --estimator ESTIMATOR` (one thread; its progress line
gives the number of epochs and the best validation loss, so it runs under `script` for a
terminal), then per observation `sbi sample` (N draws) and `sbi metrics c2st` against the
reference. One CSV row per (seed, observation) goes to OUT/TASK_ours-LABEL_SIMS.csv, with the
columns of npe_side_by_side.py.

usage: bench/python/maf_parity.py --sbi build/cli/sbi --task two_moons \
           --reference-dir ../shared/data/sbibm --sims 10000 --seeds 0-4 --out OUT \
           [--estimator maf] [--label maf] [--observations 1-10] [--num-samples 10000]
       bench/python/maf_parity.py --summary OUT [SBI_OUT]
           (a markdown table per task and method over the CSVs of both scripts: mean C2ST over
            seeds × observations with its standard error over seeds, epochs, best validation loss)
"""
import argparse
import csv
import glob
import statistics
import os
import re
import subprocess
import sys
import time


def parse_range(text):
    out = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def train(a, seed, theta, x, model):
    """Trains and returns (seconds, epochs, best validation loss) from the progress line."""
    cmd = (f"{a.sbi} train --task {a.task} --method npe --estimator {a.estimator} "
           f"--theta {theta} --x {x} --out {model} --threads 1 --seed {seed}")
    start = time.time()
    log = subprocess.run(["script", "-qc", cmd, "/dev/null"], check=True, capture_output=True,
                         text=True).stdout
    seconds = time.time() - start
    lines = [l for l in log.replace("\r", "\n").splitlines() if l.strip().startswith("epoch")]
    if not lines:
        raise RuntimeError(f"'{cmd}' printed no progress line:\n{log[-2000:]}")
    m = re.search(r"epoch\s+(\d+).*best\s+(\S+)", lines[-1])
    return seconds, int(m.group(1)) + 1, float(m.group(2))


def summary(folders):
    """Markdown table of the result CSVs of maf_parity.py and npe_side_by_side.py."""
    groups = {}
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
            with open(path) as f:
                if "c2st" not in f.readline().split(","):
                    continue  # posterior draws, simulations
                f.seek(0)
                rows = list(csv.DictReader(f))
            seed_of_file = path.rsplit("_seed", 1)[-1].split(".")[0] if "_seed" in path else None
            for r in rows:
                seed = r.get("seed", seed_of_file)
                g = groups.setdefault((r["task"], r["method"]), {})
                g.setdefault(seed, []).append(r)
    print_table(groups)
    print_paired(groups)


def seed_means(rows_by_seed):
    return {seed: statistics.mean(float(r["c2st"]) for r in rs) for seed, rs in rows_by_seed.items()}


def print_paired(groups):
    """Ours minus sbi's C2ST per seed (the same simulations), mean ± se over shared seeds."""
    for (task, method), seeds in sorted(groups.items()):
        if not method.startswith("ours"):
            continue
        for (task2, other), theirs in sorted(groups.items()):
            if task2 != task or not other.startswith("sbi"):
                continue
            a, b = seed_means(seeds), seed_means(theirs)
            d = [a[k] - b[k] for k in a if k in b]
            if len(d) > 1:
                se = statistics.stdev(d) / len(d) ** 0.5
                print(f"\n{task}: {method} − {other}, paired over {len(d)} seeds: "
                      f"{statistics.mean(d):+.3f} ± {se:.3f}")


def print_table(groups):
    print("| task | method | seeds | C2ST (mean ± se over seeds) | epochs (mean, range) | best validation loss |")
    print("|---|---|---|---|---|---|")
    for (task, method), seeds in sorted(groups.items()):
        c2st = [statistics.mean(float(r["c2st"]) for r in rs) for rs in seeds.values()]
        epochs = [int(rs[0]["epochs"]) for rs in seeds.values()]
        vals = [float(rs[0]["best_validation_loss"]) for rs in seeds.values()
                if rs[0].get("best_validation_loss")]
        se = statistics.stdev(c2st) / len(c2st) ** 0.5 if len(c2st) > 1 else float("nan")
        val = f"{statistics.mean(vals):.3f}" if vals else "-"
        print(f"| {task} | {method} | {len(c2st)} | {statistics.mean(c2st):.3f} ± {se:.3f} | "
              f"{statistics.mean(epochs):.0f} ({min(epochs)}–{max(epochs)}) | {val} |")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--summary":
        summary(sys.argv[2:])
        return
    p = argparse.ArgumentParser()
    p.add_argument("--sbi", required=True)
    p.add_argument("--task", required=True)
    p.add_argument("--reference-dir", required=True)
    p.add_argument("--sims", type=int, default=10000)
    p.add_argument("--seeds", default="0-4")
    p.add_argument("--out", required=True)
    p.add_argument("--estimator", default="maf")
    p.add_argument("--label", default="maf")
    p.add_argument("--observations", default="1-10")
    p.add_argument("--num-samples", type=int, default=10000)
    a = p.parse_args()
    a.sbi, a.out = os.path.abspath(a.sbi), os.path.abspath(a.out)
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, f"{a.task}_ours-{a.label}_{a.sims}.csv")
    new = not os.path.exists(path)
    with open(path, "a") as f:
        writer = csv.writer(f)
        if new:
            writer.writerow(["task", "method", "sims", "seed", "observation", "c2st",
                             "seconds_training", "epochs", "best_validation_loss"])
        for s in parse_range(a.seeds):
            theta = os.path.join(a.out, f"{a.task}_theta_{a.sims}_seed{s}.csv")
            x = os.path.join(a.out, f"{a.task}_x_{a.sims}_seed{s}.csv")
            subprocess.run([a.sbi, "simulate", "--task", a.task, "--num", str(a.sims), "--seed",
                            str(1000 + s), "--out", x, "--theta-out", theta, "--threads", "1",
                            "--quiet"], check=True)
            model = os.path.join(a.out, f"{a.task}_{a.label}_seed{s}.model")
            seconds, epochs, best = train(a, s, theta, x, model)
            for k in parse_range(a.observations):
                folder = os.path.join(a.reference_dir, a.task, f"num_observation_{k}")
                samples = os.path.join(a.out, f"{a.task}_{a.label}_seed{s}_obs{k}.csv")
                subprocess.run([a.sbi, "sample", "--model", model, "--observation",
                                os.path.join(folder, "observation.csv"), "--num",
                                str(a.num_samples), "--seed", str(s), "--out", samples,
                                "--threads", "1", "--quiet"], check=True)
                c2st = subprocess.run([a.sbi, "metrics", "c2st",
                                       os.path.join(folder, "reference_posterior_samples.csv"),
                                       samples, "--threads", "1"], check=True,
                                      capture_output=True, text=True).stdout.split()[-1]
                row = [a.task, "ours-" + a.label, a.sims, s, k, c2st, f"{seconds:.1f}", epochs,
                       f"{best:.5f}"]
                writer.writerow(row)
                f.flush()
                print(",".join(map(str, row)), file=sys.stderr)


if __name__ == "__main__":
    main()
