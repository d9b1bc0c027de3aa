"""Notebook 6's check cell (retrograd.course.matrices): the hand gradients of a matrix
layer are "done" when right, "not yet" when transposed, summed the wrong way, unfinished
or raising, and the check prints no number."""

from __future__ import annotations

import re

from retrograd.course import feedback, matrices
from retrograd.language import set_language


def right_W(G, X):
    return G.T @ X


def right_X(G, W):
    return G @ W


def right_b(G):
    return G.sum(axis=0)


def verdict_of(capsys, grad_W, grad_X, grad_b) -> tuple[list[bool], str]:
    set_language("en")
    matrices.check_layer_gradients(grad_W, grad_X, grad_b)
    printed = capsys.readouterr().out
    marks = [line.lstrip().startswith("✓") for line in printed.splitlines()[1:]]
    return marks, printed


def test_the_right_formulas_are_done(capsys):
    marks, printed = verdict_of(capsys, right_W, right_X, right_b)
    assert printed.startswith("the gradients of a matrix layer: done") and marks == [True] * 3
    assert feedback.results()["the gradients of a matrix layer"] is True


def test_transposed_or_misplaced_formulas_are_not_yet(capsys):
    # X.T @ G has the shape of W when n = nin = nout: the numbers tell it apart.
    marks, printed = verdict_of(capsys, lambda G, X: X.T @ G, lambda G, W: W.T @ G.T,
                                lambda G: G.mean(axis=0))
    assert printed.startswith("the gradients of a matrix layer: not yet")
    assert marks == [False, False, False]
    marks, _ = verdict_of(capsys, right_W, lambda G, W: (G @ W).T, right_b)
    assert marks == [True, False, True]


def test_unfinished_or_raising_code_is_not_yet_and_named(capsys):
    def unfinished(*arrays):
        ...

    def raising(G):
        raise NotImplementedError

    marks, printed = verdict_of(capsys, unfinished, unfinished, raising)
    assert marks == [False, False, False]
    assert "(your code raises NotImplementedError)" in printed


def test_the_check_speaks_french_and_prints_no_number(capsys):
    set_language("fr")
    try:
        matrices.check_layer_gradients(right_W, lambda G, W: G, right_b)
    finally:
        set_language("en")
    printed = capsys.readouterr().out
    assert printed.startswith("les gradients d'une couche matricielle\u00a0: pas encore")
    assert not re.search(r"\d\.\d", printed)
