"""sbipp.from_json: the engine's prior files (simulators/prior_file.hpp); and every built-in
prior written as one (prior.json), which rebuilds the same prior."""
import json

import numpy as np
import pytest

import sbipp

SPEC = {"parameters": [
    {"name": "g", "distribution": "uniform", "low": 0.5, "high": 80},
    {"name": "tau", "distribution": "lognormal", "mu": 0.0, "sigma": 1.0},
    {"name": "b", "distribution": "normal", "mean": 0.0, "std": 2.0},
]}


def test_from_json_text_path_and_dict(tmp_path):
    path = tmp_path / "prior.json"
    path.write_text(json.dumps(SPEC))
    for source in (json.dumps(SPEC), path, str(path), SPEC):
        prior = sbipp.from_json(source)
        assert prior.names == ["g", "tau", "b"] and prior.dim == 3
    theta = np.array([[1.0, 1.0, 0.0]])
    expected = -np.log(79.5) - 0.5 * np.log(2 * np.pi) - np.log(2 * np.sqrt(2 * np.pi))
    assert np.isclose(prior.log_prob(theta)[0], expected)
    assert sbipp.from_json(prior.json).json == prior.json


def test_prior_file_errors_name_the_parameter_and_field(tmp_path):
    bad = {"parameters": [{"name": "g", "distribution": "uniform", "low": 1.0}]}
    with pytest.raises(ValueError, match=r"g.*high"):
        sbipp.from_json(bad)
    with pytest.raises(FileNotFoundError, match="missing.json"):
        sbipp.from_json(tmp_path / "missing.json")


@pytest.mark.parametrize("make", [
    lambda: sbipp.BoxUniform(low=-np.ones(2), high=[1.0, 3.0], names=["a", "b"]),
    lambda: sbipp.Normal(loc=[0.0, 1.0], scale=[1.0, 0.5]),
    lambda: sbipp.Normal(loc=[0.0, 1.0], covariance=[[1.0, 0.3], [0.3, 2.0]]),
    lambda: sbipp.LogNormal(loc=[0.0], scale=[0.5]),
], ids=["box", "normal", "mvn", "lognormal"])
def test_builtin_priors_round_trip_through_json(make):
    prior = make()
    again = sbipp.from_json(prior.json)
    assert again.names == prior.names
    theta = prior.sample(100, seed=4)
    assert np.array_equal(again.sample(100, seed=4), theta)
    assert np.allclose(again.log_prob(theta), prior.log_prob(theta))
