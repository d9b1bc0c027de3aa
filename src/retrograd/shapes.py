"""The operations that move, gather or combine the numbers of an array.

The rows of ``retrograd.engine.OPS`` work number by number: the local
derivative of a result with respect to an operand is an array of slopes, and
the chain rule multiplies it by the gradient coming from above. A sum, a
matrix product, a transpose or ``v[idx]`` mixes numbers: its local
derivative is not one slope per number but a rule that turns the gradient of
the result into the gradient of the operand (a sum spreads it back over the
numbers it added, a transpose transposes it back, ``v[idx]`` puts it back at
the places it took its numbers from). A ``Pullback`` holds that rule, and
applies it when it is multiplied by the upstream gradient, so the engine's
chain rule, ``operand.grad += local * upstream``, is the same line for both.

Each function below takes numpy arrays and returns the result, then the
pullback of each operand. A pullback returns a new array, never a view of the
upstream gradient: ``backward()`` adds the next contributions to it in place. A result with no axis left is a Python float, as
every number a Value holds.

>>> import numpy as np
>>> out, local = total(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=0)
>>> out.tolist(), (local * np.array([10.0, 1.0])).tolist()
([4.0, 6.0], [[10.0, 1.0], [10.0, 1.0]])
"""

from __future__ import annotations

from typing import Callable

import numpy as np


class Pullback:
    """A local derivative given as a rule: ``pullback * upstream`` is the
    gradient an operand receives from a node whose gradient is ``upstream``.
    ``words`` says the rule in a few words (drawings and step texts show it)."""

    __slots__ = ("apply", "words")

    def __init__(self, apply: Callable, words: str):
        self.apply = apply
        self.words = words

    def __mul__(self, upstream):
        return self.apply(upstream)

    def __repr__(self) -> str:
        return self.words


def _number(x):
    """A result with no axis left as a Python float; an array stays an array."""
    return x if type(x) is np.ndarray and x.ndim else float(x)


def _axes(axis, ndim: int) -> tuple:
    """``axis`` (None, an int or a tuple) as a tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    return tuple(a % ndim for a in axes)


def _kept(g, axes: tuple, keepdims: bool):
    """The upstream gradient of a reduction with its reduced axes back, as length 1."""
    g = np.asarray(g, dtype=np.float64)
    return g if keepdims else np.expand_dims(g, axes)


def _spread(x, axis, keepdims: bool, scale: float = 1.0) -> Callable:
    """The pullback of a sum over ``axis``: the gradient, times ``scale``, copied to
    every number that was added."""
    if axis is None and not keepdims:  # one number for all: the most frequent case
        def fill(g):
            out = np.empty(x.shape)  # then filled: twice as fast as np.full
            out.fill(g * scale)
            return out
        return fill
    axes = _axes(axis, x.ndim)
    return lambda g: np.broadcast_to(_kept(g, axes, keepdims) * scale, x.shape).copy()


def total(x, axis=None, keepdims=False):
    """x.sum(axis, keepdims): each number added receives the sum's gradient."""
    out = x.sum(axis=axis, keepdims=keepdims)
    return _number(out), Pullback(_spread(x, axis, keepdims), "1 for each number added")


def mean(x, axis=None, keepdims=False):
    """x.mean(axis, keepdims): each number receives the gradient over their count."""
    out = x.mean(axis=axis, keepdims=keepdims)
    count = x.size // max(np.size(out), 1)
    return _number(out), Pullback(_spread(x, axis, keepdims, 1.0 / count),
                                  f"1/{count} for each number averaged")


def maximum(x, axis=None, keepdims=False):
    """x.max(axis, keepdims): the gradient goes to the largest number; numbers tied
    for the largest share it equally, as PyTorch's ``amax`` (and ``max()`` over all
    numbers) do."""
    axes = _axes(axis, x.ndim)
    top = x.max(axis=axis, keepdims=True)

    def apply(g):
        ties = x == top
        return ties * (_kept(g, axes, keepdims) / ties.sum(axis=axes, keepdims=True))

    out = top if keepdims else np.squeeze(top, axis=axes)
    return _number(out), Pullback(apply, "1 at the maximum (shared by ties), 0 elsewhere")


