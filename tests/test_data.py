"""Data sets, label encodings, the train/test split and mini-batches."""

from __future__ import annotations

import importlib.machinery
import importlib.util

import numpy as np
import pytest
import sklearn.datasets
import sklearn.model_selection
from hypothesis import given
from hypothesis import strategies as st

from retrograd import MLP
from retrograd.data import (DATASETS, batch_indices, encode_labels, load_dataset, load_digits,
                            make_blobs, make_circles, make_moons, make_spiral, make_xor,
                            minibatches, train_test_split)
from retrograd.train import fit


def test_moons_are_micrograds_demo_data():
    # micrograd's demo: np.random.seed(1337); X, y = make_moons(n_samples=100, noise=0.1)
    np.random.seed(1337)
    X_ref, y_ref = sklearn.datasets.make_moons(n_samples=100, noise=0.1)
    X, y = make_moons(100, noise=0.1, random_state=1337, labels="sign")
    assert np.array_equal(X, X_ref)
    assert np.array_equal(y, y_ref * 2 - 1)
    np.random.seed(1337)
    X_global, _ = make_moons(100, noise=0.1)  # random_state=None: numpy's global generator
    assert np.array_equal(X_global, X_ref)


seeds = st.integers(0, 2**32 - 1)


@given(n=st.integers(2, 300), noise=st.sampled_from([0.0, 0.1, 0.3]), seed=seeds,
       factor=st.floats(0.05, 0.95))
def test_moons_and_circles_are_scikit_learns_to_the_bit(n, noise, seed, factor):
    X, y = make_moons(n, noise=noise, random_state=seed)
    X_ref, y_ref = sklearn.datasets.make_moons(n, noise=noise, random_state=seed)
    assert np.array_equal(X, X_ref) and np.array_equal(y, y_ref)
    X, y = make_circles(n, noise=noise, factor=factor, random_state=seed)
    X_ref, y_ref = sklearn.datasets.make_circles(n, noise=noise, factor=factor,
                                                 random_state=seed)
    assert np.array_equal(X, X_ref) and np.array_equal(y, y_ref)


@given(centers=st.integers(2, 6), extra=st.integers(0, 200), n_features=st.integers(1, 4),
       std=st.floats(0.0, 3.0), seed=seeds)
def test_blobs_are_scikit_learns_to_the_bit(centers, extra, n_features, std, seed):
    n = centers + extra
    X, y = make_blobs(n, centers=centers, cluster_std=std, n_features=n_features,
                      random_state=seed)
    X_ref, y_ref = sklearn.datasets.make_blobs(n, centers=centers, cluster_std=std,
                                               n_features=n_features, center_box=(-5.0, 5.0),
                                               random_state=seed)
    assert np.array_equal(X, X_ref) and np.array_equal(y, y_ref)


@given(counts=st.lists(st.integers(2, 40), min_size=2, max_size=5),
       test_size=st.floats(0.05, 0.95), stratify=st.booleans(), seed=seeds)
def test_the_split_is_scikit_learns_to_the_bit(counts, test_size, stratify, seed):
    y = np.random.RandomState(seed % 1000).permutation(np.repeat(np.arange(len(counts)), counts))
    X = np.arange(2.0 * len(y)).reshape(-1, 2)
    try:
        ours = train_test_split(X, y, test_size=test_size, stratify=stratify, random_state=seed)
    except ValueError as error:  # too few samples for a side: checked before scikit-learn's
        assert "each side needs at least" in str(error)
        return
    theirs = sklearn.model_selection.train_test_split(
        X, y, test_size=test_size, stratify=y if stratify else None, random_state=seed)
    for a, b in zip(ours, theirs):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("n_samples, n_class", [(50, 3), (1000, 10), (200, 7)])
def test_a_digits_subset_is_scikit_learns_stratified_draw(n_samples, n_class):
    X, y = load_digits(n_samples=n_samples, n_class=n_class, random_state=5)
    X_all, y_all = sklearn.datasets.load_digits(n_class=n_class, return_X_y=True)
    X_ref, _, y_ref, _ = sklearn.model_selection.train_test_split(
        X_all / 16.0, y_all, train_size=n_samples, stratify=y_all, random_state=5)
    assert np.array_equal(X, X_ref) and np.array_equal(y, y_ref)


