"""The lessons' check cells (retrograd.course.lessons): a student's Value written as the
lessons write it is "done" at every step, an unfinished one is "not yet", and no check
prints the numbers it expects."""

from __future__ import annotations

import math

import pytest

from retrograd import Value as Reference
from retrograd.course import feedback, lessons
from retrograd.language import set_language


def student_value(accumulate: bool = True, set_children: bool = False):
    """micrograd's Value as lessons 1 (assigning gradients) and 2 (adding them) write it."""

    class Value:
        def __init__(self, data, _children=(), _op="", label=""):
            self.data, self.grad, self._op, self.label = data, 0.0, _op, label
            self._prev = set(_children) if set_children else tuple(_children)
            self._backward = lambda: None

        def _give(self, target, amount):
            target.grad = target.grad + amount if accumulate else amount

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other), "+")

            def _backward():
                self._give(self, out.grad)
                self._give(other, out.grad)
            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other), "*")

            def _backward():
                self._give(self, other.data * out.grad)
                self._give(other, self.data * out.grad)
            out._backward = _backward
            return out

        def __pow__(self, k):
            out = Value(self.data**k, (self,), f"**{k}")
            out._backward = lambda: self._give(self, k * self.data ** (k - 1) * out.grad)
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,), "exp")
            out._backward = lambda: self._give(self, out.data * out.grad)
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,), "tanh")
            out._backward = lambda: self._give(self, (1 - out.data**2) * out.grad)
            return out

        __radd__ = __add__
        __rmul__ = __mul__

        def __neg__(self):
            return self * -1

        def __sub__(self, other):
            return self + (-other)

        def __truediv__(self, other):
            return self * other**-1

        def backward(self):
            topo, seen = [], set()

            def build(v):
                if v not in seen:
                    seen.add(v)
                    for child in v._prev:
                        build(child)
                    topo.append(v)
            build(self)
            self.grad = 1.0
            for node in reversed(topo):
                node._backward()

    return Value


class Unfinished:
    """A student's Value before the exercises: the operations are still to write."""

    def __init__(self, data, _children=(), _op=""):
        self.data = data

    def __add__(self, other):
        raise NotImplementedError

    __mul__ = __add__


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


LESSON1_CHECKS = [lessons.check_graph, lessons.check_tanh, lessons.check_closures,
                  lessons.check_backward, lambda V: lessons.compare_with_retrograd(V, 1)]
LESSON2_CHECKS = [lessons.check_accumulation, lessons.check_operations,
                  lambda V: lessons.compare_with_retrograd(V, 2)]


@pytest.mark.parametrize("check", LESSON1_CHECKS)
@pytest.mark.parametrize("set_children", [False, True])
def test_lesson1_value_passes_every_lesson1_check(check, set_children, capsys):
    check(student_value(accumulate=False, set_children=set_children))
    assert capsys.readouterr().out.splitlines()[0].endswith(": done")


@pytest.mark.parametrize("check", LESSON1_CHECKS + LESSON2_CHECKS)
def test_unfinished_value_is_not_yet_and_says_what_raised(check, capsys):
    check(Unfinished)
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(": not yet")
    assert "✓" not in out and "raises" in out


@pytest.mark.parametrize("check", LESSON2_CHECKS)
@pytest.mark.parametrize("set_children", [False, True])
def test_lesson2_value_passes_and_lesson1_value_does_not(check, set_children, capsys):
    check(student_value(accumulate=True, set_children=set_children))
    assert capsys.readouterr().out.splitlines()[0].endswith(": done")
    check(student_value(accumulate=False, set_children=set_children))
    assert capsys.readouterr().out.splitlines()[0].endswith(": not yet")


def test_retrograd_value_passes_its_own_comparison(capsys):
    lessons.compare_with_retrograd(Reference, 2)
    assert capsys.readouterr().out.startswith("lesson 2: your Value and retrograd's: done")


def test_a_wrong_operation_is_caught_by_the_graph_check(capsys):
    Value = student_value()
    Value.__truediv__ = lambda self, other: self * Value(1 / other.data)  # right numbers only
    lessons.compare_with_retrograd(Value, 2)
    out = capsys.readouterr().out
    assert "✗ the same graph" in out and "✓ the same numbers" in out


def test_hand_gradients_are_checked_node_by_node_without_giving_them(capsys):
    Value = student_value(accumulate=False)
    a, b, c, f = (Value(x, label=n) for x, n in ((2.0, "a"), (-3.0, "b"), (10.0, "c"),
                                                  (-2.0, "f")))
    e = a * b; e.label = "e"
    d = e + c; d.label = "d"
    L = d * f; L.label = "L"
    L.grad, d.grad, f.grad, c.grad, e.grad = 1.0, -2.0, 4.0, -2.0, -2.0
    a.grad, b.grad = 6.0, 4.0  # b is wrong: -4
    lessons.check_gradients(L)
    out = capsys.readouterr().out
    assert "✗ dL/db is not right yet" in out and "✓ dL/da is right" in out
    assert "-4" not in out
    assert feedback.results()["step 2 (the gradients by hand)"] is False


def test_feedback_is_in_the_notebook_language(capsys):
    set_language("fr")
    lessons.check_graph(Unfinished)
    assert capsys.readouterr().out.startswith(
        "étape 1 (le graphe d'une expression)\u00a0: pas encore")


def test_network_check(capsys):
    Value = student_value()
    import random

    class Neuron:
        def __init__(self, nin):
            self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
            self.b = Value(random.uniform(-1, 1))

        def __call__(self, x):
            return sum((wi * xi for wi, xi in zip(self.w, x)), self.b).tanh()

        def parameters(self):
            return self.w + [self.b]

    class Layer:
        def __init__(self, nin, nout):
            self.neurons = [Neuron(nin) for _ in range(nout)]

        def __call__(self, x):
            outs = [n(x) for n in self.neurons]
            return outs[0] if len(outs) == 1 else outs

        def parameters(self):
            return [p for n in self.neurons for p in n.parameters()]

    class MLP:
        def __init__(self, nin, nouts):
            sizes = [nin] + nouts
            self.layers = [Layer(sizes[i], sizes[i + 1]) for i in range(len(nouts))]

        def __call__(self, x):
            for layer in self.layers:
                x = layer(x)
            return x

        def parameters(self):
            return [p for layer in self.layers for p in layer.parameters()]

    lessons.check_network(Neuron, Layer, MLP)
    assert capsys.readouterr().out.splitlines()[0].endswith(": done")
    MLP.parameters = lambda self: self.layers[0].parameters()
    lessons.check_network(Neuron, Layer, MLP)
    assert "✗ MLP(3, [4, 4, 1]): 41 parameters" in capsys.readouterr().out


def test_compare_names_the_lessons():
    with pytest.raises(ValueError, match="lesson must be 1 or 2"):
        lessons.compare_with_retrograd(Reference, 3)
