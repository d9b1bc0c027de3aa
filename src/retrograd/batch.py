"""Batched Values: the engine's scalar rules, applied elementwise to numpy arrays.

A Value whose ``data`` is a one-dimensional numpy array holds a batch of
independent scalars. The engine keeps one table of rules
(``retrograd.engine.OPS``); when an operand is a batch the rows compute with
the functions below instead of those of ``scalar_math``, which have the same
names. They give the same IEEE results as the scalar path (inf, nan, never an
exception), silently, as PyTorch does; so does ``backward()``. Only ``+`` and
``*`` are numpy's own operators, and keep numpy's warning when a sum or a
product overflows to inf.

>>> import numpy as np
>>> from retrograd import Value
>>> x = Value(np.array([1.0, 2.0, 3.0]))
>>> y = (x * x).sum()
>>> y.backward()
>>> y.data, x.grad.tolist()
(14.0, [2.0, 4.0, 6.0])
"""

from __future__ import annotations

import numpy as np

ndarray = np.ndarray


def is_batch(x) -> bool:
    """Whether ``x`` (a Value's data) is a batch."""
    return type(x) is ndarray


def as_batch(x, where: str = "Value(data)") -> np.ndarray:
    """A float64 copy of a one-dimensional array of numbers (the user's array is
    never modified in place)."""
    if not isinstance(x, ndarray):
        raise TypeError(f"{where}: got an array of type {type(x).__name__}; a batch is a "
                        f"one-dimensional numpy array (convert it with numpy.asarray, or "
                        f".numpy() for a torch tensor)")
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"{where}: a batch is a non-empty one-dimensional array, got an array "
                         f"of shape {x.shape}; pass one column such as X[:, 0]")
    if x.dtype.kind not in "biuf":
        raise TypeError(f"{where}: a batch holds real numbers, got an array of dtype {x.dtype}")
    return np.array(x, dtype=np.float64)


def unbroadcast(contribution: np.ndarray, target):
    """The part of a gradient ``contribution`` (a batch) that reaches ``target``:
    all of it for a batch, the sum over the batch for a scalar used across it."""
    if type(target) is ndarray:
        return contribution
    return float(contribution.sum())


def length_error(op: str, x, y) -> ValueError:
    """The error for batches of different lengths, which numpy cannot combine."""
    return ValueError(f"Value {op} Value: batches of different lengths ({x.shape[0]} and "
                      f"{y.shape[0]}); every batch in one expression must hold the same samples")


def quiet():
    """A context in which numpy computes inf and nan without warnings."""
    return np.errstate(all="ignore")


def exp(x):
    with np.errstate(over="ignore"):
        return np.exp(x)


def log(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


def reciprocal(x):
    with np.errstate(divide="ignore"):
        return 1.0 / x


def tanh(x):
    return np.tanh(x)


def sin(x):
    with np.errstate(invalid="ignore"):
        return np.sin(x)


def cos(x):
    with np.errstate(invalid="ignore"):
        return np.cos(x)


abs = np.abs


def sign(x):
    """-1.0, 0.0 or 1.0; 0.0 at 0 and at nan, as in PyTorch."""
    return (x > 0).astype(np.float64) - (x < 0)


def step(x):
    """1.0 where x > 0, else 0.0."""
    return (x > 0).astype(np.float64)


def sigmoid(x):
    e = np.exp(-np.abs(x))  # exp of a non-positive number: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(x):
    return np.where(x < 0, 0.0, x)


def power(x, y):
    with np.errstate(all="ignore"):
        return np.power(x, y)


def real(x):
    return x


where = np.where
ones_like = np.ones_like
