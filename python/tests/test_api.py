"""The sbi-shaped API: priors, simulate() with a Python simulator, posteriors, every method,
progress output, and the GIL released while the engine works."""
import threading
import time

import numpy as np
import pytest

import sbipp


def test_priors_sample_reproducibly_and_evaluate():
    box = sbipp.BoxUniform(low=-np.ones(2), high=np.ones(2))
    a, b = box.sample(100, seed=3), box.sample(100, seed=3)
    assert a.shape == (100, 2) and a.dtype == np.float64 and np.array_equal(a, b)
    assert np.allclose(box.log_prob(a), -np.log(4.0))
    assert box.log_prob(np.array([[2.0, 0.0]]))[0] == -np.inf
    normal = sbipp.Normal(loc=np.zeros(3), scale=2 * np.ones(3))
    assert np.isclose(normal.log_prob(np.zeros((1, 3)))[0], -3 * np.log(2 * np.sqrt(2 * np.pi)))
    lognormal = sbipp.LogNormal(loc=np.zeros(1), scale=np.ones(1), names=["k"])
    assert lognormal.names == ["k"] and (lognormal.sample(50, seed=0) > 0).all()
    assert sbipp.task("two_moons").prior.names == ["parameter_1", "parameter_2"]


def test_simulate_calls_a_python_simulator():
    prior = sbipp.BoxUniform(low=np.zeros(1), high=np.ones(1))
    theta, x = sbipp.simulate(prior, lambda t: 2.0 * t[:, 0], 20, seed=1)
    assert theta.shape == (20, 1) and x.shape == (20, 1)
    assert np.allclose(x, 2.0 * theta)


def test_posterior_sample_log_prob_and_map(small_npe):
    inf, x_o = small_npe
    posterior = inf.build_posterior()
    draws = posterior.sample(500, x=x_o, seed=1)
    assert draws.shape == (500, 2) and np.array_equal(draws, posterior.sample((500,), x=x_o, seed=1))
    assert np.isfinite(posterior.log_prob(draws, x=x_o)).all()
    mode = posterior.map(x=x_o)
    assert mode.shape == (2,) and np.isfinite(posterior.log_prob(mode[None, :], x=x_o)).all()
    with pytest.raises(ValueError, match="no observation"):
        posterior.sample(10)
    assert np.array_equal(posterior.set_default_x(x_o).sample(500, seed=1), draws)


def test_progress_is_printed_unless_silenced(capfd):
    t = sbipp.task("two_moons")
    theta = t.prior.sample(200, seed=0)
    x = t.simulate(theta, seed=1)
    sbipp.NPE(t.prior).append_simulations(theta, x).train(max_num_epochs=2)
    assert "npe epoch" in capfd.readouterr().err
    sbipp.NPE(t.prior, progress=False).append_simulations(theta, x).train(max_num_epochs=2)
    assert capfd.readouterr().err == ""


def test_training_releases_the_gil():
    """A Python thread keeps running while the engine trains: it ticks inside the train() call.
    Were the GIL held for the whole call, no tick could fall strictly inside it."""
    t = sbipp.task("two_moons")
    theta = t.prior.sample(2000, seed=0)
    x = t.simulate(theta, seed=1)
    inf = sbipp.NPE(t.prior, progress=False).append_simulations(theta, x)
    ticks, done = [], threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    time.sleep(0.01)
    start = time.perf_counter()
    inf.train(max_num_epochs=5)
    end = time.perf_counter()
    done.set()
    thread.join()
    assert sum(start < tick < end for tick in ticks) >= 3


@pytest.mark.parametrize("make", [
    lambda p: sbipp.NLE(p, num_chains=20, warmup_steps=10, thin=1, progress=False),
    lambda p: sbipp.NRE(p, progress=False, num_chains=20, warmup_steps=10, thin=1),
    lambda p: sbipp.NRE(p, variant="B", num_atoms=5, progress=False, num_chains=20, warmup_steps=10, thin=1),
    lambda p: sbipp.NRE(p, variant="C", progress=False, num_chains=20, warmup_steps=10, thin=1),
    lambda p: sbipp.ACE(p, progress=False, num_chains=20, warmup_steps=10, thin=1),
], ids=["nle", "nre", "nre-b", "nre-c", "ace"])
def test_every_method_trains_and_samples(make):
    t = sbipp.task("two_moons")
    theta = t.prior.sample(500, seed=0)
    x = t.simulate(theta, seed=1)
    inf = make(t.prior).append_simulations(theta, x).train(max_num_epochs=3)
    draws = inf.build_posterior().sample(100, x=np.array([0.1, 0.2]), seed=2)
    assert draws.shape == (100, 2) and np.isfinite(draws).all()
    assert (np.abs(draws) <= 1).all()  # inside the prior's box
    assert inf.summary["epochs"] == 3


def test_smc_abc_with_a_python_simulator():
    prior = sbipp.Normal(loc=np.zeros(1), scale=np.ones(1))
    calls = []

    def simulator(theta, seed):
        calls.append(len(theta))
        rng = np.random.default_rng(seed)
        return theta + 0.1 * rng.standard_normal(theta.shape)

    smc = sbipp.SMCABC(prior, simulator, num_particles=200, num_initial_pop=400, num_simulations=3000)
    posterior = smc.run(np.array([0.5]), seed=1)
    draws = posterior.sample(1000, seed=2)
    # The exact posterior is N(0.5·1/1.01, 0.01/1.01) (sd ≈ 0.0995); ABC's tolerance widens it.
    assert abs(draws.mean() - 0.495) < 0.05 and draws.std() < 0.3
    assert sum(calls) == smc.info["simulations"] <= 3000
    with pytest.raises(ValueError, match="run\\(\\) again for another x"):
        posterior.sample(10, x=np.array([0.0]))


def test_smc_abc_passes_on_the_simulator_s_exception():
    prior = sbipp.Normal(loc=np.zeros(1), scale=np.ones(1))

    def broken(theta):
        raise RuntimeError("simulator failed")

    with pytest.raises(RuntimeError, match="simulator failed"):
        sbipp.SMCABC(prior, broken).run(np.array([0.0]))
    with pytest.raises(ValueError, match="simulator output: expected 1 columns"):
        sbipp.SMCABC(prior, lambda t: np.hstack([t, t])).run(np.array([0.0]))


def test_numpy_two_moons_matches_the_engine_task():
    """sbipp.examples.two_moons and the engine's two_moons task simulate the same distribution:
    at θ = (0.3, -0.5), 20,000 draws each; x's sd is at most 0.06 per coordinate, so the standard
    error of a difference of means is below 0.0006; tolerance 0.003."""
    from sbipp.examples import two_moons
    theta = np.tile([0.3, -0.5], (20_000, 1))
    ours = two_moons(theta, np.random.default_rng(0))
    engine = sbipp.task("two_moons").simulate(theta, seed=0)
    assert np.allclose(ours.mean(axis=0), engine.mean(axis=0), atol=0.003)
    assert np.allclose(ours.std(axis=0), engine.std(axis=0), atol=0.003)
