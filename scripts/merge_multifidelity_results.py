#!/usr/bin/env python3
"""Merges `sbi benchmark` CSVs of the multifidelity study (npe rows in the plain benchmark
layout, tsnpe / mf-npe / mf-tsnpe / a-mf-tsnpe rows in the multifidelity layout) into one CSV
and prints a markdown table of mean C2ST per method and budget beside the published values
(TASKS.md, OU 2-D).

usage: merge_multifidelity_results.py OUT.csv IN.csv [IN.csv ...] > table.md
"""
import csv
import math
import sys
from collections import defaultdict

COLUMNS = ["task", "method", "sims", "lf_sims", "observation", "c2st", "mmd", "median_distance",
           "seconds_simulating", "seconds_pretraining", "seconds_training", "seconds_sampling",
           "min_acceptance", "seed", "error"]
# Published C2ST on OU 2-D at 50 / 1e2 / 1e3 / 1e4 high-fidelity simulations (TASKS.md).
PUBLISHED = {
    "npe": [0.795, 0.783, 0.629, 0.543],
    "mf-npe": [0.740, 0.719, 0.604, 0.542],
    "tsnpe": [0.843, 0.773, 0.674, 0.569],
    "mf-tsnpe": None,
    "a-mf-tsnpe": [0.788, 0.752, 0.636, 0.559],
}
BUDGETS = [50, 100, 1000, 10000]
ORDER = ["npe", "mf-npe", "tsnpe", "mf-tsnpe", "a-mf-tsnpe"]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rows = []
    for path in sys.argv[2:]:
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                rows.append({c: r.get(c, "") for c in COLUMNS})
    rows.sort(key=lambda r: (ORDER.index(r["method"]) if r["method"] in ORDER else 99, int(r["sims"]),
                             int(r["observation"])))
    with open(sys.argv[1], "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)

    scores = defaultdict(list)
    for r in rows:
        c = float(r["c2st"]) if r["c2st"] not in ("", "nan") else math.nan
        if not math.isnan(c):
            scores[(r["method"], int(r["sims"]))].append(c)
    print("| method | " + " | ".join(f"{b:g} sims" for b in BUDGETS) + " |")
    print("|---|" + "---|" * len(BUDGETS))
    for m in ORDER:
        cells = []
        for i, b in enumerate(BUDGETS):
            s = scores.get((m, b), [])
            ours = f"{sum(s) / len(s):.3f} (n={len(s)})" if s else "–"
            pub = PUBLISHED[m][i] if PUBLISHED[m] else None
            cells.append(ours + (f" / {pub:.3f}" if pub is not None else " / –"))
        print(f"| {m} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
