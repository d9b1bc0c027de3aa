"""Small data sets for training, a train/test split and mini-batches.

Moons, circles and blobs are drawn here as scikit-learn draws them: the same
numbers for the same ``random_state``, without the second it takes to import it.
Spiral and XOR, which it lacks, are made here too; the digits are scikit-learn's.
Every function returns ``(X, y)`` as numpy arrays: ``X`` of shape (n_samples,
n_features) in float64, ``y`` of integers, with the labels in the form the loss
wants (``labels=``):

- ``"index"`` (the default): class indices 0, 1, ..., k-1, for ``cross_entropy``
  (and 0/1 for two classes);
- ``"binary"``: 0/1, two classes only, for the lab's sigmoid + MSE or for
  ``binary_cross_entropy_with_logits``;
- ``"sign"``: -1/+1, two classes only, for micrograd's hinge loss.

``random_state`` works as in scikit-learn: ``None`` (numpy's global generator, as
in micrograd's demo after ``np.random.seed``), a seed, or a ``RandomState``.

>>> X, y = make_moons(100, noise=0.1, random_state=1337, labels="sign")
>>> X.shape, sorted(set(y.tolist()))
((100, 2), [-1, 1])
"""

from __future__ import annotations

import gzip
import importlib.util
import math
from pathlib import Path
from typing import Iterator

import numpy as np

from .arguments import check_count, check_nonnegative, check_random_state

LABELS = ("index", "binary", "sign")
DATASETS = ("moons", "circles", "blobs", "spiral", "xor", "digits")


def make_moons(n_samples: int = 100, *, noise: float = 0.1, random_state=None,
               labels: str = "index") -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's ``make_moons``), the data of
    micrograd's demo and of the lab: ``make_moons(100, noise=0.1)``.

    >>> X, y = make_moons(4, noise=0.0, random_state=0)
    >>> X.shape, sorted(y.tolist())
    ((4, 2), [0, 0, 1, 1])
    """
    check_count("make_moons", "n_samples", n_samples, minimum=2)
    noise = _noise("make_moons", noise)
    rng = check_random_state("make_moons", random_state)
    upper = np.linspace(0, np.pi, n_samples // 2)  # class 0: the upper half circle
    lower = np.linspace(0, np.pi, n_samples - len(upper))  # class 1, shifted right and down
    X, y = _two_classes(rng, np.column_stack([np.cos(upper), np.sin(upper)]),
                        np.column_stack([1 - np.cos(lower), 1 - np.sin(lower) - 0.5]), noise)
    return _finish(X, y, labels, 2)


def make_circles(n_samples: int = 100, *, noise: float = 0.05, factor: float = 0.5,
                 random_state=None, labels: str = "index") -> tuple[np.ndarray, np.ndarray]:
    """A small circle (class 1) inside a large one (class 0), scikit-learn's ``make_circles``;
    ``factor`` is the ratio of the radii.

    >>> X, y = make_circles(6, noise=0.0, random_state=0)
    >>> sorted(np.round(np.hypot(X[:, 0], X[:, 1]), 6).tolist())
    [0.5, 0.5, 0.5, 1.0, 1.0, 1.0]
    """
    check_count("make_circles", "n_samples", n_samples, minimum=2)
    noise = _noise("make_circles", noise)
    if not 0 < factor < 1:
        raise ValueError(f"make_circles: factor (inner radius / outer radius) must lie "
                         f"in (0, 1), got {factor!r}")
    rng = check_random_state("make_circles", random_state)
    outer = np.linspace(0, 2 * np.pi, n_samples // 2, endpoint=False)
    inner = np.linspace(0, 2 * np.pi, n_samples - len(outer), endpoint=False)
    X, y = _two_classes(rng, np.column_stack([np.cos(outer), np.sin(outer)]),
                        factor * np.column_stack([np.cos(inner), np.sin(inner)]), noise)
    return _finish(X, y, labels, 2)


def make_blobs(n_samples: int = 100, *, centers: int = 3, cluster_std: float = 1.0,
               center_box: tuple[float, float] = (-5.0, 5.0), n_features: int = 2,
               random_state=None, labels: str = "index") -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clusters, one per class (scikit-learn's ``make_blobs``).

    The centres are drawn in ``center_box`` (scikit-learn's default is
    (-10, 10); a smaller box keeps the inputs near the range the networks here
    train well on).

    >>> X, y = make_blobs(30, centers=3, random_state=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((30, 2), [0, 1, 2])
    """
    check_count("make_blobs", "centers", centers, minimum=2)
    check_count("make_blobs", "n_features", n_features)
    check_count("make_blobs", "n_samples", n_samples, minimum=centers)
    check_nonnegative("make_blobs", "cluster_std", cluster_std, "a standard deviation")
    low, high = _box(center_box)
    rng = check_random_state("make_blobs", random_state)
    middles = rng.uniform(low, high, size=(centers, n_features))
    sizes = _shared_out(n_samples, centers)
    X = np.concatenate([rng.normal(loc=middle, scale=cluster_std, size=(n, n_features))
                        for middle, n in zip(middles, sizes)])
    X, y = _shuffled(rng, X, np.repeat(np.arange(centers), sizes))
    return _finish(X, y, labels, centers)