def logsumexp(x, axis=None, keepdims=False):
    """log(sum(exp(x))) over ``axis``, computed as m + log(sum(exp(x - m))) with m the
    maximum, so that no exp overflows; its derivative is the softmax of x."""
    axes = _axes(axis, x.ndim)
    m = x.max(axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)  # a slice of -inf only: log(0) = -inf, no nan
    e = np.exp(x - m)
    s = e.sum(axis=axis, keepdims=True)
    out = m + np.log(s)
    softmax = e / s
    out = out if keepdims else np.squeeze(out, axis=axes)
    return _number(out), Pullback(lambda g: softmax * _kept(g, axes, keepdims), "softmax")


def transpose(x, axes=None):
    """x.transpose(axes): the gradient is transposed back."""
    back = None if axes is None else tuple(np.argsort(axes))
    return x.transpose(axes), Pullback(lambda g: np.transpose(g, back).copy(), "transposed back")


def reshape(x, shape):
    """x.reshape(shape): the gradient takes the operand's shape back."""
    return _number(x.reshape(shape)), Pullback(lambda g: np.array(g).reshape(x.shape),
                                               f"reshaped back to {x.shape}")


def index(x, idx):
    """x[idx]: the gradient goes back to the places the numbers were taken from,
    added up where one place was taken several times (numpy's ``add.at``)."""

    def apply(g):
        scattered = np.zeros_like(x)
        np.add.at(scattered, idx, g)
        return scattered

    return _number(x[idx]), Pullback(apply, "1 where taken (added up if repeated), 0 elsewhere")


def matmul(x, y):
    """x @ y for 1-D, 2-D and stacked arrays. For matrices, out = X Y gives
    dL/dX = G Yᵀ and dL/dY = Xᵀ G (G the gradient of out); a vector is taken as a
    one-row (left) or one-column (right) matrix, as numpy does."""
    if np.ndim(x) == 0 or np.ndim(y) == 0:
        raise TypeError("Value @ Value: both operands must be arrays (vectors, matrices or "
                        "stacks of them); multiply by a number with *")
    try:
        out = x @ y
    except ValueError:
        raise ValueError(f"Value @ Value: shapes {x.shape} and {y.shape} cannot be multiplied; "
                         f"the last axis of the left one must be as long as the "
                         f"{'only' if y.ndim == 1 else 'second-to-last'} axis of the right "
                         f"one") from None
    if x.ndim == 2 and y.ndim == 2:  # matrices, a dense layer's case: nothing to reshape
        return out, Pullback(lambda g: g @ y.T, "G @ bᵀ"), Pullback(lambda g: x.T @ g, "aᵀ @ G")
    x2 = x[np.newaxis, :] if x.ndim == 1 else x
    y2 = y[:, np.newaxis] if y.ndim == 1 else y

    def as_matrix(g):  # G with the axes the vectors lost put back
        g = np.asarray(g, dtype=np.float64)
        if y.ndim == 1:
            g = np.expand_dims(g, -1)
        return np.expand_dims(g, -2) if x.ndim == 1 else g

    def for_x(g):
        gx = as_matrix(g) @ np.swapaxes(y2, -1, -2)
        return gx[..., 0, :] if x.ndim == 1 else gx

    def for_y(g):
        gy = np.swapaxes(x2, -1, -2) @ as_matrix(g)
        return gy[..., 0] if y.ndim == 1 else gy

    return _number(out), Pullback(for_x, "G @ bᵀ"), Pullback(for_y, "aᵀ @ G")


def matmul_t(x, w):
    """x @ w.T, a dense layer's product y = X Wᵀ, as one operation: dL/dX = G W and
    dL/dW = Gᵀ X (G the gradient of y); one sample x of shape (nin,) is a one-row X."""
    if getattr(x, "ndim", 0) not in (1, 2) or getattr(w, "ndim", 0) != 2 or \
            x.shape[-1] != w.shape[1]:
        raise ValueError(f"Value.matmul_t: shapes {np.shape(x)} and {np.shape(w)} do not fit "
                         f"x @ w.T; x must be a vector or a matrix, w a matrix with as many "
                         f"columns as x's last axis is long")
    for_w = (lambda g: g.T @ x) if x.ndim == 2 else (lambda g: np.outer(g, x))
    return x @ w.T, Pullback(lambda g: g @ w, "G @ b"), Pullback(for_w, "Gᵀ @ a")


__all__ = ["Pullback", "total", "mean", "maximum", "logsumexp", "transpose", "reshape",
           "index", "matmul", "matmul_t"]
