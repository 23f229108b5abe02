"""Shared fixtures: the `sbi` program (SBI_EXECUTABLE, set by CTest) and the shared data
(SBI_SHARED_DATA, default ../shared/data beside the repository)."""
import os
import pathlib

import numpy as np
import pytest

import sbipp

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def sbi_program():
    path = os.environ.get("SBI_EXECUTABLE", str(REPO / "build" / "cli" / "sbi"))
    if not os.path.exists(path):
        pytest.skip(f"the sbi program is not built ({path}); set SBI_EXECUTABLE")
    return path


@pytest.fixture(scope="session")
def shared_data():
    return pathlib.Path(os.environ.get("SBI_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def small_npe():
    """A quickly trained NPE on 1,000 two_moons simulations (3 epochs): for API tests."""
    t = sbipp.task("two_moons")
    theta = t.prior.sample(1000, seed=1)
    x = t.simulate(theta, seed=2)
    inf = sbipp.NPE(t.prior, estimator="maf", progress=False)
    inf.append_simulations(theta, x).train(max_num_epochs=3)
    return inf, np.array([0.1, 0.2])
