#!/usr/bin/env python3
"""Summarises `sbi benchmark` CSVs by NLTP = -log q(theta* | x_o), the score for tasks without a
reference posterior (e.g. hodgkin_huxley): per method (and low-fidelity budget) and
high-fidelity budget, the mean over observations with its standard error, and the mean paired
difference to NPE on the same observations (negative: better than NPE). Also the median
posterior-predictive distance, averaged over observations.

usage: summarize_nltp.py [--label-from-file] IN.csv [IN.csv ...] > table.md
Rows are grouped by method, low-fidelity budget and low-fidelity task (when it is not the default
<task>_lf); with --label-from-file, by the CSV's file name instead (e.g. npe.csv, mf-npe-lf1e5.csv;
the NPE baseline is then the file npe.csv).
"""
import csv
import math
import os
import sys
from collections import defaultdict


def mean_se(values):
    n = len(values)
    if n == 0:
        return math.nan, math.nan
    m = sum(values) / n
    if n == 1:
        return m, math.nan
    var = sum((v - m) ** 2 for v in values) / (n - 1)
    return m, math.sqrt(var / n)


def label(row):
    lf = row.get("lf_sims", "")
    lf_task = row.get("lf_task", "")
    name = row["method"]
    if lf not in ("", "0"):
        default_task = lf_task in ("", row["task"] + "_lf")
        name += f" (LF {int(lf):,}" + ("" if default_task else f", {lf_task}") + ")"
    return name


def main():
    args = sys.argv[1:]
    by_file = "--label-from-file" in args
    args = [a for a in args if a != "--label-from-file"]
    if not args:
        sys.exit(__doc__)
    nltp = defaultdict(dict)      # (label, sims) -> {observation: nltp}
    distance = defaultdict(list)  # (label, sims) -> median predictive distances
    for path in args:
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                if r.get("error"):
                    continue
                name = os.path.splitext(os.path.basename(path))[0] if by_file else label(r)
                key = (name, int(r["sims"]))
                v = float(r["nltp"]) if r.get("nltp") not in (None, "", "nan") else math.nan
                if math.isfinite(v):
                    nltp[key][int(r["observation"])] = v
                d = float(r["median_distance"]) if r.get("median_distance") not in (None, "", "nan") else math.nan
                if math.isfinite(d):
                    distance[key].append(d)
    print("| method | HF sims | observations | NLTP (mean ± s.e.) | NLTP − NPE (paired, mean ± s.e.) | "
          "median predictive distance (mean) |")
    print("|---|---|---|---|---|---|")
    order = lambda k: (k[1], k[0] != "npe", k[0])
    for key in sorted(nltp, key=order):
        name, sims = key
        values = nltp[key]
        m, se = mean_se(list(values.values()))
        paired = ""
        base = nltp.get(("npe", sims))
        if base and name != "npe":
            common = sorted(set(values) & set(base))
            dm, dse = mean_se([values[k] - base[k] for k in common])
            paired = f"{dm:+.2f} ± {dse:.2f} ({len(common)})"
        dist = sum(distance[key]) / len(distance[key]) if distance[key] else math.nan
        print(f"| {name} | {sims:,} | {len(values)} | {m:.2f} ± {se:.2f} | {paired} | {dist:.3g} |")


if __name__ == "__main__":
    main()
