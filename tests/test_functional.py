"""grad and value_and_grad: derivatives as plain Python functions."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from retrograd.engine import Value
from retrograd.functional import grad, value_and_grad
from torch_reference import with_torch


def parabola(x):
    return 3 * x**2 - 4 * x + 5


def test_grad_of_one_argument():
    assert grad(parabola)(3.0) == 14.0
    assert grad(parabola)(-3.0) == -22.0
    assert grad(parabola)(2 / 3) == 0.0
    assert grad(parabola)(Fraction(1, 3)) == -2  # exact with Fractions


def test_argnums_int_and_tuple():
    def f(x, y, z):  # works on Values, numbers and tensors
        return x * y + z**2 * x / (y * y + 1)

    assert grad(f, argnums=1)(2.0, -3.0, 0.0) == 2.0
    value, grads = value_and_grad(f, argnums=(0, 2))(2.0, -3.0, 0.5)
    ref_value, ref_grads = with_torch(f, 2.0, -3.0, 0.5)
    assert value == pytest.approx(ref_value, rel=1e-15)
    assert isinstance(grads, tuple) and len(grads) == 2
    assert grads == pytest.approx((ref_grads[0], ref_grads[2]), rel=1e-12)
    assert grad(f, argnums=(1,))(2.0, -3.0, 0.0) == (2.0,)
    assert grad(f, argnums=range(3))(2.0, -3.0, 0.0) == (-3.0, 2.0, 0.0)
    assert value_and_grad(lambda x, y: x * y, argnums=(0, 1))(2.0, -3.0) == (-6.0, (-3.0, 2.0))


def test_other_arguments_are_passed_as_they_are():
    seen = []

    def f(x, n, label):
        seen.append((isinstance(x, Value), n, label))
        return x**n

    assert grad(f)(2.0, 3, "cube") == 12.0
    assert seen == [(True, 3, "cube")]


def test_each_call_starts_afresh():
    g = grad(lambda x: x * x * x)
    assert [g(3.0), g(3.0)] == [27.0, 27.0]  # no accumulation between calls


def test_a_function_of_a_model():
    import random

    from retrograd.nn import Neuron

    random.seed(0)
    n = Neuron(2, activation="tanh")
    value, (dx0, dx1) = value_and_grad(lambda a, b: n([a, b]), argnums=(0, 1))(0.5, -1.0)
    out = n([Value(0.5), Value(-1.0)])
    assert value == out.data
    slope = 1 - out.data**2
    assert (dx0, dx1) == (pytest.approx(n.w[0].data * slope), pytest.approx(n.w[1].data * slope))


def test_errors():
    with pytest.raises(IndexError, match=r"argnums.*\b2\b") as excinfo:
        grad(lambda x, y: x * y, argnums=2)(1.0, 2.0)
    assert re.search(r"\b2 argument", str(excinfo.value))  # how many the function got
    with pytest.raises(IndexError, match=r"argument -1"):
        grad(lambda x: x, argnums=-1)(1.0)
    with pytest.raises(TypeError, match=r"\bf\b.*\b3\.0\b") as excinfo:
        grad(lambda x: 3.0)(1.0)
    assert "return a Value" in str(excinfo.value)
    with pytest.raises(TypeError, match=r"argnums.*'0'") as excinfo:
        grad(lambda x: x, argnums="0")
    assert "tuple of ints" in str(excinfo.value)
    with pytest.raises(TypeError, match=r"argnums.*\(0, 1\.0\)") as excinfo:
        value_and_grad(lambda x, y: x, argnums=(0, 1.0))
    assert "tuple of ints" in str(excinfo.value)
    with pytest.raises(TypeError, match=r"argnums.*\b1\.5\b") as excinfo:
        grad(lambda x: x, argnums=1.5)
    assert "tuple of ints" in str(excinfo.value)
    with pytest.raises(TypeError, match=r"Value\(data\).*'a'"):
        grad(parabola)("a")
