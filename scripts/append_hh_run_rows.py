#!/usr/bin/env python3
"""Appends one `sbi fit-recordings --recording ...` run's per-cell rows to a results
CSV in bench/results/, filling the CSV's own columns by name, so every row says which build,
seed, budget, NPE flow and training caps produced it.

A column is filled from (first match wins):
  1. --set NAME=VALUE on the command line (e.g. a free-text `run` label);
  2. the run's metrics.csv row (recording, method, beta, predictive_mae_z, ...);
  3. the run's summary.json: `commit` is the build's git revision (7 characters), `estimator`,
     `theta_space` and `npe_batch_size` are the NPE settings, `ace_max_epochs` /
     `npe_max_epochs` the training caps ("none" when NPE trains until its patience runs out),
     and any other column named like a key of summary.json's "settings" (seed, sims,
     ace_observed_fraction, ...) takes its value.
A column that none of these fill is an error (nothing is written), as is a row already in the
CSV (the same run appended twice).

usage: append_hh_run_rows.py CSV RUN_DIR [--methods npe,ace,prior] [--set NAME=VALUE ...]
"""
import argparse
import csv
import json
import os
import sys


def settings_columns(summary):
    """Column values that come from summary.json, by column name."""
    s = summary["settings"]
    values = {k: v for k, v in s.items() if not isinstance(v, (dict, list))}
    values["commit"] = summary.get("sbi_git_revision", "")[:7]
    values["estimator"] = s.get("npe_estimator", "")
    values["theta_space"] = s.get("npe_theta_space", "")
    # The CLI records NPE's "until its patience runs out" as 2^30 epochs: write "none" then.
    for cap in ("ace_max_epochs", "npe_max_epochs"):
        if isinstance(s.get(cap), int) and s[cap] >= 2**30:
            values[cap] = "none"
    return {k: "" if v is None else str(v) for k, v in values.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv")
    parser.add_argument("run_dir")
    parser.add_argument("--methods", default="",
                        help="comma-separated methods to keep (default: every row of metrics.csv)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a fixed value for a column, e.g. run='seed 1, 1M set'")
    args = parser.parse_args()

    fixed = {}
    for item in args.set:
        if "=" not in item:
            sys.exit(f"--set expects NAME=VALUE, got '{item}'")
        name, value = item.split("=", 1)
        fixed[name] = value
    keep = set(m for m in args.methods.split(",") if m)

    try:
        with open(args.csv, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            existing = {tuple(row) for row in reader}
    except (OSError, StopIteration) as e:
        sys.exit(f"{args.csv}: cannot read its header ({e})")
    try:
        with open(os.path.join(args.run_dir, "summary.json")) as f:
            from_settings = settings_columns(json.load(f))
        with open(os.path.join(args.run_dir, "metrics.csv"), newline="") as f:
            metrics = list(csv.DictReader(f))
    except (OSError, KeyError, json.JSONDecodeError) as e:
        sys.exit(f"{args.run_dir}: not a finished hodgkin_huxley run folder ({e})")

    rows = []
    for m in metrics:
        if keep and m.get("method") not in keep:
            continue
        row = []
        for column in header:
            for source in (fixed, m, from_settings):
                if column in source:
                    row.append(source[column])
                    break
            else:
                sys.exit(f"column '{column}' of {args.csv} is not in metrics.csv or summary.json "
                         f"of {args.run_dir}; give it with --set {column}=VALUE")
        if tuple(row) in existing:
            sys.exit(f"{args.csv} already holds the row {row}; nothing written")
        rows.append(row)
    if not rows:
        sys.exit(f"{args.run_dir}: no rows for methods {sorted(keep)}")

    with open(args.csv, "a", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    print(f"appended {len(rows)} rows of {args.run_dir} to {args.csv}")


if __name__ == "__main__":
    main()
