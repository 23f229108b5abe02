"""simulate(prior, fn, n, seed): n parameter sets from the prior and fn's simulations of them
(fn maps a (n, dim) θ batch to an (n, x_dim) x batch; any Python code)."""
import numpy as np

from ._arrays import count, matrix


def simulate(prior, simulator, num_simulations, seed=0):
    """Returns (theta, x) as float64 arrays. The simulator's output is converted to a C-contiguous
    float64 (n, x_dim) array once here (a 1-D output is one column); rows that are not finite are
    kept (append_simulations drops them with a warning)."""
    n = count(num_simulations, "num_simulations")
    theta = prior.sample(n, seed=seed)
    x = np.ascontiguousarray(simulator(theta), dtype=np.float64)
    if x.ndim == 1:
        x = x.reshape(-1, 1)
    x = matrix(x, "simulator output", finite=False)
    if x.shape[0] != n:
        raise ValueError(f"simulator output: {x.shape[0]} rows for {n} parameter sets")
    return theta, x
