"""Helpers shared by the engine tests: run a function on retrograd Values and on
PyTorch float64 tensors, and compare numbers with IEEE care (nan equals nan)."""

from __future__ import annotations

import math
from typing import Callable, Sequence

import torch

from retrograd.engine import Value

# The suite runs in two worker processes on two cores: one thread each is enough.
torch.set_num_threads(1)


def with_torch(f: Callable, *xs: float) -> tuple[float, list[float]]:
    """``f`` on float64 tensors: the value and the gradient of each input
    (0.0 for an input the result does not depend on)."""
    leaves = [torch.tensor(float(x), dtype=torch.float64, requires_grad=True) for x in xs]
    out = f(*leaves)
    grads = torch.autograd.grad(out, leaves, allow_unused=True)
    return out.item(), [0.0 if g is None else g.item() for g in grads]


def with_values(f: Callable, *xs) -> tuple[float, list]:
    """``f`` on retrograd Values after ``backward()``: the value and each input's grad."""
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


def same(a, b) -> bool:
    """Equal as IEEE numbers, except that nan equals nan (0.0 and -0.0 are equal)."""
    if isinstance(a, float) and math.isnan(a) or isinstance(b, float) and math.isnan(b):
        return isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
    return a == b


def close(a, b, rel: float = 1e-12, abs_: float = 0.0) -> bool:
    """``same``, or both finite and within ``rel`` (relative) or ``abs_`` (absolute)."""
    if same(a, b):
        return True
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_)


def all_close(xs: Sequence, ys: Sequence, rel: float = 1e-12, abs_: float = 0.0) -> bool:
    return len(xs) == len(ys) and all(close(x, y, rel, abs_) for x, y in zip(xs, ys))
