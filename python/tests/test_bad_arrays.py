"""Every bad array is refused with a clear exception (never a crash): wrong dtype, shape,
non-finite values, non-contiguous layout, wrong width for the prior."""
import numpy as np
import pytest

import sbipp


@pytest.fixture
def prior():
    return sbipp.BoxUniform(low=-np.ones(2), high=np.ones(2))


@pytest.fixture
def data(prior):
    theta = prior.sample(50, seed=0)
    return theta, theta + 0.1


def test_wrong_dtype_is_refused(prior, data):
    theta, x = data
    inf = sbipp.NPE(prior)
    with pytest.raises(sbipp.ArrayError, match=r"theta: expected a float64 array, got dtype float32"):
        inf.append_simulations(theta.astype(np.float32), x)
    with pytest.raises(TypeError, match="int64"):  # ArrayError is a TypeError too
        inf.append_simulations(theta, x.astype(np.int64))


def test_wrong_shape_is_refused(prior, data):
    theta, x = data
    with pytest.raises(ValueError, match=r"theta: expected a 2-D array .* shape \(50, 2, 1\)"):
        sbipp.NPE(prior).append_simulations(theta[:, :, None], x)
    with pytest.raises(ValueError, match="theta has 50 rows but x has 49"):
        sbipp.NPE(prior).append_simulations(theta, x[:49])
    with pytest.raises(ValueError, match="no rows"):
        prior.log_prob(np.empty((0, 2)))


def test_nan_is_refused(prior, data, small_npe):
    theta, x = data
    bad = theta.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"theta: entry \[3, 1\] is nan"):
        sbipp.NPE(prior).append_simulations(bad, x)
    inf, x_o = small_npe
    with pytest.raises(ValueError, match=r"x: entry \[1\] is inf"):
        inf.build_posterior().sample(10, x=np.array([0.1, np.inf]))


def test_nan_x_rows_are_dropped_with_a_warning_or_refused(prior, data):
    theta, x = data
    x = x.copy()
    x[7, 0] = np.nan
    with pytest.warns(UserWarning, match="dropped 1 of 50 simulations"):
        sbipp.NPE(prior).append_simulations(theta, x)
    with pytest.raises(ValueError, match=r"x: entry \[7, 0\] is nan"):
        sbipp.NPE(prior).append_simulations(theta, x, exclude_invalid_x=False)


def test_non_contiguous_is_refused(prior, data):
    theta, x = data
    wide = np.ascontiguousarray(np.hstack([theta, theta]))
    with pytest.raises(ValueError, match=r"not C-contiguous .* np.ascontiguousarray\(theta\)"):
        sbipp.NPE(prior).append_simulations(wide[:, ::2], x)
    with pytest.raises(ValueError, match="not C-contiguous"):
        prior.log_prob(np.asfortranarray(theta))


def test_wrong_width_for_the_prior_is_refused(prior, data, small_npe):
    theta, x = data
    with pytest.raises(ValueError, match=r"theta: expected 2 columns \(one per parameter of the prior: "
                                         r"theta_1, theta_2\), got 3"):
        sbipp.NPE(prior).append_simulations(np.zeros((50, 3)), x)
    inf, x_o = small_npe
    posterior = inf.build_posterior()
    with pytest.raises(ValueError, match="expected 2 columns"):
        posterior.log_prob(np.zeros((4, 3)), x=x_o)
    with pytest.raises(ValueError, match=r"x: expected 2 values"):
        posterior.sample(5, x=np.zeros(3))


def test_engine_errors_arrive_as_python_exceptions(prior, data, tmp_path):
    with pytest.raises(ValueError, match="BoxUniformPrior"):
        sbipp.BoxUniform(low=np.ones(2), high=-np.ones(2))
    theta, x = data
    with pytest.raises(ValueError, match="unknown density estimator 'nosuch'"):
        sbipp.NPE(prior, estimator="nosuch", progress=False).append_simulations(theta, x)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        sbipp.load(tmp_path / "missing.sbi")
    garbage = tmp_path / "garbage.sbi"
    garbage.write_bytes(b"not a model file")
    with pytest.raises(OSError, match="garbage.sbi"):
        sbipp.load(garbage)
