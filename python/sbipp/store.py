"""Simulation stores written by `sbi simulate --store DIR` (docs/simulation_store.md): a folder of
CRC-checked chunks and a manifest. The engine reads them (a damaged chunk is an OSError naming it).

    info = sbipp.store_info("hh_store")           # rows, chunks, names, seed, complete, ...
    for first_row, theta, x in sbipp.store_chunks("hh_store"):   # one chunk in memory at a time
        ...
    theta, x = sbipp.read_store("hh_store")       # every row (small stores)
"""
import os

from . import _sbipp


def store_info(path):
    """The store's manifest as a dict: task, prior, simulator, seed, rows, rows_per_chunk, chunks,
    theta_dim, x_dim, parameter_names, data_names, nonfinite_rows, complete."""
    return _sbipp.store_info(os.fspath(path))


def store_chunks(path):
    """Yields (first_row, theta, x) for chunks 0, 1, ... in order, reading one chunk at a time."""
    path = os.fspath(path)
    for k in range(_sbipp.store_info(path)["chunks"]):
        yield _sbipp.read_store_chunk(path, k)


def read_store(path):
    """(theta, x): every row of a complete store, in order (x may hold NaN rows: failed simulations)."""
    return _sbipp.read_store(os.fspath(path))
