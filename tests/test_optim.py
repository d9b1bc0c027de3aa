"""Optimizers and schedules against torch.optim: 50 steps on the same function agree to 1e-12."""

from __future__ import annotations

import random

import numpy as np
import pytest
import torch

from retrograd import Value
from retrograd.optim import (SGD, Adam, AdamW, ExponentialLR, LambdaLR, LinearLR, StepLR,
                             make_optimizer, make_scheduler)

torch.set_num_threads(1)

START = [0.9, -1.3, 0.2, 2.1, -0.4, 1.7, -2.2]
C = [0.5, 1.0, -0.3, 2.0, 0.1, -1.0, 1.5]
D = [0.3, -0.2, 0.7, -0.5, 0.05, 0.4, -0.6]


def objective(ps):
    """A small non-convex function of the parameters; works on Values and on tensors."""
    total = 0
    for p, c, d in zip(ps, C, D):
        total = total + 0.25 * (p * p - c) ** 2 + d * p
    return total


def run_ours(cls, kwargs, steps=50):
    ps = [Value(x) for x in START]
    opt = cls(ps, **kwargs)
    sign = -1 if kwargs.get("maximize") else 1  # maximize -objective: the same minimum
    for _ in range(steps):
        opt.zero_grad()
        (objective(ps) * sign).backward()
        opt.step()
    return [p.data for p in ps]


def run_torch(cls, kwargs, steps=50):
    ps = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in START]
    opt = cls(ps, foreach=False, **kwargs)
    sign = -1 if kwargs.get("maximize") else 1
    for _ in range(steps):
        opt.zero_grad()
        (objective(ps) * sign).backward()
        opt.step()
    return [p.item() for p in ps]


CASES = [
    (SGD, torch.optim.SGD, dict(lr=0.1)),
    (SGD, torch.optim.SGD, dict(lr=0.05, momentum=0.9)),
    (SGD, torch.optim.SGD, dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01)),
    (SGD, torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1)),
    (SGD, torch.optim.SGD, dict(lr=0.05, maximize=True)),
    (Adam, torch.optim.Adam, dict(lr=0.05)),
    (Adam, torch.optim.Adam, dict(lr=0.05, weight_decay=0.1, amsgrad=True)),
    (Adam, torch.optim.Adam, dict(lr=0.05, betas=(0.3, 0.5), eps=1e-6)),  # lerp weight >= 0.5
    (Adam, torch.optim.Adam, dict(lr=0.05, maximize=True)),
    (AdamW, torch.optim.AdamW, dict(lr=0.05)),
    (AdamW, torch.optim.AdamW, dict(lr=0.05, weight_decay=0.2, amsgrad=True)),
]


@pytest.mark.parametrize("ours,theirs,kwargs", CASES,
                         ids=[f"{c[0].__name__}-{'-'.join(f'{k}={v}' for k, v in c[2].items())}"
                              for c in CASES])
def test_fifty_steps_agree_with_torch(ours, theirs, kwargs):
    a = run_ours(ours, kwargs)
    b = run_torch(theirs, kwargs)
    assert a != START  # the parameters did move, and stayed finite
    assert all(abs(x) < 10 for x in a)
    for x, y in zip(a, b):
        assert abs(x - y) <= 1e-12 * max(1.0, abs(y)), (a, b)


@pytest.mark.parametrize("ours,theirs,kwargs", CASES,
                         ids=[f"{c[0].__name__}-{'-'.join(f'{k}={v}' for k, v in c[2].items())}"
                              for c in CASES])
def test_array_parameters_take_the_same_steps_as_torch(ours, theirs, kwargs):
    # one parameter of shape (2, 2) and one of shape (3,): the same seven numbers
    shapes = [(2, 2), (3,)]
    starts = [np.array(START[:4]).reshape(2, 2), np.array(START[4:])]
    cs = [np.array(C[:4]).reshape(2, 2), np.array(C[4:])]
    ds = [np.array(D[:4]).reshape(2, 2), np.array(D[4:])]
    sign = -1 if kwargs.get("maximize") else 1

    def run(ps, make, total):
        opt = make(ps)
        for _ in range(50):
            opt.zero_grad()
            (total(ps) * sign).backward()
            opt.step()

    ps = [Value(x) for x in starts]
    run(ps, lambda ps: ours(ps, **kwargs),
        lambda ps: sum((0.25 * (p * p - c) ** 2 + d * p).sum() for p, c, d in zip(ps, cs, ds)))
    ts = [torch.tensor(x, requires_grad=True) for x in starts]
    run(ts, lambda ps: theirs(ps, foreach=False, **kwargs),
        lambda ps: sum((0.25 * (p * p - torch.tensor(c)) ** 2 + torch.tensor(d) * p).sum()
                       for p, c, d in zip(ps, cs, ds)))
    for p, t, shape in zip(ps, ts, shapes):
        assert p.data.shape == shape
        np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-12, atol=1e-12)
    scalars = run_ours(ours, kwargs)
    np.testing.assert_allclose(np.concatenate([p.data.ravel() for p in ps]), scalars,
                               rtol=1e-12, atol=1e-12)


