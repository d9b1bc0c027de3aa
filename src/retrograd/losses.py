"""Loss functions: a list of model outputs and their targets in, one scalar Value out.

Each loss is built from Value operations, so ``loss.backward()`` gives the
gradient of every weight that produced the outputs. The names and the
``reduction`` argument ("mean" or "sum") follow ``torch.nn.functional``.

- ``mse_loss``: squared error, the loss of lesson 2 and of the lab.
- ``hinge_loss``: the SVM "max-margin" loss of micrograd's demo, targets -1/+1.
- ``binary_cross_entropy_with_logits``: targets 0/1, one raw score per sample.
- ``cross_entropy``: softmax cross-entropy, a list of logits per sample and
  class indices as targets.
- ``l2_penalty``: ``alpha * sum(p*p)``, micrograd's weight regularisation.

The means are computed as micrograd's demo computes them,
``sum(losses) * (1.0 / n)``, so its numbers come out to the last bit.

>>> from retrograd import Value
>>> scores = [Value(0.5), Value(-2.0)]
>>> loss = hinge_loss(scores, [1, -1])
>>> loss.data
0.25
>>> loss.backward()
>>> scores[0].grad, scores[1].grad
(-0.5, 0.0)
"""

from __future__ import annotations

import math
import numbers
from typing import Callable, Iterable, Sequence

from .engine import Number, Value

REDUCTIONS = ("mean", "sum")


def mse_loss(outputs: Sequence[Value | Number], targets: Sequence[Number],
             reduction: str = "mean") -> Value:
    """Squared error ``(output - target)**2``, averaged (or summed) over the samples.

    ``reduction="sum"`` is lesson 2's loss, ``sum((yout - ygt)**2 ...)``.

    >>> from retrograd import Value
    >>> mse_loss([Value(0.5), Value(-1.0)], [1.0, 1.0]).data
    2.125
    >>> mse_loss([Value(0.5), Value(-1.0)], [1.0, 1.0], reduction="sum").data
    4.25
    """
    outputs, targets = _pairs("mse_loss", outputs, targets)
    return _reduce("mse_loss", [(out - t) ** 2 for out, t in zip(outputs, targets)], reduction)


def hinge_loss(scores: Sequence[Value | Number], targets: Sequence[Number],
               reduction: str = "mean") -> Value:
    """The SVM max-margin loss ``relu(1 - target * score)``; targets are -1 or +1.

    Built as micrograd's demo builds it, ``(1 + -yi*scorei).relu()``, so that a
    model trained with it gives the demo's numbers exactly.

    >>> from retrograd import Value
    >>> hinge_loss([Value(2.0), Value(0.25)], [1, 1]).data
    0.375
    """
    scores, targets = _pairs("hinge_loss", scores, targets)
    for t in targets:
        if t != 1 and t != -1:
            raise ValueError(f"hinge_loss: targets must be -1 or +1, got {t!r}; "
                             f"for 0/1 labels use labels='sign' in retrograd.data or y*2 - 1")
    return _reduce("hinge_loss", [(1 + -yi * si).relu() for yi, si in zip(targets, scores)],
                   reduction)


def binary_cross_entropy_with_logits(logits: Sequence[Value | Number], targets: Sequence[Number],
                                     reduction: str = "mean") -> Value:
    """Binary cross-entropy of ``sigmoid(logit)`` against a target in [0, 1], computed
    from the logit without ever forming the probability.

    The stable form ``max(x, 0) - x*y + log(1 + exp(-|x|))`` is built from Value
    operations on the side of zero where ``x`` lies, which gives the exact
    derivative ``sigmoid(x) - y`` everywhere, at ``x = 0`` too, and never
    overflows. (Below about 1e-16 the value differs from ``log1p`` in the
    last digits; the gradient does not.)

    >>> from retrograd import Value
    >>> x = Value(0.0)
    >>> loss = binary_cross_entropy_with_logits([x], [1])
    >>> round(loss.data, 12), (loss.backward(), x.grad)[1]
    (0.69314718056, -0.5)
    >>> binary_cross_entropy_with_logits([Value(1000.0)], [0]).data
    1000.0
    """
    logits, targets = _pairs("binary_cross_entropy_with_logits", logits, targets)
    for t in targets:
        if not 0 <= t <= 1:
            raise ValueError(f"binary_cross_entropy_with_logits: targets must lie in [0, 1] "
                             f"(class 1 or 0), got {t!r}; for -1/+1 labels use (y + 1) / 2")
    return _reduce("binary_cross_entropy_with_logits",
                   [_bce_one(x, y) for x, y in zip(logits, targets)], reduction)


bce_with_logits = binary_cross_entropy_with_logits


def _bce_one(x: Value, y: Number) -> Value:
    if x.data >= 0:  # x - x*y + log(1 + exp(-x))
        return x * (1 - y) + (1 + (-x).exp()).log()
    return (1 + x.exp()).log() - x * y  # -x*y + log(1 + exp(x))


