"""The course's pictures with matplotlib: tangents, activations, decision boundaries,
training curves.

Each function draws into ``ax`` when given one and returns the Figure. A figure
made here is not left open in pyplot: in Jupyter it shows once, as the value of
the cell (``fig = plot_...(...)`` then ``fig`` to show it again); in a script,
save it with ``fig.savefig('name.png')``.

>>> fig = plot_tangent(lambda x: 3 * x**2 - 4 * x + 5, 3.0)
>>> fig.axes[0].get_title()
'f and its tangent at x = 3: slope 14.0000'
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .arguments import check_count
from .check import slope as _slope
from .engine import Value
from .language import number, say
from .nn import ACTIVATIONS, Module, activate


def _figure_and_axes(ax, figsize=(6.4, 4.8)):
    """``ax`` and its figure, or a new figure with one axes, closed in pyplot so that
    Jupyter shows it once (as the returned value) rather than twice."""
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt  # pyplot also hooks figures into Jupyter's display

    fig, ax = plt.subplots(figsize=figsize)
    plt.close(fig)
    return fig, ax


def _number(out, who: str) -> float:
    """A model's or function's output as a float: a Value, a number, or a one-item list."""
    if isinstance(out, (list, tuple)) and len(out) == 1:
        out = out[0]
    if isinstance(out, Value):
        out = out.data
    try:
        return float(out)
    except (TypeError, ValueError):
        raise TypeError(f"{who}: expected a number or a Value, got {out!r} of type "
                        f"{type(out).__name__}") from None


# -- lesson 1: a function and its tangent --------------------------------------------


def plot_tangent(f: Callable[[float], float], x: float, h: float = 1e-8, xs=None, ax=None):
    """Plot ``f`` over ``xs`` with its tangent at ``x``; the slope is the lesson's
    ``(f(x + h) - f(x)) / h`` (``retrograd.check.slope``), printed in the title
    and the legend.

    ``xs`` defaults to 201 points from x - 5 to x + 5. ``f`` takes a float and
    returns a number (or a Value). Lines: the curve, then the tangent.

    >>> fig = plot_tangent(lambda x: 3 * x**2 - 4 * x + 5, 3.0)
    >>> [len(line.get_xdata()) for line in fig.axes[0].lines]
    [201, 2]
    """
    x = float(x)
    xs = np.linspace(x - 5, x + 5, 201) if xs is None else np.asarray(xs, dtype=float)
    if xs.ndim != 1 or xs.size < 2:
        raise ValueError(f"plot_tangent: xs must be a list of at least two numbers, got shape "
                         f"{xs.shape}")
    ys = np.array([_number(f(float(v)), "plot_tangent: f(x)") for v in xs])
    fx = _number(f(x), "plot_tangent: f(x)")
    s = _number(_slope(f, x, h), "plot_tangent: the slope of f")
    half = (xs.max() - xs.min()) / 4  # a tangent over the whole range would flatten the curve
    tx = np.array([x - half, x + half])

    fig, ax = _figure_and_axes(ax)
    ax.plot(xs, ys, color="tab:blue", label="f(x)")
    ax.plot(tx, fx + s * (tx - x), "--", color="tab:red",
            label=say(fr=f"tangente en x = {number(x, 'g')}, pente {number(s, '.4f')}",
                      en=f"tangent at x = {x:g}, slope {s:.4f}"))
    ax.scatter([x], [fx], color="tab:red", zorder=3)
    ax.annotate(say(fr=f"pente = {number(s, '.4f')}", en=f"slope = {s:.4f}"), (x, fx),
                textcoords="offset points", xytext=(8, -14))
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title(say(fr=f"f et sa tangente en x = {number(x, 'g')}\u00a0: "
                        f"pente {number(s, '.4f')}",
                     en=f"f and its tangent at x = {x:g}: slope {s:.4f}"))
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


# -- activation functions ------------------------------------------------------------


def plot_activations(names: Sequence[str] = ("tanh", "sigmoid", "relu"), derivatives: bool = True,
                     ax=None, xs=None):
    """Plot activation functions and, with ``derivatives``, their derivatives.

    Both come from the engine itself: each point is ``Value(x).tanh()`` (etc.)
    and its derivative the gradient ``backward()`` gives. A function is a solid
    line, its derivative a dashed line of the same colour. ``xs`` defaults to
    201 points from -5 to 5.

    >>> fig = plot_activations()
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['tanh', "tanh' (derivative)", 'sigmoid', "sigmoid' (derivative)", 'relu', "relu' (derivative)"]
    """
    if isinstance(names, str):
        names = (names,)
    for name in names:
        if name not in ACTIVATIONS:
            raise ValueError(f"plot_activations: unknown activation {name!r}; choose from "
                             f"{', '.join(ACTIVATIONS)}")
    xs = np.linspace(-5, 5, 201) if xs is None else np.asarray(xs, dtype=float)
    fig, ax = _figure_and_axes(ax)
    low, high = 0.0, 1.0
    for i, name in enumerate(names):
        values, slopes = [], []
        for x in xs.tolist():
            v = Value(x)
            out = activate(v, name)
            out.backward()
            values.append(float(out.data))
            slopes.append(float(v.grad))
        color = f"C{i}"
        ax.plot(xs, values, color=color, label=name)
        if derivatives:
            ax.plot(xs, slopes, "--", color=color,
                    label=say(fr=f"{name}' (dérivée)", en=f"{name}' (derivative)"))
        low, high = min(low, *values, *slopes), max(high, *values, *slopes)
    # ReLU and linear grow without bound: cut them off so that tanh and sigmoid stay legible.
    ax.set_ylim(max(low, -1.2) - 0.1, min(high, 2.2) + 0.1)
    ax.set_xlabel("x")
    if len(names) == 1:
        title = say(fr=f"La fonction d'activation {names[0]}", en=f"The {names[0]} activation")
        title += say(fr=" et sa dérivée", en=" and its derivative") if derivatives else ""
    else:
        title = say(fr="Fonctions d'activation", en="Activation functions")
        title += say(fr=" et leurs dérivées", en=" and their derivatives") if derivatives else ""
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


# -- the lab's decision boundaries ---------------------------------------------------


def evaluate(model: Callable, points) -> np.ndarray:
    """The model's output as a float for each row of ``points`` (shape (n, 2)).

    A Module (``MLP``, ``DenseMLP``) computes the points in chunks, all at once;
    any other callable is a function of one point, called with a list of two
    floats and returning a number or a Value (``lambda p: model(p).sigmoid()``).
    See ``retrograd.evaluation.scores``.

    >>> evaluate(lambda p: p[0] * p[1], [[1.0, 2.0], [3.0, -1.0]]).tolist()
    [2.0, -3.0]
    """
    from .evaluation import scores

    values = scores(model, points)
    if values.ndim != 1:
        raise TypeError(f"the model gives {values.shape[1]} outputs per point; a decision "
                        f"boundary needs one (plot_class_regions draws one region per output)")
    return values


def _plane(X, resolution: int):
    """The plane of the points ``X`` plus 10% on each side: its corners ``lo`` and ``hi``
    and a ``resolution`` x ``resolution`` grid of it, ``xx`` and ``yy``."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = np.where(hi > lo, 0.1 * (hi - lo), 0.5)
    lo, hi = lo - pad, hi + pad
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    return lo, hi, xx, yy


