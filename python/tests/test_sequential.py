"""sbipp.run_sequential (the multi-round methods), embedding nets on the trainers, and
sbipp.RestrictionEstimator, against the maths of a linear Gaussian toy:
θ ~ N(0, I₂), x = θ + σ·ε with σ = 0.5, so p(θ | x_o) = N(x_o/(1 + σ²), σ²/(1 + σ²)·I)."""
import numpy as np
import pytest

import sbipp

SIGMA = 0.5
X_O = np.array([0.8, -0.4])
TRUE_MEAN = X_O / (1 + SIGMA**2)
TRUE_SD = np.sqrt(SIGMA**2 / (1 + SIGMA**2))
FAST = dict(max_num_epochs=60)  # keeps the runs to about a second each


def linear_gaussian(theta, seed):
    rng = np.random.default_rng(seed)
    return theta + SIGMA * rng.standard_normal(theta.shape)


@pytest.fixture(scope="module")
def prior():
    return sbipp.Normal(np.zeros(2), np.ones(2))


def test_snpe_c_recovers_the_posterior_mean(prior):
    posterior = sbipp.run_sequential(prior, linear_gaussian, X_O, method="snpe-c", num_simulations=2000, rounds=2,
                                     seed=0, **FAST)
    draws = posterior.sample(4000, seed=1)
    assert draws.shape == (4000, 2)
    np.testing.assert_allclose(draws.mean(axis=0), TRUE_MEAN, atol=0.12)
    np.testing.assert_allclose(draws.std(axis=0), TRUE_SD, atol=0.1)
    assert np.isfinite(posterior.log_prob(draws[:10])).all()
    rounds = posterior.info["rounds"]
    assert len(rounds) == 2 and sum(r["simulations"] for r in rounds) == 2000
    assert posterior.info["theta"].shape == (2000, 2) and posterior.info["x"].shape == (2000, 2)
    assert posterior.method == "snpe-c"


@pytest.mark.parametrize("method", ["snpe-a", "snpe-b", "snle", "snre", "snre-b", "snre-c"])
def test_every_sequential_method_lands_near_the_posterior(prior, method):
    posterior = sbipp.run_sequential(prior, linear_gaussian, X_O, method=method, num_simulations=1000, rounds=2,
                                     seed=0, num_chains=20, **FAST)
    draws = posterior.sample(1000, seed=1)
    np.testing.assert_allclose(draws.mean(axis=0), TRUE_MEAN, atol=0.2)


def test_snle_with_chains_going_on_across_rounds(prior):
    posterior = sbipp.run_sequential(prior, linear_gaussian, X_O, method="snle", num_simulations=1200, rounds=4,
                                     seed=0, num_chains=20, warmup_steps=25, chain_start="latest", **FAST)
    np.testing.assert_allclose(posterior.sample(1000, seed=1).mean(axis=0), TRUE_MEAN, atol=0.2)


def test_same_seed_same_draws(prior):
    def run(seed):
        p = sbipp.run_sequential(prior, linear_gaussian, X_O, num_simulations=600, rounds=2, seed=seed, **FAST)
        return p.sample(200, seed=3)

    a, b, c = run(5), run(5), run(6)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_a_one_argument_simulator_is_accepted(prior):
    rng = np.random.default_rng(0)
    p = sbipp.run_sequential(prior, lambda t: t + SIGMA * rng.standard_normal(t.shape), X_O, num_simulations=400,
                             rounds=1, **FAST)
    assert p.sample(10).shape == (10, 2)


@pytest.mark.parametrize("kwargs, name", [
    (dict(method="snpe-z"), "method"),
    (dict(num_simulations=0), "num_simulations"),
    (dict(num_simulations=2.5), "num_simulations"),
    (dict(rounds=0), "rounds"),
    (dict(rounds=20, num_simulations=10), "rounds"),
    (dict(atoms=1), "atoms"),
    (dict(seed=-1), "seed"),
    (dict(estimator=3), "estimator"),
    (dict(theta_space="logit"), "theta_space"),
    (dict(chain_start="first"), "chain_start"),
    (dict(x_o=np.array([np.nan, 0.0])), "x_o"),
    (dict(simulator="not a function"), "simulator"),
    (dict(prior="N(0, 1)"), "prior"),
    (dict(bogus_setting=1), "bogus_setting"),
])
def test_bad_arguments_are_refused_by_name(prior, kwargs, name):
    args = dict(prior=prior, simulator=linear_gaussian, x_o=X_O, num_simulations=100, rounds=1)
    args.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=name):
        sbipp.run_sequential(**args)


