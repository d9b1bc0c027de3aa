"""Batched Values: the same scalar code on a whole batch, checked against the scalar path."""

from __future__ import annotations

import math
import random
import threading
import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st

from retrograd import MLP, Value, batch
from retrograd.engine import OPS as TABLE

OPS = {
    "add": lambda a, b: a + b,
    "radd": lambda a, b: 2.5 + a,
    "sub": lambda a, b: a - b,
    "rsub": lambda a, b: 1.5 - a,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "rdiv": lambda a, b: 3.0 / b,
    "neg": lambda a, b: -a,
    "pow2": lambda a, b: a**2,
    "pow_half": lambda a, b: b**0.5,
    "pow_value": lambda a, b: b**a,
    "rpow": lambda a, b: 2.0**a,
    "exp": lambda a, b: a.exp(),
    "log": lambda a, b: b.log(),
    "tanh": lambda a, b: a.tanh(),
    "sigmoid": lambda a, b: a.sigmoid(),
    "relu": lambda a, b: a.relu(),
}

A = np.array([-2.0, -0.5, 0.0, 0.75, 3.0])
B = np.array([0.5, 1.0, 2.0, 4.0, 0.25])  # positive: a valid base, log argument, divisor


def scalar_reference(f, a_values, b_values):
    """Each sample on its own, with scalar Values: the reference path."""
    outs, grads_a, grads_b = [], [], []
    for a0, b0 in zip(a_values, b_values):
        a, b = Value(float(a0)), Value(float(b0))
        out = f(a, b)
        out.backward()
        outs.append(out.data)
        grads_a.append(a.grad)
        grads_b.append(b.grad)
    return np.array(outs, dtype=float), np.array(grads_a, dtype=float), np.array(grads_b, dtype=float)


