"""SMC-ABC (population Monte Carlo ABC with an adaptive tolerance, as the `sbi` package's
SMCABC) with any Python simulator: fn(theta) -> x, or fn(theta, seed) -> x for a reproducible
run. The engine calls it batch by batch, re-acquiring the GIL for each call."""
import inspect

import numpy as np

from . import _sbipp
from ._arrays import matrix, vector
from .posterior import Posterior


def _batch_simulator(fn, x_dim):
    takes_seed = len(inspect.signature(fn).parameters) >= 2

    def call(theta, seed):
        x = fn(theta, seed) if takes_seed else fn(theta)
        x = matrix(x, "simulator output", x_dim, " (the observation's dimension)", finite=False)
        if x.shape[0] != theta.shape[0]:
            raise ValueError(f"simulator output: {x.shape[0]} rows for {theta.shape[0]} parameter sets")
        return x

    return call


class SMCABC:
    def __init__(self, prior, simulator, num_particles=1000, num_initial_pop=2000, num_simulations=20000,
                 epsilon_quantile=0.5, kernel_scale=2.0, batch_size=1000, use_last_pop_samples=False):
        self.prior, self.simulator = prior, simulator
        o = _sbipp.SmcAbcSettings()
        o.num_particles, o.initial_population = int(num_particles), int(num_initial_pop)
        o.simulation_budget, o.epsilon_quantile = int(num_simulations), float(epsilon_quantile)
        o.kernel_scale, o.batch_size = float(kernel_scale), int(batch_size)
        o.fill_incomplete_round = bool(use_last_pop_samples)
        self.options = o
        self.info = {}  # the last run: final epsilon, simulations, rounds, effective sample size

    def run(self, x_o, seed=0):
        """Runs SMC-ABC for x_o; returns its posterior (the weighted final population)."""
        x_o = vector(x_o, "x_o")
        self.options.seed = int(seed)
        info = {}
        handle = _sbipp.run_smc_abc(self.prior._handle, _batch_simulator(self.simulator, x_o.shape[0]), x_o,
                                    self.options, info)
        self.info = info

        def for_observation(x):
            if not np.array_equal(x, x_o):
                raise ValueError("an SMC-ABC posterior holds the observation it was run for; run() again for another x")
            return handle

        return Posterior(for_observation, self.prior, x_o.shape[0], "smc_abc", default_x=x_o)
