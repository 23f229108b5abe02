"""sbipp: the sbi++ engine from NumPy, with the `sbi` package's API shape.

    import numpy as np, sbipp
    prior = sbipp.BoxUniform(low=-np.ones(2), high=np.ones(2))
    theta, x = sbipp.simulate(prior, my_simulator, 10_000, seed=0)
    inf = sbipp.NPE(prior, estimator="nsf")
    posterior = inf.append_simulations(theta, x).train().build_posterior()
    samples = posterior.sample(10_000, x=x_o, seed=1)
    posterior = sbipp.run_sequential(prior, my_simulator, x_o, method="snpe-c", num_simulations=10_000)
"""
from . import _sbipp  # noqa: F401 (the extension, beside these files)
from ._arrays import ArrayError
from .abc import SMCABC
from .diagnostics import c2st, sbibm_observation
from .inference import ACE, NLE, NPE, NRE
from .io import load
from .posterior import Posterior
from .priors import BoxUniform, LogNormal, Normal, Prior, from_json
from .sequential import RestrictionEstimator, run_sequential
from .simulate import simulate
from .store import read_store, store_chunks, store_info
from .tasks import Task, task, task_names
from . import examples

__version__ = _sbipp.__version__
num_threads = _sbipp.num_threads
set_num_threads = _sbipp.set_num_threads

__all__ = ["ACE", "ArrayError", "BoxUniform", "LogNormal", "NLE", "NPE", "NRE", "Normal", "Posterior", "Prior",
           "RestrictionEstimator", "SMCABC", "Task", "c2st", "from_json", "load", "num_threads", "read_store",
           "run_sequential", "sbibm_observation", "set_num_threads", "simulate", "store_chunks", "store_info", "task",
           "task_names", "examples"]
