"""Loss functions: model outputs and their targets in, one scalar Value out.

Each loss is built from Value operations, so ``loss.backward()`` gives the
gradient of every weight that produced the outputs. The names and the
``reduction`` argument ("mean" or "sum") follow ``torch.nn.functional``.

The outputs come in one of two forms, told apart by what is given (``batched=True``
or ``False`` checks that it is the form expected):

- a list with one Value (or number) per sample: the scalar path, micrograd's;
- a batch (see ``retrograd.batch``): what a model returns when its inputs are
  batch Values, ``model([Value(X[:, 0]), Value(X[:, 1])])``. That is one batch
  Value for a one-output model, a list of K batch Values (one per class) for
  ``cross_entropy``. Targets are then a numpy array or a list, one per sample;
- a dense output: what ``DenseMLP`` returns, one Value of shape (n, 1) for a
  one-output model, (n, K) for ``cross_entropy``; targets as for a batch.

Both forms compute each sample's loss with the same operations in the same
order, so the per-sample losses and their gradients are the same numbers; only
the final sum over the samples is added up in another order (numpy's).

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
from typing import Callable, Iterable, Sequence

import numpy as np

from .batch import is_batch
from .engine import Number, Value

REDUCTIONS = ("mean", "sum")


def mse_loss(outputs: Sequence[Value | Number] | Value, targets: Sequence[Number],
             reduction: str = "mean", batched: bool | None = None) -> Value:
    """Squared error ``(output - target)**2``, averaged (or summed) over the samples.

    ``reduction="sum"`` is lesson 2's loss, ``sum((yout - ygt)**2 ...)``.
    ``outputs`` is a list of Values or one batch Value.

    >>> from retrograd import Value
    >>> mse_loss([Value(0.5), Value(-1.0)], [1.0, 1.0]).data
    2.125
    >>> mse_loss([Value(0.5), Value(-1.0)], [1.0, 1.0], reduction="sum").data
    4.25
    """
    if _batch_form("mse_loss", _holds_batch(outputs), batched):
        outputs, targets = _batch_pairs("mse_loss", outputs, targets)
        return _reduce("mse_loss", (outputs - targets) ** 2, reduction)
    outputs, targets = _pairs("mse_loss", outputs, targets)
    return _reduce("mse_loss", [(out - t) ** 2 for out, t in zip(outputs, targets)], reduction)


def hinge_loss(scores: Sequence[Value | Number] | Value, targets: Sequence[Number],
               reduction: str = "mean", batched: bool | None = None) -> Value:
    """The SVM max-margin loss ``relu(1 - target * score)``; targets are -1 or +1.

    Built as micrograd's demo builds it, ``(1 + -yi*scorei).relu()``, so that a
    model trained with it gives the demo's numbers exactly. ``scores`` is a
    list of Values or one batch Value.

    >>> from retrograd import Value
    >>> hinge_loss([Value(2.0), Value(0.25)], [1, 1]).data
    0.375
    """
    if _batch_form("hinge_loss", _holds_batch(scores), batched):
        scores, targets = _batch_pairs("hinge_loss", scores, targets)
        _check_signs(targets[(targets != 1) & (targets != -1)][:1].tolist())
        return _reduce("hinge_loss", (1 + -targets * scores).relu(), reduction)
    scores, targets = _pairs("hinge_loss", scores, targets)
    _check_signs(targets)
    return _reduce("hinge_loss", [(1 + -yi * si).relu() for yi, si in zip(targets, scores)],
                   reduction)


def _check_signs(targets) -> None:
    for t in targets:
        if t != 1 and t != -1:
            raise ValueError(f"hinge_loss: targets must be -1 or +1, got {t!r}; "
                             f"for 0/1 labels use labels='sign' in retrograd.data or y*2 - 1")


def binary_cross_entropy_with_logits(logits: Sequence[Value | Number] | Value,
                                     targets: Sequence[Number], reduction: str = "mean",
                                     batched: bool | None = None) -> Value:
    """Binary cross-entropy of ``sigmoid(logit)`` against a target in [0, 1], computed
    from the logit without ever forming the probability.

    The stable form ``max(x, 0) - x*y + log(1 + exp(-|x|))`` is built from Value
    operations on the side of zero where ``x`` lies, which gives the exact
    derivative ``sigmoid(x) - y`` everywhere, at ``x = 0`` too, and never
    overflows. (Below about 1e-16 the value differs from ``log1p`` in the
    last digits; the gradient does not.) ``logits`` is a list of Values or
    one batch Value.

    >>> from retrograd import Value
    >>> x = Value(0.0)
    >>> loss = binary_cross_entropy_with_logits([x], [1])
    >>> round(loss.data, 12), (loss.backward(), x.grad)[1]
    (0.69314718056, -0.5)
    >>> binary_cross_entropy_with_logits([Value(1000.0)], [0]).data
    1000.0
    """
    where = "binary_cross_entropy_with_logits"
    if _batch_form(where, _holds_batch(logits), batched):
        logits, targets = _batch_pairs(where, logits, targets)
        _check_probabilities(targets[~((targets >= 0) & (targets <= 1))][:1].tolist())
        return _reduce(where, _bce_batch(logits, targets), reduction)
    logits, targets = _pairs(where, logits, targets)
    _check_probabilities(targets)
    return _reduce(where, [_bce_one(x, y) for x, y in zip(logits, targets)], reduction)


bce_with_logits = binary_cross_entropy_with_logits


def _check_probabilities(targets) -> None:
    for t in targets:
        if not 0 <= t <= 1:
            raise ValueError(f"binary_cross_entropy_with_logits: targets must lie in [0, 1] "
                             f"(class 1 or 0), got {t!r}; for -1/+1 labels use (y + 1) / 2")


def _bce_one(x: Value, y: Number) -> Value:
    if x.data >= 0:  # x - x*y + log(1 + exp(-x))
        return x * (1 - y) + (1 + (-x).exp()).log()
    return (1 + x.exp()).log() - x * y  # -x*y + log(1 + exp(x))


def _bce_batch(x: Value, y) -> Value:
    """``_bce_one`` for every sample at once: each sample takes its own side of zero.

    ``x * (1 - y)`` or ``x * (0 - y)``, plus ``log(1 + exp(-x))`` or
    ``log(1 + exp(x))``: the same operations on the same numbers as
    ``_bce_one``. Which side a sample is on is read from ``x.data``: a
    constant, so the gradient is still exactly ``sigmoid(x) - y``.
    """
    nonnegative = x.data >= 0
    return (x * (np.where(nonnegative, 1.0, 0.0) - y)
            + (1 + (x * np.where(nonnegative, -1.0, 1.0)).exp()).log())


def cross_entropy(logits: Sequence[Sequence[Value | Number]] | Sequence[Value],
                  targets: Sequence[int], reduction: str = "mean",
                  batched: bool | None = None) -> Value:
    """Softmax cross-entropy: ``logsumexp(logits) - logits[target]`` for each sample.

    ``logits`` holds one list of class scores per sample, or, for a batch, one
    batch Value per class (what ``MLP(nin, [..., K])`` returns for batch
    inputs); ``targets`` holds the index of each sample's class. The
    log-sum-exp subtracts each sample's largest score first (a constant, which
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
    if isinstance(logits, Value) and np.ndim(logits.data) == 2:  # a dense model's (n, K)
        return _cross_entropy_dense(logits, targets, reduction)
    if isinstance(logits, Value) and _holds_batch(logits):  # a one-output model on a batch
        raise TypeError("cross_entropy: got one batch Value, the outputs of a model with one "
                        "output; cross-entropy needs one output per class (MLP(nin, [..., "
                        "n_classes])), or use a loss for one output such as 'bce' or 'hinge'")
    if isinstance(logits, Value) or not _is_sequence(logits):
        raise TypeError(f"cross_entropy: logits must be a list with one list of class scores "
                        f"per sample, or one batch Value per class; got {logits!r}")
    if _batch_form("cross_entropy", len(logits) > 0 and _holds_batch(logits[0]), batched):
        return _cross_entropy_batch(logits, targets, reduction)
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


