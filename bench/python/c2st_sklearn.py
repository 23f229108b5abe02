#!/usr/bin/env python3
"""sbibm's C2ST with scikit-learn, for side-by-side checks of `sbi metrics c2st` on identical
samples (comparison only; the engine never depends on Python).

sbibm (sbibm/metrics/c2st.py): z-score both sets with the reference's mean and sd, an
MLPClassifier (ReLU, two hidden layers of 10·D, Adam, max_iter 10000, random_state 1, sklearn's
default stopping: training loss not improving by 1e-4 for 10 epochs, L2 alpha 1e-4), 5-fold
shuffled cross-validation, mean accuracy.

usage: OMP_NUM_THREADS=1 bench/python/c2st_sklearn.py reference.csv approximate.csv
(needs `pip install scikit-learn`; both CSVs with a header row)
"""
import sys

import numpy as np
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neural_network import MLPClassifier


def main(reference_path, approximate_path):
    X = np.loadtxt(reference_path, delimiter=",", skiprows=1, ndmin=2)
    Y = np.loadtxt(approximate_path, delimiter=",", skiprows=1, ndmin=2)
    n = min(len(X), len(Y))
    X, Y = X[:n], Y[:n]
    mean, sd = X.mean(0), X.std(0, ddof=1)
    X, Y = (X - mean) / sd, (Y - mean) / sd
    d = X.shape[1]
    clf = MLPClassifier(activation="relu", hidden_layer_sizes=(10 * d, 10 * d), max_iter=10000,
                        solver="adam", random_state=1)
    data = np.concatenate((X, Y))
    target = np.concatenate((np.zeros(n), np.ones(n)))
    folds = KFold(n_splits=5, shuffle=True, random_state=1)
    print(np.mean(cross_val_score(clf, data, target, cv=folds, scoring="accuracy")))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
