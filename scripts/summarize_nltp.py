#!/usr/bin/env python3
"""Summarises `sbi benchmark` CSVs by NLTP = -log q(theta* | x_o), the score for tasks without a
reference posterior (e.g. hodgkin_huxley): per method (and low-fidelity budget) and
high-fidelity budget, the mean over observations with its standard error, and the mean paired
difference to NPE on the same observations (negative: better than NPE). Also the median
posterior-predictive distance, averaged over observations.

usage: summarize_nltp.py IN.csv [IN.csv ...] > table.md
"""
import csv
import math
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
    return row["method"] + (f" (LF {int(lf):,})" if lf not in ("", "0") else "")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    nltp = defaultdict(dict)      # (label, sims) -> {observation: nltp}
    distance = defaultdict(list)  # (label, sims) -> median predictive distances
    for path in sys.argv[1:]:
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                if r.get("error"):
                    continue
                key = (label(r), int(r["sims"]))
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
