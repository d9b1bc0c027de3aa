"""Values that hold arrays of any shape: every row of the engine's table with
numpy's broadcasting in both directions, and the operations that are not number
by number (sums, max, logsumexp, log_softmax, transposes, reshapes, indexing, @),
each against PyTorch float64 (to 1e-12) and against central differences, on
random shapes."""

from __future__ import annotations

import math
import operator
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays, mutually_broadcastable_shapes

from retrograd import Value
from retrograd.batch import unbroadcast
from retrograd.engine import OPS
from retrograd.steps import backward_steps, format_number

torch.set_num_threads(1)


def run_ours(f, xs, w):
    """f on Values of the arrays ``xs``; backward of sum(f * w): the result and each
    input's gradient (checked to have the input's shape)."""
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    (out * w).sum().backward()
    grads = []
    for x, leaf in zip(xs, leaves):
        g = leaf.grad
        if isinstance(g, np.ndarray):
            assert g.shape == np.shape(x), (g.shape, np.shape(x))
        else:
            assert np.ndim(x) == 0 or g == 0, (g, np.shape(x))  # a number for a number
        grads.append(np.broadcast_to(np.asarray(g, dtype=float), np.shape(x)))
    return np.asarray(out.data), grads


def run_torch(f, xs, w):
    leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    out = f(*leaves)
    (out * torch.tensor(w, dtype=torch.float64)).sum().backward()
    grads = [np.zeros(np.shape(x)) if t.grad is None else t.grad.numpy() for x, t in
             zip(xs, leaves)]
    return out.detach().numpy(), grads


def central_differences(f, xs, w, h=1e-6):
    """d sum(f * w) / d each number of each input, by (L(x + h) - L(x - h)) / 2h."""
    xs = [np.array(x, dtype=float) for x in xs]

    def loss():
        return float(np.sum(np.asarray(f(*[Value(x) for x in xs]).data) * w))

    grads = []
    for x in xs:
        g = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            keep = x[i]
            x[i] = keep + h
            up = loss()
            x[i] = keep - h
            down = loss()
            x[i] = keep
            g[i] = (up - down) / (2 * h)
        grads.append(g)
    return grads


def weights_for(data, f, xs):
    """Random weights of the result's shape, so that each output's gradient differs."""
    shape = np.shape(f(*[Value(x) for x in xs]).data)
    return data.draw(arrays(np.float64, shape, elements=st.floats(-2, 2)), label="w")


def check(f, xs, w, g=None, numeric=True):
    """f (ours) against g (PyTorch's, f itself by default) and central differences."""
    out, grads = run_ours(f, xs, w)
    ref, ref_grads = run_torch(g or f, xs, w)
    np.testing.assert_allclose(out, ref, rtol=1e-12, atol=1e-13)
    assert out.shape == ref.shape
    for ours, theirs in zip(grads, ref_grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-13)
    if numeric:
        for ours, approx in zip(grads, central_differences(f, xs, w)):
            np.testing.assert_allclose(ours, approx, rtol=1e-5, atol=1e-5)


# -- every row of the table, broadcasting both ways --------------------------------

def smooth(lo, hi):
    """Numbers of the row's smooth domain, away from 0 (relu's and abs's kink)."""
    return st.floats(lo, hi).filter(lambda v: abs(v) >= 1e-3)


@pytest.mark.parametrize("name", list(OPS))
@given(data=st.data())
def test_each_row_broadcasts_like_pytorch_and_central_differences(name, data):
    op = OPS[name]
    f = getattr(operator, name, None) or (lambda *xs: getattr(xs[0], name)(*xs[1:]))
    shapes = data.draw(mutually_broadcastable_shapes(num_shapes=len(op.words), min_dims=0,
                                                     max_dims=3, max_side=3)).input_shapes
    xs = [data.draw(arrays(np.float64, shape, elements=smooth(lo, hi)), label=f"x{i}")
          for i, (shape, (lo, hi)) in enumerate(zip(shapes, op.domain))]
    check(f, xs, weights_for(data, f, xs))


