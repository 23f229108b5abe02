"""Model files both ways between Python and the `sbi` program: a model trained in Python is
sampled by `sbi sample`; a model trained by `sbi train` is loaded by sbipp.load. With the same
seed and simulations, Python and the CLI train the same weights, so their draws are identical."""
import subprocess

import numpy as np
import pytest

import sbipp
from sbipp import _sbipp

SIMS, SEED, EPOCHS = 1000, 7, 3


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
    np.testing.assert_allclose(cli_draws, python_draws, rtol=1e-6, atol=1e-9)  # the CSV keeps ~17 digits


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
    assert np.array_equal(from_cli, inf.build_posterior().sample(400, x=x_o, seed=3))


@pytest.mark.parametrize("kind", ["nle", "nre", "ace"])
def test_save_and_load_in_python(kind, tmp_path):
    t, theta, x = cli_simulations()
    mcmc = dict(num_chains=10, warmup_steps=5, thin=1, progress=False)
    cls = {"nle": sbipp.NLE, "nre": sbipp.NRE, "ace": sbipp.ACE}[kind]
    inf = cls(t.prior, **mcmc).append_simulations(theta, x).train(max_num_epochs=2)
    inf.save(tmp_path / "m.sbi")
    loaded = sbipp.load(tmp_path / "m.sbi")
    loaded.mcmc = inf.mcmc
    x_o = np.array([0.1, 0.2])
    assert type(loaded) is cls
    assert np.array_equal(inf.build_posterior().sample(50, x=x_o, seed=1),
                          loaded.build_posterior().sample(50, x=x_o, seed=1))


def test_a_user_prior_needs_the_prior_to_load(tmp_path):
    prior = sbipp.BoxUniform(low=-np.ones(2), high=np.ones(2))
    theta = prior.sample(200, seed=0)
    inf = sbipp.NPE(prior, progress=False).append_simulations(theta, theta * 2).train(max_num_epochs=1)
    inf.save(tmp_path / "user.sbi")
    with pytest.raises(ValueError, match="pass it: sbipp.load"):
        sbipp.load(tmp_path / "user.sbi")
    loaded = sbipp.load(tmp_path / "user.sbi", prior=prior)
    assert loaded.build_posterior().sample(10, x=np.zeros(2)).shape == (10, 2)
