"""What the library prints and draws, in French and in English: the training
progress and history, plot titles, the chain-rule sentences, the step-through
page, the report, gradcheck and the exercises' feedback. micrograd's reprs
stay the same in both languages."""

import random

import pytest

from retrograd import MLP, Value
from retrograd.check import gradcheck
from retrograd.course.feedback import verdict
from retrograd.language import language, set_language
from retrograd.plot import (plot_activations, plot_class_regions, plot_decision_boundary,
                            plot_tangent, plot_training)
from retrograd.steps import backward_steps
from retrograd.train import History, fit

from helpers import lesson_graph, needs_dot

NBSP = "\u00a0"


@pytest.fixture(params=["fr", "en"])
def lang(request):
    """Each test runs in French and in English; the language in use is restored after."""
    before = language()
    set_language(request.param)
    yield request.param
    set_language(before)


def pick(lang, fr, en):
    return fr if lang == "fr" else en


def test_history_printout(lang):
    h = History(loss=[0.5, 0.25], accuracy=[0.5, 0.75], lr=[0.1, 0.1], total_steps=4,
                seconds=1.0)
    assert str(h) == pick(lang, f"2 pas en 1.0 s{NBSP}: perte 0.25, exactitude 75.0%",
                          "2 steps in 1.0 s: loss 0.25, accuracy 75.0%")
    h.interrupted = True
    assert str(h).startswith(pick(lang, "interrompu après 2 pas sur 4",
                                  "interrupted after 2 of 4 steps"))


def test_progress_bar_words(lang, capsys):
    random.seed(0)
    fit(MLP(2, [2, 1]), [[0.0, 1.0], [1.0, 0.0]], [1, -1], steps=2, progress=True)
    err = capsys.readouterr().err
    assert pick(lang, "entraînement", "training") in err
    assert pick(lang, "perte=", "loss=") in err and pick(lang, "pas/s", "step/s") in err


def test_plot_words(lang):
    tangent = plot_tangent(lambda x: 3 * x**2 - 4 * x + 5, 3.0).axes[0]
    assert tangent.get_title().startswith(pick(lang, f"f et sa tangente en x = 3{NBSP}: pente",
                                               "f and its tangent at x = 3: slope"))
    activations = plot_activations(["tanh"]).axes[0]
    assert activations.get_title() == pick(lang, "La fonction d'activation tanh et sa dérivée",
                                           "The tanh activation and its derivative")
    both = plot_activations(["tanh", "relu"]).axes[0]
    assert both.get_title() == pick(lang, "Fonctions d'activation et leurs dérivées",
                                    "Activation functions and their derivatives")
    assert activations.lines[1].get_label() == pick(lang, "tanh' (dérivée)", "tanh' (derivative)")
    training = plot_training({"loss": [0.3, 0.2], "accuracy": [0.5, 1.0], "lr": [1.0, 0.5]})
    ax = training.axes[0]
    assert ax.get_title() == pick(lang, f"Entraînement{NBSP}: perte finale 0,2000, exactitude "
                                        f"100,0{NBSP}%",
                                  "Training: final loss 0.2000, accuracy 100.0%")
    assert ax.get_xlabel() == pick(lang, "pas", "step")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == pick(
        lang, ["perte", "exactitude", "taux d'apprentissage"], ["loss", "accuracy", "learning rate"])
    boundary = plot_decision_boundary(lambda p: p[0] - p[1], [[0, 1], [1, 0]], [0, 1],
                                      resolution=5).axes[0]
    assert boundary.get_title().startswith(pick(lang, "Frontière de décision (score = 0)",
                                                "Decision boundary (score = 0)"))
    assert [t.get_text() for t in boundary.get_legend().get_texts()] == pick(
        lang, ["classe 0", "classe 1"], ["class 0", "class 1"])
    regions = plot_class_regions(MLP(2, [3]), [[0, 1], [1, 0], [1, 1]], [0, 1, 2],
                                 resolution=5).axes[0]
    assert regions.get_title().startswith(pick(lang, "Régions des classes (la plus grande des 3 "
                                                     f"sorties){NBSP}: exactitude",
                                               "Class regions (the largest of 3 outputs): accuracy"))
    assert regions.get_legend().get_texts()[2].get_text() == pick(lang, "classe 2", "class 2")


