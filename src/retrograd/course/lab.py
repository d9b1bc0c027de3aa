"""The checks of the lab (notebook 3): one per task, run by the cell after it.

``check_task(n, ...)`` is given what the student built for task ``n`` (a
model, a function, a loss) and prints, in the notebook's language, which
points are right and which are not yet, without the expected numbers. It
computes its references itself, with its own copies of the assignment's
formulas; it leaves Python's and numpy's random generators as it found them,
so that checking never changes the numbers the notebook prints afterwards.

Each check's outcome is kept (``checked``). When the environment variable
``RETROGRAD_LAB_SCORES`` names a file (``retrograd lab grade`` sets it for the
kernel that runs a handed-in notebook), every check also writes all outcomes
so far to that file, as JSON: the grade comes from there, not from what the
notebook prints, and a notebook that hangs or crashes later keeps the tasks
it passed before.

>>> from retrograd.language import set_language
>>> set_language("en")
>>> check_task(2, sigmoid=lambda x: 0.5)
Task 2: not yet
  ✓ `sigmoid` runs without an error
  ✓ sigmoid(0) is one half
  ✗ its values stay between 0 and 1 and grow with x
  ✗ it follows the formula σ(x) = 1 / (1 + e^(−x))
>>> checked()[2]
False
"""

from __future__ import annotations

import json
import math
import numbers
import os
import random

from ..engine import Value, topological_order
from ..files import atomic_write
from ..language import say
from ..nn import MLP
from .feedback import verdict

TASKS = range(1, 11)
SCORES_VARIABLE = "RETROGRAD_LAB_SCORES"
X_TASK3 = [0.888, 0.777]  # the input of tasks 3 to 5; the expected output is 1
PERCEPTRON = "MLP of [Layer of [LinearNeuron(2)]]"
HIDDEN_2 = "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(2)]]"
HIDDEN_16 = f"MLP of [Layer of [{', '.join(['ReLUNeuron(2)'] * 16)}], Layer of [LinearNeuron(16)]]"

_checked: dict[int, bool] = {}


def check_task(task: int, **given) -> None:
    """Check task ``task`` of the lab on what the student built (keyword
    arguments, named as in the notebook) and print the verdict; ``checked()``
    keeps whether every point was right."""
    if task not in CHECKS:
        raise ValueError(f"check_task(task): task must be a number from 1 to 10, got {task!r}")
    import numpy as np  # here, so that the command line can read TASKS without numpy

    python_state, numpy_state = random.getstate(), np.random.get_state()
    try:
        points = CHECKS[task](**given)
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)
    _checked[task] = verdict(say(fr=f"Tâche {task}", en=f"Task {task}"), points)
    if os.environ.get(SCORES_VARIABLE):
        save_checked(os.environ[SCORES_VARIABLE])


def checked() -> dict[int, bool]:
    """Each task checked in this session, and whether its last check passed."""
    return dict(_checked)


def save_checked(path: str) -> None:
    """Write ``checked()`` to ``path`` as JSON (``{"1": true, ...}``), atomically."""
    atomic_write(path, json.dumps({str(k): v for k, v in sorted(_checked.items())}))


# -- what the checks share ----------------------------------------------------------------


class _Raised:
    """What a call to the student's code gave instead of a result."""

    def __init__(self, error: Exception):
        self.text = f"{type(error).__name__}: {error}"


def _call(function, *args):
    """``function(*args)``, or a ``_Raised`` if it raised (the student's code may)."""
    try:
        return function(*args)
    except Exception as e:  # noqa: BLE001 - any error of the student's code is feedback
        return _Raised(e)


def _runs(name: str, *results) -> tuple[bool, str, str]:
    """The point "``name`` runs without an error", saying which error if not."""
    raised = next((r for r in results if isinstance(r, _Raised)), None)
    if raised is None:
        return True, f"`{name}` s'exécute sans erreur", f"`{name}` runs without an error"
    return False, f"`{name}` lève l'exception {raised.text}", f"`{name}` raises {raised.text}"


def _number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)


def _close(x, expected: float, tol: float = 1e-9) -> bool:
    return _number(x) and math.isclose(x, expected, rel_tol=tol, abs_tol=tol)


def _sigmoid(s: float) -> float:
    return 1 / (1 + math.exp(-s)) if s >= 0 else math.exp(s) / (1 + math.exp(s))


