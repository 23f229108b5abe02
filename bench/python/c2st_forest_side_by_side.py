#!/usr/bin/env python3
"""Random-forest C2ST of the `sbi` package against ours (`sbi metrics c2st --c2st-classifier
forest`) on identical samples: every draw file of a `sbi benchmark --save-samples DIR` folder
is scored against the reference draws saved beside it (comparison only; the engine never
depends on Python).

The `sbi` package's c2st() defaults: z-score with the first set's mean and sd, sklearn's
RandomForestClassifier with its defaults (100 trees, Gini, √d features per split, grown until
pure, bootstrap), 5-fold shuffled cross-validation with random_state 1, mean accuracy.

usage: bench/python/c2st_forest_side_by_side.py DIR build/cli/sbi
(needs `pip install sbi`); prints one line per file and the mean and sd of ours − sklearn.
"""
import glob
import re
import statistics
import subprocess
import sys

import numpy as np
import torch
from sbi.utils.metrics import c2st


def main(folder, sbi_binary):
    differences = []
    # Task names contain underscores: take them from the reference files' names.
    tasks = {re.sub(r"_reference_obs\d+\.csv$", "", p.split("/")[-1])
             for p in glob.glob(f"{folder}/*_reference_obs*.csv")}
    for path in sorted(glob.glob(f"{folder}/*_obs*.csv")):
        name = path.split("/")[-1]
        task = next((t for t in tasks if name.startswith(t + "_")), None)
        match = re.search(r"_obs(\d+)\.csv$", name)
        if task is None or match is None or name.startswith(task + "_reference_"):
            continue
        reference = f"{folder}/{task}_reference_obs{match.group(1)}.csv"
        draws = torch.tensor(np.loadtxt(path, delimiter=",", skiprows=1), dtype=torch.float32)
        ref = torch.tensor(np.loadtxt(reference, delimiter=",", skiprows=1), dtype=torch.float32)
        theirs = float(c2st(draws, ref))
        ours = float(subprocess.run([sbi_binary, "metrics", "c2st", reference, path, "--c2st-classifier", "forest"],
                                    check=True, capture_output=True, text=True).stdout)
        differences.append(ours - theirs)
        print(f"{path} sklearn {theirs:.4f} ours {ours:.4f}")
    if len(differences) > 1:
        print(f"ours - sklearn over {len(differences)} files: mean {statistics.mean(differences):+.4f}, "
              f"sd {statistics.stdev(differences):.4f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