def _cross_entropy_batch(logits: Sequence[Value], targets, reduction: str) -> Value:
    """``cross_entropy`` of K batch Values (one per class): the scalar path's operations
    on every sample at once."""
    k = len(logits)
    n = logits[0].data.shape[0]
    for z in logits:
        if not _holds_batch(z) or z.data.shape[0] != n:
            raise TypeError(f"cross_entropy: with batches, logits must be one batch Value per "
                            f"class, all of the same {n} samples; got {z!r}")
    classes = _classes(targets, n, k)
    m = np.max([z.data for z in logits], axis=0)
    m = np.where(np.isfinite(m), m, 0.0)  # as _shift: no shift where the largest is inf or nan
    shifted = [z - m for z in logits]
    picked = sum(_select(s, classes == j) for j, s in enumerate(shifted))  # shifted[t] per sample
    return _reduce("cross_entropy", sum(s.exp() for s in shifted).log() - picked, reduction)


def _classes(targets, n: int, k: int):
    """The targets of ``n`` samples as class indices 0..k-1 (a numpy array), checked."""
    classes = _batch_targets("cross_entropy", targets, n)
    if classes.dtype.kind not in "iu" or np.any((classes < 0) | (classes >= k)):
        bad = classes[(classes.astype(float) % 1 != 0) | (classes < 0) | (classes >= k)]
        shown = bad[0].item() if bad.size else classes[0].item()
        raise ValueError(f"cross_entropy: each target must be a class index 0..{k - 1}, "
                         f"got {shown!r}")
    return classes