def test_plain_sgd_is_micrograds_update_bit_for_bit():
    rng = random.Random(1)
    ps = [Value(rng.uniform(-1, 1)) for _ in range(20)]
    ref = [p.data for p in ps]
    opt = SGD(ps, lr=0.37)
    for _ in range(10):
        grads = [rng.uniform(-5, 5) for _ in ps]
        for p, g in zip(ps, grads):
            p.grad = g
        opt.step()
        ref = [r - 0.37 * g for r, g in zip(ref, grads)]  # p.data -= learning_rate * p.grad
    assert [p.data for p in ps] == ref


def test_sgd_keeps_fractions_exact():
    from fractions import Fraction

    w = Value(Fraction(1, 3))
    w.grad = Fraction(1, 7)
    SGD([w], lr=Fraction(1, 2)).step()
    assert w.data == Fraction(1, 3) - Fraction(1, 14)


def test_zero_grad():
    ps = [Value(1.0), Value(2.0)]
    (ps[0] * ps[1]).backward()
    opt = Adam(ps)
    assert [p.grad for p in ps] == [2.0, 1.0]
    opt.zero_grad()
    assert [p.grad for p in ps] == [0, 0]


def test_optimizer_errors():
    with pytest.raises(ValueError, match="empty list of parameters; pass model.parameters"):
        SGD([], lr=0.1)
    with pytest.raises(ValueError, match="lr must be >= 0, got -1"):
        Adam([Value(1.0)], lr=-1)
    with pytest.raises(ValueError, match="Nesterov momentum needs momentum > 0"):
        SGD([Value(1.0)], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="appears twice"):
        w = Value(1.0)
        SGD([w, w], lr=0.1)
    with pytest.raises(ValueError, match="betas must be two numbers in \\[0, 1\\)"):
        Adam([Value(1.0)], betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="no optimizer named 'rmsprop'; choose one of sgd"):
        make_optimizer("rmsprop", [Value(1.0)])


# -- schedules ------------------------------------------------------------------------


def lrs_ours(make, base_lr, steps):
    opt = SGD([Value(0.0)], lr=base_lr)
    sched = make(opt)
    seen = []
    for _ in range(steps):
        seen.append(opt.lr)
        assert sched.get_last_lr() == [opt.lr]
        opt.step()
        sched.step()
    return seen


def lrs_torch(make, base_lr, steps):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base_lr)
    sched = make(opt)
    seen = []
    for _ in range(steps):
        seen.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return seen


def test_linear_is_micrograds_schedule_exactly():
    lrs = lrs_ours(lambda o: LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=100),
                   1.0, 100)
    assert lrs == [1.0 - 0.9 * k / 100 for k in range(100)]
    assert make_scheduler("linear", SGD([Value(0.0)], lr=1.0), 100).lr_at(37) == lrs[37]


@pytest.mark.parametrize("name,ours,theirs", [
    ("linear", lambda o: LinearLR(o, 1.0, 0.1, 100),
     lambda o: torch.optim.lr_scheduler.LinearLR(o, 1.0, 0.1, 100)),
    ("linear-warmup", lambda o: LinearLR(o, 0.25, 1.0, 10),
     lambda o: torch.optim.lr_scheduler.LinearLR(o, 0.25, 1.0, 10)),
    ("exponential", lambda o: ExponentialLR(o, gamma=0.9),
     lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9)),
    ("step", lambda o: StepLR(o, step_size=7, gamma=0.5),
     lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5)),
    ("lambda", lambda o: LambdaLR(o, lambda k: 1 / (1 + k)),
     lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda k: 1 / (1 + k))),
])
def test_schedules_agree_with_torch(name, ours, theirs):
    a, b = lrs_ours(ours, 0.5, 120), lrs_torch(theirs, 0.5, 120)
    assert len(set(a)) > 1
    for x, y in zip(a, b):
        assert abs(x - y) <= 1e-12 * y, (name, x, y)


def test_exponential_is_the_labs_ten_percent_decay():
    lrs = lrs_ours(lambda o: ExponentialLR(o, gamma=0.9), 1.0, 10)
    assert lrs == [0.9**k for k in range(10)]
    assert lrs[:3] == [1.0, 0.9, 0.81]


def test_step_values():
    s = StepLR(SGD([Value(0.0)], lr=2.0), step_size=3, gamma=0.1)
    assert [s.lr_at(k) for k in range(7)] == [2.0, 2.0, 2.0, 2.0 * 0.1, 2.0 * 0.1, 2.0 * 0.1,
                                              2.0 * 0.1**2]
    assert make_scheduler("step", SGD([Value(0.0)], lr=1.0), 30).step_size == 10


def test_scheduler_names():
    opt = SGD([Value(0.0)], lr=1.0)
    assert make_scheduler("constant", opt, 10) is None
    assert make_scheduler("exponential", opt, 10, gamma=0.5).lr_at(2) == 0.25
    with pytest.raises(ValueError, match="no schedule named 'cosine'; choose one of constant"):
        make_scheduler("cosine", opt, 10)
    with pytest.raises(ValueError, match="total_iters must be a whole number >= 1, got 0"):
        LinearLR(opt, 1.0, 0.1, 0)
