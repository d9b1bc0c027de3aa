"""A model's outputs, predictions and accuracy on data: ``scores``, ``predict``,
``accuracy``, and the pieces ``fit`` shares with them (the checks of ``X`` and
``y``, a batched forward pass in bounded memory).

By default a ``Module`` runs on batches of rows (one batch Value per input
column, in chunks sized by the model); ``batched=False`` runs one row at a
time, micrograd's way.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .batch import is_batch
from .engine import Value
from .memory import chunk_rows
from .nn import Module


def output_threshold(model: Module) -> float:
    """0.5 when the model's last layer is a sigmoid (its output is a probability), else 0.

    >>> import random; random.seed(0)
    >>> from retrograd import MLP
    >>> output_threshold(MLP(2, [1], output_activation="sigmoid")), output_threshold(MLP(2, [1]))
    (0.5, 0.0)
    """
    layers = getattr(model, "layers", None)
    last = layers[-1] if layers else model
    neurons = getattr(last, "neurons", [last])
    return 0.5 if getattr(neurons[0], "activation", None) == "sigmoid" else 0.0


def scores(model: Module, X, *, batched: bool | None = None) -> np.ndarray:
    """The model's raw outputs for each row of ``X``: shape (n,) for one output, (n, k) for k.

    ``batched`` as in ``fit``: by default a ``Module`` runs on batches of rows
    (``batched=False``: one row at a time); any callable taking a list of
    inputs can be asked to with ``batched=True``.

    >>> import random; random.seed(0)
    >>> from retrograd import MLP
    >>> scores(MLP(2, [1]), [[1.0, 0.0], [0.0, 1.0]]).round(4).tolist()
    [0.6888, 0.5159]
    """
    rows = as_rows(X)
    if use_batches(model, rows, batched, "scores"):
        return batch_scores(model, np.array(rows), "scores")
    out = [model(x) for x in rows]
    if out and isinstance(out[0], list):
        return np.array([[float(v.data) for v in o] for o in out])
    return np.array([float(_data(o)) for o in out])


def predict(model: Module, X, *, labels: str = "index", threshold: float | None = None,
            batched: bool | None = None) -> np.ndarray:
    """The predicted class of each row of ``X``.

    One output: 1 above the threshold (see ``output_threshold``), else 0, or
    -1 with ``labels="sign"``. Several outputs: the index of the largest.
    ``batched`` as in ``scores``.

    >>> import random; random.seed(0)
    >>> from retrograd import MLP
    >>> predict(MLP(2, [1]), [[1.0, 0.0], [-1.0, 0.0]], labels="sign").tolist()
    [1, -1]
    """
    if labels not in ("index", "binary", "sign"):
        raise ValueError(f"predict: labels must be 'index', 'binary' or 'sign', got {labels!r}")
    s = scores(model, X, batched=batched)
    if s.ndim == 2:
        if labels != "index":
            raise ValueError(f"predict: labels={labels!r} is for a one-output model; this one "
                             f"has {s.shape[1]} outputs (use labels='index')")
        return s.argmax(axis=1)
    t = output_threshold(model) if threshold is None else threshold
    negative = -1 if labels == "sign" else 0
    return np.where(s > t, 1, negative)


def accuracy(model: Module, X, y, *, threshold: float | None = None,
             batched: bool | None = None) -> float:
    """The fraction of rows of ``X`` whose predicted class is ``y``'s (0/1, -1/+1 or indices).

    ``batched`` as in ``scores``; both ways count the same samples as right.

    >>> import random; random.seed(0)
    >>> from retrograd import MLP
    >>> accuracy(MLP(2, [1]), [[1.0, 0.0], [-1.0, 0.0]], [1, 1])
    0.5
    """
    rows, targets = check_data(model, X, y)
    t = output_threshold(model) if threshold is None else threshold
    if use_batches(model, rows, batched, "accuracy"):
        return batch_accuracy(batch_scores(model, np.array(rows), "accuracy"),
                               np.asarray(targets), t)
    return sample_accuracy([model(x) for x in rows], targets, t)


def sample_accuracy(outputs: list, targets: list, threshold: float) -> float:
    if isinstance(outputs[0], list):  # several outputs: the largest is the class
        right = sum(max(range(len(o)), key=lambda j: o[j].data) == t
                    for o, t in zip(outputs, targets))
    else:  # micrograd's demo: (yi > 0) == (scorei.data > 0)
        right = sum((t > 0) == (_data(o) > threshold) for o, t in zip(outputs, targets))
    return right / len(targets)


def batch_accuracy(outputs: np.ndarray, targets: np.ndarray, threshold: float) -> float:
    """``sample_accuracy`` from the outputs of a batch: shape (n,) for one output, (n, k) for k."""
    if outputs.ndim == 2:  # the first largest output, as max() in sample_accuracy
        right = np.count_nonzero(outputs.argmax(axis=1) == targets)
    else:
        right = np.count_nonzero((targets > 0) == (outputs > threshold))
    return int(right) / len(targets)


# At most this many samples in one graph when only the outputs are wanted: a graph
# keeps an array of this length in each of its nodes until its output is dropped.
CHUNK = 1024

def use_batches(model, rows: list, batched: bool | None, where: str) -> bool:
    """Whether to run ``model`` on batches: by default for a Module on rows of numbers."""
    if batched is not None and not isinstance(batched, bool):
        raise TypeError(f"{where}: batched must be True, False or None (automatic), "
                        f"got {batched!r}")
    if not rows:  # nothing to put in a batch
        return False
    numbers_only = all(type(v) is float for row in rows for v in row)
    if batched and not numbers_only:
        raise ValueError(f"{where}: batched=True needs X to hold numbers only, but it holds "
                         f"Values; pass batched=False to run one sample at a time")
    if len({len(row) for row in rows}) != 1:  # rows of different lengths: no columns
        if batched:
            raise ValueError(f"{where}: batched=True needs rows of one length, got rows of "
                             f"{min(map(len, rows))} to {max(map(len, rows))} numbers")
        return False
    return numbers_only and isinstance(model, Module) if batched is None else batched


def batch_forward(model, matrix: np.ndarray, where: str):
    """The model on the rows of ``matrix`` at once: one batch Value per input column."""
    inputs = [Value(matrix[:, j]) for j in range(matrix.shape[1])]
    try:
        return model(inputs)
    except (TypeError, ValueError) as e:
        raise type(e)(f"{where}: the model could not run on a batch of {matrix.shape[0]} "
                      f"samples ({e}); pass batched=False to run one sample at a time") from e


def output_array(out, m: int, where: str) -> np.ndarray:
    """A model's outputs for a batch of ``m`` samples: shape (m,), or (m, k) for a list."""
    if isinstance(out, (list, tuple)):
        return np.stack([output_array(o, m, where) for o in out], axis=1)
    data = out.data if isinstance(out, Value) else out
    if not is_batch(data) or data.shape != (m,):
        raise TypeError(f"{where}: the model returned {out!r} for a batch of {m} samples; "
                        f"expected a batch Value (or a list of them); pass batched=False "
                        f"to run one sample at a time")
    return data