def test_a_bad_simulator_output_and_exception_reach_the_caller(prior):
    with pytest.raises(ValueError, match="simulator output"):
        sbipp.run_sequential(prior, lambda t: t[:, :1], X_O, num_simulations=100, rounds=1)

    def broken(theta):
        raise RuntimeError("simulator broke")

    with pytest.raises(RuntimeError, match="simulator broke"):
        sbipp.run_sequential(prior, broken, X_O, num_simulations=100, rounds=1)


@pytest.mark.parametrize("method, kind", [("snpe-c", "NPE"), ("snle", "NLE")])
def test_the_last_round_saves_as_a_model_file(prior, tmp_path, method, kind):
    p = sbipp.run_sequential(prior, linear_gaussian, X_O, method=method, num_simulations=300, rounds=2,
                             num_chains=10, max_num_epochs=5)
    p.save(tmp_path / "m.sbi")
    loaded = sbipp.load(tmp_path / "m.sbi")
    assert type(loaded).__name__ == kind
    if method == "snpe-c":  # a direct sampler: the loaded network gives the same draws
        np.testing.assert_array_equal(p.sample(50, seed=2), loaded.build_posterior().sample(50, x=X_O, seed=2))


def test_the_posterior_is_for_x_o_only(prior):
    p = sbipp.run_sequential(prior, linear_gaussian, X_O, num_simulations=200, rounds=1, max_num_epochs=5)
    with pytest.raises(ValueError, match="observation"):
        p.sample(10, x=np.zeros(2))


# --- embedding nets ---------------------------------------------------------------------------

STEPS = 20


