"""The check cell of notebook 6: the gradients of a matrix layer written by hand.

The student writes three functions of numpy arrays, for ``Y = X @ W.T + b``
and a loss ``L`` whose gradient with respect to ``Y`` is ``G``:
``grad_W(G, X)``, ``grad_X(G, W)`` and ``grad_b(G)``. ``check_layer_gradients``
calls them on random arrays of two sets of shapes (one with n = nin = nout,
where a transposed formula would still have the right shape, one where it
would not), compares them with what retrograd's ``backward()`` computes, and
prints with ``feedback.verdict`` which points agree, never the expected
numbers.

>>> from retrograd.language import set_language
>>> set_language("en")
>>> check_layer_gradients(lambda G, X: G.T @ X, lambda G, W: G @ W,
...                       lambda G: G.sum(axis=0))
the gradients of a matrix layer: done
  ✓ grad_W(G, X) gives dL/dW, of the shape of W
  ✓ grad_X(G, W) gives dL/dX, of the shape of X
  ✓ grad_b(G) gives dL/db, of the shape of b
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..engine import Value
from ..language import say
from .feedback import verdict

SHAPES = ((3, 3, 3), (5, 4, 2))  # (n samples, nin, nout)


def check_layer_gradients(grad_W: Callable, grad_X: Callable, grad_b: Callable) -> None:
    """The student's three gradients of ``Y = X @ W.T + b`` against ``backward()``."""
    rng = np.random.default_rng(6)
    right = {"W": True, "X": True, "b": True}
    errors: dict[str, str] = {}
    for n, nin, nout in SHAPES:
        X = Value(rng.normal(size=(n, nin)))
        W = Value(rng.normal(size=(nout, nin)))
        b = Value(rng.normal(size=nout))
        G = rng.normal(size=(n, nout))
        ((X @ W.T + b) * G).sum().backward()  # a loss whose gradient with respect to Y is G
        for name, student, args, expected in (("W", grad_W, (G, X.data), W.grad),
                                              ("X", grad_X, (G, W.data), X.grad),
                                              ("b", grad_b, (G,), b.grad)):
            try:
                got = student(*(a.copy() for a in args))
                agrees = np.shape(got) == expected.shape and \
                    bool(np.allclose(got, expected, rtol=1e-9, atol=1e-12))
            except Exception as error:  # noqa: BLE001 - student code may raise anything
                agrees, errors[name] = False, type(error).__name__
            right[name] = right[name] and agrees
    verdict(say(fr="les gradients d'une couche matricielle",
                en="the gradients of a matrix layer"), [
        (right["W"], *_texts(errors.get("W"), "grad_W(G, X) donne dL/dW, de la forme de W",
                             "grad_W(G, X) gives dL/dW, of the shape of W")),
        (right["X"], *_texts(errors.get("X"), "grad_X(G, W) donne dL/dX, de la forme de X",
                             "grad_X(G, W) gives dL/dX, of the shape of X")),
        (right["b"], *_texts(errors.get("b"), "grad_b(G) donne dL/db, de la forme de b",
                             "grad_b(G) gives dL/db, of the shape of b")),
    ])


def _texts(error: str | None, fr: str, en: str) -> tuple[str, str]:
    """The texts of a point, with the exception the student's code raised, if any."""
    if error is None:
        return fr, en
    return f"{fr} (votre code lève l'exception {error})", f"{en} (your code raises {error})"


__all__ = ["check_layer_gradients"]
