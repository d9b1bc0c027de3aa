"""The losses against torch.nn.functional in float64: values and gradients."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import at_least
from retrograd import Value
from retrograd.losses import (binary_cross_entropy_with_logits, cross_entropy, get_loss,
                              hinge_loss, l2_penalty, mse_loss)

torch.set_num_threads(1)

finite = st.floats(-30, 30, allow_nan=False)
# Sample counts 1..6: means and sums over several samples, the reduction path included.
scores_and_signs = st.lists(st.tuples(finite, st.sampled_from([-1, 1])), min_size=1, max_size=6)


def ours(loss, outputs, targets, **kw):
    """The loss on retrograd Values: (value, gradient of each output)."""
    leaves = [Value(o) for o in outputs]
    out = loss(leaves, targets, **kw)
    out.backward()
    return out.data, [v.grad for v in leaves]


def theirs(loss, outputs, targets, **kw):
    """The same loss in torch float64: (value, gradient of each output)."""
    x = torch.tensor(outputs, dtype=torch.float64, requires_grad=True)
    out = loss(x, torch.tensor(targets, dtype=torch.float64), **kw)
    out.backward()
    return out.item(), x.grad.tolist()


def assert_close(a: float, b: float, tol: float = 1e-12) -> None:
    assert abs(a - b) <= tol * max(1.0, abs(a), abs(b)), (a, b)


def assert_all_close(xs, ys, tol: float = 1e-12) -> None:
    assert len(xs) == len(ys)
    for a, b in zip(xs, ys):
        assert_close(a, b, tol)


# -- mean squared error -------------------------------------------------------------


@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=6),
       st.sampled_from(["mean", "sum"]))
def test_mse_matches_torch(pairs, reduction):
    outputs, targets = [p[0] for p in pairs], [p[1] for p in pairs]
    v, g = ours(mse_loss, outputs, targets, reduction=reduction)
    tv, tg = theirs(F.mse_loss, outputs, targets, reduction=reduction)
    assert_close(v, tv)
    assert_all_close(g, tg)


def test_mse_sum_is_lesson_two_loss():
    # Lesson 2, cell 33: the outputs of the untrained network and the loss it prints.
    ypred = [0.5428321376017807, 0.8825476224698201, 0.24590509211930503, 0.4050940086029426]
    ys = [1.0, -1.0, -1.0, 1.0]
    assert mse_loss([Value(p) for p in ypred], ys, reduction="sum").data == 5.65918064244546


# -- hinge ------------------------------------------------------------------------------


@given(scores_and_signs)
def test_hinge_matches_torch(pairs):
    scores, signs = [p[0] for p in pairs], [p[1] for p in pairs]
    v, g = ours(hinge_loss, scores, signs)
    tv, tg = theirs(lambda s, y: F.relu(1 - y * s).mean(), scores, signs)
    assert_close(v, tv)
    assert_all_close(g, tg)


def test_hinge_is_micrograds_expression_bit_for_bit():
    from micrograd.engine import Value as MValue

    rng = random.Random(3)
    scores = [rng.uniform(-2, 2) for _ in range(37)]
    ys = [rng.choice([-1, 1]) for _ in scores]
    ms = [MValue(s) for s in scores]
    losses = [(1 + -yi * si).relu() for yi, si in zip(ys, ms)]
    expected = sum(losses) * (1.0 / len(losses))
    assert hinge_loss([Value(s) for s in scores], ys).data == expected.data


def test_hinge_refuses_zero_one_labels():
    with pytest.raises(ValueError, match="hinge_loss: targets must be -1 or \\+1, got 0"):
        hinge_loss([Value(0.3)], [0])


# -- binary cross-entropy from logits ---------------------------------------------------------


@given(st.lists(st.tuples(st.floats(-800, 800, allow_nan=False), st.sampled_from([0.0, 1.0])),
                min_size=1, max_size=6))
def test_bce_with_logits_matches_torch(pairs):
    logits, targets = [p[0] for p in pairs], [p[1] for p in pairs]
    v, g = ours(binary_cross_entropy_with_logits, logits, targets)
    tv, tg = theirs(F.binary_cross_entropy_with_logits, logits, targets)
    # log(1 + e) against torch's log1p(e): the same to 1e-16 in absolute terms.
    assert abs(v - tv) <= 1e-12 * max(1.0, abs(tv))
    assert_all_close(g, tg)


@pytest.mark.parametrize("x", [0.0, -0.0, 1e-300, -1e-300, 1000.0, -1000.0, 36.7, -36.7])
@pytest.mark.parametrize("y", [0.0, 0.25, 1.0])
def test_bce_with_logits_edges(x, y):
    v, g = ours(binary_cross_entropy_with_logits, [x], [y])
    tv, tg = theirs(F.binary_cross_entropy_with_logits, [x], [y])
    assert math.isfinite(v)
    assert_close(v, tv)
    assert_close(g[0], tg[0])


def test_bce_gradient_at_zero_is_sigmoid_minus_target():
    # A |x| made of relus would give -y here; the true derivative is sigmoid(0) - y.
    _, g = ours(binary_cross_entropy_with_logits, [0.0], [1.0])
    assert g == [-0.5]


def test_bce_refuses_sign_labels():
    with pytest.raises(ValueError, match="targets must lie in \\[0, 1\\].*got -1"):
        binary_cross_entropy_with_logits([Value(0.3)], [-1])


# -- softmax cross-entropy --------------------------------------------------------------------


def ce_ours(rows, targets, **kw):
    leaves = [[Value(z) for z in row] for row in rows]
    out = cross_entropy(leaves, targets, **kw)
    out.backward()
    return out.data, [[v.grad for v in row] for row in leaves]


def ce_theirs(rows, targets, **kw):
    x = torch.tensor(rows, dtype=torch.float64, requires_grad=True)
    out = F.cross_entropy(x, torch.tensor(targets), **kw)
    out.backward()
    return out.item(), x.grad.tolist()


@st.composite
def logits_and_classes(draw):
    k = draw(st.integers(2, 5))
    n = draw(st.integers(1, 5))
    rows = [draw(st.lists(st.floats(-700, 700, allow_nan=False), min_size=k, max_size=k))
            for _ in range(n)]
    return rows, [draw(st.integers(0, k - 1)) for _ in range(n)]


@given(logits_and_classes(), st.sampled_from(["mean", "sum"]))
def test_cross_entropy_matches_torch(case, reduction):
    rows, targets = case
    v, g = ce_ours(rows, targets, reduction=reduction)
    tv, tg = ce_theirs(rows, targets, reduction=reduction)
    assert_close(v, tv, 1e-11)
    for a, b in zip(g, tg):
        assert_all_close(a, b)


def test_cross_entropy_is_stable_for_huge_logits():
    v, g = ce_ours([[1000.0, 0.0, -1000.0], [5000.0, 5000.0, 5000.0]], [1, 2])
    tv, tg = ce_theirs([[1000.0, 0.0, -1000.0], [5000.0, 5000.0, 5000.0]], [1, 2])
    assert v == tv == pytest.approx((1000.0 + math.log(3)) / 2)
    for a, b in zip(g, tg):
        assert a == pytest.approx(b, abs=1e-15)
    assert g[0] == [0.5, -0.5, 0.0]


def test_cross_entropy_errors():
    with pytest.raises(ValueError, match="class index 0..1, got 2"):
        cross_entropy([[Value(1.0), Value(2.0)]], [2])
    with pytest.raises(TypeError, match="one output per class"):
        cross_entropy([Value(1.0)], [0])


# -- L2 penalty ------------------------------------------------------------------------


def test_l2_penalty_matches_torch_and_micrograd():
    rng = random.Random(5)
    ws = [rng.uniform(-1, 1) for _ in range(337)]
    leaves = [Value(w) for w in ws]
    out = l2_penalty(leaves, alpha=1e-4)
    out.backward()
    t = torch.tensor(ws, dtype=torch.float64, requires_grad=True)
    ref = 1e-4 * (t * t).sum()
    ref.backward()
    assert_close(out.data, ref.item())
    assert_all_close([v.grad for v in leaves], t.grad.tolist())
    # micrograd's demo: alpha * sum((p*p for p in model.parameters())), the same additions.
    from micrograd.engine import Value as MValue

    assert out.data == (1e-4 * sum(p * p for p in map(MValue, ws))).data


# -- shared checks ----------------------------------------------------------------------


@pytest.mark.parametrize("loss", [mse_loss, hinge_loss, binary_cross_entropy_with_logits])
def test_lengths_must_match(loss):
    with pytest.raises(ValueError, match="got 2 outputs but 1 targets"):
        loss([Value(1.0), Value(-1.0)], [1])


def test_reduction_must_be_known():
    with pytest.raises(ValueError, match="reduction must be one of mean, sum, got 'max'"):
        mse_loss([Value(1.0)], [1.0], reduction="max")


def test_losses_by_name():
    assert get_loss("cross-entropy") is cross_entropy
    assert get_loss("bce") is binary_cross_entropy_with_logits
    with pytest.raises(ValueError, match="no loss named 'l1'; choose one of mse"):
        get_loss("l1")


# -- batches: one Value per loss input, checked against the scalar path and torch ----------

import numpy as np  # noqa: E402

from retrograd import MLP  # noqa: E402

BATCH_LOSSES = {
    "mse": (mse_loss, F.mse_loss),
    "hinge": (hinge_loss, lambda s, y, reduction="mean": getattr(F.relu(1 - y * s), reduction)()),
    "bce": (binary_cross_entropy_with_logits, F.binary_cross_entropy_with_logits),
}


def batch_ours(loss, outputs, targets, **kw):
    """The loss on one batch Value: (value, gradient of each output)."""
    x = Value(np.array(outputs, dtype=float))
    out = loss(x, np.array(targets), **kw)
    out.backward()
    assert type(out.data) is float
    return out.data, x.grad.tolist()


def assert_same_gradients(batch, scalar) -> None:
    np.testing.assert_allclose(batch, scalar, rtol=1e-12, atol=1e-300)


def assert_batch_is_scalar_and_torch(name, outputs, targets, reduction):
    loss, torch_loss = BATCH_LOSSES[name]
    v, g = batch_ours(loss, outputs, targets, reduction=reduction)
    sv, sg = ours(loss, outputs, targets, reduction=reduction)
    tv, tg = theirs(torch_loss, outputs, targets, reduction=reduction)
    assert_close(v, sv)
    # each sample's loss is made of the same operations (numpy's exp and log may differ
    # from math's in the last bit), so the gradients agree to rounding, even tiny ones
    assert_same_gradients(g, sg)
    assert abs(v - tv) <= 1e-12 * max(1.0, abs(tv))  # BCE: log(1 + e) against torch's log1p(e)
    assert_all_close(g, tg)
    # a dense model's (n, 1) outputs: the same operations on the same numbers as (n,)
    column = Value(np.array(outputs, dtype=float)[:, None])
    out = loss(column, targets, reduction=reduction)
    out.backward()
    assert out.data == v and column.grad[:, 0].tolist() == g
    # plain numbers instead of Values: the same losses, nothing to differentiate
    assert loss(list(outputs), targets, reduction=reduction).data == sv


@given(st.sampled_from(sorted(BATCH_LOSSES)),
       st.lists(st.tuples(finite, st.sampled_from([-1, 1]), st.sampled_from([0.0, 0.25, 1.0])),
                min_size=1, max_size=6),
       st.sampled_from(["mean", "sum"]))
@settings(max_examples=at_least(300))
def test_batch_losses_equal_the_scalar_path_and_torch(name, cases, reduction):
    outputs = [c[0] for c in cases]
    targets = [c[1] if name == "hinge" else c[2] for c in cases]
    assert_batch_is_scalar_and_torch(name, outputs, targets, reduction)


EXTREMES = [0.0, -0.0, 1e-300, -1e-300, 36.7, -36.7, 1000.0, -1000.0, 1e300, -1e300]


@pytest.mark.parametrize("y", [0.0, 0.25, 1.0])
def test_batch_bce_with_extreme_logits(y):
    assert_batch_is_scalar_and_torch("bce", EXTREMES, [y] * len(EXTREMES), "mean")
    x = Value(np.array(EXTREMES))
    loss = binary_cross_entropy_with_logits(x, [y] * len(EXTREMES), reduction="sum")
    loss.backward()
    assert math.isfinite(loss.data)
    # the derivative is sigmoid(x) - y (to the rounding of that subtraction)
    e = np.exp(-np.abs(EXTREMES))
    sigmoid = np.where(np.array(EXTREMES) >= 0, 1 / (1 + e), e / (1 + e))
    np.testing.assert_allclose(x.grad, sigmoid - y, rtol=1e-15, atol=2.3e-16)


def ce_batch(rows, targets, **kw):
    columns = [Value(np.array(col, dtype=float)) for col in zip(*rows)]
    out = cross_entropy(columns, np.array(targets), **kw)
    out.backward()
    return out.data, np.array([c.grad for c in columns]).T.tolist()


@given(logits_and_classes(), st.sampled_from(["mean", "sum"]))
def test_batch_cross_entropy_equals_the_scalar_path_and_torch(case, reduction):
    rows, targets = case
    v, g = ce_batch(rows, targets, reduction=reduction)
    sv, sg = ce_ours(rows, targets, reduction=reduction)
    tv, tg = ce_theirs(rows, targets, reduction=reduction)
    assert_close(v, sv)
    assert_same_gradients(g, sg)
    assert_close(v, tv, 1e-11)
    for a, b in zip(g, tg):
        assert_all_close(a, b)
    dv, dg = ce_dense(rows, targets, reduction=reduction)
    assert_close(dv, v)
    for a, b in zip(dg, g):
        assert_all_close(a, b)


def ce_dense(rows, targets, **kw):
    z = Value(np.array(rows, dtype=float))
    out = cross_entropy(z, np.array(targets), **kw)
    out.backward()
    return out.data, z.grad.tolist()


@pytest.mark.parametrize("rows,targets", [
    ([[1000.0, 0.0, -1000.0], [5000.0, 5000.0, 5000.0]], [1, 2]),
    ([[1e308, -1e308, 0.0], [-1e308, 1e308, 1e308]], [0, 2]),  # z - max overflows to -inf
    ([[0.0, -math.inf, 1.0], [-math.inf, 2.0, 2.0]], [2, 1]),  # -inf: a class that cannot be
])
def test_batch_cross_entropy_with_extreme_logits(rows, targets):
    with np.errstate(over="ignore"):  # z - max overflows: the engine's batch + warns
        v, g = ce_batch(rows, targets)
    sv, sg = ce_ours(rows, targets)
    tv, tg = ce_theirs(rows, targets)
    assert math.isfinite(v) and all(math.isfinite(x) for row in g for x in row)
    assert v == pytest.approx(sv, rel=1e-15)
    assert_same_gradients(g, sg)
    assert v == pytest.approx(tv, rel=1e-15)
    for a, b in zip(g, tg):
        assert a == pytest.approx(b, abs=1e-15)


def test_batch_cross_entropy_with_an_infinite_logit_gives_what_the_scalar_path_gives():
    rows, targets = [[math.inf, 0.0], [1.0, 2.0]], [1, 0]
    with np.errstate(invalid="ignore"):  # inf * 0 in backward(): the engine's batch * warns
        v, g = ce_batch(rows, targets, reduction="sum")
    sv, sg = ce_ours(rows, targets, reduction="sum")
    assert v == sv == math.inf
    assert np.array_equal(np.array(g), np.array(sg), equal_nan=True)


def mlp_gradients(model, loss_of_model):
    model.zero_grad()
    loss = loss_of_model()
    loss.backward()
    return loss.data, [p.grad for p in model.parameters()]


@pytest.mark.parametrize("name,nout,labels", [
    ("mse", 1, [0.0, 1.0]), ("hinge", 1, [-1, 1]), ("bce", 1, [0, 1]),
    ("cross_entropy", 3, [0, 1, 2]),
])
def test_batch_losses_through_an_mlp_give_the_scalar_parameter_gradients(name, nout, labels):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(9, 3))
    y = rng.choice(labels, size=9)
    random.seed(4)
    model = MLP(3, [5, nout], activation="tanh")
    loss = get_loss(name)
    v, grads = mlp_gradients(model, lambda: loss([model(row) for row in X.tolist()], y.tolist()))
    bv, bgrads = mlp_gradients(model, lambda: loss(model([Value(X[:, j]) for j in range(3)]), y))
    assert_close(bv, v)
    assert all(type(g) is float for g in bgrads)
    assert_all_close(bgrads, grads)
    if name == "cross_entropy":  # and PyTorch, through the same network
        from retrograd.torch_bridge import to_torch

        net = to_torch(model)
        out = F.cross_entropy(net(torch.tensor(X)), torch.tensor(y))
        out.backward()
        theirs_grads = []
        for layer in (net[0], net[2]):
            for w_row, b in zip(layer.weight.grad.tolist(), layer.bias.grad.tolist()):
                theirs_grads += w_row + [b]
        assert_close(bv, out.item())
        assert_all_close(bgrads, theirs_grads)


@pytest.mark.parametrize("call,error,message", [
    (lambda x: mse_loss([x], [1.0, 2.0]), TypeError, "pass the batch Value itself"),
    (lambda x: mse_loss(x, [1.0]), ValueError, "got 2 outputs but 1 targets"),
    (lambda x: mse_loss(x, [[1.0], [2.0]]), TypeError, "one-dimensional array of numbers"),
    (lambda x: mse_loss(x, ["a", "b"]), TypeError, "one-dimensional array of numbers"),
    (lambda x: mse_loss(x, [Value(1.0), Value(2.0)]), TypeError, "array of numbers, one per"),
    (lambda x: mse_loss(x, [1.0, 2.0], reduction="none"), ValueError, "reduction must be one of"),
    (lambda x: hinge_loss(x, np.array([1, 0])), ValueError, "targets must be -1 or \\+1, got 0;"),
    (lambda x: binary_cross_entropy_with_logits(x, [1, -1]), ValueError,
     r"targets must lie in \[0, 1\].*got -1;"),
    (lambda x: cross_entropy([x, x], [0, 2]), ValueError, "class index 0..1, got 2"),
    (lambda x: cross_entropy([x, x], [0.0, 1.0]), ValueError, "class index 0..1, got 0.0"),
    (lambda x: cross_entropy([x, Value(np.ones(3))], [0, 1]), TypeError,
     "one batch Value per class, all of the same 2 samples"),
    (lambda x: cross_entropy([x, Value(1.0)], [0, 1]), TypeError, "one batch Value per class"),
    (lambda x: cross_entropy(x, [0, 1]), TypeError, "needs one output per class"),
])
def test_batch_losses_refuse_bad_input_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call(Value(np.array([0.5, -0.5])))


# -- a dense model's outputs ---------------------------------------------------------

def test_dense_outputs_give_the_batch_losses_and_pytorchs_cross_entropy():
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(6, 1))
    signs = np.array([1, -1, 1, 1, -1, -1])
    for loss, targets in ((hinge_loss, signs), (mse_loss, rng.normal(size=6)),
                          (binary_cross_entropy_with_logits, (signs + 1) // 2)):
        dense, flat = Value(scores), Value(scores[:, 0])
        a, b = loss(dense, targets), loss(flat, targets)
        a.backward(), b.backward()
        assert a.data == b.data
        assert dense.grad.shape == (6, 1) and dense.grad[:, 0].tolist() == flat.grad.tolist()

    logits = rng.normal(size=(6, 4)) * 3
    logits[0, 1] = -np.inf  # a class given no chance, not the target: no nan
    classes = np.array([0, 3, 3, 1, 2, 0])
    z = Value(logits)
    loss = cross_entropy(z, classes)
    loss.backward()
    t = torch.tensor(logits, requires_grad=True)
    ref = torch.nn.functional.cross_entropy(t, torch.tensor(classes))
    ref.backward()
    assert abs(loss.data - ref.item()) <= 1e-12 * abs(ref.item())
    np.testing.assert_allclose(z.grad, t.grad.numpy(), rtol=1e-12, atol=1e-15)
    per_class = cross_entropy([Value(logits[:, j]) for j in range(4)], classes)
    assert abs(per_class.data - loss.data) <= 1e-12 * loss.data

    w = Value(np.array([[3.0, -4.0]]))
    assert l2_penalty([w, Value(1.0)], alpha=0.5).data == 13.0


@pytest.mark.parametrize("call,error,message", [
    (lambda: mse_loss(Value(1.0), [1.0]), ValueError, r"outputs has shape \(\); .* shape \(n,\)"),
    (lambda: mse_loss("ab", [1.0, 2.0]), TypeError, "outputs must be a list of Values"),
    (lambda: mse_loss([Value(1.0), "a"], [1.0, 2.0]), TypeError, "Value\\(data\\): got 'a'"),
    (lambda: mse_loss([], []), ValueError, "got no samples"),
    (lambda: hinge_loss([1.0], [True]), TypeError, "one-dimensional array of numbers"),
    (lambda: cross_entropy(5, [0]), TypeError, "logits must be a list of class scores"),
    (lambda: cross_entropy([[1.0, 2.0], 3.0], [0, 1]), TypeError, "each sample of logits must be"),
    (lambda: cross_entropy([[1.0, 2.0], [3.0]], [0, 1]), ValueError, "class index 0..0, got 1"),
    (lambda: cross_entropy([[Value(1.0), Value(2.0)]], [1.5]), ValueError, "class index 0..1"),
    (lambda: cross_entropy(Value(np.ones((2, 2, 2))), [0, 1]), TypeError, "one output per class"),
    (lambda: l2_penalty([]), ValueError, r"pass model.parameters\(\)"),
])
def test_bad_input_is_named_with_its_fix(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_dense_outputs_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match=r"shape \(3, 2\); this loss takes one output"):
        hinge_loss(Value(np.ones((3, 2))), [1, 1, -1])
    with pytest.raises(ValueError, match="class index 0..1"):
        cross_entropy(Value(np.ones((3, 2))), [0, 2, 1])


def test_exact_targets_stay_exact_on_the_per_sample_path():
    from fractions import Fraction
    outputs = [Value(Fraction(1, 2)), Value(Fraction(1, 3))]
    exact = mse_loss(outputs, [Fraction(1), 0], reduction="sum").data
    assert exact == Fraction(1, 4) + Fraction(1, 9)
    assert mse_loss([Value(1.5)], [10**30]).data == pytest.approx(1e60)
    with pytest.raises(ValueError, match=r"-1 or \+1, got Fraction\(1, 2\)"):
        hinge_loss([Value(0.5)], [Fraction(1, 2)])
