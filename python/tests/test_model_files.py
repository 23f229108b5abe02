"""Model files both ways between Python and the `sbi` program: a model trained in Python is
sampled by `sbi sample`; a model trained by `sbi train` is loaded by sbipp.load. With the same
seed and simulations, Python and the CLI train the same weights, so their draws are identical."""
import pathlib
import subprocess

import numpy as np
import pytest

import sbipp
from sbipp import _sbipp

REPO = pathlib.Path(__file__).resolve().parents[2]

SIMS, SEED, EPOCHS = 1000, 7, 3
# Built with the same flags (the CMake build), Python and the CLI give bit-identical draws. A
# wheel (SBI_NATIVE=OFF) beside a -march=native CLI rounds float32 network arithmetic
# differently (no FMA): draws in [-1, 1] then differ by ~1e-7; a different model, by ~1e-1.
TOL = 1e-4


def cli_simulations():
    """The simulations `sbi train --task two_moons --sims SIMS --seed SEED` draws."""
    t = sbipp.task("two_moons")
    theta = t.prior.sample(SIMS, seed=_sbipp.derive_seed(SEED, 1))
    return t, theta, t.simulate(theta, seed=_sbipp.derive_seed(SEED, 2))


def run(*args):
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done


def cli_sample(sbi_program, model, x_o, out, seed=3, num=400):
    obs = out.parent / "obs.csv"
    obs.write_text("data_1,data_2\n" + ",".join(repr(float(v)) for v in x_o) + "\n")
    run(sbi_program, "sample", "--model", str(model), "--observation", str(obs), "--num", str(num),
        "--seed", str(seed), "--out", str(out), "--quiet")
    return np.loadtxt(out, delimiter=",", skiprows=1)


def test_python_model_is_sampled_by_the_cli(sbi_program, tmp_path):
    t, theta, x = cli_simulations()
    inf = sbipp.NPE(t.prior, estimator="nsf", seed=SEED, progress=False)
    inf.append_simulations(theta, x).train(max_num_epochs=EPOCHS)
    inf.save(tmp_path / "python.sbi")
    x_o = np.array([0.1, 0.2])
    cli_draws = cli_sample(sbi_program, tmp_path / "python.sbi", x_o, tmp_path / "draws.csv")
    python_draws = inf.build_posterior().sample(400, x=x_o, seed=3)
    np.testing.assert_allclose(cli_draws, python_draws, rtol=0, atol=TOL)


def test_cli_model_loads_in_python_and_matches_python_training(sbi_program, tmp_path):
    model = tmp_path / "cli.sbi"
    run(sbi_program, "train", "--task", "two_moons", "--method", "npe", "--estimator", "nsf", "--sims", str(SIMS),
        "--seed", str(SEED), "--max-epochs", str(EPOCHS), "--out", str(model), "--quiet")
    loaded = sbipp.load(model)
    assert isinstance(loaded, sbipp.NPE) and loaded.prior.names == ["parameter_1", "parameter_2"]
    x_o = np.array([0.1, 0.2])
    from_cli = loaded.build_posterior().sample(400, x=x_o, seed=3)
    t, theta, x = cli_simulations()
    inf = sbipp.NPE(t.prior, estimator="nsf", seed=SEED, progress=False)
    inf.append_simulations(theta, x).train(max_num_epochs=EPOCHS)
    np.testing.assert_allclose(from_cli, inf.build_posterior().sample(400, x=x_o, seed=3), rtol=0, atol=TOL)


@pytest.mark.parametrize("kind, space", [("nle", None), ("nre", None), ("ace", None),
                                         ("nle", "unconstrained"), ("nre", "unconstrained")])