@pytest.mark.parametrize("left, right, grad_left, grad_right", [
    ((2, 3), (3,), [[1.0] * 3] * 2, [2.0, 2.0, 2.0]),  # a row added to each row
    ((2, 3), (2, 1), [[1.0] * 3] * 2, [[3.0], [3.0]]),  # a column added to each column
    ((2, 1), (1, 3), [[3.0], [3.0]], [[2.0, 2.0, 2.0]]),  # both stretched: an outer sum
    ((3,), (2, 3), [2.0, 2.0, 2.0], [[1.0] * 3] * 2),  # the stretched one on the left
])
def test_a_broadcast_operand_receives_the_sum_over_its_stretched_axes(left, right, grad_left,
                                                                       grad_right):
    a, b = Value(np.ones(left)), Value(np.ones(right))
    (a + b).sum().backward()
    assert a.grad.tolist() == grad_left and b.grad.tolist() == grad_right
    assert unbroadcast(np.ones((4, 2, 3)), np.zeros((2, 1))).tolist() == [[12.0], [12.0]]
    assert unbroadcast(np.ones((4, 2, 3)), 0.5) == 24.0


def test_a_number_across_a_matrix_gets_a_float_and_the_matrix_its_own_shape():
    w = Value(2.0)
    x = Value(np.arange(6.0).reshape(2, 3))
    (w * x).sum().backward()
    assert w.grad == 15.0 and type(w.grad) is float
    assert x.grad.shape == (2, 3) and (x.grad == 2.0).all()


def test_shapes_that_do_not_broadcast_are_refused_with_both_shapes():
    with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(2,\) do not broadcast"):
        Value(np.ones((2, 3))) * Value(np.ones(2))


# -- reductions -----------------------------------------------------------------

def axes_for(ndim):
    """None, one axis (maybe negative) or a tuple of distinct axes."""
    return st.one_of(st.none(), st.integers(-ndim, ndim - 1),
                     st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim,
                              unique=True).map(tuple))


def torch_dims(axis, ndim):
    return tuple(range(ndim)) if axis is None else axis


REDUCTIONS = {
    "sum": lambda t, dim, keep: t.sum(dim=dim, keepdim=keep),
    "mean": lambda t, dim, keep: t.mean(dim=dim, keepdim=keep),
    "max": lambda t, dim, keep: t.amax(dim=dim, keepdim=keep),
    "logsumexp": lambda t, dim, keep: t.logsumexp(dim=dim, keepdim=keep),
}


@pytest.mark.parametrize("name", list(REDUCTIONS))
@given(data=st.data())
def test_reductions_match_pytorch_and_central_differences(name, data):
    shape = data.draw(array_shapes(min_dims=1, max_dims=3, max_side=4), label="shape")
    # numbers at least 0.01 apart: max has a kink where two tie (ties are tested below)
    x = data.draw(arrays(np.float64, shape, elements=st.integers(-500, 500).map(lambda k: k / 100),
                         unique=True), label="x")
    axis = data.draw(axes_for(len(shape)), label="axis")
    keepdims = data.draw(st.booleans(), label="keepdims")
    f = lambda v: getattr(v, name)(axis, keepdims)  # noqa: E731
    g = lambda t: REDUCTIONS[name](t, torch_dims(axis, len(shape)), keepdims)  # noqa: E731
    check(f, [x], weights_for(data, f, [x]), g)


@given(data=st.data())
def test_tied_maxima_share_the_gradient_as_pytorchs_amax(data):
    shape = data.draw(array_shapes(min_dims=1, max_dims=3, max_side=4), label="shape")
    x = data.draw(arrays(np.float64, shape, elements=st.integers(-2, 2).map(float)), label="x")
    axis = data.draw(axes_for(len(shape)), label="axis")
    f = lambda v: v.max(axis)  # noqa: E731
    g = lambda t: t.amax(dim=torch_dims(axis, len(shape)))  # noqa: E731
    check(f, [x], weights_for(data, f, [x]), g, numeric=False)


