"""The lab's checks (retrograd.course.lab): each task's check passes on the
assignment's answer, says which point is not yet right on a wrong one, in the
notebook's language, without printing the expected numbers; and the stored lab
notebooks show every check passed (full version) or not yet (exercise version)."""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from sklearn.datasets import make_moons

from retrograd import MLP, Value
from retrograd.course import lab
from retrograd.course.lab import check_task, checked
from retrograd.language import language, set_language

ROOT = Path(__file__).resolve().parents[1]
X3 = [0.888, 0.777]


@pytest.fixture(autouse=True)
def english():
    before = language()
    set_language("en")
    yield
    set_language(before)


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def predict(p):
    return 1 if p > 0.5 else 0


def model_loss(model, X, y):
    outputs = []
    for features in X:
        out = model(list(features))
        out.data = sigmoid(out.data)
        outputs.append(out)
    loss = sum((out - int(t)) ** 2 for out, t in zip(outputs, y)) * (1.0 / len(y))
    right = sum(predict(out.data) == t for out, t in zip(outputs, y))
    return loss, 100 * int(right) / len(y)


def perceptron():
    random.seed(42)
    return MLP(2, [1])


def task3(model, *, backward=True, true_sigmoid=False):
    out = model(X3).sigmoid() if true_sigmoid else model(X3)
    if not true_sigmoid:
        out.data = sigmoid(out.data)
    loss = (out - Value(1.0)) ** 2
    if backward:
        loss.backward()
    return out, loss


def verdict_of(capsys, task, **given):
    check_task(task, **given)
    return checked()[task], capsys.readouterr().out


def marks(printed: str) -> list[bool]:
    """Which points a verdict marks right, in order."""
    return [line.lstrip().startswith("✓") for line in printed.splitlines()[1:]]


def test_task1(capsys):
    assert verdict_of(capsys, 1, model=perceptron())[0]
    done, printed = verdict_of(capsys, 1, model=MLP(2, [2]))
    assert not done and marks(printed) == [True, False, False]
    done, printed = verdict_of(capsys, 1, model=...)
    assert printed.startswith("Task 1: not yet") and not any(marks(printed))


def test_task2(capsys):
    assert verdict_of(capsys, 2, sigmoid=sigmoid)[0]
    done, printed = verdict_of(capsys, 2, sigmoid=lambda x: 1 / (1 + math.exp(x)))
    assert marks(printed) == [True, True, False, False]
    done, printed = verdict_of(capsys, 2, sigmoid=lambda x: x.data)
    assert not done and "`sigmoid` raises AttributeError" in printed


def test_tasks_3_and_4(capsys):
    model = perceptron()
    out, loss = task3(model)
    assert verdict_of(capsys, 3, model=model, out=out, loss=loss)[0]
    error = 2 * (out.data - 1)
    assert verdict_of(capsys, 4, model=model, error=error,
                      by_hand=[error * X3[0], error * X3[1], error])[0]
    done, printed = verdict_of(capsys, 4, model=model, error=out.data - 1,
                               by_hand=[error * X3[0], error * X3[1]])
    assert marks(printed) == [True, False, False, False, False]

    model = perceptron()
    out, loss = task3(model, backward=False)
    assert marks(verdict_of(capsys, 3, model=model, out=out, loss=loss)[1]) == \
        [True, True, True, True, False]
    model = perceptron()  # the sigmoid in the graph: right numbers, other gradients
    out, loss = task3(model, true_sigmoid=True)
    assert marks(verdict_of(capsys, 3, model=model, out=out, loss=loss)[1]) == \
        [True, True, True, True, False]
    model = perceptron()
    out, loss = task3(model)
    loss.backward()  # twice: the leaves' gradients add up
    assert not verdict_of(capsys, 3, model=model, out=out, loss=loss)[0]


def test_task5(capsys):
    model = perceptron()
    for _ in range(2):
        out, loss = task3(model, backward=False)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.1 * p.grad
    assert verdict_of(capsys, 5, model=model, predict=predict)[0]
    done, printed = verdict_of(capsys, 5, model=perceptron(),
                               predict=lambda p: 1 if p >= 0.5 else 0)
    assert marks(printed) == [True, False, True, False]
    assert marks(verdict_of(capsys, 5, model=model, predict=lambda p: p > 0.5)[1])[1] is False


def test_task6(capsys):
    X, y = make_moons(n_samples=100, noise=0.1, random_state=42)
    assert verdict_of(capsys, 6, X=X, y=y)[0]
    assert marks(verdict_of(capsys, 6, X=X + 0.01, y=y)[1]) == [True, True, False]
    assert marks(verdict_of(capsys, 6, X=X[:50], y=y[:50])[1]) == [False, False, False]


def test_task7(capsys):
    assert verdict_of(capsys, 7, model_loss=model_loss)[0]

    def as_fraction(model, X, y):
        loss, accuracy = model_loss(model, X, y)
        return loss, accuracy / 100

    assert marks(verdict_of(capsys, 7, model_loss=as_fraction)[1]) == \
        [True, True, True, True, False, True]

    def float_loss(model, X, y):
        loss, accuracy = model_loss(model, X, y)
        return loss.data, accuracy

    assert marks(verdict_of(capsys, 7, model_loss=float_loss)[1]) == \
        [True, True, False, False, True, False]


