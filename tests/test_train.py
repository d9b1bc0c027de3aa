"""fit, predict and accuracy: micrograd's demo, the lab's loop, mini-batches, Ctrl-C."""

from __future__ import annotations

import math
import random
import re
import signal
import subprocess
import sys

import numpy as np
import pytest

from retrograd import MLP, DenseMLP
from retrograd.data import load_dataset, make_moons
from retrograd.losses import mse_loss
from retrograd.optim import SGD, Adam, ExponentialLR, LinearLR
from retrograd.train import History, accuracy, fit, output_threshold, predict, scores
from seed_numbers import DEMO_FINAL_LOSS, DEMO_FIRST_ACCURACIES, DEMO_FIRST_LOSSES


def demo_model_and_data(n=100):
    random.seed(1337)
    X, y = make_moons(n, noise=0.1, random_state=1337, labels="sign")
    return MLP(2, [16, 16, 1]), X, y


def demo_fit(batched):
    model, X, y = demo_model_and_data()
    opt = SGD(model.parameters(), lr=1.0)
    history = fit(model, X, y, loss="hinge", l2=1e-4, optimizer=opt,
                  scheduler=LinearLR(opt, 1.0, 0.1, 100), steps=100, batched=batched)
    return model, X, y, history


def assert_same_training(a, b, model_a, model_b, rel=1e-10):
    """Two runs of the same training: the scalar reference and the batched path."""
    assert a.steps == b.steps
    assert a.loss == pytest.approx(b.loss, rel=rel)
    assert a.accuracy == b.accuracy
    assert a.lr == b.lr
    assert [p.data for p in model_a.parameters()] == pytest.approx(
        [p.data for p in model_b.parameters()], rel=rel, abs=1e-14)


@pytest.mark.slow
def test_fit_is_micrograds_demo_and_reaches_100_percent_in_both_ways():
    """The whole demo: 100 full-batch steps, hinge + L2, SGD 1.0 -> 0.1, on the scalar path
    (the reference, about 10 s) and with batches (under 1 s; benchmarks/ times them)."""
    model, X, y, history = demo_fit(batched=False)
    # micrograd's demo prints "step 0 loss 0.8958441028683222, accuracy 50.0%" and
    # "step 1 loss 1.723590533697202, accuracy 81.0%" ... "step 99 loss 0.01097837..., 100.0%"
    assert history.loss[:2] == DEMO_FIRST_LOSSES
    assert history.accuracy[:2] == DEMO_FIRST_ACCURACIES
    assert history.loss[-1] == pytest.approx(DEMO_FINAL_LOSS, rel=1e-13)
    assert history.accuracy[-1] == 1.0
    assert history.lr == [1.0 - 0.9 * k / 100 for k in range(100)]
    assert accuracy(lambda x: model(x), X, y) == 1.0  # a function: one sample at a time
    assert not history.interrupted and history.steps == history.total_steps == 100

    batched_model, _, _, batched = demo_fit(batched=True)
    assert_same_training(batched, history, batched_model, model)
    assert batched.loss[-1] == pytest.approx(DEMO_FINAL_LOSS, rel=1e-10)
    assert batched.accuracy[-1] == 1.0 and accuracy(batched_model, X, y) == 1.0


@pytest.mark.slow
def test_fit_matches_micrograd_running_its_own_loop():
    """Two demo steps on 30 points with micrograd itself: the same losses and weights."""
    import micrograd.engine
    import micrograd.nn

    X, y = make_moons(30, noise=0.1, random_state=7, labels="sign")
    random.seed(3)
    theirs = micrograd.nn.MLP(2, [16, 16, 1])
    mg_losses = []
    for k in range(2):
        inputs = [list(map(micrograd.engine.Value, row)) for row in X.tolist()]
        out = list(map(theirs, inputs))
        losses = [(1 + -yi * si).relu() for yi, si in zip(y.tolist(), out)]
        total = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in theirs.parameters())
        theirs.zero_grad()
        total.backward()
        for p in theirs.parameters():
            p.data -= (1.0 - 0.9 * k / 100) * p.grad
        mg_losses.append(total.data)
    random.seed(3)
    ours = MLP(2, [16, 16, 1])
    opt = SGD(ours.parameters(), lr=1.0)
    history = fit(ours, X, y, loss="hinge", l2=1e-4, optimizer=opt,
                  scheduler=LinearLR(opt, 1.0, 0.1, 100), steps=2, batched=False)
    assert history.loss == pytest.approx(mg_losses, rel=1e-14)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        assert p.data == pytest.approx(q.data, rel=1e-12, abs=1e-15)