def test_max_of_a_vector_with_ties():
    x = Value(np.array([1.0, 3.0, 3.0, 2.0]))
    m = x.max()
    m.backward()
    assert m.data == 3.0 and type(m.data) is float
    assert x.grad.tolist() == [0.0, 0.5, 0.5, 0.0]  # torch.amax and torch.max() alike


def test_a_full_reduction_is_a_number_and_a_number_is_its_own_reduction():
    x = Value(np.arange(6.0).reshape(2, 3))
    assert type(x.sum().data) is float and x.mean().data == 2.5
    assert x.sum(axis=1).data.tolist() == [3.0, 12.0]
    assert x.mean(axis=0, keepdims=True).data.shape == (1, 3)
    s = Value(4.0)
    assert s.sum() is s and s.mean() is s and s.max() is s and s.logsumexp() is s


@given(data=st.data())
def test_log_softmax_matches_pytorch_and_central_differences(data):
    shape = data.draw(array_shapes(min_dims=1, max_dims=3, max_side=4), label="shape")
    x = data.draw(arrays(np.float64, shape, elements=st.floats(-5, 5)), label="x")
    axis = data.draw(st.integers(-len(shape), len(shape) - 1), label="axis")
    f = lambda v: v.log_softmax(axis)  # noqa: E731
    g = lambda t: t.log_softmax(dim=axis)  # noqa: E731
    check(f, [x], weights_for(data, f, [x]), g)


def test_logsumexp_and_log_softmax_do_not_overflow():
    x = Value(np.array([[1000.0, 1000.0], [-1000.0, 0.0]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lse = x.logsumexp(axis=1)
        lse.sum().backward()
        logp = Value(np.array([800.0, 0.0])).log_softmax()
    assert lse.data[0] == 1000.0 + math.log(2.0) and lse.data[1] == 0.0
    assert x.grad.tolist() == [[0.5, 0.5], [0.0, 1.0]]
    assert logp.data.tolist() == [0.0, -800.0]


# -- moving and taking numbers ------------------------------------------------------

@given(data=st.data())
def test_transpose_matches_pytorch(data):
    shape = data.draw(array_shapes(min_dims=1, max_dims=4, max_side=3), label="shape")
    x = data.draw(arrays(np.float64, shape, elements=st.floats(-5, 5)), label="x")
    perm = tuple(data.draw(st.permutations(range(len(shape))), label="perm"))
    f = lambda v: v.transpose(perm)  # noqa: E731
    g = lambda t: t.permute(perm)  # noqa: E731
    check(f, [x], weights_for(data, f, [x]), g)


def test_T_reverses_the_axes_and_its_gradient_comes_back_transposed():
    x = Value(np.arange(6.0).reshape(2, 3))
    assert x.T.data.shape == (3, 2) and x.transpose(1, 0).data.shape == (3, 2)
    (x.T * np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])).sum().backward()
    assert x.grad.tolist() == [[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]
    assert Value(2.0).T.data == 2.0


@given(data=st.data())
def test_reshape_matches_pytorch(data):
    shape = data.draw(array_shapes(min_dims=1, max_dims=3, max_side=4), label="shape")
    x = data.draw(arrays(np.float64, shape, elements=st.floats(-5, 5)), label="x")
    target = data.draw(st.sampled_from([(-1,), (1, -1), tuple(reversed(shape)),
                                        (x.size, 1)]), label="target")
    f = lambda v: v.reshape(target)  # noqa: E731
    check(f, [x], weights_for(data, f, [x]), lambda t: t.reshape(target))


def index_for(shape):
    """An int, a slice, an integer array (with repeats) or a tuple of them."""
    n = shape[0]
    one = st.one_of(
        st.integers(-n, n - 1),
        st.builds(slice, st.integers(-n, n) | st.none(), st.integers(-n, n) | st.none(),
                  st.sampled_from([None, 1, 2, -1])),
        st.lists(st.integers(-n, n - 1), min_size=1, max_size=6).map(np.array),
    )
    if len(shape) == 1:
        return one
    m = shape[1]
    return st.one_of(one, st.tuples(
        st.lists(st.integers(0, n - 1), min_size=1, max_size=5).map(np.array),
        st.integers(-m, m - 1) | st.just(slice(None))))


def as_torch_index(idx):
    if isinstance(idx, tuple):
        return tuple(as_torch_index(i) for i in idx)
    return torch.as_tensor(idx) if isinstance(idx, np.ndarray) else idx


@given(data=st.data())
def test_indexing_matches_pytorch_and_adds_up_repeated_places(data):
    shape = data.draw(array_shapes(min_dims=1, max_dims=3, max_side=4), label="shape")
    x = data.draw(arrays(np.float64, shape, elements=st.floats(-5, 5)), label="x")
    idx = data.draw(index_for(shape), label="idx")
    if isinstance(idx, slice) and idx.step == -1:
        idx = slice(idx.start, idx.stop, None)  # PyTorch has no negative steps
    f = lambda v: v[idx]  # noqa: E731
    if np.size(f(Value(x)).data) == 0:
        return  # an empty slice: nothing to compare
    check(f, [x], weights_for(data, f, [x]), lambda t: t[as_torch_index(idx)])


def test_a_place_taken_twice_gets_both_gradients():
    x = Value(np.array([10.0, 20.0, 30.0]))
    y = x[np.array([0, 2, 0, 0])]
    (y * np.array([1.0, 2.0, 3.0, 4.0])).sum().backward()
    assert y.data.tolist() == [10.0, 30.0, 10.0, 10.0]
    assert x.grad.tolist() == [8.0, 0.0, 2.0]
    assert type(x[1].data) is float


def test_shape_operations_on_a_number_say_what_to_do():
    with pytest.raises(TypeError, match="holds the number 2.0, not an array"):
        Value(2.0)[0]
    with pytest.raises(TypeError, match="holds the number 2.0, not an array"):
        Value(2.0).reshape(1)


# -- the matrix product -----------------------------------------------------------

MATMUL_SHAPES = [
    ((3,), (3,)), ((3,), (3, 2)), ((2, 3), (3,)), ((2, 3), (3, 4)), ((1, 1), (1, 1)),
    ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)), ((5, 2, 3), (5, 3, 4)), ((5, 1, 2, 3), (4, 3, 2)),
    ((3,), (5, 3, 2)), ((5, 2, 3), (3,)),
]