def test_save_and_load_in_python(kind, space, tmp_path):
    """theta_space="unconstrained" (the networks conditioned on logit θ) travels with the file."""
    t, theta, x = cli_simulations()
    mcmc = dict(num_chains=10, warmup_steps=5, thin=1, progress=False)
    if space:
        mcmc["theta_space"] = space
    cls = {"nle": sbipp.NLE, "nre": sbipp.NRE, "ace": sbipp.ACE}[kind]
    inf = cls(t.prior, **mcmc).append_simulations(theta, x).train(max_num_epochs=2)
    inf.save(tmp_path / "m.sbi")
    loaded = sbipp.load(tmp_path / "m.sbi")
    loaded.mcmc = inf.mcmc
    x_o = np.array([0.1, 0.2])
    assert type(loaded) is cls
    assert np.array_equal(inf.build_posterior().sample(50, x=x_o, seed=1),
                          loaded.build_posterior().sample(50, x=x_o, seed=1))
    if space:  # the same network read at θ instead of logit θ would give other draws
        plain = cls(t.prior, **dict(mcmc, theta_space="constrained")).append_simulations(theta, x)
        assert not np.array_equal(plain.train(max_num_epochs=2).build_posterior().sample(50, x=x_o, seed=1),
                                  loaded.build_posterior().sample(50, x=x_o, seed=1))


@pytest.mark.parametrize("cls", [sbipp.NLE, sbipp.NRE])
def test_a_bad_theta_space_is_refused_by_name(cls):
    with pytest.raises(ValueError, match="theta_space"):
        cls(sbipp.task("two_moons").prior, theta_space="logit")


def test_a_user_prior_travels_with_the_model(sbi_program, tmp_path):
    """A model on a Python prior records it as a prior file: sbipp.load and `sbi sample`
    rebuild it (names included) without being told."""
    prior = sbipp.BoxUniform(low=-np.ones(2), high=[1.0, 2.0], names=["a", "b"])
    theta = prior.sample(300, seed=0)
    inf = sbipp.NPE(prior, progress=False).append_simulations(theta, theta * 2).train(max_num_epochs=2)
    inf.save(tmp_path / "user.sbi")
    loaded = sbipp.load(tmp_path / "user.sbi")
    assert loaded.prior.names == ["a", "b"] and loaded.prior.json == prior.json
    x_o = np.array([0.2, 0.4])
    draws = loaded.build_posterior().sample(200, x=x_o, seed=5)
    assert np.array_equal(draws, inf.build_posterior().sample(200, x=x_o, seed=5))
    cli_draws = cli_sample(sbi_program, tmp_path / "user.sbi", x_o, tmp_path / "draws.csv", seed=5, num=200)
    np.testing.assert_allclose(cli_draws, draws, rtol=0, atol=TOL)


def test_cli_prior_file_model_loads_with_its_names(sbi_program, tmp_path):
    fixtures = REPO / "tests" / "prior_files"
    theta = sbipp.from_json(fixtures / "good.json").sample(200, seed=1)
    np.savetxt(tmp_path / "theta.csv", theta, delimiter=",", header="alpha,beta", comments="")
    np.savetxt(tmp_path / "x.csv", theta + 0.1, delimiter=",", header="x_1,x_2", comments="")
    model = tmp_path / "cli_prior.sbi"
    run(sbi_program, "train", "--method", "npe", "--prior", str(fixtures / "good.json"), "--theta",
        str(tmp_path / "theta.csv"), "--x", str(tmp_path / "x.csv"), "--max-epochs", "1", "--out", str(model),
        "--quiet")
    loaded = sbipp.load(model)
    assert loaded.prior.json == sbipp.from_json(fixtures / "good.json").json
    assert loaded.prior.names == sbipp.from_json(fixtures / "good.json").names


def test_a_model_without_a_prior_tag_needs_the_prior(tmp_path):
    prior = sbipp.BoxUniform(low=-np.ones(2), high=np.ones(2))
    theta = prior.sample(200, seed=0)
    inf = sbipp.NPE(prior, progress=False).append_simulations(theta, theta * 2).train(max_num_epochs=1)
    inf._handle.save(str(tmp_path / "untagged.sbi"), "")  # as a C++ program saving without a tag
    with pytest.raises(ValueError, match="pass it: sbipp.load"):
        sbipp.load(tmp_path / "untagged.sbi")
    loaded = sbipp.load(tmp_path / "untagged.sbi", prior=prior)
    assert loaded.build_posterior().sample(10, x=np.zeros(2)).shape == (10, 2)
