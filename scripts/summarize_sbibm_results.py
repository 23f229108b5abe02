#!/usr/bin/env python3
"""Merges `sbi benchmark` CSVs into one markdown table: mean C2ST (± sd over observations),
mean MMD, NLTP and the seconds spent per run (simulating + training + sampling all observations).

usage: scripts/summarize_sbibm_results.py results/*.csv > table.md
"""
import csv
import math
import sys
from collections import defaultdict

ORDER = ["two_moons", "gaussian_linear", "slcp", "bernoulli_glm"]
METHODS = ["rej-abc", "smc-abc", "npe", "nle", "nre", "nre-c"]


def main(paths):
    groups = defaultdict(list)
    for path in paths:
        with open(path) as f:
            for row in csv.DictReader(f):
                groups[(row["task"], row["method"], int(row["sims"]))].append(row)
    print("| task | method | sims | observations | C2ST mean ± sd | MMD | NLTP | seconds per run |")
    print("|---|---|---|---|---|---|---|---|")
    def key(k):
        task, method, sims = k
        return (ORDER.index(task) if task in ORDER else 99, METHODS.index(method) if method in METHODS else 99, sims)
    for k in sorted(groups, key=key):
        rows = groups[k]
        c = [float(r["c2st"]) for r in rows]
        mean = sum(c) / len(c)
        sd = math.sqrt(sum((v - mean) ** 2 for v in c) / max(len(c) - 1, 1))
        mmd = sum(float(r["mmd"]) for r in rows) / len(rows)
        nltp = [float(r["nltp"]) for r in rows if r.get("nltp") not in (None, "", "nan")]
        nltp_s = f"{sum(nltp) / len(nltp):.2f}" if nltp else "–"
        # Simulation and training happen once per run; sampling once per observation.
        seconds = float(rows[0]["seconds_simulating"]) + float(rows[0]["seconds_training"]) + \
            sum(float(r["seconds_sampling"]) for r in rows)
        print(f"| {k[0]} | {k[1]} | {k[2]} | {len(rows)} | {mean:.3f} ± {sd:.3f} | {mmd:.3g} | {nltp_s} | {seconds:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
