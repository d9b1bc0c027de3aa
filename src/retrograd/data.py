"""Small data sets for training, a train/test split and mini-batches.

Moons, circles, blobs and digits come from scikit-learn; spiral and XOR, which
it lacks, are made here. Every function returns ``(X, y)`` as numpy arrays:
``X`` of shape (n_samples, n_features) in float64, ``y`` of integers, with the
labels in the form the loss wants (``labels=``):

- ``"index"`` (the default): class indices 0, 1, ..., k-1, for ``cross_entropy``
  (and 0/1 for two classes);
- ``"binary"``: 0/1, two classes only, for the lab's sigmoid + MSE or for
  ``binary_cross_entropy_with_logits``;
- ``"sign"``: -1/+1, two classes only, for micrograd's hinge loss.

``random_state`` is scikit-learn's: ``None`` (numpy's global generator, as in
micrograd's demo after ``np.random.seed``), a seed, or a ``RandomState``.

>>> X, y = make_moons(100, noise=0.1, random_state=1337, labels="sign")
>>> X.shape, sorted(set(y.tolist()))
((100, 2), [-1, 1])
"""

from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from .arguments import check_count, check_nonnegative

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
    from sklearn.datasets import make_moons as sk_make_moons

    check_count("make_moons", "n_samples", n_samples, minimum=2)
    X, y = sk_make_moons(n_samples=n_samples, noise=_noise("make_moons", noise),
                         random_state=random_state)
    return _finish(X, y, labels, 2)


def make_circles(n_samples: int = 100, *, noise: float = 0.05, factor: float = 0.5,
                 random_state=None, labels: str = "index") -> tuple[np.ndarray, np.ndarray]:
    """A small circle (class 1) inside a large one (class 0), scikit-learn's ``make_circles``;
    ``factor`` is the ratio of the radii.

    >>> X, y = make_circles(6, noise=0.0, random_state=0)
    >>> sorted(np.round(np.hypot(X[:, 0], X[:, 1]), 6).tolist())
    [0.5, 0.5, 0.5, 1.0, 1.0, 1.0]
    """
    from sklearn.datasets import make_circles as sk_make_circles

    check_count("make_circles", "n_samples", n_samples, minimum=2)
    if not 0 < factor < 1:
        raise ValueError(f"make_circles: factor (inner radius / outer radius) must lie "
                         f"in (0, 1), got {factor!r}")
    X, y = sk_make_circles(n_samples=n_samples, noise=_noise("make_circles", noise),
                           factor=factor, random_state=random_state)
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
    from sklearn.datasets import make_blobs as sk_make_blobs

    check_count("make_blobs", "centers", centers, minimum=2)
    check_count("make_blobs", "n_features", n_features)
    check_count("make_blobs", "n_samples", n_samples, minimum=centers)
    X, y = sk_make_blobs(n_samples=n_samples, n_features=n_features, centers=centers,
                         cluster_std=cluster_std, center_box=center_box,
                         random_state=random_state)
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
    from sklearn.utils import check_random_state

    check_count("make_spiral", "n_classes", n_classes, minimum=2)
    check_count("make_spiral", "n_samples", n_samples, minimum=n_classes)
    noise = _noise("make_spiral", noise)
    rng = check_random_state(random_state)
    sizes = [n_samples // n_classes + (j < n_samples % n_classes) for j in range(n_classes)]
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
    from sklearn.utils import check_random_state

    check_count("make_xor", "n_samples", n_samples, minimum=4)
    noise = _noise("make_xor", noise)
    rng = check_random_state(random_state)
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
    from sklearn.datasets import load_digits as sk_load_digits

    check_count("load_digits", "n_class", n_class, minimum=2)
    if n_class > 10:
        raise ValueError(f"load_digits: there are 10 digit classes, got n_class={n_class!r}")
    X, y = sk_load_digits(n_class=n_class, return_X_y=True)
    X = X / 16.0
    if n_samples is not None:
        check_count("load_digits", "n_samples", n_samples, minimum=n_class)
        if n_samples > len(y):
            raise ValueError(f"load_digits: n_samples={n_samples} but there are only {len(y)} "
                             f"images of the digits 0..{n_class - 1}")
        if n_samples < len(y):
            from sklearn.model_selection import train_test_split as sk_split

            X, _, y, _ = sk_split(X, y, train_size=n_samples, stratify=y,
                                  random_state=random_state)
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
        raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")
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
    from sklearn.model_selection import train_test_split as sk_split

    if not 0 < test_size < 1:
        raise ValueError(f"train_test_split: test_size is the fraction of samples kept for "
                         f"testing, between 0 and 1 (exclusive), got {test_size!r}")
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"train_test_split: X has {len(X)} rows but y has {len(y)} labels")
    n_test = math.ceil(test_size * len(y))
    n_classes = len(np.unique(y))
    need = n_classes if stratify else 1
    if n_test < need or len(y) - n_test < need:
        raise ValueError(f"train_test_split: test_size={test_size!r} keeps {n_test} of the "
                         f"{len(y)} samples for testing and {len(y) - n_test} for training; "
                         f"each side needs at least {need}" + (" (one per class)" if stratify
                                                               else ""))
    return sk_split(X, y, test_size=test_size, random_state=random_state,
                    stratify=y if stratify else None)


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
    for idx in batch_indices(len(y), batch_size, shuffle=shuffle, random_state=random_state):
        yield X[idx], y[idx]


def batch_indices(n: int, batch_size: int, *, shuffle: bool = True,
                  random_state=None) -> Iterator[np.ndarray]:
    """The sample indices of one pass over ``n`` samples in batches of ``batch_size``
    (the last one may be smaller): what ``minibatches`` slices with, and what
    ``retrograd.train.fit`` draws its mini-batches from, epoch after epoch.

    With ``shuffle`` the order is a fresh permutation from ``random_state``,
    drawn when the pass starts.

    >>> [idx.tolist() for idx in batch_indices(5, 2, random_state=0)]
    [[2, 0], [1, 3], [4]]
    """
    from sklearn.utils import check_random_state

    check_count("batch_indices", "n", n, minimum=0)
    check_count("batch_indices", "batch_size", batch_size)
    order = check_random_state(random_state).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


# -- checks ------------------------------------------------------------------------


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