def test_tasks_8_and_9(capsys):
    X, y = make_moons(n_samples=100, noise=0.1, random_state=42)
    model = MLP(2, [2, 1])
    loss, _ = model_loss(model, X[:2], y[:2])
    loss.backward()
    assert verdict_of(capsys, 8, model=model, loss=loss, X=X, y=y)[0]
    loss, _ = model_loss(model, X[:3], y[:3])
    loss.backward()
    assert marks(verdict_of(capsys, 8, model=model, loss=loss, X=X, y=y)[1]) == \
        [True, True, False, True]

    model = MLP(2, [2, 1])
    start = [p.data for p in model.parameters()]
    history = {"loss": [], "accuracy": []}
    for k in range(10):
        loss, accuracy = model_loss(model, X, y)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= (1.0 - 0.9 * k / 100) * p.grad
        history["loss"].append(loss.data)
        history["accuracy"].append(accuracy)
    assert verdict_of(capsys, 9, model=model, start=start, history=history, X=X, y=y)[0]
    for p, w in zip(model.parameters(), start):  # the same, with a constant rate
        p.data = w
    for k in range(10):
        loss, _ = model_loss(model, X, y)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= p.grad
    assert marks(verdict_of(capsys, 9, model=model, start=start, history=history, X=X,
                            y=y)[1]) == [True, True, True, False]


def test_task10_without_a_trained_model(capsys):
    X, y = make_moons(n_samples=100, noise=0.1, random_state=42)
    history = {"loss": [0.2] * 100, "accuracy": [50.0] * 100}
    assert marks(verdict_of(capsys, 10, model=MLP(2, [16, 1]), history=history, X=X,
                            y=y)[1]) == [True, True, False, False]
    assert not any(marks(verdict_of(capsys, 10, model=MLP(2, [8, 1]), history=None, X=X,
                                    y=y)[1]))


def test_checks_speak_french_and_never_print_the_expected_numbers(capsys):
    set_language("fr")
    model = perceptron()
    out, loss = task3(model, true_sigmoid=True)
    check_task(3, model=model, out=out, loss=loss)
    check_task(4, model=model, error=0.0, by_hand=[0.0, 0.0, 0.0])
    check_task(6, X=np.zeros((100, 2)), y=np.zeros(100))
    printed = capsys.readouterr().out
    assert "Tâche 3\u00a0: pas encore" in printed and "Tâche 4\u00a0: pas encore" in printed
    assert "la rétropropagation" in printed and "not yet" not in printed
    for number in ("0.37", "0,37", "1.24", "1,24", "0.38", "1.10", "0.96", "0.23"):
        assert number not in printed


def test_checks_leave_the_random_generators_as_they_were(capsys):
    random.seed(3)
    np.random.seed(3)
    check_task(7, model_loss=model_loss)
    check_task(6, X=np.zeros((100, 2)), y=np.zeros(100))
    assert random.random() == random.Random(3).random()
    assert np.random.random() == np.random.RandomState(3).random_sample()


def test_scores_file_for_grading(tmp_path, monkeypatch, capsys):
    scores = tmp_path / "scores.json"
    monkeypatch.setenv(lab.SCORES_VARIABLE, str(scores))
    monkeypatch.setattr(lab, "_checked", {})
    check_task(2, sigmoid=sigmoid)
    check_task(1, model=None)
    assert json.loads(scores.read_text()) == {"1": False, "2": True}
    assert [p.name for p in tmp_path.iterdir()] == ["scores.json"]


def test_an_unknown_task_is_refused():
    with pytest.raises(ValueError, match="task must be a number from 1 to 10"):
        check_task(11, model=None)


# -- the stored notebooks ------------------------------------------------------------------

sys.path.insert(0, str(ROOT / "notebooks"))
import build  # noqa: E402

LAB = build.notebooks([3])[0]
CASES = [pytest.param(lang, exercise, id=f"{lang}-{'exercise' if exercise else 'full'}")
         for lang in ("fr", "en") for exercise in (False, True)]
SAYS = {("fr", False): "réussi", ("en", False): "done",
        ("fr", True): "pas encore", ("en", True): "not yet"}


@pytest.mark.parametrize("lang, exercise", CASES)
def test_stored_lab_checks_every_task_once(lang, exercise):
    """Full version: every check passed; exercise version: none yet. Each is built
    from the source, French in the French notebooks."""
    nb = nbformat.read(build.path_of(LAB, lang, exercise), as_version=4)
    assert [c.source for c in nb.cells] == [c.source for c in build.make(LAB, lang, exercise).cells]
    verdicts = []
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("check_task("):
            printed = "".join(o.get("text", "") for o in cell.outputs)
            verdicts.append(printed.splitlines()[0])
    task, colon = ("Tâche", "\u00a0:") if lang == "fr" else ("Task", ":")
    assert verdicts == [f"{task} {n}{colon} {SAYS[lang, exercise]}" for n in range(1, 11)]
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.source.startswith(f'from retrograd.language import set_language\n\n'
                                   f'set_language("{lang}")')


def test_the_exercise_version_hides_the_solutions():
    full, student = build.make(LAB, "fr"), build.make(LAB, "fr", exercise=True)
    assert len(full.cells) == len(student.cells)
    changed = [(a.source, b.source) for a, b in zip(full.cells, student.cells)
               if a.source != b.source]
    assert len(changed) == 13  # ten tasks' code and three answers
    for solution, to_write in changed:
        assert "..." in to_write or to_write == "**Votre réponse\u00a0:**"
    assert not any("-1,2405" in c.source or "biais** $b$" in c.source for c in student.cells)
