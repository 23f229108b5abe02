"""NumPy simulators for examples, tests and benchmarks (any Python code can be a simulator)."""
import numpy as np


def two_moons(theta, rng):
    """sbibm's two_moons simulator: θ (n, 2) → x (n, 2), with a NumPy Generator.
    x = (r cos a + 0.25, r sin a) + (-|θ1 + θ2|, -θ1 + θ2)/√2, a ~ U(-π/2, π/2), r ~ N(0.1, 0.01²)."""
    a = rng.uniform(-np.pi / 2, np.pi / 2, len(theta))
    r = rng.normal(0.1, 0.01, len(theta))
    p = np.stack([r * np.cos(a) + 0.25, r * np.sin(a)], axis=1)
    s = np.stack([-np.abs(theta[:, 0] + theta[:, 1]), -theta[:, 0] + theta[:, 1]], axis=1) / np.sqrt(2)
    return p + s
