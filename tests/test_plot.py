"""Plots: what is drawn (lines, limits, contour levels, titles), with the Agg backend."""

import math
import random
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402

from retrograd import MLP, Value  # noqa: E402
from retrograd.plot import (evaluate, plot_activations, plot_decision_boundary,  # noqa: E402
                            plot_tangent, plot_training)
from seed_numbers import TASK9  # noqa: E402


def lesson_f(x):
    return 3 * x**2 - 4 * x + 5


# -- tangent ---------------------------------------------------------------------------


def test_tangent_of_the_lesson_function_at_3():
    fig = plot_tangent(lesson_f, 3.0)
    ax = fig.axes[0]
    assert ax.get_title() == "f and its tangent at x = 3: slope 14.0000"
    curve, tangent = ax.lines
    assert len(curve.get_xdata()) == 201
    assert curve.get_xdata()[0] == -2.0 and curve.get_xdata()[-1] == 8.0
    assert np.allclose(curve.get_ydata(), lesson_f(curve.get_xdata()))
    (x0, x1), (y0, y1) = tangent.get_xdata(), tangent.get_ydata()
    assert (y1 - y0) / (x1 - x0) == pytest.approx(14.0, abs=1e-6)
    assert y0 + 14 * (3 - x0) == pytest.approx(20.0, abs=1e-5)  # through (3, f(3))
    assert ax.collections[0].get_offsets().tolist() == [[3.0, 20.0]]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "f(x)", "tangent at x = 3, slope 14.0000"]


def test_tangent_with_own_points_axes_and_a_function_of_values():
    fig, ax = plt.subplots()
    try:
        out = plot_tangent(lambda x: Value(x).tanh(), 0.0, xs=np.linspace(-2, 2, 9), ax=ax)
        assert out is fig
        assert ax.lines[0].get_xdata().tolist() == np.linspace(-2, 2, 9).tolist()
        assert ax.get_title() == "f and its tangent at x = 0: slope 1.0000"
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="at least two numbers"):
        plot_tangent(lesson_f, 1.0, xs=[1.0])


def test_figures_are_not_left_open_in_pyplot():
    before = set(plt.get_fignums())
    plot_tangent(lesson_f, 1.0)
    plot_activations(("relu",))
    plot_training([1.0, 0.5])
    assert set(plt.get_fignums()) == before


# -- activations -----------------------------------------------------------------------


def test_activations_and_their_derivatives_come_from_the_engine():
    fig = plot_activations()
    ax = fig.axes[0]
    assert ax.get_title() == "Activation functions and their derivatives"
    lines = {line.get_label(): line for line in ax.lines}
    assert len(ax.lines) == 6
    xs = lines["tanh"].get_xdata()
    assert xs[0] == -5 and xs[-1] == 5 and len(xs) == 201
    t = np.tanh(xs)
    assert np.allclose(lines["tanh"].get_ydata(), t)
    assert np.allclose(lines["tanh' (derivative)"].get_ydata(), 1 - t**2)
    s = 1 / (1 + np.exp(-xs))
    assert np.allclose(lines["sigmoid' (derivative)"].get_ydata(), s * (1 - s))
    assert lines["relu' (derivative)"].get_ydata().tolist() == [1.0 if x > 0 else 0.0 for x in xs]
    assert lines["relu' (derivative)"].get_linestyle() == "--"
    assert lines["relu"].get_color() == lines["relu' (derivative)"].get_color()
    low, high = ax.get_ylim()
    assert low == pytest.approx(-1.1, abs=1e-3) and high == pytest.approx(2.3)  # relu cut off


def test_activations_without_derivatives_and_bad_names():
    ax = plot_activations(["sigmoid", "linear"], derivatives=False).axes[0]
    assert [line.get_label() for line in ax.lines] == ["sigmoid", "linear"]
    assert ax.get_title() == "Activation functions"
    with pytest.raises(ValueError, match="unknown activation 'softplus'; choose from relu, tanh"):
        plot_activations(["softplus"])


# -- decision boundary -----------------------------------------------------------------

POINTS = [[0.0, 1.0], [1.0, 0.0], [2.0, 3.0], [3.0, 1.0], [0.5, 0.0]]


def contour_sets(ax):
    return [c for c in ax.collections if isinstance(c, ContourSet)]