def cross_entropy(logits: Sequence[Sequence[Value | Number]], targets: Sequence[int],
                  reduction: str = "mean") -> Value:
    """Softmax cross-entropy: ``logsumexp(logits) - logits[target]`` for each sample.

    ``logits`` holds one list of class scores per sample, ``targets`` the index
    of each sample's class. The log-sum-exp subtracts the largest score first
    (a plain number, which does not change the gradient), so no exp overflows.

    >>> from retrograd import Value
    >>> z = [Value(1000.0), Value(1000.0)]
    >>> loss = cross_entropy([z], [0])
    >>> round(loss.data, 12)
    0.69314718056
    >>> loss.backward(); [v.grad for v in z]
    [-0.5, 0.5]
    """
    if isinstance(logits, Value) or not _is_sequence(logits):
        raise TypeError(f"cross_entropy: logits must be a list with one list of class scores "
                        f"per sample, got {logits!r}")
    rows = []
    for row in logits:
        if isinstance(row, Value) or not _is_sequence(row):
            raise TypeError(f"cross_entropy: each sample needs a list of class scores "
                            f"(a model with one output per class), got {row!r}")
        rows.append([_as_value(v, "cross_entropy") for v in row])
    targets = list(targets)
    _check_lengths("cross_entropy", rows, targets)
    losses = []
    for row, t in zip(rows, targets):
        if isinstance(t, bool) or not isinstance(t, numbers.Integral) or not 0 <= t < len(row):
            raise ValueError(f"cross_entropy: each target must be a class index 0..{len(row) - 1}, "
                             f"got {t!r}")
        shifted = _shift(row)
        losses.append(sum(s.exp() for s in shifted).log() - shifted[int(t)])
    return _reduce("cross_entropy", losses, reduction)


def _shift(row: list[Value]) -> list[Value]:
    """The logits minus the largest one: log-sum-exp(z) - z_t = log-sum-exp(z - m) - (z_t - m)."""
    m = max(v.data for v in row)
    if math.isinf(m) or math.isnan(m):  # nothing to gain by shifting; let IEEE decide
        return row
    return [v - m for v in row]


def l2_penalty(parameters: Iterable[Value], alpha: float = 1e-4) -> Value:
    """``alpha * sum(p*p for p in parameters)``, micrograd's L2 regularisation.

    >>> from retrograd import Value
    >>> l2_penalty([Value(3.0), Value(-4.0)], alpha=0.5).data
    12.5
    """
    parameters = list(parameters)
    if not parameters:
        raise ValueError("l2_penalty: got no parameters; pass model.parameters()")
    return alpha * sum((p * p for p in parameters))


LOSSES: dict[str, Callable[..., Value]] = {
    "mse": mse_loss,
    "hinge": hinge_loss,
    "bce": binary_cross_entropy_with_logits,
    "cross_entropy": cross_entropy,
}
"""The losses by short name, as ``retrograd.train.fit`` and the command accept them."""


def get_loss(name: str | Callable[..., Value]) -> Callable[..., Value]:
    """The loss function called ``name`` (a key of ``LOSSES``); a callable is returned as is.

    >>> get_loss("hinge") is hinge_loss
    True
    """
    if callable(name):
        return name
    key = str(name).replace("-", "_")
    if key not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)} "
                         f"or pass a function loss(outputs, targets) -> Value")
    return LOSSES[key]


# -- checks and reductions ----------------------------------------------------------


def _is_sequence(x) -> bool:
    return hasattr(x, "__len__") and hasattr(x, "__getitem__") and not isinstance(x, str)


def _as_value(x, where: str) -> Value:
    if isinstance(x, Value):
        return x
    if isinstance(x, numbers.Real):
        return Value(x)
    raise TypeError(f"{where}: each output must be a Value (or a number), got {x!r}")


def _check_lengths(where: str, outputs, targets) -> None:
    if len(outputs) != len(targets):
        raise ValueError(f"{where}: got {len(outputs)} outputs but {len(targets)} targets; "
                         f"give one target per output")
    if not outputs:
        raise ValueError(f"{where}: got no samples; give at least one output and target")


def _pairs(where: str, outputs, targets) -> tuple[list[Value], list[Number]]:
    if isinstance(outputs, Value) or not _is_sequence(outputs):
        raise TypeError(f"{where}: outputs must be a list of Values, one per sample, "
                        f"got {outputs!r}")
    outputs = [_as_value(o, where) for o in outputs]
    targets = list(targets)
    for t in targets:
        if isinstance(t, bool) or not isinstance(t, numbers.Real):
            raise TypeError(f"{where}: each target must be a number, got {t!r}")
    _check_lengths(where, outputs, targets)
    return outputs, [_plain(t) for t in targets]


def _plain(t: Number) -> Number:
    """numpy numbers as Python ones (the engine would convert them anyway)."""
    if type(t) in (int, float):
        return t
    if isinstance(t, numbers.Integral):
        return int(t)
    return t if not isinstance(t, float) else float(t)


def _reduce(where: str, losses: list[Value], reduction: str) -> Value:
    if reduction == "mean":
        return sum(losses) * (1.0 / len(losses))
    if reduction == "sum":
        return sum(losses)
    raise ValueError(f"{where}: reduction must be one of {', '.join(REDUCTIONS)}, "
                     f"got {reduction!r}")


__all__ = ["mse_loss", "hinge_loss", "binary_cross_entropy_with_logits", "bce_with_logits",
           "cross_entropy", "l2_penalty", "LOSSES", "get_loss", "REDUCTIONS"]
