"""Simulation stores from Python (sbipp.store_info / store_chunks / read_store): a store written by
`sbi simulate --store` holds exactly the rows the engine simulates for that seed
(θ: prior stream derive_seed(S, 1), x: derive_seed(S, 2)); chunks come one at a time, in order;
a damaged chunk is an OSError naming it."""
import subprocess

import numpy as np
import pytest

import sbipp
from sbipp import _sbipp


def make_store(sbi_program, path, rows=1100, per_chunk=400, seed=6):
    done = subprocess.run([sbi_program, "simulate", "--task", "two_moons", "--num", str(rows), "--seed", str(seed),
                           "--store", str(path), "--store-chunk-rows", str(per_chunk), "--quiet"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_store_rows_are_the_engines_rows(sbi_program, tmp_path):
    make_store(sbi_program, tmp_path / "s")
    info = sbipp.store_info(tmp_path / "s")
    assert (info["rows"], info["chunks"], info["theta_dim"], info["x_dim"]) == (1100, 3, 2, 2)
    assert info["complete"] and info["nonfinite_rows"] == 0 and info["task"] == "two_moons"
    t = sbipp.task("two_moons")
    theta = t.prior.sample(1100, seed=_sbipp.derive_seed(6, 1))
    x = t.simulate(theta, seed=_sbipp.derive_seed(6, 2))
    got_theta, got_x = sbipp.read_store(tmp_path / "s")
    np.testing.assert_array_equal(got_theta, theta)
    np.testing.assert_array_equal(got_x, x)
    firsts = []
    for first, th, xx in sbipp.store_chunks(tmp_path / "s"):
        firsts.append(first)
        np.testing.assert_array_equal(th, theta[first:first + len(th)])
        np.testing.assert_array_equal(xx, x[first:first + len(xx)])
    assert firsts == [0, 400, 800]


def test_a_damaged_chunk_is_named(sbi_program, tmp_path):
    make_store(sbi_program, tmp_path / "s")
    chunk = tmp_path / "s" / "chunk-000001.bin"
    data = bytearray(chunk.read_bytes())
    data[200] ^= 0xFF
    chunk.write_bytes(bytes(data))
    with pytest.raises(OSError, match="chunk-000001.bin.*checksum mismatch"):
        sbipp.read_store(tmp_path / "s")
    with pytest.raises(OSError, match="no manifest.json"):
        sbipp.store_info(tmp_path / "nothing")