def _is(model, shape: str) -> bool:
    return isinstance(model, MLP) and repr(model) == shape


def _output(model, x) -> float:
    """The model's output after the sigmoid, applied to ``data`` as the assignment does."""
    return _sigmoid(model(list(x)).data)


def _lab_loss(model, X, y) -> tuple[Value, float]:
    """The assignment's ``model_loss``: the mean squared error of the outputs, whose
    ``data`` went through the sigmoid (the sigmoid stays out of the graph), and the
    percentage of points classified right."""
    outputs = []
    for x in X:
        out = model(list(x))
        out.data = _sigmoid(out.data)
        outputs.append(out)
    labels = [int(t) for t in y]
    loss = sum((out - t) ** 2 for out, t in zip(outputs, labels)) * (1.0 / len(labels))
    right = sum((1 if out.data > 0.5 else 0) == t for out, t in zip(outputs, labels))
    return loss, 100 * right / len(labels)


def _moons(X, y) -> tuple[np.ndarray, np.ndarray] | None:
    """``X`` and ``y`` as arrays if they hold 100 points and 100 labels, else None."""
    import numpy as np

    try:
        X, y = np.asarray(X, dtype=float), np.asarray(y)
    except (TypeError, ValueError):
        return None
    return (X, y) if X.shape == (100, 2) and y.shape == (100,) else None


def _history(history, steps: int) -> bool:
    return (isinstance(history, dict) and all(
        isinstance(history.get(k), list) and len(history[k]) == steps
        and all(_number(v) for v in history[k]) for k in ("loss", "accuracy")))


# -- the ten tasks ------------------------------------------------------------------------


def _task1(model):
    return [
        (isinstance(model, MLP), "`model` est un MLP de retrograd", "`model` is a retrograd MLP"),
        (_is(model, PERCEPTRON), "une seule couche d'un seul neurone, à deux entrées",
         "a single layer of a single neuron, with two inputs"),
        (isinstance(model, MLP) and len(model.parameters()) == 3,
         "3 paramètres", "3 parameters"),
    ]


def _task2(sigmoid):
    xs = (-4.0, -2.0, -0.5, 0.5, 2.0, 4.0)
    at_zero = _call(sigmoid, 0.0)
    values = [_call(sigmoid, x) for x in xs]
    ranged = all(_number(v) and 0 < v < 1 for v in values) and \
        all(a < b for a, b in zip(values, values[1:]))
    return [
        _runs("sigmoid", at_zero, *values),
        (_close(at_zero, 0.5), "sigmoid(0) vaut un demi", "sigmoid(0) is one half"),
        (ranged, "ses valeurs restent entre 0 et 1 et croissent avec x",
         "its values stay between 0 and 1 and grow with x"),
        (all(_close(v, _sigmoid(x)) for x, v in zip(xs, values)),
         "elle suit la formule σ(x) = 1 / (1 + e^(−x))",
         "it follows the formula σ(x) = 1 / (1 + e^(−x))"),
    ]


def _task3(model, out, loss):
    if not _is(model, PERCEPTRON):
        expected = None
    else:
        expected = _output(model, X_TASK3)
    right_out = expected is not None and isinstance(out, Value) and _close(out.data, expected)
    right_loss = expected is not None and isinstance(loss, Value) and \
        _close(loss.data, (expected - 1) ** 2)
    graph = right_loss and any(node is out for node in topological_order(loss))
    grads = False
    if graph:
        error = 2 * (expected - 1)
        w0, w1, b = model.parameters()
        grads = loss.grad == 1 and _close(b.grad, error) and \
            _close(w0.grad, error * X_TASK3[0]) and _close(w1.grad, error * X_TASK3[1])
    return [
        (expected is not None, "`model` est le perceptron de la tâche 1",
         "`model` is the perceptron of task 1"),
        (right_out, "`out` est une Value : la sortie du modèle pour x = [0.888, 0.777], "
                    "passée par la sigmoïde",
         "`out` is a Value: the model's output for x = [0.888, 0.777], through the sigmoid"),
        (right_loss, "`loss` est une Value : le carré de l'écart entre `out` et la sortie "
                     "attendue 1",
         "`loss` is a Value: the square of the difference between `out` and the expected "
         "output 1"),
        (graph, "`loss` est calculée à partir de `out` (dans le graphe)",
         "`loss` is computed from `out` (in the graph)"),
        (grads, "la rétropropagation, faite une fois, a donné leur gradient aux paramètres",
         "backpropagation, done once, gave the parameters their gradients"),
    ]