def test_boundary_of_a_linear_score_lies_on_the_line_where_it_is_zero():
    model = lambda p: p[0] - p[1]  # noqa: E731  the boundary is x0 = x1
    labels = [-1, 1, -1, 1, 1]
    fig = plot_decision_boundary(model, POINTS, labels, resolution=21)
    ax = fig.axes[0]
    assert len(fig.axes) == 2  # and the colour bar
    assert ax.get_title() == "Decision boundary (score = 0): accuracy 100.0%"
    assert ax.get_xlim() == pytest.approx((-0.3, 3.3))
    assert ax.get_ylim() == pytest.approx((-0.3, 3.3))
    filled, line = contour_sets(ax)
    assert filled.filled and len(filled.levels) == 11 and 0.0 in filled.levels.tolist()
    assert filled.levels[0] == -filled.levels[-1]
    assert line.levels.tolist() == [0.0]
    vertices = np.concatenate([seg for seg in line.allsegs[0]])
    assert np.allclose(vertices[:, 0], vertices[:, 1], atol=1e-9)
    negatives, positives = [c for c in ax.collections if not isinstance(c, ContourSet)]
    assert negatives.get_offsets().tolist() == [[0.0, 1.0], [2.0, 3.0]]
    assert len(positives.get_offsets()) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class -1", "class 1"]


def test_probability_boundary_at_one_half_with_zero_one_labels():
    model = lambda p: Value(p[0] - p[1]).sigmoid()  # noqa: E731
    labels = [0, 1, 1, 1, 1]  # the third point is on the wrong side
    fig = plot_decision_boundary(model, POINTS, labels, output="probability", resolution=15,
                                 colorbar=False)
    ax = fig.axes[0]
    assert len(fig.axes) == 1
    assert ax.get_title() == "Decision boundary (probability = 0.5): accuracy 80.0%"
    filled, line = contour_sets(ax)
    assert filled.levels.tolist() == pytest.approx(np.linspace(0, 1, 11).tolist())
    assert line.levels.tolist() == [0.5]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]


def test_a_model_on_one_side_everywhere_has_no_boundary_line():
    fig = plot_decision_boundary(lambda p: 1.0, POINTS, [1] * 5, resolution=5)
    assert len(contour_sets(fig.axes[0])) == 1
    assert fig.axes[0].get_title().endswith("accuracy 100.0%")


def moons_and_model(n=40):
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n, noise=0.1, random_state=0)
    random.seed(0)
    return X, y * 2 - 1, MLP(2, [8, 1])


def test_an_mlp_on_moons_is_evaluated_in_batches_on_a_finer_grid():
    X, y, model = moons_and_model()
    calls = []

    class Counted(MLP):
        def __call__(self, p):
            calls.append(p)
            return model(p)

    counted = Counted.__new__(Counted)
    counted.layers = model.layers
    fig = plot_decision_boundary(counted, X, y)
    assert all(isinstance(v, Value) for p in calls for v in p)
    sizes = [p[0].data.shape[0] for p in calls]
    assert sizes[0] == 40 and sum(sizes[1:]) == 200 * 200  # the data, then the default grid
    assert len(calls) == 1 + 40  # 40000 grid points, at most 1024 in one graph
    predicted = np.array([model(list(p)).data > 0 for p in X])
    accuracy = np.mean(predicted == (y == 1))
    assert fig.axes[0].get_title() == f"Decision boundary (score = 0): accuracy {100 * accuracy:.1f}%"


def test_a_function_is_evaluated_point_by_point_on_a_coarser_grid():
    X, y, model = moons_and_model()
    calls = []

    def one_at_a_time(p):
        calls.append(p)
        return 1 / (1 + math.exp(-model(p).data))

    fig = plot_decision_boundary(one_at_a_time, X, y, output="probability")
    assert all(type(v) is float for p in calls for v in p)
    assert len(calls) == 40 + 60 * 60  # the points, then the coarser grid
    same = plot_decision_boundary(lambda p: model(p).sigmoid(), X, y, output="probability")
    assert fig.axes[0].get_title() == same.axes[0].get_title()