def test_fit_is_the_labs_loop():
    """The lab: sigmoid output, MSE, labels 0/1, learning rate 1.0 falling 10% per step."""
    X, y = make_moons(40, noise=0.1, random_state=42)
    random.seed(42)
    by_hand = MLP(2, [2, 1], output_activation="sigmoid")
    expected = []
    for k in range(10):
        preds = [by_hand(row) for row in X.tolist()]
        loss = mse_loss(preds, y.tolist())
        acc = sum((p.data > 0.5) == (t == 1) for p, t in zip(preds, y.tolist())) / len(y)
        by_hand.zero_grad()
        loss.backward()
        for p in by_hand.parameters():
            p.data -= 0.9**k * p.grad
        expected.append((loss.data, acc))
    random.seed(42)
    model = MLP(2, [2, 1], output_activation="sigmoid")
    opt = SGD(model.parameters(), lr=1.0)
    history = fit(model, X, y, loss="mse", optimizer=opt, scheduler=ExponentialLR(opt, 0.9),
                  steps=10, batched=False)
    assert list(zip(history.loss, history.accuracy)) == expected
    assert [p.data for p in model.parameters()] == [p.data for p in by_hand.parameters()]


def test_the_labs_loop_with_batches():
    X, y = make_moons(40, noise=0.1, random_state=42)
    runs = []
    for batched in (False, True):
        random.seed(42)
        model = MLP(2, [2, 1], output_activation="sigmoid")
        opt = SGD(model.parameters(), lr=1.0)
        runs.append((model, fit(model, X, y, loss="mse", optimizer=opt,
                                scheduler=ExponentialLR(opt, 0.9), steps=10, batched=batched)))
    (scalar_model, scalar), (batch_model, batch) = runs
    assert_same_training(batch, scalar, batch_model, scalar_model)


@pytest.mark.slow
def test_three_classes_cross_entropy_adam_mini_batches_in_both_ways():
    X, y = load_dataset("spiral", 90, n_classes=3, random_state=2)
    runs = []
    for batched in (False, True):
        random.seed(2)
        model = MLP(2, [12, 12, 3])
        history = fit(model, X, y, loss="cross_entropy", optimizer="adam", lr=0.02, l2=1e-4,
                      epochs=6, batch_size=16, random_state=3, batched=batched)
        runs.append((model, history))
    (scalar_model, scalar), (batch_model, batch) = runs
    assert scalar.steps == 6 * 6  # ceil(90 / 16) = 6 mini-batches per epoch
    assert_same_training(batch, scalar, batch_model, scalar_model)
    assert batch.loss[-1] < batch.loss[0]
    one_at_a_time = lambda x: scalar_model(x)  # noqa: E731  (a function of one sample)
    for kw in ({}, {"labels": "index"}):
        assert predict(batch_model, X, **kw).tolist() == predict(one_at_a_time, X, **kw).tolist()
    np.testing.assert_allclose(scores(batch_model, X), scores(lambda x: batch_model(x), X),
                               rtol=1e-12, atol=1e-15)
    assert accuracy(batch_model, X, y) == accuracy(lambda x: batch_model(x), X, y)


