"""NPE (NSF) on two_moons at 10,000 simulations, from a NumPy simulator, against the sbibm
reference posterior of observation 1: C2ST ≤ 0.6 (sbibm's published NPE mean at 10k: 0.606;
the engine's, 0.590)."""
import numpy as np
import pytest

import sbipp
from sbipp.examples import two_moons


def test_npe_nsf_two_moons_c2st(shared_data):
    root = shared_data / "sbibm"
    if not (root / "two_moons" / "num_observation_1" / "reference_posterior_samples.csv").exists():
        pytest.skip(f"the sbibm reference data is absent ({root}/two_moons/num_observation_1)")
    obs = sbipp.sbibm_observation(root, "two_moons", 1)
    prior = sbipp.BoxUniform(low=-np.ones(2), high=np.ones(2))
    rng = np.random.default_rng(0)
    theta, x = sbipp.simulate(prior, lambda t: two_moons(t, rng), 10_000, seed=0)
    inf = sbipp.NPE(prior, estimator="nsf", seed=0, progress=False)
    posterior = inf.append_simulations(theta, x).train().build_posterior()
    reference = obs["reference_samples"]
    draws = posterior.sample(len(reference), x=obs["observation"], seed=1)
    score = sbipp.c2st(reference, draws, seed=1)
    print(f"C2ST {score:.3f} after {inf.summary['epochs']} epochs")
    assert score <= 0.6
