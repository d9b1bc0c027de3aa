"""Loss functions: model outputs and their targets in, one scalar Value out.

Each loss is built from Value operations, so ``loss.backward()`` gives the
gradient of every weight that produced the outputs. The names and the
``reduction`` argument ("mean" or "sum") follow ``torch.nn.functional``.

Each loss is one formula, a Value expression of an output and its target,
and the outputs may come in any of the forms a model returns:

- a list with one Value (or number) per sample: micrograd's path, where the
  formula is applied sample by sample;
- one Value holding a whole batch: shape (n,) from ``MLP`` called on batch
  Values, ``model([Value(X[:, 0]), Value(X[:, 1])])``, or (n, 1) from
  ``DenseMLP``; the formula is applied to all samples at once;
- for ``cross_entropy``, one list of class scores per sample, one batch Value
  per class (what ``MLP(nin, [..., K])`` returns for batch inputs), or a
  dense model's (n, K) Value.

The targets are a list or a one-dimensional array, one per sample. The form
is read from the outputs. Every form computes a sample's loss with the same
operations, so the losses and their gradients agree to rounding (numpy's exp
and log against math's; a dense model's cross-entropy uses the engine's
log-sum-exp). The losses are then added up and, for the mean, multiplied by
``1.0 / n``, as micrograd's demo does, so that its numbers come out to the
last bit.

- ``mse_loss``: squared error, the loss of lesson 2 and of the lab.
- ``hinge_loss``: the SVM "max-margin" loss of micrograd's demo, targets -1/+1.
- ``binary_cross_entropy_with_logits``: targets 0/1, one raw score per sample.
- ``cross_entropy``: softmax cross-entropy, class indices as targets.
- ``l2_penalty``: ``alpha * sum(p*p)``, micrograd's weight regularisation.

>>> from retrograd import Value
>>> scores = [Value(0.5), Value(-2.0)]
>>> loss = hinge_loss(scores, [1, -1])
>>> loss.data
0.25
>>> loss.backward()
>>> scores[0].grad, scores[1].grad
(-0.5, 0.0)

The same two samples as one batch:

>>> import numpy as np
>>> batch = Value(np.array([0.5, -2.0]))
>>> loss = hinge_loss(batch, np.array([1, -1]))
>>> loss.backward()
>>> loss.data, batch.grad.tolist()
(0.25, [-0.5, 0.0])
"""

from __future__ import annotations

import math
import numbers
import reprlib
from typing import Callable, Iterable, Sequence

import numpy as np

from .batch import is_batch
from .engine import Number, Value

REDUCTIONS = ("mean", "sum")


def mse_loss(outputs: Sequence[Value | Number] | Value, targets,
             reduction: str = "mean") -> Value:
    """Squared error ``(output - target)**2``, averaged (or summed) over the samples.

    ``reduction="sum"`` is lesson 2's loss, ``sum((yout - ygt)**2 ...)``.

    >>> from retrograd import Value
    >>> mse_loss([Value(0.5), Value(-1.0)], [1.0, 1.0]).data
    2.125
    >>> mse_loss([Value(0.5), Value(-1.0)], [1.0, 1.0], reduction="sum").data
    4.25
    """
    pairs, _ = _samples(outputs, targets, reduction)
    return _reduce([(out - t) ** 2 for out, t in pairs], reduction)


def hinge_loss(scores: Sequence[Value | Number] | Value, targets,
               reduction: str = "mean") -> Value:
    """The SVM max-margin loss ``relu(1 - target * score)``; targets are -1 or +1.

    Built as micrograd's demo builds it, ``(1 + -yi*scorei).relu()``, so that a
    model trained with it gives the demo's numbers exactly.

    >>> from retrograd import Value
    >>> hinge_loss([Value(2.0), Value(0.25)], [1, 1]).data
    0.375
    """
    pairs, t = _samples(scores, targets, reduction)
    bad = t[(t != 1) & (t != -1)]
    if bad.size:
        raise ValueError(f"hinge_loss: targets must be -1 or +1, got {bad.tolist()[0]!r}; for 0/1 "
                         f"labels use labels='sign' in retrograd.data, or y*2 - 1")
    return _reduce([(1 + -yi * si).relu() for si, yi in pairs], reduction)