def _cross_entropy_dense(logits: Value, targets, reduction: str) -> Value:
    """``cross_entropy`` of a dense model's (n, K) logits: minus the log-softmax of
    each sample's target class."""
    n, k = logits.data.shape
    classes = _classes(targets, n, k)
    return _reduce("cross_entropy", -logits.log_softmax(axis=1)[np.arange(n), classes],
                   reduction)


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
    return alpha * sum(((p * p).sum() for p in parameters))  # a number's sum is itself


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


def _holds_batch(x) -> bool:
    """Whether ``x`` is a Value holding a batch (its data a numpy array)."""
    return isinstance(x, Value) and is_batch(x.data)


def _batch_form(where: str, is_batch: bool, batched: bool | None) -> bool:
    """Whether the outputs are in the batch form; ``batched`` says which form is expected."""
    if batched is not None and batched is not is_batch:
        if batched is True:
            raise TypeError(f"{where}: batched=True but the outputs are not a batch; give what "
                            f"the model returns for batch Values, model([Value(X[:, 0]), ...])")
        if batched is False:
            raise TypeError(f"{where}: batched=False but the outputs are a batch; give one "
                            f"output per sample, or leave batched out")
        raise TypeError(f"{where}: batched must be True, False or None (read from the "
                        f"outputs), got {batched!r}")
    return is_batch


def _as_value(x, where: str) -> Value:
    if isinstance(x, Value):
        if _holds_batch(x):
            raise TypeError(f"{where}: got a list holding a batch Value; pass the batch "
                            f"Value itself (one output per sample), not a list of it")
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
        raise TypeError(f"{where}: outputs must be a list of Values, one per sample, or one "
                        f"batch Value; got {outputs!r}")
    outputs = [_as_value(o, where) for o in outputs]
    targets = list(targets)
    for t in targets:
        if isinstance(t, bool) or not isinstance(t, numbers.Real):
            raise TypeError(f"{where}: each target must be a number, got {t!r}")
    _check_lengths(where, outputs, targets)
    return outputs, [_plain(t) for t in targets]


def _batch_targets(where: str, targets, n: int):
    """The targets of a batch of ``n`` samples as a one-dimensional numpy array."""
    array = np.asarray(targets)
    if array.ndim != 1:
        raise ValueError(f"{where}: the targets of a batch must be a list or a one-dimensional "
                         f"array with one target per sample, got shape {array.shape}")
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{where}: each target must be a number, got an array of dtype "
                        f"{array.dtype}")
    if array.shape[0] != n:
        raise ValueError(f"{where}: got {n} outputs but {array.shape[0]} targets; "
                         f"give one target per output")
    return array


def _batch_pairs(where: str, outputs: Value, targets):
    """A batch of outputs (a dense model's (n, 1) as a batch of n) and its targets as a
    float64 array."""
    shape = outputs.data.shape
    if len(shape) == 2 and shape[1] == 1:
        outputs = outputs.reshape(-1)
    elif len(shape) != 1:
        raise ValueError(f"{where}: got outputs of shape {shape}; this loss takes one output per "
                         f"sample, shape (n,) or (n, 1)")
    return outputs, _batch_targets(where, targets, shape[0]).astype(float)


def _plain(t: Number) -> Number:
    """numpy numbers as Python ones (the engine would convert them anyway)."""
    if type(t) in (int, float):
        return t
    if isinstance(t, numbers.Integral):
        return int(t)
    return t if not isinstance(t, float) else float(t)


def _reduce(where: str, losses: list[Value] | Value, reduction: str) -> Value:
    """The mean or sum of the per-sample losses: a list of Values, or one batch Value.

    The mean is micrograd's ``sum(losses) * (1.0 / n)`` in both forms.
    """
    if reduction not in REDUCTIONS:
        raise ValueError(f"{where}: reduction must be one of {', '.join(REDUCTIONS)}, "
                         f"got {reduction!r}")
    if isinstance(losses, Value):
        total, n = losses.sum(), losses.data.shape[0]
    else:
        total, n = sum(losses), len(losses)
    return total * (1.0 / n) if reduction == "mean" else total


__all__ = ["mse_loss", "hinge_loss", "binary_cross_entropy_with_logits", "bce_with_logits",
           "cross_entropy", "l2_penalty", "LOSSES", "get_loss", "REDUCTIONS"]
