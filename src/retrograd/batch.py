"""Array Values: the engine's scalar rules, applied elementwise to numpy arrays.

A Value whose ``data`` is a numpy array holds many numbers at once: a
one-dimensional array is a batch of independent samples, a two-dimensional
one a matrix, and so on. Two arrays combine by numpy's broadcasting, and the
gradient of an operand that was broadcast is summed back to its shape
(``unbroadcast``). The engine keeps one table of rules
(``retrograd.engine.OPS``); when an operand is a batch the rows compute with
the functions below instead of those of ``scalar_math``, which have the same
names. They give the same IEEE results as the scalar path (inf, nan, never an
exception), silently, as PyTorch does; so does ``backward()``.

>>> import numpy as np
>>> from retrograd import Value
>>> x = Value(np.array([1.0, 2.0, 3.0]))
>>> y = (x * x).sum()
>>> y.backward()
>>> y.data, x.grad.tolist()
(14.0, [2.0, 4.0, 6.0])
"""

from __future__ import annotations

import contextvars
import sys

import numpy as np

from . import scalar_math

ndarray = np.ndarray

NUMBERS = "an int, a float, a fractions.Fraction or a numpy array"
ACCEPTED = "a Value, an int, a float, a fractions.Fraction or a numpy array"


def as_data(x, where: str, accepted: str = NUMBERS):
    """``x`` as a Value holds it: a Python number, or a float64 array."""
    if type(x) is float or type(x) is int:
        return x
    if getattr(x, "ndim", 0) >= 1:
        return as_batch(x, where)
    return scalar_math.as_number(x, where, accepted)


def is_batch(x) -> bool:
    """Whether ``x`` (a Value's data) is a batch."""
    return type(x) is ndarray


def as_batch(x, where: str = "Value(data)") -> np.ndarray:
    """A float64 copy of a non-empty array of numbers, of any shape (the user's
    array is never modified in place)."""
    if not isinstance(x, ndarray):
        raise TypeError(f"{where}: got an array of type {type(x).__name__}; an array Value "
                        f"holds a numpy array (convert it with numpy.asarray, or .numpy() for a "
                        f"torch tensor)")
    if x.size == 0:
        raise ValueError(f"{where}: got an empty array of shape {x.shape}; an array Value holds "
                         f"at least one number")
    if x.dtype.kind not in "biuf":
        raise TypeError(f"{where}: a batch holds real numbers, got an array of dtype {x.dtype}")
    return np.array(x, dtype=np.float64)


def unbroadcast(contribution: np.ndarray, target):
    """The part of a gradient ``contribution`` (an array) that reaches ``target``,
    an operand that numpy's broadcasting may have stretched: summed over the
    leading axes the operand did not have and over the axes where it had length
    1; a number used across an array receives the sum of the whole contribution.

    >>> unbroadcast(np.ones((2, 3)), np.zeros((1, 3))).tolist()
    [[2.0, 2.0, 2.0]]
    >>> unbroadcast(np.ones((2, 3)), np.zeros(3)).tolist(), unbroadcast(np.ones((2, 3)), 5.0)
    ([2.0, 2.0, 2.0], 6.0)
    """
    if type(target) is not ndarray:
        return float(contribution.sum())
    shape = target.shape
    if contribution.shape == shape:
        return contribution
    extra = contribution.ndim - len(shape)
    stretched = tuple(range(extra)) + tuple(
        extra + i for i, n in enumerate(shape) if n == 1 and contribution.shape[extra + i] != 1)
    return contribution.sum(axis=stretched, keepdims=True).reshape(shape)


def accumulate(grad, contribution: np.ndarray, target):
    """``grad + unbroadcast(contribution, target)``, without a copy: the first
    contribution becomes the gradient, the next ones are added to it in place.
    (Every contribution is a new array that nothing else holds: products of
    numpy's, and the pullbacks of ``retrograd.shapes``, which return copies.)"""
    if type(target) is ndarray and contribution.shape == target.shape:
        part = contribution  # the most frequent case: nothing was broadcast
    else:
        part = unbroadcast(contribution, target)
    if type(grad) is ndarray:
        grad += part
        return grad
    return part if grad == 0 and type(part) is ndarray else grad + part


def shape_error(op: str, x, y) -> ValueError:
    """The error for two arrays that numpy's broadcasting cannot combine."""
    return ValueError(f"Value {op} Value: shapes {np.shape(x)} and {np.shape(y)} do not "
                      f"broadcast; from the last axis on, each pair of lengths must be equal or "
                      f"one of them 1 (a batch of 3 and a batch of 4 cannot be combined)")


def compute(rule, name: str, *xs):
    """An elementwise ``rule`` of the engine's table on arrays: numpy's IEEE results
    without warnings, as for numbers, and a clear error for shapes that do not
    broadcast. The rule runs in ``_QUIET``, a context made once in which numpy's
    error state is "ignore": entering it costs a third of entering ``np.errstate``,
    and a small operation costs about as much as either."""
    try:
        try:
            return _QUIET.run(rule, _ARITHMETIC, *xs)
        except RuntimeError:  # _QUIET is in use (by another thread): numpy's errstate then
            with quiet():
                return rule(_ARITHMETIC, *xs)
    except ValueError:
        raise shape_error(name, *xs) from None


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
    return np.maximum(0.0, x)  # nan stays nan, -0.0 stays -0.0 (as for numbers, and PyTorch)


def power(x, y):
    with np.errstate(all="ignore"):
        return np.power(x, y)


def real(x):
    return x


where = np.where

_ARITHMETIC = sys.modules[__name__]  # the rules compute with the functions of this module
with quiet():
    _QUIET = contextvars.copy_context()
