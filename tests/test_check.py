"""slope (lesson 1's rise over run) and gradcheck (backward against central
differences), including how gradcheck reports a wrong derivative."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest

from retrograd.check import GradcheckReport, Mismatch, gradcheck, slope
from retrograd.engine import Value, _node
from seed_numbers import SLOPE_AT_3, SLOPE_AT_MINUS_3


def parabola(x):
    return 3 * x**2 - 4 * x + 5


def test_slope_numbers_of_lesson1():
    assert slope(parabola, 3.0) == SLOPE_AT_3  # h = 1e-8 by default
    assert slope(parabola, -3.0, 1e-8) == SLOPE_AT_MINUS_3
    assert slope(parabola, 2 / 3, 1e-8) == 0.0
    assert slope(parabola, 3.0, 0.001) == pytest.approx(14.003, rel=1e-9)


def test_slope_verbose_prints_each_step(capsys):
    assert slope(parabola, 3.0, 1e-8, verbose=True) == SLOPE_AT_3
    assert capsys.readouterr().out == (
        "f(x) = 20.0\n"
        "f(x + h) = 20.00000014\n"
        "f(x + h) - f(x) = 1.400000009255109e-07\n"
        f"(f(x + h) - f(x)) / h = {SLOPE_AT_3}\n")
    slope(parabola, -3.0, verbose=True)
    assert capsys.readouterr().out.splitlines()[:3] == [
        "f(x) = 44.0", "f(x + h) = 43.999999779999996", "f(x + h) - f(x) = -2.200000039920269e-07"]


def test_slope_is_quiet_by_default(capsys):
    slope(parabola, 3.0)
    assert capsys.readouterr().out == ""


def test_gradcheck_passes_on_correct_functions():
    report = gradcheck(lambda a, b, c: (a * b + c).tanh() * a.exp() / (c * c + 1), 0.3, -1.2, 0.7)
    assert isinstance(report, GradcheckReport) and report and not report.mismatches
    assert len(report.analytic) == len(report.numeric) == 3
    assert all(a == pytest.approx(n, rel=1e-6) for a, n in zip(report.analytic, report.numeric))
    assert str(report) == "gradcheck: all 3 gradients agree"


def test_gradcheck_analytic_gradients_are_backwards():
    report = gradcheck(lambda a, b: a * b + b**2, 2.0, -3.0)
    assert report.analytic == [-3.0, 2.0 - 6.0]
    assert gradcheck(lambda x: x * x, Fraction(1, 3)).analytic == [Fraction(2, 3)]


def wrong_square(v: Value) -> Value:
    """v**2 whose recorded local derivative is 3v instead of 2v."""
    return _node(v.data**2, "**2", v, 3 * v.data)


def test_gradcheck_reports_each_wrong_input_by_index_and_name():
    def f(a, b, c):
        return wrong_square(a) + b * c + wrong_square(c)

    report = gradcheck(f, 2.0, 5.0, -1.0, names=["a", "b", "c"])
    assert not report
    assert [(m.index, m.name) for m in report.mismatches] == [(0, "a"), (2, "c")]
    first = report.mismatches[0]
    assert isinstance(first, Mismatch)
    assert first.analytic == 6.0 and first.numeric == pytest.approx(4.0, rel=1e-6)
    assert report.mismatches[1].analytic == 5.0 - 3.0
    text = str(report).splitlines()
    assert text[0] == "gradcheck: 2 of 3 gradients disagree"
    line = r"  input (\d) \((\w)\): backward\(\) gives (\S+), central difference gives (\S+)"
    parsed = [re.fullmatch(line, t).groups() for t in text[1:]]
    assert [(i, name, float(a)) for i, name, a, _ in parsed] == [("0", "a", 6.0), ("2", "c", 2.0)]
    assert [float(n) for *_, n in parsed] == pytest.approx([4.0, 3.0], rel=1e-6)


def test_gradcheck_default_names():
    report = gradcheck(lambda x, y: x + wrong_square(y), 1.0, 1.0)
    assert [(m.index, m.name) for m in report.mismatches] == [(1, "x1")]


def test_gradcheck_raise_on_failure():
    with pytest.raises(AssertionError, match=r"(?s)1 of 1 gradients disagree.*input 0 \(w\)"):
        gradcheck(wrong_square, 1.5, names=["w"], raise_on_failure=True)
    assert gradcheck(lambda x: x**2, 1.5, raise_on_failure=True)


def test_gradcheck_tolerances():
    def nearly(v):  # derivative off by one part in a thousand
        return _node(v.data**2, "**2", v, 2 * v.data * 1.001)

    assert not gradcheck(nearly, 1.0)
    assert gradcheck(nearly, 1.0, rtol=1e-2)
    assert gradcheck(nearly, 1.0, rtol=0, atol=1e-2)


def test_gradcheck_nan_and_infinite_gradients():
    assert not gradcheck(lambda x: x.log(), -1.0)  # nan numerically, -1 by backward()
    report = gradcheck(lambda x: (x * 0 + math.nan) * x, 1.0)
    assert report and math.isnan(report.analytic[0]) and math.isnan(report.numeric[0])


def test_gradcheck_bad_use():
    with pytest.raises(TypeError, match=r"\bf\b.*\b3\.0\b") as excinfo:
        gradcheck(lambda x: 3.0, 1.0)
    assert "return a Value" in str(excinfo.value)
    with pytest.raises(TypeError, match=r"\bf\b.*" + re.escape("[Value(data=1.0, grad=0)]")):
        gradcheck(lambda x: [x], 1.0)
    with pytest.raises(ValueError, match=re.escape("*inputs")) as excinfo:
        gradcheck(lambda: Value(1.0))
    assert "at least one" in str(excinfo.value)
    with pytest.raises(ValueError, match=r"\b1 name\b.*\b2 inputs\b") as excinfo:
        gradcheck(lambda a, b: a * b, 1.0, 2.0, names=["a"])
    assert "per input" in str(excinfo.value)
