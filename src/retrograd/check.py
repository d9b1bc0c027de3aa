"""Check derivatives with numbers: the slope of lesson 1, and a gradient check.

``slope`` is the lesson's rise over run, (f(x + h) - f(x)) / h. ``gradcheck``
compares what ``backward()`` computes with central finite differences,
(f(x + h) - f(x - h)) / 2h, one input at a time, and says where they differ.

>>> slope(lambda x: 3 * x**2 - 4 * x + 5, 3.0)
14.00000009255109
>>> report = gradcheck(lambda a, b: a * b + b.tanh(), 2.0, -3.0)
>>> bool(report)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from .engine import Number, Value
from .language import say


def slope(f: Callable[[float], float], x: float, h: float = 1e-8, verbose: bool = False) -> float:
    """The numerical slope (f(x + h) - f(x)) / h, the first derivative of lesson 1.

    ``verbose=True`` prints each intermediate quantity, as the lesson does.

    >>> slope(lambda x: 3 * x**2 - 4 * x + 5, -3.0)
    -22.00000039920269
    """
    fx, fxh = f(x), f(x + h)
    if verbose:
        print(f"f(x) = {fx}")
        print(f"f(x + h) = {fxh}")
        print(f"f(x + h) - f(x) = {fxh - fx}")
        print(f"(f(x + h) - f(x)) / h = {(fxh - fx) / h}")
    return (fxh - fx) / h


@dataclass
class Mismatch:
    """One input whose backward() gradient disagrees with the finite difference."""

    index: int
    name: str
    analytic: float
    numeric: float

    def __str__(self) -> str:
        return say(fr=f"entrée {self.index} ({self.name})\u00a0: backward() donne "
                      f"{self.analytic!r}, la différence centrée {self.numeric!r}",
                   en=f"input {self.index} ({self.name}): backward() gives {self.analytic!r}, "
                      f"central difference gives {self.numeric!r}")


@dataclass
class GradcheckReport:
    """What ``gradcheck`` found: true when every input agrees."""

    analytic: list[float]
    numeric: list[float]
    mismatches: list[Mismatch] = field(default_factory=list)

    def __bool__(self) -> bool:
        return not self.mismatches

    def __str__(self) -> str:
        n, bad = len(self.analytic), len(self.mismatches)
        if not bad:
            return say(fr=f"gradcheck\u00a0: les {n} gradients concordent",
                       en=f"gradcheck: all {n} gradients agree")
        plural = "s" if bad > 1 else ""
        lines = [say(fr=f"gradcheck\u00a0: {bad} gradient{plural} sur {n} ne "
                        f"concorde{'nt' if bad > 1 else ''} pas",
                     en=f"gradcheck: {bad} of {n} gradients disagree")]
        lines += [f"  {m}" for m in self.mismatches]
        return "\n".join(lines)


def gradcheck(f: Callable[..., Value], *inputs: Number, names: list[str] | None = None,
              eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-4,
              raise_on_failure: bool = False) -> GradcheckReport:
    """Compare ``backward()`` with central finite differences for each input.

    ``f`` takes one Value per input and returns a Value. An input passes when
    ``|analytic - numeric| <= atol + rtol * |numeric|``. With
    ``raise_on_failure=True`` a mismatch raises ``AssertionError`` carrying the
    report; otherwise the report is returned (true when all inputs agree).

    >>> print(gradcheck(lambda x: x.relu() * 0 + x * 0, 1.0))
    gradcheck: all 1 gradients agree
    """
    if not inputs:
        raise ValueError("gradcheck(f, *inputs): give at least one input number")
    names = list(names) if names is not None else [f"x{i}" for i in range(len(inputs))]
    if len(names) != len(inputs):
        raise ValueError(f"gradcheck: got {len(names)} name{'s' if len(names) != 1 else ''} "
                         f"for {len(inputs)} inputs; give one name per input")
    leaves = [Value(x, label=name) for x, name in zip(inputs, names)]
    out = _call(f, leaves)
    out.backward()
    analytic = [leaf.grad for leaf in leaves]

    numeric = []
    for i, x in enumerate(inputs):
        shifted = [float(v) for v in inputs]
        shifted[i] = float(x) + eps
        up = _call(f, [Value(v) for v in shifted]).data
        shifted[i] = float(x) - eps
        down = _call(f, [Value(v) for v in shifted]).data
        numeric.append((up - down) / (2 * eps))

    report = GradcheckReport(analytic, numeric)
    for i, (a, n) in enumerate(zip(analytic, numeric)):
        if not _close(a, n, atol, rtol):
            report.mismatches.append(Mismatch(i, names[i], a, n))
    if raise_on_failure and not report:
        raise AssertionError(str(report))
    return report


def _call(f: Callable[..., Value], args: list[Value]) -> Value:
    out = f(*args)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, it returned {out!r} "
                        f"of type {type(out).__name__}")
    return out


def _close(a: float, n: float, atol: float, rtol: float) -> bool:
    if math.isnan(a) or math.isnan(n):
        return math.isnan(a) and math.isnan(n)
    if math.isinf(a) or math.isinf(n):
        return a == n
    return abs(a - n) <= atol + rtol * abs(n)


__all__ = ["slope", "gradcheck", "GradcheckReport", "Mismatch"]