def test_a_batched_loss_gets_one_batch_value_and_a_target_array():
    from retrograd import Value
    from retrograd.losses import hinge_loss

    X, y = make_moons(12, random_state=0, labels="sign")
    seen = []

    def loss(outputs, targets):
        seen.append((outputs, targets))
        return hinge_loss(outputs, targets)

    random.seed(0)
    fit(MLP(2, [3, 1]), X, y, loss=loss, optimizer="sgd", lr=0.1, steps=2, batch_size=5,
        random_state=0)
    outputs, targets = seen[0]
    assert isinstance(outputs, Value) and outputs.data.shape == (5,)
    assert isinstance(targets, np.ndarray) and targets.shape == (5,)
    seen.clear()
    fit(MLP(2, [3, 1]), X, y, loss=loss, optimizer="sgd", lr=0.1, steps=1, batched=False)
    outputs, targets = seen[0]
    assert isinstance(outputs, list) and len(outputs) == 12 and isinstance(targets, list)


def test_outputs_are_computed_in_chunks(monkeypatch):
    import retrograd.evaluation

    X, y = make_moons(23, random_state=1, labels="sign")
    random.seed(1)
    model = MLP(2, [4, 1])
    sizes = []

    class Counted(MLP):
        def __call__(self, x):
            sizes.append(x[0].data.shape[0])
            return model(x)

    counted = Counted.__new__(Counted)
    counted.layers = model.layers
    monkeypatch.setattr(retrograd.evaluation, "CHUNK", 10)
    assert scores(counted, X).tolist() == scores(lambda x: model(x), X).tolist()
    assert sizes == [10, 10, 3]
    assert accuracy(counted, X, y) == accuracy(lambda x: model(x), X, y)


def test_models_that_cannot_take_batches():
    from retrograd import Module, Value

    class OneAtATime(Module):  # a Module written for single samples: float() of an input
        def __init__(self):
            self.weight = Value(0.5)

        def __call__(self, x):
            return self.weight * x[0] if float(x[0]) > 0 else self.weight * x[1]

        def parameters(self):
            return [self.weight]

    X, y = make_moons(10, random_state=0, labels="sign")
    model = OneAtATime()
    with pytest.raises(TypeError, match=r"could not run on a batch of 10 samples \(.*\); .*"
                                        r"fit\(\.\.\., batched=False\)"):
        fit(model, X, y, steps=1)
    assert model.weight.data == 0.5  # nothing was changed
    history = fit(model, X, y, steps=2, lr=0.1, batched=False)
    assert history.steps == 2 and model.weight.data != 0.5
    with pytest.raises(TypeError, match="could not run on a batch.*lambda x: model"):
        accuracy(model, X, y)
    w = model.weight.data
    right = sum((t > 0) == (w * (a if a > 0 else b) > 0) for (a, b), t in zip(X.tolist(), y))
    assert accuracy(lambda x: model(x), X, y) == right / 10
    assert scores(lambda x: 1.0, X).tolist() == [1.0] * 10  # not a Module: one row at a time
    assert scores(lambda x: [x[0], x[1]], X).tolist() == X.tolist()
    with pytest.raises(TypeError, match="returned 'yes' for one sample; expected a number"):
        scores(lambda x: "yes", X)


def test_batched_is_a_plain_bool_for_scalar_modules():
    random.seed(0)
    X, y = make_moons(10, random_state=0, labels="sign")
    with pytest.raises(TypeError, match="batched must be True or False, got None"):
        fit(MLP(2, [2, 1]), X, y, steps=1, batched=None)
    with pytest.raises(ValueError, match="a dense model takes its batch as one array"):
        fit(DenseMLP(2, [2, 1]), X, y, steps=1, batched=False)
    with pytest.raises(TypeError, match="X must be a table of numbers"):
        scores(MLP(2, [2, 1]), [[1.0, 2.0], [1.0]])
    with pytest.raises(ValueError, match="the model takes 2 inputs but the rows of X have 3"):
        scores(DenseMLP(2, [2, 1]), np.ones((4, 3)))


