"""The report's pictures fit the page: the neuron graph of a 64-input network as
well as that of the 2-input demo, and the matplotlib figures."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from retrograd import MLP
from retrograd.report import MAX_TERMS_DRAWN, write_report
from retrograd.train import fit

from helpers import needs_dot

MAX_WIDTH_PT = 800  # as for the notebooks' drawings (tests/test_notebooks.py)


def _report(tmp_path, nin: int, nout: int = 1):
    random.seed(0)
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 16, size=(20, nin)) if nin > 2 else rng.normal(size=(20, 2))
    y = rng.integers(0, nout, 20) if nout > 1 else np.where(X[:, 0] > X[:, 1], 1, -1)
    model = MLP(nin, [16, nout])
    loss = "cross_entropy" if nout > 1 else "hinge"
    history = fit(model, X, y, loss=loss, steps=3, lr=0.01)
    return model, X, write_report(tmp_path / "report", model=model, history=history,
                                  X_train=X, y_train=y)


def _svg_size(path) -> tuple[float, float]:
    w, h = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', path.read_text()).groups()
    return float(w), float(h)


@needs_dot
@pytest.mark.parametrize("nin, nout", [(2, 1), (64, 10)], ids=["moons", "digits"])
def test_every_picture_fits_the_page(tmp_path, nin, nout):
    _, _, report = _report(tmp_path, nin, nout)
    width, height = _svg_size(report.files["neuron.svg"])
    assert width <= MAX_WIDTH_PT and height <= 2 * MAX_WIDTH_PT, (width, height)
    from PIL import Image

    for name in ("training.png", "decision_boundary.png"):
        if name in report.files:
            assert Image.open(report.files[name]).width <= MAX_WIDTH_PT


@needs_dot
def test_a_wide_neuron_draws_its_largest_terms_and_adds_up_the_others(tmp_path):
    model, X, report = _report(tmp_path, 64, 10)
    svg = report.files["neuron.svg"].read_text()
    neuron = model.layers[0].neurons[report.neuron]
    terms = [w.data * x for w, x in zip(neuron.w, X[0])]
    largest = sorted(range(64), key=lambda i: -abs(terms[i]))[:MAX_TERMS_DRAWN]
    drawn = {int(i) for i in re.findall(rf"layers\.0\.neurons\.{report.neuron}\.w\.(\d+)", svg)}
    assert drawn == set(largest)
    assert f"the other {64 - MAX_TERMS_DRAWN} w·x" in svg
    # the picture's output is the neuron's, and each drawn weight's gradient is its input
    assert f"data {neuron(list(X[0])).data:.4f}" in svg
    for i in largest:
        assert f"grad {X[0][i]:.4f}" in svg
    assert "ReLU" in svg and "Its 3 largest terms w·x" in report.index.read_text()


@needs_dot
def test_a_dense_model_gets_the_report_of_the_mlp_it_converts_from(tmp_path):
    from retrograd import DenseMLP
    from retrograd.modelfile import load

    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2))
    y = np.where(X[:, 0] > X[:, 1], 1, -1)
    reports = {}
    for kind in (DenseMLP, MLP):
        random.seed(0)
        model = kind(2, [16, 1])
        history = fit(model, X, y, steps=3, lr=0.01, batched=kind is DenseMLP)
        reports[kind] = write_report(tmp_path / kind.__name__, model=model, history=history,
                                     X_train=X, y_train=y)
    dense, scalar = reports[DenseMLP], reports[MLP]
    assert dense.final_loss == pytest.approx(scalar.final_loss, rel=1e-12)
    assert (dense.train_accuracy, dense.neuron) == (scalar.train_accuracy, scalar.neuron)
    assert set(dense.files) == set(scalar.files)
    assert "layers.0.neurons." in dense.files["neuron.svg"].read_text()
    assert "<code>DenseMLP(2, [16, 1])</code>" in dense.index.read_text()
    saved = [load(r.files["model.json"]) for r in (dense, scalar)]
    saved = [m.to_mlp() if isinstance(m, DenseMLP) else m for m in saved]
    np.testing.assert_allclose([p.data for p in saved[0].parameters()],
                               [p.data for p in saved[1].parameters()], rtol=1e-12, atol=1e-15)
