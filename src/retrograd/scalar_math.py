"""The engine's functions on plain numbers, with IEEE results as in PyTorch.

Python's ``math`` raises where IEEE arithmetic returns a value: ``math.exp(1000)``
raises ``OverflowError``, ``math.log(0)`` a domain error, ``0.0 ** -1``
``ZeroDivisionError``, and ``(-8) ** (1/3)`` is a complex number. These
functions return inf, -inf or nan instead, so no exception escapes the engine.
``retrograd.batch`` has the same functions for numpy arrays: the rows of
``retrograd.engine.OPS`` compute with either.

>>> exp(1000.0), log(0.0), log(-1.0), power(0.0, -1), power(-8.0, 1 / 3)
(inf, -inf, nan, inf, nan)
>>> sin(math.inf), tanh(10**400), real(-10**400)
(nan, 1.0, -inf)
"""

from __future__ import annotations

import builtins
import math
import numbers


def as_number(x, where: str, accepted: str):
    """``x`` as a Value holds a number: a Python int, float or Fraction. numpy's
    scalars become Python numbers (float32 is computed in float64 from then on)."""
    if getattr(x, "ndim", None) == 0:  # a numpy 0-d array or scalar holds one number
        x = x.item()
    if not isinstance(x, numbers.Real):
        raise TypeError(f"{where}: got {x!r} of type {type(x).__name__}; expected {accepted}")
    if isinstance(x, float):  # float subclasses
        return float(x)
    if isinstance(x, numbers.Integral):
        return int(x)
    if isinstance(x, numbers.Rational):  # Fraction: stays exact
        return x
    return float(x)


def real(x) -> float:
    """``x`` as a float, with ±inf for an int beyond the float range."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def show(x) -> str:
    """``str(x)``, or a short description of an int too long for Python to print."""
    try:
        return str(x)
    except ValueError:  # more digits than sys.get_int_max_str_digits()
        return f"<an int of about {int(x.bit_length() * math.log10(2)) + 1} digits>"


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
    return math.tanh(real(x))


def sin(x) -> float:
    x = real(x)
    return math.sin(x) if math.isfinite(x) else math.nan


def cos(x) -> float:
    x = real(x)
    return math.cos(x) if math.isfinite(x) else math.nan


abs = builtins.abs


def sign(x):
    """-1, 0 or 1: the slope of abs; 0 at 0 and at nan, as in PyTorch."""
    return (x > 0) - (x < 0)


def step(x):
    """1 where x > 0, else 0: the slope of ReLU at its output x (0 at 0 and nan)."""
    return 1 if x > 0 else 0


def sigmoid(x) -> float:
    if x >= 0:
        return 1.0 / (1.0 + exp(-x))
    e = exp(x)  # for x < 0 this cannot overflow
    return e / (1.0 + e)


def relu(x):
    """micrograd's ReLU: an int 0 below zero."""
    return 0 if x < 0 else x


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


def where(condition, x, y):
    """x if condition, else y (numpy's where, for one number)."""
    return x if condition else y


def _is_odd_integer(y) -> bool:
    return y == y and y not in (math.inf, -math.inf) and y % 2 == 1
