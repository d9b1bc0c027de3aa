"""The numbers the course prints (lessons 1 and 2, the lab), reproduced by retrograd.

Numbers printed in full by the course are pinned exactly; numbers only drawn in a
graph (four decimals) are pinned to those four decimals, and exactly to what
retrograd and micrograd compute.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

import micrograd.engine
import micrograd.nn
import retrograd.engine
import retrograd.nn
import seed_numbers
from retrograd.check import slope
from retrograd.engine import Value
from seed_numbers import (BIAS_FLOAT32, GRADS_OF_L, NEURON_TANH, NEURON_TANH_FLOAT32,
                          PERCEPTRON_WEIGHTS, SLOPE_AT_3, SLOPE_AT_MINUS_3, SLOPES_OF_D,
                          TASK3_GRADS, TASK3_LOSS, TASK3_OUTPUT)
from torch_reference import with_torch


# -- lesson 1 ------------------------------------------------------------------------

def parabola(x):
    return 3 * x**2 - 4 * x + 5


def test_lesson1_function_and_slopes():
    assert parabola(3.0) == 20.0
    assert slope(parabola, 3.0, 1e-8) == SLOPE_AT_3
    assert slope(parabola, -3.0, 1e-8) == SLOPE_AT_MINUS_3
    assert slope(parabola, 2 / 3, 1e-8) == 0.0


def test_lesson1_slopes_of_a_times_b_plus_c():
    def f(a, b, c):
        return a * b + c

    assert f(2.0, -3.0, 10.0) == 4.0
    assert slope(lambda a: f(a, -3.0, 10.0), 2.0, 0.0001) == SLOPES_OF_D["a"]
    assert slope(lambda b: f(2.0, b, 10.0), -3.0, 0.0001) == SLOPES_OF_D["b"]
    assert slope(lambda c: f(2.0, -3.0, c), 10.0, 0.0001) == SLOPES_OF_D["c"]


def test_lesson1_backward_of_L():
    a, b, c, f = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0)
    e = a * b
    d = e + c
    L = d * f
    L.backward()
    assert (e.data, d.data, L.data) == (-6.0, 4.0, seed_numbers.L_VALUE)
    assert {"a": a.grad, "b": b.grad, "c": c.grad, "f": f.grad} == GRADS_OF_L
    assert (e.grad, d.grad, L.grad) == (-2.0, -2.0, 1)


def test_lesson1_values_print_like_micrograd():
    assert repr(Value(2.0) * Value(-3.0) + Value(10.0)) == "Value(data=4.0, grad=0)"


# -- lesson 2 ------------------------------------------------------------------------

def test_lesson2_gradients_accumulate():
    a, b = Value(-2.0), Value(3.0)
    d = a * b
    e = a + b
    f = d * e
    f.backward()
    assert (d.data, e.data, f.data) == (-6.0, 1.0, -6.0)
    assert (a.grad, b.grad) == (-3.0, -8.0)  # the lesson's -6.0 and -6.0 were the bug
    assert (d.grad, e.grad) == (1.0, -6.0)


def neuron(bias=6.8813735870195432):
    """The lesson's neuron: inputs x1, x2, weights w1, w2, bias b; returns (n, leaves)."""
    x1, x2, w1, w2, b = Value(2.0), Value(0.0), Value(-3.0), Value(1.0), Value(bias)
    n = x1 * w1 + x2 * w2 + b
    return n, (x1, x2, w1, w2, b)


def test_lesson2_neuron_with_tanh():
    n, (x1, x2, w1, w2, b) = neuron()
    o = n.tanh()
    o.backward()
    assert n.data == 0.8813735870195432
    assert o.data == NEURON_TANH  # math.tanh; the exact tanh is 1 ulp below
    assert o.data == pytest.approx(math.sqrt(0.5), rel=1e-15)
    for leaf, grad in ((x1, -1.5), (w1, 1.0), (x2, 0.5), (w2, 0.0), (b, 0.5)):
        assert leaf.grad == pytest.approx(grad, rel=1e-12, abs=1e-12)


def test_lesson2_neuron_with_tanh_built_from_exp():
    n, (x1, x2, w1, w2, b) = neuron()
    two_n = 2 * n
    e = two_n.exp()
    numerator, denominator = e - 1, e + 1
    inverse = denominator**-1
    o = numerator * inverse
    o.backward()
    assert o.data == NEURON_TANH  # printed by the lesson
    assert (x1.grad, w1.grad, x2.grad, w2.grad, b.grad) == (-1.5, 1.0, 0.5, 0.0, 0.5)
    two, minus_one, one = two_n.operands[1], numerator.operands[1], denominator.operands[1]
    drawn = {  # node: (data, grad) as the lesson's graph shows them
        "n": (n, 0.8814, 0.5000), "2*n": (two_n, 1.7627, 0.2500), "2": (two, 2.0, 0.2203),
        "e": (e, 5.8284, 0.0429), "e - 1": (numerator, 4.8284, 0.1464),
        "e + 1": (denominator, 6.8284, -0.1036), "(e + 1)**-1": (inverse, 0.1464, 4.8284),
        "-1": (minus_one, -1.0, 0.1464), "1": (one, 1.0, -0.1036), "o": (o, 0.7071, 1.0),
    }
    for name, (node, data, grad) in drawn.items():
        assert (round(node.data, 4), round(node.grad, 4)) == (data, grad), name