def _frame(ax, lo, hi, fr: str, en: str, accuracy: float) -> None:
    """The plane of the two inputs, from ``lo`` to ``hi``, with its axes named, its
    legend, and a title (``fr`` or ``en``) followed by the accuracy on the data."""
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.set_title(say(fr=f"{fr}\u00a0: exactitude {number(100 * accuracy, '.1f')}\u00a0%",
                     en=f"{en}: accuracy {100 * accuracy:.1f}%"))
    ax.legend(loc="best")


def plot_decision_boundary(model: Callable, X, y, ax=None, output: str = "score",
                           resolution: int | None = None, colorbar: bool = True):
    """The regions a two-input classifier assigns to each class, with the data on top.

    ``model`` is a Module with two inputs and one output (an ``MLP``, a
    ``DenseMLP``), or a function of one point, taking a list of two numbers and
    returning a Value or a number (``lambda x: model(x).sigmoid()``). With
    ``output='score'`` the boundary is where the output is 0, with
    ``output='probability'`` where it is 0.5. ``X`` is n points (n×2), ``y`` their
    labels, -1/+1 or 0/1. The model is evaluated on a ``resolution`` ×
    ``resolution`` grid spanning the data plus 10% on each side; the title gives
    the accuracy on ``(X, y)``. A Module computes the grid in chunks of points
    (see ``evaluate``), 200 × 200 by default; a function is called once per
    point, on 60 × 60 by default.

    >>> fig = plot_decision_boundary(lambda p: p[0] - p[1], [[0, 1], [1, 0]], [-1, 1],
    ...                              resolution=5)
    >>> fig.axes[0].get_title()
    'Decision boundary (score = 0): accuracy 100.0%'
    """
    if output not in ("score", "probability"):
        raise ValueError(f"plot_decision_boundary: output must be 'score' (boundary at 0) or "
                         f"'probability' (boundary at 0.5), got {output!r}")
    if resolution is not None:
        check_count("plot_decision_boundary", "resolution", resolution, minimum=2)
    X = np.asarray(X, dtype=float)
    labels = np.asarray(y).ravel()
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"plot_decision_boundary: X must hold points with two coordinates "
                         f"(shape (n, 2)), got shape {X.shape}")
    if len(labels) != len(X):
        raise ValueError(f"plot_decision_boundary: {len(X)} points but {len(labels)} labels")
    classes = set(labels.tolist())
    if not (classes <= {-1, 1} or classes <= {0, 1}):
        raise ValueError(f"plot_decision_boundary: labels must be -1/+1 or 0/1, got "
                         f"{sorted(classes)}")
    negative = -1 if -1 in classes else 0
    level = 0.0 if output == "score" else 0.5
    output_name = say(fr="probabilité", en=output) if output == "probability" else output
    at_points = evaluate(model, X)
    if resolution is None:  # a function is called once per point: a coarser grid
        resolution = 200 if isinstance(model, Module) else 60
    lo, hi, xx, yy = _plane(X, resolution)
    zz = evaluate(model, np.column_stack([xx.ravel(), yy.ravel()])).reshape(xx.shape)
    finite = zz[np.isfinite(zz)]
    if output == "probability":
        if finite.size and (finite.min() < 0 or finite.max() > 1):
            raise ValueError(
                f"plot_decision_boundary: output='probability' but the model gives values from "
                f"{finite.min():.4g} to {finite.max():.4g}; pass output='score' for a score, or "
                f"a model ending with .sigmoid()")
        levels = np.linspace(0, 1, 11)
    else:
        reach = float(np.abs(finite).max()) if finite.size else 1.0
        reach = reach if reach > 0 else 1.0
        levels = np.linspace(-reach, reach, 11)  # symmetric, so 0 is a band edge
        zz = np.clip(zz, -reach, reach)

    fig, ax = _figure_and_axes(ax)
    filled = ax.contourf(xx, yy, zz, levels=levels, cmap="RdBu_r", alpha=0.55)
    if finite.size and finite.min() < level < finite.max():
        ax.contour(xx, yy, zz, levels=[level], colors="black", linewidths=2)
    if colorbar:
        fig.colorbar(filled, ax=ax, label=output_name)
    positive = labels == 1
    ax.scatter(X[~positive, 0], X[~positive, 1], c="tab:blue", edgecolors="black",
               label=say(fr=f"classe {negative}", en=f"class {negative}"))
    ax.scatter(X[positive, 0], X[positive, 1], c="tab:red", edgecolors="black",
               label=say(fr="classe 1", en="class 1"))
    _frame(ax, lo, hi, f"Frontière de décision ({output_name} = {number(level, 'g')})",
           f"Decision boundary ({output} = {level:g})",
           float(np.mean((at_points > level) == positive)))
    return fig