def series(theta, seed=0):
    """A time series per θ: level θ₀ plus slope θ₁ over STEPS steps, with noise."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, STEPS)
    return theta[:, :1] + theta[:, 1:] * t + 0.1 * rng.standard_normal((theta.shape[0], STEPS))


@pytest.mark.parametrize("embedding", ["gru:hidden=16:out=4", "fc:hidden=32:out=4", "conv1d:out=4"])
def test_an_embedding_npe_trains_and_samples(prior, embedding):
    theta = prior.sample(1000, seed=0)
    x = series(theta)
    npe = sbipp.NPE(prior, embedding=embedding, progress=False)
    assert npe.embedding.startswith(embedding.split(":")[0])
    posterior = npe.append_simulations(theta, x).train(max_num_epochs=40, learning_rate=2e-3).build_posterior()
    draws = posterior.sample(500, x=series(np.array([[0.5, -1.0]]), seed=9)[0], seed=1)
    assert draws.shape == (500, 2) and np.isfinite(draws).all()
    assert npe.summary["train_loss"][-1] < npe.summary["train_loss"][0]
    if embedding.startswith("fc"):
        # θ₀ is easy to read from the series: the posterior has moved towards it (the GRU sits on a
        # plateau for its first tens of epochs while its update gates open, then ends as low as fc,
        # bench/results/embedding_gru_learning.md; 40 epochs do not get it there, so the GRU and
        # conv1d nets are only checked to train)
        assert abs(draws[:, 0].mean() - 0.5) < 0.5


@pytest.mark.parametrize("make", [
    lambda p: sbipp.NLE(p, embedding="fc:out=4", progress=False, num_chains=10),
    lambda p: sbipp.NRE(p, embedding="fc:out=4", progress=False, num_chains=10),
    lambda p: sbipp.ACE(p, embedding="fc:out=4", progress=False, num_chains=10),
])
def test_nle_nre_ace_take_an_embedding(prior, make):
    theta = prior.sample(300, seed=0)
    inf = make(prior).append_simulations(theta, series(theta)).train(max_num_epochs=3)
    assert inf.build_posterior().sample(20, x=series(theta[:1])[0], seed=1).shape == (20, 2)


@pytest.mark.parametrize("embedding, error", [(5, TypeError), ("lstm", ValueError), ("gru:hidden=0", ValueError),
                                              ("gru:size=3", ValueError)])
def test_bad_embeddings_are_refused_by_name(prior, embedding, error):
    with pytest.raises(error, match="embedding"):
        sbipp.NPE(prior, embedding=embedding)


def test_an_embedding_that_does_not_fit_x_is_refused_when_trained(prior):
    theta = prior.sample(50, seed=0)
    npe = sbipp.NPE(prior, embedding="gru:channels=3", progress=False).append_simulations(theta, series(theta))
    with pytest.raises(ValueError, match="embedding.*channels=3"):
        npe.train(max_num_epochs=1)


# --- restriction --------------------------------------------------------------------------------

def half_invalid(theta):
    """NaN where θ₀ > 0.5 (a quarter of the box prior)."""
    x = theta.copy()
    x[theta[:, 0] > 0.5] = np.nan
    return x


@pytest.mark.filterwarnings("ignore::UserWarning")  # the few invalid rows NPE drops
@pytest.mark.parametrize("rule", ["finite", "x0<=0.5", lambda x: x[:, 0] <= 0.5])
def test_restriction_rejects_the_invalid_region(rule):
    box = sbipp.BoxUniform(-np.ones(2), np.ones(2))
    theta = box.sample(2000, seed=0)
    restriction = sbipp.RestrictionEstimator(box, rule=rule, seed=0)
    restriction.append_simulations(theta, half_invalid(theta)).train(max_num_epochs=200)
    restricted = restriction.restrict_prior()
    assert isinstance(restricted, sbipp.Prior)
    assert 0.6 < restricted.acceptance_rate < 0.9  # the valid part is 3/4 of the prior
    draws = restricted.sample(4000, seed=1)
    assert (draws[:, 0] > 0.6).mean() < 0.02  # hardly any draw deep in the invalid region
    assert (draws[:, 0] < 0.4).mean() > 0.95 * (1.4 / 1.5)  # and the valid region is kept
    assert not restriction.accepts(np.array([[0.95, 0.0]]))[0]
    assert restriction.accepts(np.array([[-0.5, 0.0]]))[0]
    assert np.isneginf(restricted.log_prob(np.array([[0.95, 0.0]])))[0]
    # the other classes take the restricted prior: simulations from it are (almost) all valid
    th = restricted.sample(500, seed=2)
    npe = sbipp.NPE(restricted, progress=False).append_simulations(th, half_invalid(th)).train(max_num_epochs=5)
    assert npe.build_posterior().sample(50, x=np.array([0.0, 0.0]), seed=1).shape == (50, 2)


def test_restriction_arguments_are_checked():
    box = sbipp.BoxUniform(-np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="rule"):
        sbipp.RestrictionEstimator(box, rule="y0>1")
    with pytest.raises(TypeError, match="rule"):
        sbipp.RestrictionEstimator(box, rule=3)
    with pytest.raises(ValueError, match="allowed_false_negatives"):
        sbipp.RestrictionEstimator(box, allowed_false_negatives=1.5)
    with pytest.raises(ValueError, match="hidden_features"):
        sbipp.RestrictionEstimator(box, hidden_features=0)
    with pytest.raises(ValueError, match="train"):
        sbipp.RestrictionEstimator(box).restrict_prior()
    r = sbipp.RestrictionEstimator(box, rule=lambda x: np.ones(3, dtype=bool))
    with pytest.raises(ValueError, match="rule"):
        r.append_simulations(box.sample(5), np.zeros((5, 2)))


def test_an_embedding_npe_saves_and_loads(prior, tmp_path):
    theta = prior.sample(300, seed=0)
    x = series(theta)
    npe = sbipp.NPE(prior, embedding="gru:hidden=8:out=4", progress=False)
    npe.append_simulations(theta, x).train(max_num_epochs=3)
    npe.save(tmp_path / "m.sbi")
    loaded = sbipp.load(tmp_path / "m.sbi")
    a = npe.build_posterior().sample(20, x=x[0], seed=1)
    np.testing.assert_array_equal(a, loaded.build_posterior().sample(20, x=x[0], seed=1))


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_run_sequential_takes_a_restricted_prior():
    box = sbipp.BoxUniform(-np.ones(2), np.ones(2))
    theta = box.sample(1000, seed=0)
    restricted = sbipp.RestrictionEstimator(box).append_simulations(theta, half_invalid(theta)).train().restrict_prior()
    p = sbipp.run_sequential(restricted, linear_gaussian, np.array([0.3, 0.0]), num_simulations=600, rounds=2,
                             max_num_epochs=20)
    assert (p.info["theta"][:, 0] < 0.7).mean() > 0.98  # hardly a simulation wasted in the invalid region


# --- embedding and restriction in the rounds ------------------------------------------------------

def repeated_series(theta, seed=0):
    """x_t = θ_(t mod 2) + √2.5·ε_t for 20 steps: θ_j | x ~ N(0.8·x̄_j, 0.2), x̄_j the mean of its 10 values."""
    rng = np.random.default_rng(seed)
    return theta[:, np.arange(STEPS) % 2] + np.sqrt(2.5) * rng.standard_normal((theta.shape[0], STEPS))


def test_run_sequential_with_a_gru_embedding_recovers_the_posterior(prior):
    x_o = repeated_series(np.array([[0.6, -0.4]]), seed=17)[0]
    means = np.array([x_o[0::2].mean(), x_o[1::2].mean()])
    p = sbipp.run_sequential(prior, repeated_series, x_o, method="snpe-c", num_simulations=2000, rounds=2, seed=5,
                             embedding="gru:hidden=16:out=4", max_num_epochs=400)
    draws = p.sample(4000, seed=3)
    # 5 standard errors for ≥ 200 effective pairs near x_o (as the C++ test)
    np.testing.assert_allclose(draws.mean(axis=0), 0.8 * means, atol=5 * np.sqrt(0.2 / 200))
    np.testing.assert_allclose(draws.std(axis=0), np.sqrt(0.2), atol=5 * np.sqrt(0.2 / 400))


def bordered(theta, seed):
    """θ + 0.2·ε, NaN where θ₀ > 0.5."""
    rng = np.random.default_rng(seed)
    x = theta + 0.2 * rng.standard_normal(theta.shape)
    x[theta[:, 0] > 0.5] = np.nan
    return x


@pytest.mark.parametrize("restriction", ["finite", lambda p: sbipp.RestrictionEstimator(p, rule="finite", seed=1)])
def test_run_sequential_with_a_restriction_wastes_fewer_simulations(restriction):
    box = sbipp.BoxUniform(-np.ones(2), np.ones(2))
    x_o = np.array([0.4, 0.0])
    restriction = restriction if isinstance(restriction, str) else restriction(box)

    def run(r):
        return sbipp.run_sequential(box, bordered, x_o, method="snpe-c", num_simulations=1500, rounds=3, seed=5,
                                    restriction=r, max_num_epochs=30)

    plain, restricted = run(None), run(restriction)
    wasted = [sum(r["dropped"] for r in p.info["rounds"][1:]) for p in (plain, restricted)]
    assert wasted[0] >= 20 and 2 * wasted[1] <= wasted[0]
    assert plain.info["rounds"][0]["dropped"] == restricted.info["rounds"][0]["dropped"]
    assert 0.6 < restricted.info["restricted_acceptance"] < 0.9  # the valid region is 3/4 of the box
    assert "restricted_acceptance" not in plain.info
    assert (restricted.sample(500, seed=1)[:, 0] <= 0.6).all()


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(method="snpe-a", restriction="finite"), ValueError, "snpe-a"),
    (dict(rounds=1, restriction="finite"), ValueError, "at least 2"),
    (dict(restriction="x9>=0"), ValueError, "column"),
    (dict(restriction="x0>>1"), ValueError, "restriction"),
    (dict(restriction=3), TypeError, "restriction"),
    (dict(embedding="lstm"), ValueError, "embedding"),
])
def test_run_sequential_refuses_a_bad_embedding_or_restriction(prior, kwargs, error, match):
    args = dict(num_simulations=200, rounds=2, max_num_epochs=2)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        sbipp.run_sequential(prior, linear_gaussian, X_O, **args)


def test_run_sequential_takes_a_callable_rule():
    box = sbipp.BoxUniform(-np.ones(2), np.ones(2))
    x_o = np.array([0.4, 0.0])
    calls = []

    def all_valid(x):  # non-finite rows are invalid anyway: the same flags as "finite"
        calls.append(x.shape[0])
        return np.ones(x.shape[0], dtype=bool)

    def run(r):
        return sbipp.run_sequential(box, bordered, x_o, method="snpe-c", num_simulations=600, rounds=2, seed=5,
                                    restriction=r, max_num_epochs=10)

    by_text, by_callable = run("finite"), run(all_valid)
    assert calls[0] == 1 and calls[1:] == [300, 300]  # x_o, then once per round
    np.testing.assert_array_equal(by_text.info["theta"], by_callable.info["theta"])
    np.testing.assert_array_equal(by_text.sample(100, seed=1), by_callable.sample(100, seed=1))
    with pytest.raises(ValueError, match="one flag per row"):
        run(lambda x: np.ones((x.shape[0], 2), dtype=bool))
    with pytest.raises(ZeroDivisionError):
        run(lambda x: 1 / 0)


def test_a_restricted_sequential_model_loads_under_its_restriction(tmp_path):
    box = sbipp.BoxUniform(-np.ones(2), np.ones(2))
    x_o = np.array([0.4, 0.0])
    p = sbipp.run_sequential(box, bordered, x_o, method="snpe-c", num_simulations=600, rounds=2, seed=5,
                             restriction="finite", max_num_epochs=10)
    p.save(tmp_path / "restricted.sbi")
    loaded = sbipp.load(tmp_path / "restricted.sbi", prior=box).build_posterior()
    np.testing.assert_array_equal(loaded.sample(300, x=x_o, seed=2), p.sample(300, seed=2))
    # θ₀ = 0.95 is inside the box but in the invalid region: density 0 under the saved restriction
    inside, invalid = np.array([[0.0, 0.0]]), np.array([[0.95, 0.0]])
    assert np.isfinite(loaded.log_prob(inside, x=x_o)[0])
    assert np.isneginf(loaded.log_prob(invalid, x=x_o)[0])
