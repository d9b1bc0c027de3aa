"""The engine's functions on plain numbers, with IEEE results as in PyTorch.

Python's ``math`` raises where IEEE arithmetic returns a value: ``math.exp(1000)``
raises ``OverflowError``, ``math.log(0)`` a domain error, ``0.0 ** -1``
``ZeroDivisionError``, and ``(-8) ** (1/3)`` is a complex number. These
functions return inf, -inf or nan instead, so no exception escapes the engine.
``retrograd.batch`` has the same functions for numpy arrays.

>>> exp(1000.0), log(0.0), log(-1.0), power(0.0, -1), power(-8.0, 1 / 3)
(inf, -inf, nan, inf, nan)
"""

from __future__ import annotations

import math


def exp(x) -> float:
    try:
        return math.exp(x)
    except OverflowError:  # a float above 709.78, or an int beyond the float range
        return math.inf if x > 0 else 0.0


def log(x) -> float:
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan


def reciprocal(x) -> float:
    try:
        return 1.0 / x
    except ZeroDivisionError:
        return math.copysign(math.inf, x)


def tanh(x) -> float:
    return math.tanh(x)


def sigmoid(x) -> float:
    if x >= 0:
        return 1.0 / (1.0 + exp(-x))
    e = exp(x)  # for x < 0 this cannot overflow
    return e / (1.0 + e)


def relu(x):
    """micrograd's ReLU, an int 0 below zero, and its slope."""
    out = 0 if x < 0 else x
    return out, 1 if out > 0 else 0


def power(x, y):
    """x ** y: inf instead of ZeroDivisionError or OverflowError, nan instead of a
    complex number. Exact for Fractions and integer exponents."""
    try:
        out = x**y
    except ZeroDivisionError:  # 0 ** negative
        return math.copysign(math.inf, x) if _is_odd_integer(y) else math.inf
    except OverflowError:
        if x < 0 and not float(y).is_integer():
            return math.nan
        return -math.inf if x < 0 and _is_odd_integer(y) else math.inf
    return math.nan if isinstance(out, complex) else out


def power_slope(x, y):
    """d/dx x**y = y * x**(y-1); 0 for the constant x**0, as in PyTorch."""
    return 0 if y == 0 else y * power(x, y - 1)


def exponent_slope(x, y, out):
    """d/dy x**y = x**y * log(x); 0 where x == 0 and y >= 0, as in PyTorch."""
    return 0.0 if x == 0 and y >= 0 else out * log(x)


def _is_odd_integer(y) -> bool:
    return y == y and y not in (math.inf, -math.inf) and y % 2 == 1
