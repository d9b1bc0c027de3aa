"""A model's outputs, predictions and accuracy on an array of samples: ``scores``,
``predict``, ``accuracy``, and what ``fit`` shares with them (the checks of ``X``
and ``y``, the forward pass of a batch, the fraction of right answers).

There is one way to get a model's outputs, and its form follows from the model:

- a dense model (a ``Module`` whose parameters hold arrays: ``DenseMLP``,
  ``Linear``, or one of your own made of them) takes the (n, nin) array of
  samples itself and returns (n, nout);
- another ``Module`` (``Neuron``, ``Layer``, ``MLP``: one Value per weight)
  takes one batch Value per input column, ``model([Value(X[:, 0]), ...])``;
- anything else callable is a function of one sample, called once per row with
  a list of floats (micrograd's way).

Modules run in chunks of rows sized so that one chunk's graph stays in bounded
memory (``retrograd.memory``). Each sample's outputs are the same numbers in
every form (to rounding, for a matrix product); only ``fit(batched=False)``,
which builds one graph per sample to add the gradients up in micrograd's order,
needs the per-sample form for a Module.
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from .engine import Value
from .memory import dense_chunk_rows, scalar_chunk_rows
from .nn import Module


def is_dense(model) -> bool:
    """Whether ``model`` computes on whole arrays of samples: a Module whose parameters
    hold numpy arrays (a ``DenseMLP``, a ``Linear``), not one number each.

    >>> import random; random.seed(0)
    >>> from retrograd import MLP, DenseMLP
    >>> is_dense(DenseMLP(2, [3, 1])), is_dense(MLP(2, [3, 1])), is_dense(lambda x: x[0])
    (True, False, False)
    """
    if not isinstance(model, Module):
        return False
    first = next(iter(model.named_parameters()), None)  # without listing a million of them
    params = [first[1]] if first is not None else model.parameters()
    return any(isinstance(p.data, np.ndarray) for p in params)


def output_threshold(model) -> float:
    """0.5 when the model's last layer is a sigmoid (its output is a probability), else 0.

    >>> import random; random.seed(0)
    >>> from retrograd import MLP, DenseMLP
    >>> sigmoid = MLP(2, [1], output_activation="sigmoid")
    >>> output_threshold(sigmoid), output_threshold(DenseMLP(2, [1]))
    (0.5, 0.0)
    """
    layers = getattr(model, "layers", None)
    last = layers[-1] if layers else model
    neurons = getattr(last, "neurons", [last])  # a Linear layer has the activation itself
    return 0.5 if getattr(neurons[0], "activation", None) == "sigmoid" else 0.0


# -- checks, where the user passes X and y --------------------------------------------------


def as_matrix(X) -> np.ndarray:
    """The samples ``X`` as a float64 array of shape (n, nin): a table of numbers, or a
    list of numbers for one input per sample.

    >>> as_matrix([[1, 2], [3, 4]]).shape, as_matrix([0.5, 1.5]).shape
    ((2, 2), (2, 1))
    """
    try:
        matrix = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"X must be a table of numbers, one row of the same length per sample "
                        f"(a list of lists or a 2-D numpy array; Values: their .data); "
                        f"got {X!r:.80}") from None
    if matrix.ndim == 1:
        matrix = matrix[:, None]
    if matrix.ndim != 2:
        raise ValueError(f"X must be a 2-D array (one row per sample), got shape {matrix.shape}")
    return matrix


def check_inputs(model, X) -> np.ndarray:
    """``as_matrix(X)``, with as many columns as the model has inputs when it says."""
    matrix = as_matrix(X)
    nin = getattr(model, "nin", None)  # a Neuron, Layer, MLP or DenseMLP knows it
    if nin is not None and len(matrix) and matrix.shape[1] != nin:
        raise ValueError(f"the model takes {nin} inputs but the rows of X have "
                         f"{matrix.shape[1]}; give one column per input")
    return matrix


def check_data(model, X, y) -> tuple[np.ndarray, np.ndarray]:
    """``X`` as an (n, nin) array of finite numbers and ``y`` as an array of n finite
    targets, checked."""
    matrix = check_inputs(model, X)
    targets = np.asarray(y)
    if targets.dtype.kind == "b":
        raise TypeError(f"y holds True/False; give numbers: y.astype(int) for 0/1 labels, "
                        f"y*2 - 1 for -1/+1; got {y!r:.80}")
    exact = targets.dtype == object and all(  # Fractions, ints beyond 64 bits
        isinstance(t, Real) and not isinstance(t, bool) for t in targets.flat)
    if targets.ndim != 1 or not (exact or targets.dtype.kind in "iuf"):
        raise ValueError(f"y must be a list of numbers, one target per sample; got {y!r:.80}")
    if len(matrix) != len(targets):
        raise ValueError(f"X has {len(matrix)} rows but y has {len(targets)} targets; "
                         f"give one target per row")
    if not len(matrix):
        raise ValueError("got no samples: X and y are empty")
    for name, array, what in (("X", matrix, "inputs"), ("y", targets, "targets")):
        bad = np.argwhere(~np.isfinite(array.astype(float)))
        if len(bad):
            place = ", ".join(map(str, bad[0]))
            raise ValueError(f"{name}[{place}] is {array[tuple(bad[0])].item()!r}: the {what} "
                             f"must be finite numbers; fix or remove row {bad[0][0]}")
    return matrix, targets


# -- the forward pass -----------------------------------------------------------------------


def forward(model, X: np.ndarray):
    """The model's graph on the rows of ``X`` at once: ``model(X)`` for a dense model,
    ``model`` of one batch Value per column for another Module."""
    if is_dense(model):
        return model(X)
    inputs = [Value(X[:, j]) for j in range(X.shape[1])]
    try:
        return model(inputs)
    except (TypeError, ValueError) as e:
        raise type(e)(f"the model could not run on a batch of {len(X)} samples ({e}); a "
                      f"Module written for one sample at a time trains with "
                      f"fit(..., batched=False) and is evaluated as a function, "
                      f"lambda x: model(x)") from e


def numbers(out) -> np.ndarray:
    """What ``forward`` returned, as numbers: shape (n,) for one output, (n, k) for k."""
    if isinstance(out, (list, tuple)):  # one batch Value per output
        return np.stack([numbers(o) for o in out], axis=1)
    data = out.data if isinstance(out, Value) else out
    if not isinstance(data, np.ndarray) or data.ndim not in (1, 2):
        raise TypeError(f"the model returned {out!r:.80} for a batch of samples; expected a "
                        f"Value holding one output per sample (or a list of them)")
    return data[:, 0] if data.ndim == 2 and data.shape[1] == 1 else data


def sample_numbers(outputs: list) -> np.ndarray:
    """The outputs of one call per sample (a Value, a number, or a list of them each) as
    numbers: shape (n,) for one output, (n, k) for k."""
    def number(o) -> float:
        data = o.data if isinstance(o, Value) else o
        try:
            return float(data)
        except (TypeError, ValueError):
            raise TypeError(f"the model returned {o!r:.80} for one sample; expected a number "
                            f"or a Value (or a list of them)") from None

    rows = [[number(v) for v in o] if isinstance(o, (list, tuple)) else [number(o)]
            for o in outputs]
    if len({len(r) for r in rows}) > 1:
        raise TypeError("the model returned lists of different lengths for different samples")
    array = np.array(rows, dtype=np.float64).reshape(len(rows), -1)
    return array[:, 0] if array.shape[1] == 1 else array


# At most this many samples in one graph when only the outputs are wanted.
CHUNK = 1024


def widths(params: list[Value]) -> int:
    """How many numbers a dense model's layers output per sample: one per row of each
    weight matrix (a ``Linear`` of shape (nout, nin) outputs nout)."""
    return sum(p.data.shape[0] for p in params if np.ndim(p.data) == 2)


def chunk_size(model) -> int:
    """How many rows of samples one graph of ``model`` may hold when scoring (see
    ``retrograd.memory``)."""
    params = model.parameters()
    if is_dense(model):
        return dense_chunk_rows(widths(params), CHUNK)
    return scalar_chunk_rows(len(params), CHUNK)


def outputs_of(model, X: np.ndarray) -> np.ndarray:
    """The numbers ``model`` gives for each row of ``X`` (an (n, nin) array), in chunks
    of rows for a Module, one row at a time for a function."""
    if not isinstance(model, Module):
        return sample_numbers([model(x) for x in X.tolist()])
    size = chunk_size(model)
    return np.concatenate([numbers(forward(model, X[i:i + size]))
                           for i in range(0, len(X), size)])


def fraction_right(outputs: np.ndarray, targets: np.ndarray, threshold: float) -> float:
    """The fraction of samples whose predicted class is their target: the largest of
    several outputs, or, for one output, micrograd's ``(yi > 0) == (scorei > threshold)``."""
    if outputs.ndim == 2:
        right = np.count_nonzero(outputs.argmax(axis=1) == targets)
    else:
        right = np.count_nonzero((targets > 0) == (outputs > threshold))
    return int(right) / len(targets)