def plot_class_regions(model: Callable, X, y, ax=None, resolution: int = 200):
    """The class a model with one output per class gives each point of the plane (its
    largest output), one colour per class, with the data on top.

    ``model`` takes two inputs and has k >= 2 outputs (cross-entropy models);
    ``y`` holds class indices 0 to k-1. The title gives the accuracy on ``(X, y)``.

    >>> import random; random.seed(0)
    >>> from retrograd import MLP
    >>> fig = plot_class_regions(MLP(2, [3]), [[0, 1], [1, 0], [1, 1]], [0, 1, 2], resolution=5)
    >>> fig.axes[0].get_title()
    'Class regions (the largest of 3 outputs): accuracy 33.3%'
    """
    from matplotlib.colors import ListedColormap

    from .evaluation import scores

    check_count("plot_class_regions", "resolution", resolution, minimum=2)
    X = np.asarray(X, dtype=float)
    labels = np.asarray(y).ravel()
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0 or len(labels) != len(X):
        raise ValueError(f"plot_class_regions: X must hold points with two coordinates "
                         f"(shape (n, 2)) and y one class per point, got shapes {X.shape} and "
                         f"{labels.shape}")
    at_points = scores(model, X)
    if at_points.ndim != 2:
        raise ValueError("plot_class_regions: the model has one output; draw it with "
                         "plot_decision_boundary")
    k = at_points.shape[1]
    lo, hi, xx, yy = _plane(X, resolution)
    zz = scores(model, np.column_stack([xx.ravel(), yy.ravel()])).argmax(axis=1)
    colors = [f"C{c % 10}" for c in range(k)]
    fig, ax = _figure_and_axes(ax)
    ax.contourf(xx, yy, zz.reshape(xx.shape), levels=np.arange(k + 1) - 0.5,
                cmap=ListedColormap(colors), alpha=0.35)
    for c in range(k):
        mine = labels == c
        if mine.any():
            ax.scatter(X[mine, 0], X[mine, 1], color=colors[c], edgecolors="black",
                       label=say(fr=f"classe {c}", en=f"class {c}"))
    _frame(ax, lo, hi, f"Régions des classes (la plus grande des {k} sorties)",
           f"Class regions (the largest of {k} outputs)",
           float(np.mean(at_points.argmax(axis=1) == labels)))
    return fig