def make_spiral(n_samples: int = 100, *, n_classes: int = 2, noise: float = 0.2,
                turns: float = 0.65, random_state=None,
                labels: str = "index") -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class, as in Stanford's CS231n notes.

    Arm ``j`` holds points at radius ``r`` from 0 to 1 and angle
    ``2*pi*(turns*r + j/n_classes)``, the angle jittered by Gaussian noise of
    standard deviation ``noise`` (in radians). The samples are shared out as
    evenly as possible and shuffled.

    >>> X, y = make_spiral(9, n_classes=3, random_state=0)
    >>> np.bincount(y).tolist(), bool(np.all(np.hypot(X[:, 0], X[:, 1]) <= 1.0))
    ([3, 3, 3], True)
    """
    check_count("make_spiral", "n_classes", n_classes, minimum=2)
    check_count("make_spiral", "n_samples", n_samples, minimum=n_classes)
    noise = _noise("make_spiral", noise)
    rng = check_random_state("make_spiral", random_state)
    sizes = _shared_out(n_samples, n_classes)
    xs, ys = [], []
    for j, n in enumerate(sizes):
        r = np.linspace(0.0, 1.0, n)
        angle = 2 * math.pi * (turns * r + j / n_classes) + rng.normal(scale=noise, size=n)
        xs.append(np.column_stack([r * np.sin(angle), r * np.cos(angle)]))
        ys.append(np.full(n, j))
    X, y = np.concatenate(xs), np.concatenate(ys)
    order = rng.permutation(n_samples)
    return _finish(X[order], y[order], labels, n_classes)


def make_xor(n_samples: int = 100, *, noise: float = 0.3, random_state=None,
             labels: str = "index") -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: four Gaussian clusters at (±1, ±1); class 1 where the two
    coordinates' signs differ, class 0 where they agree. No straight line separates them.

    >>> X, y = make_xor(8, noise=0.0, random_state=0)
    >>> all((X[i, 0] * X[i, 1] < 0) == (y[i] == 1) for i in range(8))
    True
    """
    check_count("make_xor", "n_samples", n_samples, minimum=4)
    noise = _noise("make_xor", noise)
    rng = check_random_state("make_xor", random_state)
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    which = np.arange(n_samples) % 4
    rng.shuffle(which)
    X = corners[which] + rng.normal(scale=noise, size=(n_samples, 2))
    y = (which >= 2).astype(np.int64)
    return _finish(X, y, labels, 2)


