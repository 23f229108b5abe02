"""Priors p(θ): BoxUniform, Normal, LogNormal, from_json (the prior files of
simulators/prior_file.hpp, docs/prior_files.md) and a benchmark task's prior. Each has
parameter names (theta_1, ... unless given). Every prior but a task's can be written as a
prior file (prior.json, canonical JSON), which is what model files record about it."""
import json
import os

import numpy as np

from . import _sbipp
from ._arrays import count, matrix, vector


class Prior:
    """A prior over R^d, backed by the engine (sampling is reproducible for a seed)."""

    def __init__(self, handle, names=None, tag="", spec=None):
        self._handle = handle
        self.dim = handle.dim
        names = list(names) if names is not None else [f"theta_{i + 1}" for i in range(self.dim)]
        if len(names) != self.dim:
            raise ValueError(f"{len(names)} parameter names for a prior of dimension {self.dim}")
        self.names = names
        self.tag = tag  # a task's name, for a task's prior
        self._spec = spec  # the prior file's "parameters" entries (None for a task's prior)
        self._json = None

    @property
    def json(self):
        """The prior as a prior file: canonical JSON text (None for a benchmark task's prior)."""
        if self._json is None and self._spec is not None:
            text = json.dumps({"parameters": self._spec})
            self._json = _sbipp.parse_prior_json(text, "prior")[2]
        return self._json

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
    prior = Prior(_sbipp.box_uniform(low, high), names)
    prior._spec = [{"name": n, "distribution": "uniform", "low": float(a), "high": float(b)}
                   for n, a, b in zip(prior.names, low, high)]
    return prior


def Normal(loc, scale=None, covariance=None, names=None):
    """N(loc, diag(scale²)), or N(loc, covariance) with a full covariance matrix."""
    loc = vector(loc, "loc")
    if (scale is None) == (covariance is None):
        raise ValueError("Normal: give exactly one of scale (standard deviations) or covariance")
    if covariance is None:
        scale = vector(scale, "scale", loc.shape[0], " (as many as loc)")
        prior = Prior(_sbipp.gaussian(loc, np.ascontiguousarray(np.diag(scale ** 2))), names)
        prior._spec = [{"name": n, "distribution": "normal", "mean": float(m), "std": float(s)}
                       for n, m, s in zip(prior.names, loc, scale)]
        return prior
    covariance = matrix(covariance, "covariance", loc.shape[0], " (a square matrix matching loc)")
    prior = Prior(_sbipp.gaussian(loc, covariance), names)
    prior._spec = [{"names": prior.names, "distribution": "multivariate_normal", "mean": loc.tolist(),
                    "covariance": covariance.tolist()}]
    return prior


def LogNormal(loc, scale, names=None):
    """log θ_d ~ N(loc_d, scale_d²) independently (scale is a standard deviation)."""
    loc = vector(loc, "loc")
    scale = vector(scale, "scale", loc.shape[0], " (as many as loc)")
    prior = Prior(_sbipp.lognormal(loc, scale), names)
    prior._spec = [{"name": n, "distribution": "lognormal", "mu": float(m), "sigma": float(s)}
                   for n, m, s in zip(prior.names, loc, scale)]
    return prior


def from_json(source):
    """A prior from a prior file (docs/prior_files.md): a path, or the JSON text itself (a
    string starting with '{'), or a dict with a "parameters" list. Uniform, lognormal, normal
    and multivariate_normal parameters; ValueError naming the parameter and field."""
    if isinstance(source, dict):
        handle, names, text = _sbipp.parse_prior_json(json.dumps(source), "prior")
    elif isinstance(source, str) and source.lstrip().startswith("{"):
        handle, names, text = _sbipp.parse_prior_json(source, "prior")
    else:
        path = os.fspath(source)
        if not os.path.exists(path):
            raise FileNotFoundError(f"prior file '{path}' does not exist")
        handle, names, text = _sbipp.read_prior_file(path)
    return prior_from_file(handle, names, text)


def prior_from_file(handle, names, text):
    """The Prior of a parsed prior file (engine prior, parameter names, canonical JSON)."""
    prior = Prior(handle, names)
    prior._json = text
    return prior