def binary_cross_entropy_with_logits(logits: Sequence[Value | Number] | Value, targets,
                                     reduction: str = "mean") -> Value:
    """Binary cross-entropy of ``sigmoid(logit)`` against a target in [0, 1], computed
    from the logit without ever forming the probability.

    The stable form ``max(x, 0) - x*y + log(1 + exp(-|x|))`` is built on the
    side of zero where each ``x`` lies: ``x*(1 - y) + log(1 + exp(-x))`` for
    ``x >= 0``, ``x*(0 - y) + log(1 + exp(x))`` below. Which side is a
    constant read from the data, so the derivative is exactly
    ``sigmoid(x) - y`` everywhere, at ``x = 0`` too, and no exp overflows.
    (Below about 1e-16 the value differs from ``log1p`` in the last digits;
    the gradient does not.)

    >>> from retrograd import Value
    >>> x = Value(0.0)
    >>> loss = binary_cross_entropy_with_logits([x], [1])
    >>> round(loss.data, 12), (loss.backward(), x.grad)[1]
    (0.69314718056, -0.5)
    >>> binary_cross_entropy_with_logits([Value(1000.0)], [0]).data
    1000.0
    """
    pairs, t = _samples(logits, targets, reduction)
    bad = t[~((t >= 0) & (t <= 1))]
    if bad.size:
        raise ValueError(f"binary_cross_entropy_with_logits: targets must lie in [0, 1] (class 1 "
                         f"or 0), got {bad.tolist()[0]!r}; for -1/+1 labels use (y + 1) / 2")
    losses = []
    for x, y in pairs:
        up = (x.data >= 0) * 1.0  # 1 where x >= 0, else 0 (nan too): a constant
        losses.append(x * (up - y) + (1 + (x * (1 - 2 * up)).exp()).log())
    return _reduce(losses, reduction)


bce_with_logits = binary_cross_entropy_with_logits


def cross_entropy(logits, targets, reduction: str = "mean") -> Value:
    """Softmax cross-entropy: ``logsumexp(logits) - logits[target]`` for each sample.

    ``logits`` holds one list of class scores per sample, or one batch Value
    per class (what ``MLP(nin, [..., K])`` returns for batch inputs), or a
    dense model's (n, K) Value; ``targets`` holds each sample's class index.
    Each sample's scores are first shifted by their largest (a constant, which
    does not change the gradient), so no exp overflows.

    >>> from retrograd import Value
    >>> z = [Value(1000.0), Value(1000.0)]
    >>> loss = cross_entropy([z], [0])
    >>> round(loss.data, 12)
    0.69314718056
    >>> loss.backward(); [v.grad for v in z]
    [-0.5, 0.5]

    Two samples, three classes, as a batch (one Value per class):

    >>> import numpy as np
    >>> z = [Value(np.array([2.0, 0.0])), Value(np.array([0.0, 0.0])),
    ...      Value(np.array([0.0, 1000.0]))]
    >>> round(cross_entropy(z, [0, 2]).data, 12)
    0.119772383111
    """
    return _reduce([_softmax_loss(z, t) for z, t in _class_samples(logits, targets, reduction)],
                   reduction)


def _softmax_loss(z: list[Value] | Value, t) -> Value:
    """``logsumexp(z) - z[t]``: ``z`` a list of class scores (numbers for one sample,
    batches for many; ``t`` an int or an array), or a matrix with one row per sample."""
    if isinstance(z, Value):  # the engine's log-sum-exp along the rows shifts them itself
        return z.logsumexp(axis=1) - z[np.arange(len(t)), t]
    m = _largest(z)
    shifted = [v - m for v in z]
    if isinstance(t, np.ndarray):  # each sample's own class: a 0/1 mask per class
        picked = sum(_select(s, t == j) for j, s in enumerate(shifted))
    else:
        picked = shifted[t]
    return sum(s.exp() for s in shifted).log() - picked


def _largest(z: list[Value]):
    """Each sample's largest class score, 0 where that is inf or nan (no shift then)."""
    if is_batch(z[0].data):
        m = np.max([v.data for v in z], axis=0)
        return np.where(np.isfinite(m), m, 0.0)
    m = max(v.data for v in z)
    return m if math.isfinite(m) else 0.0


def _select(s: Value, mask) -> Value:
    """``s`` where ``mask`` is true and 0 elsewhere, with gradient 1 and 0 respectively.

    ``s * mask`` alone would give nan where ``s`` is infinite (inf * 0), as for a
    logit of -inf in a class that is not the target. ``s ** mask`` is ``s``
    where the exponent is 1 and exactly 1 (slope 0) where it is 0, whatever
    ``s`` holds; multiplied by the mask, it is ``s`` or 0.
    """
    one_hot = np.where(mask, 1.0, 0.0)
    return (s ** Value(one_hot, label="one-hot")) * one_hot


def l2_penalty(parameters: Iterable[Value], alpha: float = 1e-4) -> Value:
    """``alpha * sum(p*p for p in parameters)``, micrograd's L2 regularisation.

    >>> from retrograd import Value
    >>> l2_penalty([Value(3.0), Value(-4.0)], alpha=0.5).data
    12.5
    """
    parameters = list(parameters)
    if not parameters:
        raise ValueError("l2_penalty: got no parameters; pass model.parameters()")
    return alpha * _reduce([p * p for p in parameters], "sum")


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
        raise ValueError(f"get_loss: no loss named {name!r}; choose one of {', '.join(LOSSES)} "
                         f"or pass a function loss(outputs, targets) -> Value")
    return LOSSES[key]


def _reduce(losses: list[Value], reduction: str) -> Value:
    """The sum of the losses (Values of one sample each, or of a whole batch), or
    their mean as micrograd computes it, ``sum(losses) * (1.0 / n)``."""
    total = sum(loss.sum() for loss in losses)  # a number's sum is itself
    if reduction == "sum":
        return total
    return total * (1.0 / sum(loss.data.size if is_batch(loss.data) else 1 for loss in losses))


