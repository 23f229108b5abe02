"""Checks for the arrays that cross into the engine.

The engine reads C-contiguous float64 arrays in place (they have sbi::MatrixD's row-major
layout). Anything else is refused with an ArrayError that names the argument and says how to
fix it, rather than converted silently: a float32 or strided array would otherwise be copied
on every call. Python lists and tuples are converted (they have no layout to keep).
"""
import numpy as np


class ArrayError(ValueError, TypeError):
    """A bad array: wrong dtype, shape, layout, width, or a non-finite value.

    A ValueError (and a TypeError, for the dtype case), so either ``except`` catches it."""


def _as_array(a, name):
    if isinstance(a, np.ndarray):
        if a.dtype != np.float64:
            raise ArrayError(f"{name}: expected a float64 array, got dtype {a.dtype}; "
                             f"convert it with {name}.astype(np.float64)")
        if not a.flags.c_contiguous:
            raise ArrayError(f"{name}: the array is not C-contiguous (a strided view or a transpose); "
                             f"pass np.ascontiguousarray({name})")
        return a
    if isinstance(a, (list, tuple, int, float)):
        return np.asarray(a, dtype=np.float64)
    raise ArrayError(f"{name}: expected a NumPy float64 array, got {type(a).__name__}")


def _first_nonfinite(a):
    index = np.argwhere(~np.isfinite(a))[0]
    return ", ".join(str(int(i)) for i in index), a[tuple(index)]


def matrix(a, name, cols=None, cols_what="", finite=True):
    """A (rows, cols) C-contiguous float64 array with at least one row."""
    a = _as_array(a, name)
    if a.ndim != 2:
        raise ArrayError(f"{name}: expected a 2-D array (rows, columns), got shape {a.shape}")
    if a.shape[0] < 1:
        raise ArrayError(f"{name}: the array has no rows")
    if cols is not None and a.shape[1] != cols:
        raise ArrayError(f"{name}: expected {cols} columns{cols_what}, got {a.shape[1]} (shape {a.shape})")
    if finite and not np.isfinite(a).all():
        where, value = _first_nonfinite(a)
        raise ArrayError(f"{name}: entry [{where}] is {value}; only finite values are accepted")
    return a


def vector(a, name, size=None, size_what=""):
    """A finite 1-D float64 vector; a (1, size) row is accepted and flattened (a view)."""
    a = _as_array(a, name)
    if a.ndim == 2 and a.shape[0] == 1:
        a = a.reshape(-1)
    if a.ndim != 1:
        raise ArrayError(f"{name}: expected a 1-D array or a single row, got shape {a.shape}")
    if size is not None and a.shape[0] != size:
        raise ArrayError(f"{name}: expected {size} values{size_what}, got {a.shape[0]}")
    if not np.isfinite(a).all():
        where, value = _first_nonfinite(a)
        raise ArrayError(f"{name}: entry [{where}] is {value}; only finite values are accepted")
    return a


def count(n, name):
    """A positive sample count: an int, or sbi's sample_shape (n,)."""
    if isinstance(n, tuple):
        if len(n) != 1:
            raise ValueError(f"{name}: expected a number or a 1-tuple (n,), got {n}")
        n = n[0]
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{name}: expected a positive integer, got {n!r}")
    return int(n)