# -- the public functions -------------------------------------------------------------------


def scores(model, X) -> np.ndarray:
    """The model's raw outputs for each row of ``X``: shape (n,) for one output, (n, k) for k.

    ``model`` is a Module (scalar or dense) or a function of one sample.

    >>> import random; random.seed(0)
    >>> from retrograd import MLP, DenseMLP
    >>> scores(MLP(2, [1]), [[1.0, 0.0], [0.0, 1.0]]).round(4).tolist()
    [0.6888, 0.5159]
    >>> random.seed(0); scores(DenseMLP(2, [1]), [[1.0, 0.0], [0.0, 1.0]]).round(4).tolist()
    [0.6888, 0.5159]
    """
    matrix = check_inputs(model, X)
    if not len(matrix):
        return np.zeros(0)
    return outputs_of(model, matrix)


def predict(model, X, *, labels: str = "index", threshold: float | None = None) -> np.ndarray:
    """The predicted class of each row of ``X``.

    One output: 1 above the threshold (see ``output_threshold``), else 0, or
    -1 with ``labels="sign"``. Several outputs: the index of the largest.

    >>> import random; random.seed(0)
    >>> from retrograd import MLP
    >>> predict(MLP(2, [1]), [[1.0, 0.0], [-1.0, 0.0]], labels="sign").tolist()
    [1, -1]
    """
    if labels not in ("index", "binary", "sign"):
        raise ValueError(f"predict: labels must be 'index', 'binary' or 'sign', got {labels!r}")
    s = scores(model, X)
    if s.ndim == 2:
        if labels != "index":
            raise ValueError(f"predict: labels={labels!r} is for a one-output model; this one "
                             f"has {s.shape[1]} outputs (use labels='index')")
        return s.argmax(axis=1)
    t = output_threshold(model) if threshold is None else threshold
    negative = -1 if labels == "sign" else 0
    return np.where(s > t, 1, negative)


def accuracy(model, X, y, *, threshold: float | None = None) -> float:
    """The fraction of rows of ``X`` whose predicted class is ``y``'s (0/1, -1/+1 or indices).

    >>> import random; random.seed(0)
    >>> from retrograd import MLP
    >>> accuracy(MLP(2, [1]), [[1.0, 0.0], [-1.0, 0.0]], [1, 1])
    0.5
    """
    matrix, targets = check_data(model, X, y)
    t = output_threshold(model) if threshold is None else threshold
    return fraction_right(outputs_of(model, matrix), targets, t)


__all__ = ["scores", "predict", "accuracy", "output_threshold", "is_dense", "as_matrix",
           "check_inputs", "check_data", "forward", "numbers", "sample_numbers", "outputs_of",
           "fraction_right", "widths", "chunk_size", "CHUNK"]
