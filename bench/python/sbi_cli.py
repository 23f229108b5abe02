"""Shared helpers for the bench/python scripts that drive the `sbi` program: reading its CSV
files (a header row, then numbers) and calling `sbi sample` / `sbi simulate` through files in a
scratch folder, one observation or one θ batch at a time, single-threaded."""
import os
import subprocess

import numpy as np


def read_csv(path):
    """(header names, rows as a 2-D float array) of an `sbi` CSV file."""
    with open(path) as f:
        header = f.readline().strip().split(",")
    return header, np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)


def write_csv(path, rows, names):
    np.savetxt(path, np.atleast_2d(rows), delimiter=",", header=",".join(names), comments="", fmt="%.17g")


class SbiCli:
    """`sbi sample` and `sbi simulate` on in-memory arrays, via files under `scratch`."""

    def __init__(self, sbi, scratch):
        self.sbi, self.scratch = sbi, scratch

    def _path(self, name):
        return os.path.join(self.scratch, name)

    def sample(self, model, x, stat_names, num, seed):
        """(parameter names, num draws) of a saved model's posterior at observation x."""
        write_csv(self._path("obs.csv"), x, stat_names)
        subprocess.run([self.sbi, "sample", "--model", model, "--observation", self._path("obs.csv"), "--num",
                        str(num), "--seed", str(seed), "--out", self._path("draws.csv"), "--quiet", "--threads",
                        "1"], check=True)
        return read_csv(self._path("draws.csv"))

    def simulate_hh(self, recordings, param_names, theta, seed):
        """Hodgkin–Huxley statistics of the rows of theta under the recordings' protocol."""
        write_csv(self._path("theta.csv"), theta, param_names)
        subprocess.run([self.sbi, "simulate", "--task", "hodgkin_huxley", "--recording", recordings, "--theta",
                        self._path("theta.csv"), "--seed", str(seed), "--out", self._path("x.csv"), "--quiet"],
                       check=True)
        return read_csv(self._path("x.csv"))[1]