def test_mini_batches_and_epochs():
    X, y = make_moons(50, random_state=0, labels="sign")
    runs = []
    for _ in range(2):
        random.seed(0)
        model = MLP(2, [8, 1])
        runs.append(fit(model, X, y, optimizer="sgd", lr=0.1, epochs=3, batch_size=16,
                        random_state=5))
    a, b = runs
    assert a.steps == 3 * 4  # ceil(50 / 16) = 4 batches per epoch
    assert a.loss == b.loss  # the same shuffles from the same random_state
    # each step saw one batch: accuracies are multiples of 1/16 (or of 1/2 for the last batch)
    assert all(abs(acc * 16 - round(acc * 16)) < 1e-9 or acc in (0.0, 0.5, 1.0)
               for acc in a.accuracy)


def test_cross_entropy_with_adam_on_blobs():
    X, y = load_dataset("blobs", 60, n_classes=3, random_state=1)
    random.seed(1)
    model = MLP(2, [8, 3])
    history = fit(model, X, y, loss="cross_entropy", optimizer="adam", lr=0.05, steps=40)
    assert history.loss[-1] < history.loss[0] / 3
    assert accuracy(model, X, y) >= 0.95
    assert predict(model, X).tolist() == scores(model, X).argmax(axis=1).tolist()


def test_ctrl_c_returns_the_history_so_far():
    X, y = make_moons(20, random_state=0, labels="sign")
    calls = []

    def loss(outputs, targets):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        from retrograd.losses import hinge_loss

        return hinge_loss(outputs, targets)

    random.seed(0)
    model = MLP(2, [4, 1])
    history = fit(model, X, y, loss=loss, optimizer="sgd", lr=0.5, steps=10)
    assert history.interrupted and history.steps == 2 and history.total_steps == 10
    assert "interrupted after 2 of 10 steps" in str(history)
    random.seed(0)
    reference = MLP(2, [4, 1])
    fit(reference, X, y, loss="hinge", optimizer="sgd", lr=0.5, steps=2)
    assert [p.data for p in model.parameters()] == [p.data for p in reference.parameters()]


def test_ctrl_c_during_an_update_waits_for_the_update_to_finish():
    class Interrupted(SGD):
        def step(self):
            half = len(self.params) // 2
            for p in self.params[:half]:
                p.data -= self.lr * p.grad
            signal.raise_signal(signal.SIGINT)  # Ctrl-C halfway through the parameters
            for p in self.params[half:]:
                p.data -= self.lr * p.grad

    X, y = make_moons(10, random_state=0, labels="sign")
    random.seed(0)
    model = MLP(2, [4, 1])
    before = [p.data for p in model.parameters()]
    history = fit(model, X, y, optimizer=Interrupted(model.parameters(), lr=0.5), steps=5)
    assert history.interrupted and history.steps == 1
    after = [p.data for p in model.parameters()]
    grads = [p.grad for p in model.parameters()]
    assert after == [b - 0.5 * g for b, g in zip(before, grads)]  # every parameter updated
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_progress_bar_only_when_asked_or_on_a_terminal(capsys):
    X, y = make_moons(10, random_state=0, labels="sign")
    random.seed(0)
    fit(MLP(2, [2, 1]), X, y, optimizer="sgd", lr=0.1, steps=3)  # pytest's stderr: no tty
    assert capsys.readouterr().err == ""
    fit(MLP(2, [2, 1]), X, y, optimizer="sgd", lr=0.1, steps=3, progress=True)
    err = capsys.readouterr().err
    assert "training" in err and "3/3" in err


@pytest.mark.parametrize("widgets, expected", [(False, "tqdm.std False"),
                                               (True, "tqdm.asyncio True")])