def test_every_form_of_a_model_gives_the_same_picture():
    from retrograd import DenseMLP

    X, y, model = moons_and_model()
    random.seed(5)
    tanh_model = MLP(2, [6, 6, 1], activation="tanh")
    grid = np.column_stack([np.linspace(-2, 3, 2500), np.linspace(3, -2, 2500) ** 2])
    for m in (model, tanh_model):
        one_by_one = evaluate(lambda p: m(p), grid)
        np.testing.assert_allclose(evaluate(m, grid), one_by_one, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(evaluate(DenseMLP.from_mlp(m), grid), one_by_one,
                                   rtol=1e-12, atol=1e-15)
    assert evaluate(lambda p: [model(p)], grid).tolist() == evaluate(model, grid).tolist()

    from retrograd.train import fit

    fit(model, X, y, optimizer="adam", lr=0.05, steps=30)  # a boundary inside the picture

    def scalar_only(p):
        return model([float(v) for v in p])

    pictures = [plot_decision_boundary(f, X, y, resolution=50)
                for f in (model, scalar_only, DenseMLP.from_mlp(model))]
    (filled_a, line_a), *others = (contour_sets(fig.axes[0]) for fig in pictures)
    for filled_b, line_b in others:
        np.testing.assert_allclose(filled_a.levels, filled_b.levels, rtol=1e-12)
        for a, b in zip(line_a.allsegs[0], line_b.allsegs[0]):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
        assert len(line_a.allsegs[0]) == len(line_b.allsegs[0]) > 0
    assert len({fig.axes[0].get_title() for fig in pictures}) == 1


def test_evaluate_needs_one_output_per_point():
    grid = np.array([[1.0, 2.0], [3.0, -1.0]])
    with pytest.raises(TypeError, match="the model gives 2 outputs per point"):
        evaluate(lambda p: [p[0], p[1]], grid)
    with pytest.raises(TypeError, match="could not run on a batch of 2"):
        evaluate(OneAtATime(), grid)
    assert evaluate(lambda p: math.tanh(p[0]), grid).tolist() == [math.tanh(1.0), math.tanh(3.0)]


class OneAtATime(MLP):
    def __init__(self):
        random.seed(0)
        super().__init__(2, [1])

    def __call__(self, x):
        return super().__call__([float(v) for v in x])  # float() of a batch raises TypeError


def test_evaluate_accepts_values_numbers_and_one_item_lists():
    points = np.array([[1.0, 2.0], [3.0, -1.0]])
    assert evaluate(lambda p: Value(p[0]) * p[1], points).tolist() == [2.0, -3.0]
    assert evaluate(lambda p: [p[0] + p[1]], points).tolist() == [3.0, 2.0]
    with pytest.raises(TypeError, match=r"returned 'yes' for one sample; expected a number or "
                                        r"a Value"):
        evaluate(lambda p: "yes", points)


def test_decision_boundary_bad_input_is_named():
    model = lambda p: p[0]  # noqa: E731
    with pytest.raises(ValueError, match=r"labels must be -1/\+1 or 0/1, got \[0, 2\]"):
        plot_decision_boundary(model, POINTS[:2], [0, 2], resolution=3)
    with pytest.raises(ValueError, match="2 points but 3 labels"):
        plot_decision_boundary(model, POINTS[:2], [0, 1, 1], resolution=3)
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plot_decision_boundary(model, [1.0, 2.0], [0, 1], resolution=3)
    with pytest.raises(ValueError, match="output='probability' but the model gives values from"):
        plot_decision_boundary(model, POINTS, [0, 1, 0, 1, 1], output="probability", resolution=3)
    with pytest.raises(ValueError, match="output must be 'score'"):
        plot_decision_boundary(model, POINTS, [0, 1, 0, 1, 1], output="logits")
    with pytest.raises(ValueError, match="resolution must be a whole number >= 2"):
        plot_decision_boundary(model, POINTS, [0, 1, 0, 1, 1], resolution=1)


# -- training curves -------------------------------------------------------------------

LAB_LOSSES = [loss for loss, _ in TASK9]
LAB_ACCURACY = [accuracy for _, accuracy in TASK9]


@dataclass
class History:
    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    lr: list = field(default_factory=list)


def test_training_curve_from_a_list_of_losses():
    ax = plot_training(LAB_LOSSES).axes[0]
    (line,) = ax.lines
    assert line.get_xdata().tolist() == list(range(10))
    assert line.get_ydata().tolist() == LAB_LOSSES
    assert ax.get_title() == "Training: final loss 0.1097"
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "loss"


def test_training_curves_from_a_history_object_with_accuracy_and_learning_rate():
    lr = [1.0 * 0.9**k for k in range(10)]
    fig = plot_training(History(LAB_LOSSES, LAB_ACCURACY, lr), percent=True)
    loss_ax, acc_ax, lr_ax = fig.axes
    assert loss_ax.get_title() == "Training: final loss 0.1097, accuracy 87.0%"
    assert acc_ax.lines[0].get_ydata().tolist() == LAB_ACCURACY
    assert acc_ax.get_ylim() == (0, 102) and acc_ax.get_ylabel() == "accuracy (%)"
    assert lr_ax.lines[0].get_ydata().tolist() == lr
    assert [t.get_text() for t in loss_ax.get_legend().get_texts()] == [
        "loss", "accuracy", "learning rate"]


def test_training_curves_from_a_dict_with_fractions_of_values_and_an_axes():
    fig, ax = plt.subplots()
    try:
        out = plot_training({"loss": [Value(0.5), Value(0.25)], "accuracy": [0.5, 0.75]}, ax=ax)
        assert out is fig
        assert fig.axes[1].get_ylim() == (0, 1.02)
        assert ax.get_title() == "Training: final loss 0.2500, accuracy 75.0%"
        assert math.isclose(ax.lines[0].get_ydata()[1], 0.25)
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="history has no loss values"):
        plot_training({"accuracy": [1.0]})