def load_digits(*, n_samples: int | None = None, n_class: int = 10, random_state=None,
                labels: str = "index") -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 handwritten digits, pixels scaled to [0, 1] (64 inputs).

    ``n_samples`` keeps a random subset with the classes in the same
    proportions (all 1797 images by default, a heavy load for a scalar engine).

    >>> X, y = load_digits(n_samples=50, n_class=3, random_state=0)
    >>> X.shape, float(X.max()) <= 1.0, sorted(set(y.tolist()))
    ((50, 64), True, [0, 1, 2])
    """
    check_count("load_digits", "n_class", n_class, minimum=2)
    rng = check_random_state("load_digits", random_state)
    if n_class > 10:
        raise ValueError(f"load_digits: there are 10 digit classes, got n_class={n_class!r}")
    table = _digits_table()
    X, y = table[:, :-1] / 16.0, table[:, -1].astype(np.int64)
    X, y = X[y < n_class], y[y < n_class]
    if n_samples is not None:
        check_count("load_digits", "n_samples", n_samples, minimum=n_class)
        if n_samples > len(y):
            raise ValueError(f"load_digits: n_samples={n_samples} but there are only {len(y)} "
                             f"images of the digits 0..{n_class - 1}")
        if n_samples < len(y):
            kept, _ = _split(y, n_samples, len(y) - n_samples, True, rng)
            X, y = X[kept], y[kept]
    return _finish(X, y, labels, n_class)


def load_dataset(name: str, n_samples: int | None = None, *, noise: float | None = None,
                 n_classes: int | None = None, random_state=None,
                 labels: str = "index") -> tuple[np.ndarray, np.ndarray]:
    """One of ``DATASETS`` by name, with its own defaults for what is not given.

    ``n_classes`` is the number of blobs or spiral arms (moons, circles and XOR
    have two classes, digits up to ten); ``noise`` applies to the generated sets.

    >>> X, y = load_dataset("spiral", 60, n_classes=3, random_state=0)
    >>> X.shape, int(y.max())
    ((60, 2), 2)
    """
    kwargs: dict = {"random_state": random_state, "labels": labels}
    if n_samples is not None:
        kwargs["n_samples"] = n_samples
    if noise is not None:
        if name in ("blobs", "digits"):
            raise ValueError(f"load_dataset: {name} has no noise setting")
        kwargs["noise"] = noise
    if n_classes is not None:
        if name in ("moons", "circles", "xor") and n_classes != 2:
            raise ValueError(f"load_dataset: {name} has two classes, got n_classes={n_classes!r}")
        key = {"blobs": "centers", "spiral": "n_classes", "digits": "n_class"}.get(name)
        if key:
            kwargs[key] = n_classes
    makers = {"moons": make_moons, "circles": make_circles, "blobs": make_blobs,
              "spiral": make_spiral, "xor": make_xor, "digits": load_digits}
    if name not in makers:
        raise ValueError(f"load_dataset: no data set named {name!r}; choose one of "
                         f"{', '.join(DATASETS)}")
    return makers[name](**kwargs)


def encode_labels(y, labels: str) -> np.ndarray:
    """Class indices 0..k-1 (or 0/1, or -1/+1) re-encoded as ``labels`` asks.

    >>> encode_labels(np.array([0, 1, 1]), "sign").tolist()
    [-1, 1, 1]
    >>> encode_labels(np.array([-1, 1]), "binary").tolist()
    [0, 1]
    """
    y = np.asarray(y)
    if y.ndim != 1 or (y.size and not np.issubdtype(y.dtype, np.integer)):
        raise ValueError(f"encode_labels: expected a 1-D array of integer labels, got shape "
                         f"{y.shape} of {y.dtype}")
    values = set(np.unique(y).tolist())
    if values <= {-1, 1}:
        y = (y + 1) // 2  # -1/+1 -> 0/1
    elif min(values, default=0) < 0:
        raise ValueError(f"encode_labels: labels must be class indices 0..k-1 or -1/+1, "
                         f"got {sorted(values)}")
    return _finish_labels("encode_labels", y.astype(np.int64), labels, int(y.max(initial=1)) + 1)


def train_test_split(X, y, *, test_size: float = 0.25, random_state=None,
                     stratify: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``X_train, X_test, y_train, y_test`` (scikit-learn's order and function).

    ``stratify=True`` keeps the class proportions the same in both parts.

    >>> X, y = make_moons(40, random_state=0)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    >>> len(X_train), len(X_test), int(y_test.sum())
    (30, 10, 5)
    """
    if not 0 < test_size < 1:
        raise ValueError(f"train_test_split: test_size is the fraction of samples kept for "
                         f"testing, between 0 and 1 (exclusive), got {test_size!r}")
    X, y = np.asarray(X), np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"train_test_split: y must hold one label per sample (1-D), got shape "
                         f"{y.shape}; pass y.ravel()")
    if len(X) != len(y):
        raise ValueError(f"train_test_split: X has {len(X)} rows but y has {len(y)} labels")
    rng = check_random_state("train_test_split", random_state)
    n_test = math.ceil(test_size * len(y))
    labels, counts = np.unique(y, return_counts=True)
    need = len(labels) if stratify else 1
    if n_test < need or len(y) - n_test < need:
        raise ValueError(f"train_test_split: test_size={test_size!r} keeps {n_test} of the "
                         f"{len(y)} samples for testing and {len(y) - n_test} for training; "
                         f"each side needs at least {need}" + (" (one per class)" if stratify
                                                               else ""))
    if stratify and counts.min() < 2:
        raise ValueError(f"train_test_split: class {labels[counts.argmin()].item()!r} of y has a "
                         f"single sample, which cannot be in both parts; pass stratify=False")
    train, test = _split(y, len(y) - n_test, n_test, stratify, rng)
    return X[train], X[test], y[train], y[test]


