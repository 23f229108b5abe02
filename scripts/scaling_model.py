#!/usr/bin/env python3
"""Tables of the MPI scaling study (bench/results/scaling.md) from `sbi bench mpi --json` runs.

Reads RAW_DIR/r<round>_<config>.json (configs 1rank_1thread, 2ranks_1thread, 1rank_2threads),
keeps each figure's fastest value over the rounds, and prints markdown:
  1. the measured table with speed-ups against 1 rank x 1 thread (same run);
  2. the allgather fit t(b) = alpha + beta * b over the message sizes (b: bytes per rank, 2 ranks;
     least squares weighted by 1/t, so that small and large messages count alike);
  3. the model at N = 8..256 ranks:
     epoch(N)  = T1 / N + S(N) * [alpha * ceil(log2 N) + beta * N * R * (N - 1) / N]
                 with the minibatch grown to 100 * N rows (N chunks of 100 rows, max_chunks >= N),
                 S(N) = ceil(90,000 / (100 N)) training steps, R = one chunk's record (bytes);
     sim(N)    = 10^6 * t_sim / N * (1 + z * cv / sqrt(10^6 / N)) + alpha * ceil(log2 N)
                 (rows split by index; the slowest of N ranks, z = sqrt(2 ln N), cv = the spread of
                 one simulation's cost measured on 1 rank).
"""
import glob
import json
import math
import os
import sys


def load(raw):
    best = {}
    for path in sorted(glob.glob(os.path.join(raw, "r*_*.json"))):
        config = os.path.basename(path).split("_", 1)[1][:-5]
        with open(path) as f:
            rows = json.load(f)["results"]
        figures = best.setdefault(config, {})
        for row in rows:
            name, value = row["name"], row["value"]
            if name.endswith("_per_s"):
                figures[name] = max(figures.get(name, 0), value)
            else:
                figures[name] = min(figures.get(name, math.inf), value)
    return best


def fit_allgather(figures):
    points = [(float(k[len("allgather_us_"):-1]), v * 1e-6) for k, v in figures.items() if k.startswith("allgather_us_")]
    # Weighted least squares of t = alpha + beta * b with weights 1/t^2 (relative error).
    sw = swb = swbb = swt = swbt = 0.0
    for b, t in points:
        w = 1.0 / (t * t)
        sw, swb, swbb, swt, swbt = sw + w, swb + w * b, swbb + w * b * b, swt + w * t, swbt + w * b * t
    det = sw * swbb - swb * swb
    alpha = (swbb * swt - swb * swbt) / det
    beta = (sw * swbt - swb * swt) / det
    return max(alpha, 0.0), max(beta, 1e-13), sorted(points)


def main(raw):
    best = load(raw)
    one, two, threads = best["1rank_1thread"], best["2ranks_1thread"], best["1rank_2threads"]
    print("| figure | 1 rank x 1 thread | 2 ranks x 1 thread | 1 rank x 2 threads |")
    print("|---|---|---|---|")
    print(f"| NPE epoch, 10^5 rows (s) | {one['npe_epoch_s']:.3f} | {two['npe_epoch_s']:.3f} | {threads['npe_epoch_s']:.3f} |")
    print(f"| speed-up vs 1 x 1 | 1 | {one['npe_epoch_s'] / two['npe_epoch_s']:.2f} | {one['npe_epoch_s'] / threads['npe_epoch_s']:.2f} |")
    cpu1 = one["npe_epoch_cpu_s_rank0"]
    print(f"| NPE epoch, CPU s of rank 0 | {cpu1:.3f} | {two['npe_epoch_cpu_s_rank0']:.3f} | {threads['npe_epoch_cpu_s_rank0']:.3f} |")
    print(f"| Hodgkin-Huxley, 1,000 sims (s) | {one['hh_simulation_s']:.2f} | {two['hh_simulation_s']:.2f} | {threads['hh_simulation_s']:.2f} |")
    eff2 = one['hh_simulation_s'] / (2 * two['hh_simulation_s'])
    efft = one['hh_simulation_s'] / (2 * threads['hh_simulation_s'])
    print(f"| parallel efficiency (T1 / 2 T) | 1 | {eff2:.2f} | {efft:.2f} |")
    print()
    alpha, beta, points = fit_allgather(two)
    print("Allgather (2 ranks, in place, fastest of 5 batches): bytes per rank -> microseconds per call")
    print()
    print("| bytes per rank | measured (us) | fit (us) |")
    print("|---|---|---|")
    for b, t in points:
        print(f"| {int(b)} | {t * 1e6:.1f} | {(alpha + beta * b) * 1e6:.1f} |")
    print()
    print(f"Fit: alpha = {alpha * 1e6:.1f} us, beta = {beta * 1e9:.3f} ns/byte ({1e-9 / beta:.2f} GB/s)")
    print()
    t1 = one["npe_epoch_s"]
    record = one["gradient_record_bytes"]
    t_sim = one["hh_simulation_s"] / 1000.0
    cv = one.get("hh_cost_cv", 1.0)
    print(f"Model inputs: T1 = {t1:.3f} s per epoch, R = {int(record)} bytes per chunk record, "
          f"t_sim = {t_sim * 1e3:.2f} ms per simulation, cv = {cv:.2f}")
    print()
    print("| ranks N | epoch (s) | epoch speed-up | epoch efficiency | 10^6 sims (s) | simulation efficiency |")
    print("|---|---|---|---|---|---|")
    for n in (1, 2, 8, 16, 32, 64, 128, 256):
        steps = math.ceil(90000 / (100 * n))
        comm = 0.0 if n == 1 else steps * (alpha * math.ceil(math.log2(n)) + beta * n * record * (n - 1) / n)
        epoch = t1 / n + comm
        per_rank = 1e6 / n
        z = math.sqrt(2 * math.log(n)) if n > 1 else 0.0
        sim = 1e6 * t_sim / n * (1 + z * cv / math.sqrt(per_rank)) + (alpha * math.ceil(math.log2(n)) if n > 1 else 0)
        print(f"| {n} | {epoch:.4f} | {t1 / epoch:.1f} | {t1 / epoch / n:.2f} | {sim:.1f} | {1e6 * t_sim / (n * sim):.3f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/scaling_raw")