def _task4(model, error, by_hand):
    expected = 2 * (_output(model, X_TASK3) - 1) if _is(model, PERCEPTRON) else None
    three = isinstance(by_hand, (list, tuple)) and len(by_hand) == 3 and \
        all(_number(g) for g in by_hand)
    return [
        (expected is not None, "`model` est le perceptron de la tâche 1",
         "`model` is the perceptron of task 1"),
        (expected is not None and _close(error, expected),
         "`error` : la dérivée de l'erreur par rapport à `out`",
         "`error`: the derivative of the loss with respect to `out`"),
        (three, "`by_hand` contient trois nombres : les gradients de w0, w1 et b",
         "`by_hand` holds three numbers: the gradients of w0, w1 and b"),
        (three and expected is not None and _close(by_hand[0], expected * X_TASK3[0])
         and _close(by_hand[1], expected * X_TASK3[1]),
         "les gradients des poids w0 et w1", "the gradients of the weights w0 and w1"),
        (three and expected is not None and _close(by_hand[2], expected),
         "le gradient du biais b", "the gradient of the bias b"),
    ]


def _task5(model, predict):
    above, below = (0.9, 0.7, 0.51), (0.5, 0.3, 0.1)
    answers = [_call(predict, p) for p in above + below]
    return [
        _runs("predict", *answers),
        (answers == [1, 1, 1, 0, 0, 0] and all(type(a) is int for a in answers),
         "`predict` donne l'entier 1 si la sortie dépasse 0,5, sinon 0",
         "`predict` gives the integer 1 when the output is above 0.5, else 0"),
        (_is(model, PERCEPTRON), "`model` est toujours le perceptron de la tâche 1",
         "`model` is still the perceptron of task 1"),
        (_is(model, PERCEPTRON) and _output(model, X_TASK3) > 0.5,
         "après les mises à jour, le modèle prédit la classe attendue pour x",
         "after the updates, the model predicts the expected class for x"),
    ]


def _task6(X, y):
    import numpy as np

    data = _moons(X, y)
    labels = data is not None and set(np.unique(data[1]).tolist()) <= {0, 1}
    same = False
    if labels:
        from ..data import make_moons  # scikit-learn's numbers, as the assignment draws them

        X0, y0 = make_moons(100, noise=0.1, random_state=42)
        same = np.array_equal(data[0], X0) and np.array_equal(data[1], y0)
    return [
        (data is not None, "`X` contient 100 points à deux coordonnées et `y` 100 étiquettes",
         "`X` holds 100 points with two coordinates and `y` 100 labels"),
        (labels, "les étiquettes valent 0 ou 1", "the labels are 0 or 1"),
        (same, "ce sont les données du sujet : make_moons, bruit 0,1, tirées juste après "
               "np.random.seed(42) (sinon, relancez le notebook depuis le début)",
         "they are the assignment's data: make_moons, noise 0.1, drawn right after "
         "np.random.seed(42) (if not, run the notebook again from the top)"),

    ]


def _task7(model_loss):
    import numpy as np

    random.seed(7)
    model = MLP(2, [2, 1])
    X = np.array([[0.5, -0.2], [1.5, 0.3], [-0.8, 0.9], [0.1, 0.1], [2.0, -1.0], [-1.2, -0.4]])
    y = np.array([0, 1, 1, 0, 1, 0])
    mse, accuracy = _lab_loss(model, X, y)
    mse = mse.data
    result = _call(model_loss, model, X, y)
    pair = isinstance(result, tuple) and len(result) == 2
    loss, acc = result if pair else (None, None)
    linked = False
    if isinstance(loss, Value):
        model.zero_grad()
        linked = not isinstance(_call(loss.backward), _Raised) and \
            any(p.grad != 0 for p in model.parameters())
    return [
        _runs("model_loss", result),
        (pair, "`model_loss` renvoie deux résultats : l'erreur et l'exactitude",
         "`model_loss` returns two results: the loss and the accuracy"),
        (isinstance(loss, Value), "l'erreur est une Value, que l'on peut rétropropager",
         "the loss is a Value, which can be backpropagated"),
        (isinstance(loss, Value) and _close(loss.data, mse),
         "l'erreur est la moyenne des carrés des écarts entre sortie (après sigmoïde) et "
         "étiquette", "the loss is the mean of the squared differences between output (after "
                      "the sigmoid) and label"),
        (_close(acc, accuracy), "l'exactitude est le pourcentage de points bien classés",
         "the accuracy is the percentage of points classified right"),
        (linked, "`backward()` sur l'erreur donne un gradient aux paramètres du modèle",
         "`backward()` on the loss gives the model's parameters a gradient"),
    ]