def test_tqdm_is_imported_only_for_a_bar_and_auto_only_with_ipywidgets(widgets, expected):
    # tqdm.auto's notebook support prints "IProgress not found" without ipywidgets
    code = ("import sys, importlib.util as u\n"
            "real = u.find_spec\n"
            "if not WIDGETS: u.find_spec = lambda name, *a: None if name == 'ipywidgets' "
            "else real(name, *a)\n"
            "from retrograd.train import _progress_bar\n"
            "assert not any(m.startswith('tqdm') for m in sys.modules)\n"
            "bar = _progress_bar(3); bar.close()\n"
            "print(type(bar).__module__, 'tqdm.autonotebook' in sys.modules)\n")
    if widgets:
        pytest.importorskip("ipywidgets")
    out = subprocess.run([sys.executable, "-c", code.replace("WIDGETS", str(widgets))],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected
    assert "IProgress" not in out.stderr


def test_callback_sees_each_step():
    X, y = make_moons(10, random_state=0, labels="sign")
    random.seed(0)
    seen = []
    fit(MLP(2, [2, 1]), X, y, optimizer="sgd", lr=0.1, steps=4,
        callback=lambda step, h: seen.append((step, h.steps)))
    assert seen == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_predictions_and_thresholds():
    m = MLP(1, [1])
    m.layers[0].neurons[0].w[0].data = 1.0  # score = x
    assert predict(m, [[-0.5], [0.25]], labels="sign").tolist() == [-1, 1]
    assert predict(m, [[-0.5], [0.25]]).tolist() == [0, 1]
    assert accuracy(m, [[-0.5], [0.25]], [-1, 1]) == 1.0
    assert accuracy(m, [[-0.5], [0.25]], [0, 1]) == 1.0
    s = MLP(1, [1], output_activation="sigmoid")
    s.layers[0].neurons[0].w[0].data = 1.0  # probability = sigmoid(x)
    assert output_threshold(s) == 0.5
    assert predict(s, [[-0.5], [0.25]]).tolist() == [0, 1]
    assert accuracy(s, [[-0.5], [0.25]], [0, 1], threshold=0.6) == 0.5


def test_history_defaults():
    h = History()
    assert h.steps == 0 and math.isnan(h.final_loss)


def test_fit_errors():
    X, y = make_moons(10, random_state=0, labels="sign")
    model = MLP(2, [2, 1])
    with pytest.raises(ValueError, match="give steps or epochs, not both"):
        fit(model, X, y, steps=2, epochs=2)
    before = [p.data for p in model.parameters()]
    for l2 in (-1e-4, float("nan"), True, "0.1"):  # NaN would make every loss NaN
        with pytest.raises(ValueError, match=rf"^fit: l2 is the weight of the L2 penalty, a "
                                             rf"number >= 0; got {re.escape(repr(l2))}$"):
            fit(model, X, y, l2=l2)
    assert [p.data for p in model.parameters()] == before
    with pytest.raises(ValueError, match="batch_size=11 is larger than the 10 samples"):
        fit(model, X, y, batch_size=11)
    with pytest.raises(ValueError, match="does not hold this model's parameters"):
        fit(model, X, y, optimizer=Adam(MLP(2, [2, 1]).parameters()))
    with pytest.raises(ValueError, match="lr is for an optimizer given by name"):
        fit(model, X, y, optimizer=Adam(model.parameters()), lr=0.1)
    with pytest.raises(ValueError, match="X has 10 rows but y has 9 targets"):
        fit(model, X, y[:9])
    with pytest.raises(ValueError, match="the model takes 2 inputs but the rows of X have 3"):
        fit(model, np.ones((10, 3)), y)
    with pytest.raises(ValueError, match="hinge_loss: targets must be -1 or \\+1, got 0"):
        fit(model, X, (y + 1) // 2, steps=1)


# -- a dense model: the scalar MLP's numbers ---------------------------------------------


def _dense_and_scalar(seed, nin, nouts, **kw):
    random.seed(seed)
    dense = DenseMLP(nin, nouts, **kw)
    random.seed(seed)
    return dense, MLP(nin, nouts, **kw)


def _assert_same_numbers(dense, scalar, rel=1e-12):
    a = [p.data for p in dense.to_mlp().parameters()]
    b = [p.data for p in scalar.parameters()]
    np.testing.assert_allclose(a, b, rtol=rel, atol=1e-14)


@pytest.mark.parametrize("optimizer, lr", [("sgd", 0.5), ("adam", 0.05)])
def test_a_dense_model_trains_as_the_mlp_it_converts_from(optimizer, lr):
    """Same seed, same fit: the same losses, accuracies and parameters to 1e-12, against
    micrograd's loop (one graph per sample) on the scalar model."""
    X, y = make_moons(60, noise=0.1, random_state=1, labels="sign")
    dense, scalar = _dense_and_scalar(1, 2, [16, 16, 1])
    _assert_same_numbers(dense, scalar, rel=0)  # the same draws
    runs = [fit(model, X, y, loss="hinge", l2=1e-4, optimizer=optimizer, lr=lr,
                scheduler="linear", steps=6, batched=model is dense)
            for model in (dense, scalar)]
    assert runs[0].loss == pytest.approx(runs[1].loss, rel=1e-12)
    assert runs[0].accuracy == runs[1].accuracy
    _assert_same_numbers(dense, scalar)
    np.testing.assert_allclose(scores(dense, X), scores(scalar, X), rtol=1e-12, atol=1e-14)
    assert predict(dense, X, labels="sign").tolist() == predict(scalar, X, labels="sign").tolist()
    assert accuracy(dense, X, y) == accuracy(scalar, X, y)


def test_a_dense_model_with_mini_batches_and_several_classes():
    X, y = load_dataset("spiral", 90, n_classes=3, random_state=2)
    dense, scalar = _dense_and_scalar(2, 2, [12, 3], activation="tanh")
    runs = [fit(model, X, y, loss="cross_entropy", optimizer="adam", lr=0.02, l2=1e-4,
                epochs=3, batch_size=16, random_state=3) for model in (dense, scalar)]
    assert runs[0].loss == pytest.approx(runs[1].loss, rel=1e-12)
    assert runs[0].accuracy == runs[1].accuracy
    _assert_same_numbers(dense, scalar)
    assert scores(dense, X).shape == (90, 3)
    assert predict(dense, X).tolist() == predict(scalar, X).tolist()


def test_a_dense_sigmoid_model_predicts_with_its_threshold():
    X, y = make_moons(40, noise=0.1, random_state=42)
    dense, scalar = _dense_and_scalar(42, 2, [2, 1], output_activation="sigmoid")
    assert output_threshold(dense) == 0.5
    runs = [fit(model, X, y, loss="mse", optimizer="sgd", lr=1.0, scheduler="exponential",
                steps=5) for model in (dense, scalar)]
    assert runs[0].accuracy == runs[1].accuracy
    assert predict(dense, X).tolist() == predict(scalar, X).tolist()


def test_dense_scores_are_computed_in_chunks(monkeypatch):
    import retrograd.evaluation

    X = np.random.default_rng(0).normal(size=(23, 2))
    dense, scalar = _dense_and_scalar(1, 2, [4, 1])
    sizes = []
    real = DenseMLP.__call__
    monkeypatch.setattr(DenseMLP, "__call__", lambda self, x: sizes.append(len(x)) or real(self, x))
    monkeypatch.setattr(retrograd.evaluation, "CHUNK", 10)
    np.testing.assert_allclose(scores(dense, X), scores(scalar, X), rtol=1e-12)
    assert sizes == [10, 10, 3]


def test_targets_are_checked_once_at_fit():
    X = [[1.0, 0.0], [-1.0, 0.5]]
    with pytest.raises(TypeError, match="y holds True/False"):
        fit(MLP(2, [1]), X, np.array([True, False]), loss="bce", steps=1)
    from fractions import Fraction
    random.seed(0)
    exact = fit(MLP(2, [1]), X, [Fraction(1), Fraction(-1)], loss="mse", steps=2)
    random.seed(0)
    assert fit(MLP(2, [1]), X, [1, -1], loss="mse", steps=2).loss == exact.loss