@pytest.mark.parametrize("accuracy, percent, final", [
    ([0.0, 0.005, 0.01], False, "1.0%"),  # fractions that stay at or below 1%
    ([0.0, 0.5, 1.0], True, "1.0%"),  # percentages that stay at or below 1%
    ([0.0, 1.0], False, "100.0%"),
])
def test_training_accuracy_unit_is_given_not_guessed(accuracy, percent, final):
    fig = plot_training({"loss": [0.3] * len(accuracy), "accuracy": accuracy}, percent=percent)
    loss_ax, acc_ax = fig.axes
    assert loss_ax.get_title() == f"Training: final loss 0.3000, accuracy {final}"
    assert acc_ax.get_ylim() == ((0, 102) if percent else (0, 1.02))
    assert acc_ax.get_ylabel() == ("accuracy (%)" if percent else "accuracy")
    assert acc_ax.lines[0].get_ydata().tolist() == accuracy


def test_training_accuracy_outside_its_unit_is_refused():
    with pytest.raises(ValueError, match=r"^plot_training: accuracy 50\.0 is outside \[0, 1\]; "
                                         r".*pass percent=True for percentages$"):
        plot_training({"loss": [0.3, 0.2], "accuracy": [0.2, 50.0]})
    with pytest.raises(ValueError, match=r"^plot_training: accuracy 101\.0 is outside \[0, 100\]"):
        plot_training({"loss": [0.3], "accuracy": [101.0]}, percent=True)
    with pytest.raises(ValueError, match=r"accuracy -0\.1 is outside \[0, 1\]"):
        plot_training({"loss": [0.3], "accuracy": [-0.1]})


def test_training_curves_of_fit_read_its_fractions():
    from retrograd.train import fit

    random.seed(0)
    X = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
    history = fit(MLP(2, [4, 1]), X, [1, -1, 1, -1], optimizer="sgd", lr=0.1, steps=3,
                  progress=False)
    fig = plot_training(history)
    assert fig.axes[0].get_title().endswith(f"accuracy {100 * history.accuracy[-1]:.1f}%")
    assert fig.axes[1].get_ylim() == (0, 1.02)
    with pytest.raises(ValueError, match="history has no loss values"):
        plot_training([])


def test_training_title_averages_the_last_tenth_of_many_steps_and_the_legend_is_below():
    # 40 mini-batch steps whose batch accuracy alternates: the last batch alone says 100%
    accuracy = [0.5, 1.0] * 20
    fig = plot_training({"loss": [0.4] * 39 + [0.2], "accuracy": accuracy})
    loss_ax = fig.axes[0]
    assert loss_ax.get_title() == ("Training, mean of the last 4 steps: loss 0.3500, "
                                   "accuracy 75.0%")
    fig.canvas.draw()
    legend = loss_ax.get_legend().get_window_extent()
    assert legend.y1 <= loss_ax.get_window_extent().y0  # under the plot, over no curve