@pytest.mark.parametrize("left, right", MATMUL_SHAPES)
@given(data=st.data())
def test_matmul_matches_pytorch_and_central_differences(left, right, data):
    xs = [data.draw(arrays(np.float64, s, elements=st.floats(-3, 3)), label=f"x{i}")
          for i, s in enumerate((left, right))]
    f = operator.matmul
    check(f, xs, weights_for(data, f, xs), numeric=data.draw(st.booleans(), label="numeric"))


def test_the_gradient_of_a_matrix_product_is_the_hand_derived_one():
    # y = X Wᵀ, L = sum(y * G): dL/dW = Gᵀ X and dL/dX = G W
    rng = np.random.default_rng(0)
    X, W, G = rng.normal(size=(5, 3)), rng.normal(size=(4, 3)), rng.normal(size=(5, 4))
    x, w = Value(X), Value(W)
    ((x @ w.T) * G).sum().backward()
    np.testing.assert_allclose(w.grad, G.T @ X, rtol=1e-14)
    np.testing.assert_allclose(x.grad, G @ W, rtol=1e-14)


@pytest.mark.parametrize("left, right", [((3,), (2, 3)), ((5, 3), (4, 3)), ((1, 1), (1, 1))])
@given(data=st.data())
def test_matmul_t_is_x_times_w_transposed_as_one_node(left, right, data):
    xs = [data.draw(arrays(np.float64, s, elements=st.floats(-3, 3)), label=f"x{i}")
          for i, s in enumerate((left, right))]
    f = lambda x, w: x.matmul_t(w)  # noqa: E731
    check(f, xs, weights_for(data, f, xs), g=lambda x, w: x @ w.T,
          numeric=data.draw(st.booleans(), label="numeric"))
    x, w = Value(xs[0]), Value(xs[1])
    assert x.matmul_t(w).operands == (x, w)