@pytest.mark.parametrize("name", sorted(OPS))
def test_each_operation_matches_the_scalar_path_elementwise(name):
    f = OPS[name]
    a, b = Value(A), Value(B)
    out = f(a, b)
    out.sum().backward()
    want_out, want_a, want_b = scalar_reference(f, A, B)
    np.testing.assert_allclose(out.data, want_out, rtol=1e-12, atol=0)
    np.testing.assert_allclose(np.broadcast_to(a.grad, A.shape), want_a, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(np.broadcast_to(b.grad, B.shape), want_b, rtol=1e-12, atol=1e-300)


def test_a_scalar_used_across_a_batch_receives_the_summed_gradient():
    w = Value(0.5)
    x = Value(np.array([1.0, 2.0, 3.0]))
    y = (w * x).sum()
    y.backward()
    assert y.data == 3.0
    assert w.grad == 6.0 and type(w.grad) is float
    assert x.grad.tolist() == [0.5, 0.5, 0.5]


def test_a_scalar_reached_by_scalar_and_batch_paths_adds_both():
    w = Value(2.0)
    x = Value(np.array([1.0, 2.0]))
    y = (w * x).sum() + w * w
    y.backward()
    assert w.grad == 3.0 + 4.0


def test_leaf_gradients_accumulate_across_backward_calls():
    w = Value(1.5)
    x = Value(np.array([1.0, -1.0, 2.0]))
    y = (w * x).mean()
    y.backward()
    y.backward()
    assert w.grad == pytest.approx(2 * (2.0 / 3.0), rel=1e-15)


def test_sum_and_mean_reduce_a_batch_and_leave_a_scalar_alone():
    x = Value(np.array([1.0, 2.0, 6.0]))
    assert x.sum().data == 9.0 and x.mean().data == 3.0
    s = Value(4.0)
    assert s.sum() is s and s.mean() is s
    m = x.mean()
    m.backward()
    np.testing.assert_allclose(x.grad, [1 / 3] * 3, rtol=1e-15)


def test_the_unchanged_mlp_on_a_batch_gives_the_per_sample_gradients():
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=40, noise=0.1, random_state=0)
    y = y * 2 - 1
    random.seed(7)
    model = MLP(2, [16, 16, 1])

    scores = [model(list(map(Value, row))) for row in X]
    loss = sum((1 + -yi * si).relu() for yi, si in zip(y, scores)) * (1.0 / len(X))
    loss = loss + 1e-4 * sum(p * p for p in model.parameters())
    model.zero_grad()
    loss.backward()
    per_sample = [p.grad for p in model.parameters()]

    batch_scores = model([Value(X[:, 0]), Value(X[:, 1])])
    batch_loss = (1 + -y * batch_scores).relu().mean() + 1e-4 * sum(p * p for p in model.parameters())
    model.zero_grad()
    batch_loss.backward()
    batched = [p.grad for p in model.parameters()]

    assert batch_loss.data == pytest.approx(loss.data, rel=1e-12)
    np.testing.assert_allclose(batched, per_sample, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(batch_scores.data, [s.data for s in scores], rtol=1e-12, atol=1e-15)
    assert all(type(g) is float for g in batched)


def test_ieee_edge_cases_give_values_and_no_warnings():
    x = Value(np.array([0.0, -1.0, 1000.0, -1000.0, math.inf, math.nan]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exp, log, sig, tanh = x.exp().data, x.log().data, x.sigmoid().data, x.tanh().data
        inv = (x**-1).data
        root = (x**0.5).data
    assert exp[2] == math.inf and exp[3] == 0.0
    assert log[0] == -math.inf and math.isnan(log[1])
    assert sig[2] == 1.0 and sig[3] == 0.0
    assert tanh[2] == 1.0 and tanh[3] == -1.0
    assert inv[0] == math.inf
    assert math.isnan(root[1])


def test_operations_within_operations_stay_silent():
    # compute() inside compute(), as two threads at once would: the inner one cannot
    # enter the quiet context the outer one holds, and takes numpy's errstate instead.
    big = np.array([1e308, 1.0])

    def rule(m, x):
        inner = batch.compute(TABLE["mul"].rule, "*", x, x)[0]
        return inner * 10.0, 1.0

    errors = []

    def products():
        try:
            errors.extend(p for p in (Value(big) * 1e10 for _ in range(300)) if p.data[1] != 1e10)
        except Exception as error:  # noqa: BLE001 (a thread's errors are its own)
            errors.append(error)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, _ = batch.compute(rule, "test", big)
        threads = [threading.Thread(target=products) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert out.tolist() == [math.inf, 10.0] and errors == []


def test_the_users_array_is_copied_not_changed():
    data = np.array([1.0, 2.0])
    p = Value(data)
    p.data -= 1.0
    assert data.tolist() == [1.0, 2.0]


def test_integer_arrays_become_float_batches_and_zero_dim_arrays_are_numbers():
    v = Value(np.array([1, 2, 3]))
    assert v.data.dtype == np.float64
    assert Value(np.array(2.5)).data == 2.5 and type(Value(np.array(2.5)).data) is float


@pytest.mark.parametrize("bad, message", [
    (np.array([]), "empty array"),
    (np.zeros((2, 0)), r"empty array of shape \(2, 0\)"),
    (np.array(["a", "b"]), "real numbers"),
])
def test_arrays_that_are_not_batches_are_refused(bad, message):
    with pytest.raises((TypeError, ValueError), match=message):
        Value(bad)


def test_batches_of_different_lengths_are_refused_clearly():
    a, b = Value(np.ones(3)), Value(np.ones(4))
    with pytest.raises(ValueError, match=r"shapes \(3,\) and \(4,\) do not broadcast"):
        a + b
    with pytest.raises(ValueError, match=r"shapes \(3,\) and \(4,\) do not broadcast"):
        a * b


def test_a_batch_has_no_truth_value_and_no_float():
    x = Value(np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match=r"truth value of an array of shape \(2,\)"):
        if x:
            pass
    with pytest.raises(TypeError, match="not converted to a float"):
        float(x)
    assert bool(Value(0.0)) is True  # a scalar Value is always true, as in micrograd


def test_backward_of_a_batch_asks_for_a_reduction_first():
    x = Value(np.array([1.0, 2.0]))
    y = x * x
    with pytest.raises(ValueError, match=r"\.sum\(\) or \.mean\(\)"):
        y.backward()
    y.backward(gradient=np.array([1.0, 0.5]))
    assert x.grad.tolist() == [2.0, 2.0]


def test_repr_shows_the_batch():
    assert repr(Value(np.array([1.0, 2.0]))) == "Value(data=[1. 2.], grad=0)"


@given(st.lists(st.floats(-5, 5), min_size=1, max_size=8),
       st.floats(-2, 2), st.floats(-2, 2))
def test_random_neurons_match_the_scalar_path(xs, w, b):
    x = np.array(xs)
    wv, bv = Value(w), Value(b)
    out = (wv * Value(x) + bv).tanh().sum()
    out.backward()
    want = 0.0
    gw = gb = 0.0
    for xi in xs:
        w1, b1 = Value(w), Value(b)
        o = (w1 * xi + b1).tanh()
        o.backward()
        want += o.data
        gw += w1.grad
        gb += b1.grad
    assert out.data == pytest.approx(want, rel=1e-12, abs=1e-12)
    assert wv.grad == pytest.approx(gw, rel=1e-12, abs=1e-12)
    assert bv.grad == pytest.approx(gb, rel=1e-12, abs=1e-12)


def test_an_array_that_is_not_numpys_is_refused_with_the_fix():
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match=r"Tensor.*numpy\.asarray, or \.numpy\(\)"):
        Value(torch.tensor([1.0, 2.0]))
    assert Value(torch.tensor(2.5)).data == 2.5  # a 0-d tensor is one number


def test_backward_through_infinities_is_silent_and_ieee():
    x = Value(np.array([2.0, 1.0]))
    c = Value(np.array([math.inf, 1.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the forward inf * 0 is numpy's own multiply
        y = ((x * c) * 0.0).sum()  # d/dx = c * 0: inf * 0 is nan, as for scalars
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y.backward()
    assert math.isnan(x.grad[0]) and x.grad[1] == 0.0
    scalar = Value(2.0)
    (scalar * math.inf * 0.0).backward()
    assert math.isnan(scalar.grad)


def test_a_batch_exponent_keeps_the_op_name_short():
    y = Value(2.0) ** np.array([1.0, 2.0, 3.0])
    assert y._op == "**" and y.data.tolist() == [2.0, 4.0, 8.0]


def test_relu_of_a_batch_keeps_the_sign_of_zero_and_nan_as_a_number_does():
    x = np.array([-0.0, 0.0, -1.0, 2.0, np.nan, -np.inf])
    out = Value(x).relu().data
    numbers = [Value(float(v)).relu().data for v in x]
    assert np.array_equal(np.signbit(out), np.signbit(numbers))
    assert np.array_equal(out, numbers, equal_nan=True)