def test_lesson2_pytorch_numbers_come_from_float32_inputs():
    # The lesson's PyTorch cell builds torch.Tensor([...]) (float32) before .double(),
    # so the bias is rounded to float32. With that bias retrograd prints its numbers.
    bias = float(np.float32(6.8813735870195432))
    assert bias == BIAS_FLOAT32
    n, (x1, x2, w1, w2, b) = neuron(bias)
    o = n.tanh()
    o.backward()
    assert o.data == NEURON_TANH_FLOAT32
    assert (x2.grad, w2.grad, x1.grad, w1.grad) == (
        0.5000001283844369, 0.0, -1.5000003851533106, 1.0000002567688737)
    ref = with_torch(lambda x1, x2, w1, w2, b: (x1 * w1 + x2 * w2 + b).tanh(),
                     2.0, 0.0, -3.0, 1.0, bias)
    assert ref[0] == NEURON_TANH_FLOAT32
    assert ref[1][:4] == [-1.5000003851533106, 0.5000001283844369, 1.0000002567688737, 0.0]


# -- the lab --------------------------------------------------------------------------

LIBRARIES = {"retrograd": (retrograd.engine, retrograd.nn),
             "micrograd": (micrograd.engine, micrograd.nn)}


def lab_perceptron(nn):
    np.random.seed(42)
    random.seed(42)
    return nn.MLP(2, [1])


@pytest.mark.parametrize("library", list(LIBRARIES))
def test_lab_task1_perceptron(library):
    model = lab_perceptron(LIBRARIES[library][1])
    assert repr(model) == "MLP of [Layer of [LinearNeuron(2)]]"
    assert len(model.parameters()) == 3
    assert repr(model.parameters()) == (
        f"[Value(data={PERCEPTRON_WEIGHTS[0]}, grad=0), Value(data={PERCEPTRON_WEIGHTS[1]}, "
        "grad=0), Value(data=0, grad=0)]")


def lab_task3(library):
    """The lab's task 3: sigmoid written into the output's data, squared error to 1."""
    engine, nn = LIBRARIES[library]
    model = lab_perceptron(nn)
    out = model([0.888, 0.777])
    out.data = 1 / (1 + math.exp(-out.data))  # task 2's post-processing
    target = engine.Value(1)
    loss = (out - target) ** 2
    loss.backward()
    return model, out, target, loss


@pytest.mark.parametrize("library", list(LIBRARIES))
def test_lab_task3_gradient_graph(library):
    model, out, target, loss = lab_task3(library)
    w1, w2, b = model.parameters()
    # The lab's figure, to its four decimals.
    assert (round(out.data, 4), round(out.grad, 4)) == (0.3798, -1.2405)
    assert (round(loss.data, 4), loss.grad) == (0.3847, 1)
    assert (round(target.data, 4), round(target.grad, 4)) == (1, 1.2405)
    assert (round(w2.data, 4), round(w2.grad, 4)) == (-0.95, -0.9638)
    assert (round(b.data, 4), round(b.grad, 4)) == (0, -1.2405)
    # And every bit, the same in both libraries.
    assert out.data == TASK3_OUTPUT
    assert loss.data == TASK3_LOSS
    assert tuple(p.grad for p in model.parameters()) == TASK3_GRADS
    assert target.grad == -TASK3_GRADS[2]


def test_lab_task3_with_sigmoid_in_the_graph():
    # retrograd has sigmoid as an operation: the gradient then goes through it.
    model = lab_perceptron(retrograd.nn)
    out = model([0.888, 0.777]).sigmoid()
    loss = (out - 1) ** 2
    loss.backward()
    assert out.data == TASK3_OUTPUT
    assert loss.data == TASK3_LOSS
    grads = [p.grad for p in model.parameters()]
    assert grads == [-0.259458767279815, -0.2270264213698381, -0.2921832964862781]
    w1, w2 = (p.data for p in model.parameters()[:2])
    ref = with_torch(lambda w1, w2, b: ((w1 * 0.888 + w2 * 0.777 + b).sigmoid() - 1) ** 2,
                     w1, w2, 0.0)
    assert ref[0] == pytest.approx(loss.data, rel=1e-12)
    assert ref[1] == pytest.approx(grads, rel=1e-12)
