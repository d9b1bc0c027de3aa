"""Batched Values: the engine's scalar rules, applied elementwise to numpy arrays.

A Value whose ``data`` is a one-dimensional numpy array holds a batch of
independent scalars. The engine keeps one set of rules; when an operand is a
batch it calls the functions below instead of their ``math`` counterparts.
They give the same IEEE results as the scalar path (inf, nan, never an
exception), silently, as PyTorch does; so does ``backward()``. Only ``+`` and
``*`` are numpy's own operators, and keep numpy's warning when a sum or a
product overflows to inf.

The engine imports this module only when the first batch is created, so
scalar programs never load numpy.

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


def as_batch(x, where: str = "Value(data)") -> np.ndarray:
    """A float64 copy of a one-dimensional array of numbers (the user's array is
    never modified in place)."""
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"{where}: a batch is a non-empty one-dimensional array, got an array "
                         f"of shape {x.shape}; pass one column such as X[:, 0]")
    if x.dtype.kind not in "biuf":
        raise TypeError(f"{where}: a batch holds real numbers, got an array of dtype {x.dtype}")
    return np.array(x, dtype=np.float64)


def reduce_to(target, contribution):
    """The part of a gradient ``contribution`` that reaches ``target``'s data: a scalar
    used across a batch receives the sum over the batch."""
    if type(contribution) is ndarray and type(target) is not ndarray:
        return float(contribution.sum())
    return contribution


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


def sigmoid(x):
    e = np.exp(-np.abs(x))  # exp of a non-positive number: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(x):
    out = np.where(x < 0, 0.0, x)
    return out, (out > 0).astype(np.float64)


def power(x, y):
    with np.errstate(all="ignore"):
        return np.power(x, y)


def power_slope(x, y):
    """d/dx x**y = y * x**(y-1), and 0 where y == 0 (as PyTorch)."""
    with np.errstate(all="ignore"):
        return np.where(np.equal(y, 0), 0.0, y * np.power(x, np.subtract(y, 1)))


def exponent_slope(x, y, out):
    """d/dy x**y = x**y * log(x), and 0 where x == 0 and y >= 0 (as PyTorch)."""
    with np.errstate(all="ignore"):
        return np.where(np.equal(x, 0) & np.greater_equal(y, 0), 0.0, out * np.log(x))


def total(x) -> tuple[float, np.ndarray]:
    """The sum of a batch and its derivative with respect to each element."""
    return float(x.sum()), np.ones_like(x)


def mean(x) -> tuple[float, np.ndarray]:
    """The mean of a batch and its derivative with respect to each element."""
    return float(x.mean()), np.full_like(x, 1.0 / x.shape[0])