def batch_scores(model, matrix: np.ndarray, where: str) -> np.ndarray:
    """The outputs of ``model`` for every row of ``matrix``, in chunks of ``chunk_rows``
    rows (of ``CHUNK`` for a model without ``parameters()``), one graph at a time."""
    params = getattr(model, "parameters", None)
    size = chunk_rows(len(params()), CHUNK) if callable(params) else CHUNK
    return np.concatenate([output_array(batch_forward(model, matrix[i:i + size], where),
                                         len(matrix[i:i + size]), where)
                           for i in range(0, len(matrix), size)])


def _data(o) -> float:
    return o.data if isinstance(o, Value) else o


def as_rows(X) -> list[list[float]]:
    """The inputs as plain Python lists of floats (fast to combine with Values)."""
    if isinstance(X, np.ndarray):
        if X.ndim == 1:
            X = X[:, None]
        if X.ndim != 2:
            raise ValueError(f"inputs X must be a 2-D array (one row per sample), got shape "
                             f"{X.shape}")
        return X.astype(np.float64).tolist()
    rows = []
    for row in X:
        if isinstance(row, (numbers.Real, Value)):
            row = [row]
        rows.append([float(v) if isinstance(v, (numbers.Real, np.generic)) else v for v in row])
    return rows


def check_data(model: Module, X, y) -> tuple[list, list]:
    rows = as_rows(X)
    targets = np.asarray(y).tolist() if isinstance(y, np.ndarray) else list(y)
    if len(rows) != len(targets):
        raise ValueError(f"X has {len(rows)} rows but y has {len(targets)} targets; "
                         f"give one target per row")
    if not rows:
        raise ValueError("got no samples: X and y are empty")
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if type(v) is float and not math.isfinite(v):
                raise ValueError(f"X[{i}, {j}] is {v!r}: the inputs must be finite numbers; "
                                 f"fix or remove row {i}")
    for i, t in enumerate(targets):
        if isinstance(t, float) and not math.isfinite(t):
            raise ValueError(f"y[{i}] is {t!r}: the targets must be finite numbers; "
                             f"fix or remove row {i}")
    nin = getattr(model, "nin", None)  # a Neuron, Layer or MLP knows it; a function does not
    if nin is not None and any(len(r) != nin for r in rows):
        bad = next(len(r) for r in rows if len(r) != nin)
        raise ValueError(f"the model takes {nin} inputs but a row of X has {bad}")
    return rows, targets


__all__ = ["scores", "predict", "accuracy", "output_threshold", "check_data", "use_batches",
           "batch_forward", "output_array", "batch_scores", "batch_accuracy", "sample_accuracy",
           "as_rows", "CHUNK"]
