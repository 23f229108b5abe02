"""posterior.to_dict(): ArviZ's from_dict layout, {"posterior": {name: (chain, draw)}, ...},
with the MCMC chains regrouped and their statistics in sample_stats."""
import numpy as np
import pytest

import sbipp


def test_direct_sampler_is_one_chain(small_npe):
    inf, x_o = small_npe
    posterior = inf.build_posterior()
    draws = posterior.sample(300, x=x_o, seed=1)
    d = posterior.to_dict()
    assert set(d["posterior"]) == {"parameter_1", "parameter_2"}
    assert d["posterior"]["parameter_1"].shape == (1, 300)
    assert np.array_equal(d["posterior"]["parameter_2"][0], draws[:, 1])
    assert "sample_stats" not in d and np.array_equal(d["observed_data"]["x"], x_o)


@pytest.fixture(scope="module")
def mcmc_draws():
    """An NRE posterior sampled by Metropolis–Hastings with 4 chains: (posterior, 40 draws)."""
    t = sbipp.task("two_moons")
    theta = t.prior.sample(300, seed=0)
    inf = sbipp.NRE(t.prior, num_chains=4, warmup_steps=5, thin=1, progress=False, mcmc_method="mh")
    inf.append_simulations(theta, t.simulate(theta, seed=1)).train(max_num_epochs=1)
    posterior = inf.build_posterior()
    return posterior, posterior.sample(40, x=np.array([0.0, 0.1]), seed=2)


def test_mcmc_draws_are_grouped_by_chain_with_sample_stats(mcmc_draws):
    posterior, draws = mcmc_draws
    d = posterior.to_dict()
    th1 = d["posterior"]["parameter_1"]
    assert th1.shape == (4, 10)
    # Row t·chains + c of the draws is draw t of chain c.
    assert th1[2, 5] == draws[5 * 4 + 2, 0]
    stats = d["sample_stats"]
    assert stats["acceptance_rate"].shape == (4, 10) and stats["step_size"].shape[:2] == (4, 10)
    assert posterior.last_sample_info["sampler"] == "metropolis"


def test_arviz_reads_it(small_npe):
    az = pytest.importorskip("arviz")
    inf, x_o = small_npe
    posterior = inf.build_posterior()
    posterior.sample(100, x=x_o, seed=1)
    data = az.from_dict(**posterior.to_dict())
    assert data.posterior["parameter_1"].shape == (1, 100)


def test_arviz_reads_the_mcmc_chains(mcmc_draws):
    az = pytest.importorskip("arviz")
    posterior, draws = mcmc_draws
    data = az.from_dict(**posterior.to_dict())
    assert data.posterior["parameter_2"].shape == (4, 10)
    assert data.sample_stats["acceptance_rate"].shape == (4, 10)