@pytest.mark.parametrize("a, b", [(np.ones((2, 3)), np.ones((3, 2))), (np.ones((2, 2, 3)),
                                                                       np.ones((2, 3)))])
def test_matmul_t_refuses_shapes_that_do_not_fit(a, b):
    with pytest.raises(ValueError, match="do not fit x @ w.T"):
        Value(a).matmul_t(Value(b))


def test_matmul_with_plain_arrays_on_either_side():
    w = Value(np.eye(2) * 3.0)
    assert (np.array([1.0, 2.0]) @ w).data.tolist() == [3.0, 6.0]
    assert (w @ np.array([1.0, 2.0])).data.tolist() == [3.0, 6.0]


@pytest.mark.parametrize("a, b, message", [
    (np.ones((2, 3)), np.ones((2, 3)), r"shapes \(2, 3\) and \(2, 3\) cannot be multiplied"),
    (np.ones(3), 2.0, "multiply by a number with"),
])
def test_matmul_refuses_what_cannot_be_multiplied(a, b, message):
    with pytest.raises((TypeError, ValueError), match=message):
        Value(a) @ Value(b)


# -- backward_steps and the drawings on array graphs ---------------------------------

def test_backward_steps_replays_an_array_graph_exactly():
    rng = np.random.default_rng(1)
    x, w = Value(rng.normal(size=(4, 3))), Value(rng.normal(size=(2, 3)))
    b = Value(rng.normal(size=2))
    loss = (x @ w.T + b).tanh()[np.array([0, 0, 3])].log_softmax().sum(axis=0).mean()
    steps = backward_steps(loss)
    loss.backward()
    final = {}
    for step in steps:
        final[step.target] = step.after
    for leaf in (x, w, b):
        np.testing.assert_array_equal(final[leaf], leaf.grad)
    assert any("G @ bᵀ" in step.rule(lambda v: v._op or "leaf") for step in steps)


def test_drawings_show_arrays_by_their_first_numbers_and_shape():
    from retrograd.graph import draw_dot

    x = Value(np.arange(6.0).reshape(2, 3), label="x")
    y = (x @ np.ones(3)).sum()
    y.backward()
    source = draw_dot(y).source
    assert "(2×3)" in source and "@" in source
    assert format_number(np.ones((2, 2, 2)), 1) == "[1.0, 1.0, 1.0, …] (2×2×2)"


def test_adding_gradients_in_place_never_changes_another_nodes_gradient():
    rng = np.random.default_rng(2)
    w1, w2, w3 = rng.normal(size=(3, 2)), rng.normal(size=(2, 3)), rng.normal(size=(1, 3))
    x = Value(rng.normal(size=(2, 3)))
    t, s, r = x.T, x.sum(axis=0, keepdims=True), x.reshape(3, 2)
    loss = (t * w1).sum() + (x * w2).sum() + (s * w3).sum() + (r * w1).sum()
    loss.backward()
    assert t.grad.tolist() == w1.tolist() and r.grad.tolist() == w1.tolist()
    assert s.grad.tolist() == w3.tolist()
    np.testing.assert_allclose(x.grad, w1.T + w2 + w3 + w1.reshape(2, 3), rtol=1e-15)
    first = x.grad.copy()
    loss.backward()  # a leaf accumulates across calls, the others start again
    np.testing.assert_allclose(x.grad, 2 * first, rtol=1e-15)
    assert t.grad.tolist() == w1.tolist()


def test_backward_steps_accumulates_onto_an_array_leafs_gradient():
    x = Value(np.array([1.0, 2.0]))
    y = (x * x).sum()
    y.backward()
    steps = backward_steps(y, accumulate=True)
    assert steps[-1].target is x and steps[-1].accumulates
    assert steps[-1].after.tolist() == [4.0, 8.0]  # 2x from before, 2x again
    assert x.grad.tolist() == [2.0, 4.0]  # untouched