# -- training curves -----------------------------------------------------------------


def _series(history, key: str) -> list[float]:
    if isinstance(history, dict):
        values = history.get(key)
    else:
        values = getattr(history, key, None)
    if values is None:
        return []
    return [_number(v, f"plot_training: history.{key}") for v in values]


def plot_training(history, ax=None, *, percent: bool = False):
    """Loss (and accuracy, and learning rate when recorded) by training step.

    ``history`` is a list of losses, or anything with a ``loss`` list and
    optionally ``accuracy`` and ``lr`` lists, as attributes (the trainer's
    ``History``) or as dictionary keys. Loss uses the left axis, accuracy the
    right one, the learning rate a second right axis.

    The title gives the final loss and accuracy; over more than 19 steps it
    gives their means over the last tenth of the steps instead, and says so:
    with mini-batches each step's numbers are those of one batch, and the last
    batch alone would stand for the whole data. The legend sits under the
    plot, where it covers no curve.

    Accuracies are fractions in [0, 1], as ``retrograd.train.fit`` records
    them; ``percent=True`` reads them as percentages in [0, 100] instead. A
    value outside that range is a ``ValueError`` (it usually means the other
    unit), so a run that stays below 1% is never mistaken for one near 100%.

    >>> fig = plot_training({"loss": [0.25, 0.22, 0.19], "accuracy": [0.5, 0.83, 0.86]})
    >>> fig.axes[0].get_title()
    'Training: final loss 0.1900, accuracy 86.0%'
    >>> plot_training({"loss": [0.25], "accuracy": [50.0]}, percent=True).axes[0].get_title()
    'Training: final loss 0.2500, accuracy 50.0%'
    """
    if isinstance(history, (list, tuple, np.ndarray)):
        loss, accuracy, lr = [_number(v, "plot_training: loss") for v in history], [], []
    else:
        loss = _series(history, "loss")
        accuracy, lr = _series(history, "accuracy"), _series(history, "lr")
    if not loss:
        raise ValueError("plot_training: history has no loss values; give a list of losses or "
                         "an object or dict with a 'loss' list")
    _check_accuracy(accuracy, percent)
    created = ax is None
    fig, ax = _figure_and_axes(ax)
    loss_name = say(fr="perte", en="loss")
    lines = ax.plot(range(len(loss)), _drawable(loss), color="tab:blue", label=loss_name)
    ax.set_xlabel(say(fr="pas", en="step"))
    ax.set_ylabel(loss_name)
    ax.grid(True, alpha=0.3)
    last = max(1, len(loss) // 10)
    if last == 1:
        title = say(fr=f"Entraînement\u00a0: perte finale {number(loss[-1], '.4f')}",
                    en=f"Training: final loss {loss[-1]:.4f}")
    else:
        title = say(fr=f"Entraînement, moyenne des {last} derniers pas\u00a0: perte "
                       f"{number(np.mean(loss[-last:]), '.4f')}",
                    en=f"Training, mean of the last {last} steps: loss {np.mean(loss[-last:]):.4f}")
    if accuracy:
        acc_ax = ax.twinx()
        accuracy_name = say(fr="exactitude", en="accuracy")
        lines += acc_ax.plot(range(len(accuracy)), accuracy, color="tab:orange",
                             label=accuracy_name)
        acc_ax.set_ylabel(accuracy_name + (" (%)" if percent else ""))
        acc_ax.set_ylim(0, 102 if percent else 1.02)
        final = float(np.mean(accuracy[-last:])) * (1 if percent else 100)
        title += say(fr=f", exactitude {number(final, '.1f')}\u00a0%",
                     en=f", accuracy {final:.1f}%")
    if lr:
        lr_ax = ax.twinx()
        if accuracy:
            lr_ax.spines["right"].set_position(("axes", 1.15))
        lr_name = say(fr="taux d'apprentissage", en="learning rate")
        lines += lr_ax.plot(range(len(lr)), _drawable(lr), ":", color="tab:gray", label=lr_name)
        lr_ax.set_ylabel(lr_name)
    ax.set_title(title)
    ax.legend(lines, [line.get_label() for line in lines], loc="upper center",
              bbox_to_anchor=(0.5, -0.14), ncol=len(lines), frameon=False)
    if created:
        fig.subplots_adjust(bottom=0.22, right=0.78 if lr and accuracy else 0.9)
    return fig


def _drawable(values: list[float]) -> np.ndarray:
    """``values`` within +-1e300, where matplotlib can still scale an axis (a diverged run's
    inf and 1e308 learning rates made it fail); nan stays a gap in the line."""
    return np.clip(np.asarray(values, dtype=float), -1e300, 1e300)


def _check_accuracy(accuracy: list[float], percent: bool) -> None:
    top = 100 if percent else 1
    bad = next((a for a in accuracy if not 0 <= a <= top), None)
    if bad is None:
        return
    if percent:
        raise ValueError(f"plot_training: accuracy {bad!r} is outside [0, 100]; with "
                         f"percent=True accuracies are percentages")
    raise ValueError(f"plot_training: accuracy {bad!r} is outside [0, 1]; accuracies are "
                     f"fractions (as fit records them): pass percent=True for percentages")


__all__ = ["plot_tangent", "plot_activations", "plot_decision_boundary", "plot_class_regions",
           "plot_training", "evaluate"]