@pytest.mark.parametrize("n_class", [2, 7, 10])
def test_digits_are_scikit_learns(n_class):
    X, y = load_digits(n_class=n_class)
    X_ref, y_ref = sklearn.datasets.load_digits(n_class=n_class, return_X_y=True)
    assert np.array_equal(X, X_ref / 16.0) and np.array_equal(y, y_ref) and y.dtype == np.int64


def test_digits_are_asked_of_scikit_learn_when_its_file_is_elsewhere(tmp_path, monkeypatch):
    elsewhere = importlib.machinery.ModuleSpec("sklearn", None,
                                               origin=str(tmp_path / "__init__.py"))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: elsewhere)
    X, y = load_digits(n_class=3)
    X_ref, y_ref = sklearn.datasets.load_digits(n_class=3, return_X_y=True)
    assert np.array_equal(X, X_ref / 16.0) and np.array_equal(y, y_ref)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="load_digits needs scikit-learn"):
        load_digits()


def test_random_state_is_none_a_seed_or_a_generator():
    np.random.seed(7)
    assert np.array_equal(make_xor(20, random_state=None)[0],
                          make_xor(20, random_state=np.random.RandomState(7))[0])
    assert np.array_equal(make_xor(20, random_state=np.int64(7))[0],
                          make_xor(20, random_state=7)[0])
    for bad in (-1, 2**32, 1.5, True, "7"):
        with pytest.raises(ValueError, match=r"make_xor: random_state must be None, a seed"):
            make_xor(20, random_state=bad)


@pytest.mark.parametrize("call", [
    lambda: load_digits(random_state=-1),
    lambda: train_test_split(np.zeros((8, 2)), np.arange(8) % 2, random_state=-1),
    lambda: minibatches(np.zeros((8, 2)), np.zeros(8), 2, random_state=-1),
    lambda: batch_indices(8, 2, random_state=-1),
    lambda: fit(MLP(2, [1]), np.zeros((4, 2)), np.zeros(4), random_state=-1),
], ids=["load_digits", "train_test_split", "minibatches", "batch_indices", "fit"])
def test_a_bad_random_state_is_refused_when_passed_even_if_unused(call):
    with pytest.raises(ValueError, match=r"random_state must be None, a seed from 0 to 2\*\*32"):
        call()  # not at the first batch: minibatches and batch_indices check when called


def test_a_class_of_one_sample_cannot_be_stratified():
    X, y = np.zeros((9, 2)), np.array([0, 0, 0, 0, 1, 1, 1, 1, 2])
    with pytest.raises(ValueError, match="class 2 of y has a single sample.*stratify=False"):
        train_test_split(X, y, test_size=0.5, random_state=0)
    assert len(train_test_split(X, y, test_size=0.5, random_state=0, stratify=False)[0]) == 4


def test_the_split_wants_one_label_per_sample():
    with pytest.raises(ValueError, match=r"y must hold one label per sample \(1-D\), got shape "
                                         r"\(10, 1\); pass y.ravel\(\)"):
        train_test_split(np.zeros((10, 2)), np.arange(10).reshape(10, 1) % 2)


@pytest.mark.parametrize("box", [(5.0, -5.0), (0, float("inf")), (-1e308, 1e308), (1,), "ab",
                                 None])
def test_blobs_need_an_ordered_finite_box(box):
    with pytest.raises(ValueError, match="center_box must be a pair"):
        make_blobs(10, center_box=box)


@pytest.mark.parametrize("labels,values", [("index", [0, 1]), ("binary", [0, 1]),
                                           ("sign", [-1, 1])])
def test_label_encodings(labels, values):
    X, y = make_moons(50, random_state=0, labels=labels)
    X0, y0 = make_moons(50, random_state=0)
    assert sorted(set(y.tolist())) == values
    assert np.array_equal(y > 0, y0 == 1)  # the same samples in the positive class
    assert y.dtype == np.int64 and X.dtype == np.float64


def test_two_class_labels_refuse_three_classes():
    with pytest.raises(ValueError, match="labels='sign' is for two classes, but this data has 3"):
        make_blobs(30, centers=3, labels="sign")
    with pytest.raises(ValueError, match="labels must be one of index, binary, sign"):
        make_moons(10, labels="onehot")