# -- what the losses are given, checked once ------------------------------------------


def _samples(outputs, targets, reduction: str) -> tuple[list, np.ndarray]:
    """The (output, target) pairs a loss formula applies to, and the targets as an array.

    One pair per sample for a list of outputs (Values and Python numbers), one pair
    for a batch (its Value of shape (n,) and a float array).
    """
    _check_reduction(reduction)
    if isinstance(outputs, Value):
        shape = np.shape(outputs.data)
        if len(shape) == 2 and shape[1] == 1:
            outputs = outputs.reshape(-1)
        elif len(shape) != 1:
            raise ValueError(f"outputs has shape {shape}; this loss takes one output per sample, "
                             f"a list of Values or a Value of shape (n,) or (n, 1)")
        t = _targets(targets, shape[0])
        return [(outputs, t.astype(float))], t
    if not _is_sequence(outputs):
        raise TypeError(f"outputs must be a list of Values (one per sample) or a batch Value, "
                        f"got {reprlib.repr(outputs)}")
    outputs = [_sample_value(o) for o in outputs]
    t = _targets(targets, len(outputs))
    return list(zip(outputs, t.tolist())), t


def _class_samples(logits, targets, reduction: str) -> list:
    """``cross_entropy``'s (class scores, class) pairs: one per sample for lists of
    scores, one for a batch (its K Values or its (n, K) Value, and an int array)."""
    _check_reduction(reduction)
    rows = None
    if isinstance(logits, Value):
        shape = np.shape(logits.data)
        if len(shape) != 2:
            raise TypeError(f"logits has shape {shape} but cross_entropy needs one output per "
                            f"class: a model MLP(nin, [..., n_classes]), or use 'bce' or 'hinge'")
        t, k = _targets(targets, shape[0]), shape[1]
    elif _is_sequence(logits) and len(logits) and _holds_batch(logits[0]):
        n = np.shape(logits[0].data)[0]
        for z in logits:
            if not _holds_batch(z) or z.data.shape != (n,):
                raise TypeError(f"logits must be one batch Value per class, all of the same {n} "
                                f"samples, got {reprlib.repr(z)}")
        logits, t, k = list(logits), _targets(targets, n), len(logits)
    elif _is_sequence(logits):
        rows = [_class_scores(row) for row in logits]
        t, k = _targets(targets, len(rows)), np.array([len(row) for row in rows], dtype=int)
    else:
        raise TypeError(f"logits must be a list of class scores per sample, or the outputs of a "
                        f"model with one output per class, got {reprlib.repr(logits)}")
    wrong = (t.dtype.kind not in "iu") | (t < 0) | (t >= k)
    if wrong.any():
        i = int(np.argmax(wrong))
        raise ValueError(f"cross_entropy: each target must be a class index "
                         f"0..{np.broadcast_to(k, t.shape)[i] - 1}, got {t.tolist()[i]!r}")
    return [(logits, t)] if rows is None else list(zip(rows, t.tolist()))


def _class_scores(row) -> list[Value]:
    """One sample's class scores, as Values."""
    if isinstance(row, Value) or not _is_sequence(row):
        raise TypeError(f"each sample of logits must be a list of class scores (a model with "
                        f"one output per class), got {reprlib.repr(row)}")
    return [_sample_value(v) for v in row]


def _sample_value(x) -> Value:
    """One sample's output as a Value (a number becomes a leaf, checked by Value)."""
    x = x if isinstance(x, Value) else Value(x)
    if is_batch(x.data):
        raise TypeError(f"outputs is a list holding a batch {reprlib.repr(x)}; pass the batch "
                        f"Value itself, not a list of it")
    return x


def _targets(targets, n: int) -> np.ndarray:
    """The targets of ``n`` samples as a one-dimensional array of numbers."""
    t = np.asarray(targets)
    if t.dtype == object and t.ndim == 1 and all(  # Fractions, ints beyond 64 bits: kept exact
            isinstance(x, numbers.Real) and not isinstance(x, bool) for x in t):
        return _counted(t, n)
    if t.ndim != 1 or t.dtype.kind not in "iuf":
        raise TypeError(f"targets must be a list or a one-dimensional array of numbers, one per "
                        f"sample, got {reprlib.repr(targets)}")
    return _counted(t, n)


def _counted(t: np.ndarray, n: int) -> np.ndarray:
    if len(t) != n:
        raise ValueError(f"got {n} outputs but {len(t)} targets; give one target per output")
    if n == 0:
        raise ValueError("got no samples; give at least one output and its target")
    return t


def _check_reduction(reduction: str) -> None:
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {', '.join(REDUCTIONS)}, got {reduction!r}")


def _is_sequence(x) -> bool:
    return hasattr(x, "__len__") and hasattr(x, "__getitem__") and not isinstance(x, str)


def _holds_batch(x) -> bool:
    """Whether ``x`` is a Value holding an array."""
    return isinstance(x, Value) and is_batch(x.data)


__all__ = ["mse_loss", "hinge_loss", "binary_cross_entropy_with_logits", "bce_with_logits",
           "cross_entropy", "l2_penalty", "LOSSES", "get_loss", "REDUCTIONS"]