def _task8(model, loss, X, y):
    data = _moons(X, y)
    right = _is(model, HIDDEN_2)
    in_graph = right and isinstance(loss, Value) and \
        {id(p) for p in model.parameters()} <= {id(v) for v in topological_order(loss)}
    first_two = in_graph and data is not None and \
        _close(loss.data, _lab_loss(model, data[0][:2], data[1][:2])[0].data)
    return [
        (right, "`model` : deux neurones cachés (ReLU) à 2 entrées, puis un neurone de sortie",
         "`model`: two hidden neurons (ReLU) with 2 inputs, then one output neuron"),
        (in_graph, "`loss` est une Value calculée avec tous les paramètres de ce modèle",
         "`loss` is a Value computed with all the parameters of this model"),
        (first_two, "`loss` est l'erreur de `model_loss` sur les deux premiers points",
         "`loss` is `model_loss`'s error on the first two points"),
        (in_graph and loss.grad == 1, "la rétropropagation a été faite depuis `loss`",
         "backpropagation was run from `loss`"),
    ]


def _task9(model, start, history, X, y):
    data = _moons(X, y)
    ready = _is(model, HIDDEN_2) and data is not None and \
        isinstance(start, list) and len(start) == 9 and all(_number(s) for s in start)
    losses, accuracies, final = [], [], []
    if ready:
        random.seed(9)
        reference = MLP(2, [2, 1])
        for p, value in zip(reference.parameters(), start):
            p.data = value
        X, y = data
        for k in range(10):
            loss, accuracy = _lab_loss(reference, X, y)
            losses.append(loss.data)
            accuracies.append(accuracy)
            reference.zero_grad()
            loss.backward()
            for p in reference.parameters():
                p.data -= (1.0 - 0.9 * k / 100) * p.grad
        final = [p.data for p in reference.parameters()]
    kept = _history(history, 10)
    return [
        (ready, "`model` est le réseau 2-2-1 parti des poids `start`, et `X`, `y` les "
                "données de la tâche 6",
         "`model` is the 2-2-1 network starting from the weights `start`, and `X`, `y` the "
         "data of task 6"),
        (kept, "`history` garde une erreur et une exactitude par itération, pour 10 itérations",
         "`history` keeps one loss and one accuracy per iteration, over 10 iterations"),
        (ready and kept and all(_close(a, b) for a, b in zip(history["loss"], losses))
         and all(_close(a, b) for a, b in zip(history["accuracy"], accuracies)),
         "les erreurs et les exactitudes de `history` sont celles du modèle au fil de "
         "l'entraînement", "the losses and accuracies in `history` are the model's along "
                           "the training"),
        (ready and all(_close(p.data, w) for p, w in zip(model.parameters(), final)),
         "les 10 mises à jour, avec le taux d'apprentissage décroissant de l'énoncé, "
         "donnent les poids attendus",
         "the 10 updates, with the statement's decreasing learning rate, give the expected "
         "weights"),
    ]


def _task10(model, history, X, y):
    data = _moons(X, y)
    right = _is(model, HIDDEN_16)
    kept = _history(history, 100)
    good = right and data is not None and _lab_loss(model, *data)[1] >= 90
    return [
        (right, "`model` : une couche cachée de 16 neurones ReLU, puis un neurone de sortie",
         "`model`: a hidden layer of 16 ReLU neurons, then one output neuron"),
        (kept, "`history` garde les 100 itérations de l'entraînement",
         "`history` keeps the training's 100 iterations"),
        (kept and history["loss"][-1] < history["loss"][0],
         "l'erreur a baissé pendant l'entraînement", "the loss went down during training"),
        (good, "le modèle entraîné classe bien au moins 90 % des points",
         "the trained model classifies at least 90% of the points right"),
    ]


CHECKS = {1: _task1, 2: _task2, 3: _task3, 4: _task4, 5: _task5, 6: _task6, 7: _task7,
          8: _task8, 9: _task9, 10: _task10}

__all__ = ["TASKS", "SCORES_VARIABLE", "check_task", "checked", "save_checked"]