def minibatches(X, y, batch_size: int, *, shuffle: bool = True,
                random_state=None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """One pass over the data in batches of ``batch_size`` (the last one may be smaller).

    With ``shuffle`` the order is a fresh permutation from ``random_state``
    (pass one ``RandomState`` to draw a new order at each epoch).

    >>> X, y = np.arange(10).reshape(5, 2), np.arange(5)
    >>> [yb.tolist() for _, yb in minibatches(X, y, 2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"minibatches: X has {len(X)} rows but y has {len(y)} labels")
    check_count("minibatches", "batch_size", batch_size)
    rng = check_random_state("minibatches", random_state)
    passes = batch_indices(len(y), batch_size, shuffle=shuffle, random_state=rng)
    return ((X[idx], y[idx]) for idx in passes)


def batch_indices(n: int, batch_size: int, *, shuffle: bool = True,
                  random_state=None) -> Iterator[np.ndarray]:
    """The sample indices of one pass over ``n`` samples in batches of ``batch_size``
    (the last one may be smaller): what ``minibatches`` slices with, and what
    ``retrograd.train.fit`` draws its mini-batches from, epoch after epoch.

    With ``shuffle`` the order is a fresh permutation from ``random_state``,
    drawn when this is called.

    >>> [idx.tolist() for idx in batch_indices(5, 2, random_state=0)]
    [[2, 0], [1, 3], [4]]
    """
    check_count("batch_indices", "n", n, minimum=0)
    check_count("batch_indices", "batch_size", batch_size)
    rng = check_random_state("batch_indices", random_state)
    order = rng.permutation(n) if shuffle else np.arange(n)
    return (order[start:start + batch_size] for start in range(0, n, batch_size))


# -- drawing as scikit-learn draws -------------------------------------------------


def _digits_table() -> np.ndarray:
    """scikit-learn's table of the digits: 1797 rows of 64 pixels (0 to 16) and the
    digit. Read from its file without importing scikit-learn, which takes a second."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None:
        raise ModuleNotFoundError("load_digits needs scikit-learn: pip install scikit-learn")
    path = Path(spec.origin).parent / "datasets" / "data" / "digits.csv.gz"
    if not path.is_file():  # moved by a later scikit-learn: ask it
        from sklearn.datasets import load_digits as sk_load_digits

        X, y = sk_load_digits(return_X_y=True)
        return np.column_stack([X, y])
    with gzip.open(path, "rt") as f:
        return np.loadtxt(f, delimiter=",")


def _shared_out(n: int, k: int) -> list[int]:
    """``n`` samples shared out among ``k`` classes as evenly as can be, the first ones
    taking one more."""
    return [n // k + (j < n % k) for j in range(k)]


def _shuffled(rng: np.random.RandomState, X: np.ndarray, y: np.ndarray):
    order = np.arange(len(y))
    rng.shuffle(order)
    return X[order], y[order]


def _two_classes(rng: np.random.RandomState, class0: np.ndarray, class1: np.ndarray,
                 noise: float) -> tuple[np.ndarray, np.ndarray]:
    """The points of two classes, shuffled together, then moved by Gaussian noise."""
    X, y = _shuffled(rng, np.concatenate([class0, class1]),
                     np.repeat([0, 1], [len(class0), len(class1)]))
    X += rng.normal(scale=noise, size=X.shape)
    return X, y


def _split(y: np.ndarray, n_train: int, n_test: int, stratify: bool,
           rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    """The indices of the training and test parts (scikit-learn's ShuffleSplit, or its
    StratifiedShuffleSplit, which keeps the class proportions)."""
    if not stratify:
        order = rng.permutation(len(y))
        return order[n_test:n_test + n_train], order[:n_test]
    _, index, counts = np.unique(y, return_inverse=True, return_counts=True)
    members = np.split(np.argsort(index, kind="stable"), np.cumsum(counts)[:-1])
    in_train = _shares(counts, n_train, rng)
    in_test = _shares(counts - in_train, n_test, rng)
    train, test = [], []
    for of_class, a, b in zip(members, in_train, in_test):
        of_class = of_class[rng.permutation(len(of_class))]
        train.extend(of_class[:a])
        test.extend(of_class[a:a + b])
    return rng.permutation(train), rng.permutation(test)


def _shares(counts: np.ndarray, n: int, rng: np.random.RandomState) -> np.ndarray:
    """How many of ``n`` draws each class gets: its proportion rounded down, then one more
    for the largest remainders until ``n`` is reached, ties broken at random."""
    exact = counts / counts.sum() * n
    shares = np.floor(exact)
    missing = int(n - shares.sum())
    remainders = exact - shares
    for value in np.sort(np.unique(remainders))[::-1]:
        if missing == 0:
            break
        (tied,) = np.where(remainders == value)
        chosen = rng.choice(tied, size=min(len(tied), missing), replace=False)
        shares[chosen] += 1
        missing -= len(chosen)
    return shares.astype(int)


# -- checks ------------------------------------------------------------------------


def _box(center_box) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in center_box)
    except (TypeError, ValueError):
        low = high = math.nan
    if not (low < high and math.isfinite(high - low)):
        raise ValueError(f"make_blobs: center_box must be a pair (low, high) of finite "
                         f"numbers with low < high, got {center_box!r}")
    return low, high


def _noise(where: str, noise) -> float:
    check_nonnegative(where, "noise", noise, "a standard deviation")
    return float(noise)


def _finish(X, y, labels: str, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    return (np.ascontiguousarray(X, dtype=np.float64),
            _finish_labels("data", np.asarray(y, dtype=np.int64), labels, n_classes))


def _finish_labels(where: str, y: np.ndarray, labels: str, n_classes: int) -> np.ndarray:
    if labels == "index":
        return y
    if labels not in LABELS:
        raise ValueError(f"{where}: labels must be one of {', '.join(LABELS)}, got {labels!r}")
    if n_classes > 2:
        raise ValueError(f"{where}: labels={labels!r} is for two classes, but this data has "
                         f"{n_classes}; use labels='index' (class indices) with cross_entropy")
    return y if labels == "binary" else y * 2 - 1


__all__ = ["make_moons", "make_circles", "make_blobs", "make_spiral", "make_xor", "load_digits",
           "load_dataset", "encode_labels", "train_test_split", "minibatches", "batch_indices",
           "DATASETS",
           "LABELS"]