def test_backward_steps_connecting_words(lang):
    x = Value(3.0, label="x")
    y = x * x
    y.label = "y"
    seed, first, second = backward_steps(y)
    assert seed.rule().startswith(pick(lang, f"La graine{NBSP}: dy/dy = 1.0000",
                                       "The seed: dy/dy = 1.0000"))
    assert first.chain() == "dy/dx = dy/dy · dy/dx = 1.0000 · 3.0000 = 3.0000"
    assert second.chain().endswith(pick(lang, ", donc dy/dx = 3.0000 + 3.0000 = 6.0000",
                                        ", so dy/dx = 3.0000 + 3.0000 = 6.0000"))
    assert first.rule() == pick(lang, "y = x * x, donc dy/dx = x = 3.0000",
                                "y = x * x, so dy/dx = x = 3.0000")
    hand = Value(2.0, (x,), "f")
    hand.label = "h"
    hand._da = 0.5
    hand._a = x
    step = backward_steps(hand)[1]
    assert step.rule() == pick(lang, f"h vient de f{NBSP}: dh/dx = 0.5000, la dérivée enregistrée",
                               "h was made by f: dh/dx = 0.5000 as recorded")


def test_gradcheck_printout(lang):
    assert str(gradcheck(lambda x: x * x, 2.0)) == pick(
        lang, f"gradcheck{NBSP}: les 1 gradients concordent", "gradcheck: all 1 gradients agree")
    report = gradcheck(lambda x: x.relu() * 0 + x * 0 + Value(x.data, (x,), "id"), 1.0)
    assert str(report).startswith(pick(lang, f"gradcheck{NBSP}: 1 gradient sur 1 ne concorde pas",
                                       "gradcheck: 1 of 1 gradients disagree"))
    assert pick(lang, "la différence centrée", "central difference") in str(report)


def test_feedback_typography(lang, capsys):
    verdict(pick(lang, "Tâche 1", "Task 1"), [(True, "trois paramètres : w0, w1 et b",
                                               "three parameters: w0, w1 and b")])
    first, point = capsys.readouterr().out.splitlines()
    assert first == pick(lang, f"Tâche 1{NBSP}: réussi", "Task 1: done")
    assert point == pick(lang, f"  ✓ trois paramètres{NBSP}: w0, w1 et b",
                         "  ✓ three parameters: w0, w1 and b")


def test_micrograd_reprs_do_not_change(lang):
    random.seed(1)
    value, model = Value(2.0), MLP(2, [1])
    shown = repr(value), repr(model)
    set_language("en" if lang == "fr" else "fr")
    assert (repr(value), repr(model)) == shown
    assert shown[0].startswith("Value(data=2.0, grad=0")
    assert shown[1] == "MLP of [Layer of [LinearNeuron(2)]]"


@needs_dot
def test_step_through_page_words(lang):
    from retrograd.graph import stepthrough_html

    page = stepthrough_html(lesson_graph())
    assert f'<html lang="{lang}">' in page
    assert pick(lang, "pas 0 sur 7", "step 0 of 7") in page
    assert pick(lang, "suivant ▶", "next ▶") in page
    assert pick(lang, f"Avant backward(){NBSP}: tous les gradients valent 0.",
                "Before backward(): every gradient is 0.") in page
    assert pick(lang, "La rétropropagation dans L, pas à pas",
                "Backpropagation through L, one step at a time") in page
    assert "dL/da = dL/de · de/da = -2.0000 · -3.0000 = 6.0000" in page
    assert pick(lang, "L = d * f, donc dL/dd = f", "L = d * f, so dL/dd = f") in page


@needs_dot
def test_report_page_words(lang, tmp_path):
    from retrograd.report import write_report

    random.seed(0)
    model = MLP(2, [2, 1])
    X, y = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [1, -1, 1]
    history = fit(model, X, y, steps=2)
    page = write_report(tmp_path / "r", model=model, history=history, X_train=X,
                        y_train=y).index.read_text()
    assert f'<html lang="{lang}">' in page
    for fr, en in (("Entraînement avec retrograd", "retrograd training run"),
                   ("Entraîné pendant 2 pas", "Trained for 2 steps"),
                   ("perte finale", "final loss"), ("Frontière de décision", "Decision boundary"),
                   ("Un neurone, un exemple", "One neuron, one sample"),
                   ("<th>couche</th>", "<th>layer</th>"), ("paramètres, enregistrés dans",
                                                           "parameters, saved in")):
        assert pick(lang, fr, en) in page


def test_layer_view_words(lang):
    from retrograd.graph import draw_collapsed

    random.seed(0)
    model = MLP(2, [30, 1])
    loss = (model([0.5, -0.5]) - 1.0) ** 2
    source = draw_collapsed(loss, model, level="layer", max_rows=20).source
    assert pick(lang, "… 10 de plus", "… 10 more") in source
