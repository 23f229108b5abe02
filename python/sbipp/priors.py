"""Priors p(θ): BoxUniform, Normal, LogNormal, a benchmark task's prior (and, with the prior
files of simulators/prior_file.hpp, from_json). Each has parameter names (theta_1, ... unless
given) and a tag that model files record so that `sbi sample` and sbipp.load rebuild it."""
import numpy as np

from . import _sbipp
from ._arrays import count, matrix, vector


class Prior:
    """A prior over R^d, backed by the engine (sampling is reproducible for a seed)."""

    def __init__(self, handle, names=None, tag=""):
        self._handle = handle
        self.dim = handle.dim
        names = list(names) if names is not None else [f"theta_{i + 1}" for i in range(self.dim)]
        if len(names) != self.dim:
            raise ValueError(f"{len(names)} parameter names for a prior of dimension {self.dim}")
        self.names = names
        self.tag = tag  # what a model file records to rebuild this prior ("" if nothing can)

    def sample(self, n, seed=0):
        """n draws as an (n, dim) array; the same seed gives the same draws."""
        return self._handle.sample(count(n, "n"), int(seed))

    def log_prob(self, theta):
        """log p(θ) per row (-inf outside the support); theta is read in place."""
        return self._handle.log_prob(self.check_theta(theta))

    @property
    def mean(self):
        return self._handle.mean()

    @property
    def stddev(self):
        return self._handle.sd()

    def check_theta(self, theta, name="theta"):
        return matrix(theta, name, self.dim, f" (one per parameter of the prior: {', '.join(self.names)})")

    def __repr__(self):
        return f"sbipp.Prior({self._handle.describe()})"


def BoxUniform(low, high, names=None):
    """θ_d ~ U(low_d, high_d) independently."""
    low = vector(low, "low")
    high = vector(high, "high", low.shape[0], " (as many as low)")
    return Prior(_sbipp.box_uniform(low, high), names)


def Normal(loc, scale=None, covariance=None, names=None):
    """N(loc, diag(scale²)), or N(loc, covariance) with a full covariance matrix."""
    loc = vector(loc, "loc")
    if (scale is None) == (covariance is None):
        raise ValueError("Normal: give exactly one of scale (standard deviations) or covariance")
    if covariance is None:
        scale = vector(scale, "scale", loc.shape[0], " (as many as loc)")
        covariance = np.ascontiguousarray(np.diag(scale ** 2))
    covariance = matrix(covariance, "covariance", loc.shape[0], " (a square matrix matching loc)")
    return Prior(_sbipp.gaussian(loc, covariance), names)


def LogNormal(loc, scale, names=None):
    """log θ_d ~ N(loc_d, scale_d²) independently (scale is a standard deviation)."""
    loc = vector(loc, "loc")
    scale = vector(scale, "scale", loc.shape[0], " (as many as loc)")
    return Prior(_sbipp.lognormal(loc, scale), names)