def test_circles_radii():
    X, y = make_circles(200, noise=0.0, factor=0.3, random_state=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(r[y == 1], 0.3) and np.allclose(r[y == 0], 1.0)


def test_blobs_classes_and_box():
    X, y = make_blobs(90, centers=3, cluster_std=0.1, random_state=2)
    assert np.bincount(y).tolist() == [30, 30, 30]
    means = np.array([X[y == k].mean(axis=0) for k in range(3)])
    assert np.all(np.abs(means) < 5.5)  # centres drawn in (-5, 5)


def test_spiral_arms():
    X, y = make_spiral(300, n_classes=3, noise=0.0, random_state=0)
    assert np.bincount(y).tolist() == [100, 100, 100]
    # Without noise, a point at radius r on arm j lies at angle 2*pi*(0.65*r + j/3).
    r = np.hypot(X[:, 0], X[:, 1])
    angle = np.arctan2(X[:, 0], X[:, 1])
    expected = 2 * np.pi * (0.65 * r + y / 3)
    assert np.allclose(np.cos(angle - expected)[r > 1e-9], 1.0)
    X2, y2 = make_spiral(300, n_classes=3, noise=0.0, random_state=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


def test_xor_quadrants():
    X, y = make_xor(400, noise=0.2, random_state=1)
    assert np.bincount(y).tolist() == [200, 200]
    centre_sign = np.sign(X[:, 0] * X[:, 1])
    # Noise 0.2 around (±1, ±1): nearly every point stays in its quadrant.
    assert np.mean((centre_sign < 0) == (y == 1)) > 0.98


def test_digits():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.min() == 0.0 and X.max() == 1.0
    Xs, ys = load_digits(n_samples=100, random_state=0)
    assert Xs.shape == (100, 64)
    assert set(np.bincount(ys).tolist()) <= {9, 10, 11}  # stratified: about 10 of each digit
    with pytest.raises(ValueError, match="only 1797 images"):
        load_digits(n_samples=5000)


@pytest.mark.parametrize("name", DATASETS)
def test_load_dataset_by_name(name):
    X, y = load_dataset(name, 40, random_state=0)
    assert len(X) == len(y) == 40 and X.ndim == 2 and np.isfinite(X).all()
    assert y.min() == 0


def test_load_dataset_errors():
    with pytest.raises(ValueError, match="no data set named 'iris'; choose one of moons"):
        load_dataset("iris")
    with pytest.raises(ValueError, match="moons has two classes"):
        load_dataset("moons", n_classes=3)
    with pytest.raises(ValueError, match="blobs has no noise setting"):
        load_dataset("blobs", noise=0.1)
    with pytest.raises(ValueError, match="noise is a standard deviation"):
        make_moons(10, noise=-1)


def test_encode_labels():
    assert encode_labels(np.array([1, 0, 1]), "sign").tolist() == [1, -1, 1]
    assert encode_labels(np.array([1, -1]), "index").tolist() == [1, 0]
    with pytest.raises(ValueError, match="class indices 0..k-1 or -1/\\+1"):
        encode_labels(np.array([-2, 0, 1]), "index")


def test_train_test_split_is_stratified_and_disjoint():
    X, y = make_moons(100, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
    assert (len(X_train), len(X_test)) == (80, 20)
    assert np.bincount(y_test).tolist() == [10, 10]
    rows = {tuple(r) for r in X_train} | {tuple(r) for r in X_test}
    assert len(rows) == 100
    with pytest.raises(ValueError, match="test_size is the fraction"):
        train_test_split(X, y, test_size=20)


def test_minibatches_cover_each_sample_once():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    batches = list(minibatches(X, y, 4, random_state=0))
    assert [len(yb) for _, yb in batches] == [4, 4, 2]
    seen = np.concatenate([yb for _, yb in batches])
    assert sorted(seen.tolist()) == list(range(10)) and seen.tolist() != list(range(10))
    for Xb, yb in batches:
        assert np.array_equal(Xb[:, 0], 2.0 * yb)  # rows stay with their labels
    again = np.concatenate([yb for _, yb in minibatches(X, y, 4, random_state=0)])
    assert np.array_equal(seen, again)
