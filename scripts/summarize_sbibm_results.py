#!/usr/bin/env python3
"""Merges `sbi benchmark` CSVs into one markdown table: mean C2ST (± sd over observations) beside
sbibm's published mean for the same task, method and budget (bench/results/sbibm_published.csv),
mean MMD, NLTP and the seconds spent per run (simulating + training + sampling all observations)
beside sbibm's published run time. Runs that failed (error column set) are counted beside the
observations, not averaged.

The "setting" column is the name of the folder holding each CSV (e.g. sbi_defaults/ or
sbibm_protocol/), so runs of one method under different training settings stay apart.

usage: scripts/summarize_sbibm_results.py results/*/*.csv > table.md
"""
import csv
import math
import os
import sys
from collections import defaultdict

ORDER = ["two_moons", "gaussian_linear", "slcp", "bernoulli_glm"]
METHODS = ["rej-abc", "smc-abc", "npe", "nle", "nre", "nre-b", "nre-c", "snpe-c", "snle", "snre", "snre-b", "snre-c"]
# Multi-round methods train once per observation: their seconds are a mean over the rows.
SEQUENTIAL = {"snpe-c", "snle", "snre", "snre-b", "snre-c"}
# sbibm's sequential cells (not in sbibm_published.csv) from the shared copy of its table.
SHARED_PUBLISHED = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "sbibm", "published_c2st.csv")
PUBLISHED = os.path.join(os.path.dirname(__file__), "..", "bench", "results", "sbibm_published.csv")
# sbibm's NRE is NRE-B (SNRE_B, 10 atoms), our nre-b; our NRE-A (AALR) and NRE-C compare with it too.
PUBLISHED_NAME = {"nre-b": "nre", "nre-c": "nre", "snpe-c": "snpe", "snre-b": "snre", "snre-c": "snre"}


def load_published():
    published = {}
    if os.path.exists(PUBLISHED):
        with open(PUBLISHED) as f:
            for r in csv.DictReader(f):
                published[(r["task"], r["method"], int(r["sims"]))] = r
    if os.path.exists(SHARED_PUBLISHED):
        with open(SHARED_PUBLISHED) as f:
            for r in csv.DictReader(f):
                r.setdefault("runtime_minutes", r.get("runtime_minutes_median", "nan"))
                published.setdefault((r["task"], r["method"], int(r["sims"])), r)
    return published


def main(paths):
    published = load_published()
    groups = defaultdict(list)
    for path in paths:
        setting = os.path.basename(os.path.dirname(os.path.abspath(path)))
        with open(path) as f:
            for row in csv.DictReader(f):
                est = row.get("estimator", "")
                label = f"{row['method']} ({est})" if row["method"] in ("npe", "nle") and est else row["method"]
                groups[(row["task"], row["method"], label, setting, int(row["sims"]))].append(row)
    print("| task | method | setting | sims | obs | C2ST mean ± sd | sbibm published | MMD | NLTP "
          "| seconds per run | sbibm seconds |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")

    def key(k):
        task, method, label, setting, sims = k
        return (ORDER.index(task) if task in ORDER else 99,
                METHODS.index(method) if method in METHODS else 99, sims, setting, label)

    for k in sorted(groups, key=key):
        task, method, label, setting, sims = k
        # A run that failed (its error column set, C2ST NaN) is counted, not averaged.
        failed = [r for r in groups[k] if r.get("error")]
        rows = [r for r in groups[k] if not r.get("error")]
        if not rows:
            print(f"| {task} | {label} | {setting} | {sims} | 0 ({len(failed)} failed) | – | – | – | – | – | – |")
            continue
        c = [float(r["c2st"]) for r in rows]
        mean = sum(c) / len(c)
        sd = math.sqrt(sum((v - mean) ** 2 for v in c) / max(len(c) - 1, 1))
        mmd = sum(float(r["mmd"]) for r in rows) / len(rows)
        nltp = [float(r["nltp"]) for r in rows if r.get("nltp") not in (None, "", "nan")]
        nltp_s = f"{sum(nltp) / len(nltp):.2f}" if nltp else "–"
        # Simulation and training happen once per run; sampling once per observation.
        seconds = float(rows[0]["seconds_simulating"]) + float(rows[0]["seconds_training"]) + \
            sum(float(r["seconds_sampling"]) for r in rows)
        if method in SEQUENTIAL:  # one run of the rounds per observation
            seconds = sum(float(r["seconds_simulating"]) + float(r["seconds_training"]) +
                          float(r["seconds_sampling"]) for r in rows) / len(rows)
        pub = published.get((task, PUBLISHED_NAME.get(method, method), sims))
        pub_c = f"{float(pub['c2st_mean']):.3f} ± {float(pub['c2st_sd']):.3f}" if pub else "–"
        pub_s = f"{60 * float(pub['runtime_minutes']):.0f}" if pub else "–"
        obs = f"{len(rows)} ({len(failed)} failed)" if failed else f"{len(rows)}"
        print(f"| {task} | {label} | {setting} | {sims} | {obs} | {mean:.3f} ± {sd:.3f} | {pub_c} "
              f"| {mmd:.3g} | {nltp_s} | {seconds:.1f} | {pub_s} |")


if __name__ == "__main__":
    main(sys.argv[1:])
