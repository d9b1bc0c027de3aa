"""``backward()`` one chain-rule step at a time, without touching the graph.

``backward_steps(root)`` replays what ``root.backward()`` does on a graph whose
gradients are all zero, and records every step: first the seed dL/dL = 1, then,
for each node from the output back to the inputs, one step per operand, with
the local derivative, the gradient coming from above and their product. The
arithmetic is the engine's own (``operand.grad += local * node.grad`` in the same
order), so the last state equals the gradients a real ``backward()`` gives, to
the last bit. No Value is changed: the gradients live in a dictionary.

>>> from retrograd import Value
>>> a, b = Value(2.0, label='a'), Value(-3.0, label='b')
>>> e = a * b; e.label = 'e'
>>> for step in backward_steps(e):
...     print(step)
de/de = 1.0000
de/da = de/de · de/da = 1.0000 · -3.0000 = -3.0000
de/db = de/de · de/db = 1.0000 · 2.0000 = 2.0000
>>> a.grad, b.grad   # untouched
(0, 0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .batch import is_batch
from .engine import Number, Value, chain, operation, seed, topological_order
from .language import say


def format_number(x, digits: int = 4) -> str:
    """A number as drawings and step texts show it: ``%.4f`` like the lessons.

    Magnitudes of a billion and more switch to exponent notation so that a box
    never grows to hundreds of digits; what is not a real number is shown with
    ``str``.

    >>> format_number(-8.0), format_number(1), format_number(3e12), format_number(float('nan'))
    ('-8.0000', '1.0000', '3.0000e+12', 'nan')

    An array shows its first three values and its shape:

    >>> import numpy as np
    >>> format_number(np.array([1.0, 2.0, 3.0, 4.0]), digits=1)
    '[1.0, 2.0, 3.0, …] (4)'
    >>> format_number(np.ones((2, 3)), digits=1)
    '[1.0, 1.0, 1.0, …] (2×3)'

    """
    if is_batch(x):  # an array: its first values and its shape
        flat = x.ravel()
        shown = ", ".join(format_number(v, digits) for v in flat[:3])
        return f"[{shown}{', …' if flat.size > 3 else ''}] ({'×'.join(map(str, x.shape))})"
    try:
        x = float(x)
    except (TypeError, ValueError, OverflowError):
        return str(x)
    if abs(x) >= 1e9 and abs(x) != float("inf"):
        return f"{x:.{digits}e}"
    return f"{x:.{digits}f}"


@dataclass(frozen=True)
class BackwardStep:
    """One step of ``backward()``.

    The first step is the seed: ``node`` and ``operand`` are None, ``target`` is
    the root and ``after`` is the gradient given to ``backward()``. Every other
    step passes the gradient of ``node`` to one of its operands: ``target`` (its
    first operand when ``operand == 'a'``, its second when ``'b'``) receives
    ``contribution = local * upstream``, where ``local`` is d(node)/d(target) and
    ``upstream`` is dL/d(node); its gradient goes from ``before`` to ``after``.
    ``accumulates`` is true when ``target`` already had a contribution, so the
    step adds to it (a value used twice gets the sum of both paths).
    """

    index: int
    root: Value
    target: Value
    node: Value | None
    operand: str | None
    local: Number | None
    upstream: Number | None
    contribution: Number | None
    before: Number
    after: Number
    accumulates: bool

    def chain(self, name: Callable[[Value], str] = lambda v: v.label or "?",
              digits: int = 4) -> str:
        """The chain rule of this step with its numbers, e.g.
        ``dL/da = dL/de · de/da = -2.0000 · -3.0000 = 6.0000``."""
        f = lambda x: format_number(x, digits)  # noqa: E731
        top, tgt = name(self.root), name(self.target)
        if self.node is None:
            return f"d{top}/d{tgt} = {f(self.after)}"
        mid = name(self.node)
        text = (f"d{top}/d{tgt} {'+=' if self.accumulates else '='} d{top}/d{mid} · d{mid}/d{tgt}"
                f" = {f(self.upstream)} · {f(self.local)} = {f(self.contribution)}")
        if self.accumulates:
            text += (f", {say(fr='donc', en='so')} d{top}/d{tgt} = {f(self.before)} + "
                     f"{f(self.contribution)} = {f(self.after)}")
        return text

    def rule(self, name: Callable[[Value], str] = lambda v: v.label or "?",
             digits: int = 4) -> str:
        """Where the local derivative comes from, e.g.
        ``e = a * b, so de/da = b = -3.0000``; for the seed, what the seed is."""
        f = lambda x: format_number(x, digits)  # noqa: E731
        top = name(self.root)
        if self.node is None:
            return say(fr=f"La graine\u00a0: d{top}/d{top} = {f(self.after)}, le gradient donné à "
                          f"backward()\u00a0; tous les autres gradients partent de 0.",
                       en=f"The seed: d{top}/d{top} = {f(self.after)}, the gradient given to "
                          f"backward(); every other gradient starts at 0.")
        node, out = self.node, name(self.node)
        op = operation(node)
        tgt = name(self.target)
        if op is None:  # a node built by hand with its own local derivatives
            made = node._op
            return say(fr=f"{out} vient de {made or 'un calcul à la main'}\u00a0: d{out}/d{tgt} = "
                          f"{f(self.local)}, la dérivée enregistrée",
                       en=f"{out} was made by {made or 'hand'}: d{out}/d{tgt} = {f(self.local)} "
                          f"as recorded")
        operands = node.operands
        words = {"a": name(operands[0]), "out": out}
        words["b"] = name(operands[1]) if len(operands) == 2 else node._op[2:]  # x**k: the k
        formula = op.formula.format(**words)
        local = op.words[0 if self.operand == "a" else 1].format(**words)
        return (f"{out} = {formula}, {say(fr='donc', en='so')} d{out}/d{tgt} = {local} = "
                f"{f(self.local)}")

    def __str__(self) -> str:
        return self.chain()


def backward_steps(root: Value, gradient: Number | None = None,
                   accumulate: bool = False) -> list[BackwardStep]:
    """Every step ``root.backward(gradient)`` takes, in order, as ``BackwardStep``s.

    By default the replay starts from zero gradients everywhere, as after
    ``zero_grad()``: the steps show what one ``backward()`` computes. With
    ``accumulate=True`` the leaves start from their current ``.grad``, as the
    next ``backward()`` call would (leaves accumulate). Either way no Value
    is modified.

    >>> from retrograd import Value
    >>> x = Value(3.0, label='x'); y = x * x; y.label = 'y'
    >>> steps = backward_steps(y)
    >>> print(steps[-1])
    dy/dx += dy/dy · dy/dx = 1.0000 · 3.0000 = 3.0000, so dy/dx = 3.0000 + 3.0000 = 6.0000
    """
    if not isinstance(root, Value):
        raise TypeError(f"backward_steps(root): root must be a Value, got {type(root).__name__}")
    order = topological_order(root)
    gradient, zero = seed(order, gradient)
    grads: dict[Value, Number] = {}
    touched: set[Value] = set()
    for node in order:
        start = node.grad if accumulate and not node.operands else zero
        grads[node] = start
        if is_batch(start) or start != 0:  # an array gradient counts as given
            touched.add(node)
    before = grads[root]
    grads[root] = before + gradient
    steps = [BackwardStep(0, root, root, None, None, None, None, None, before, grads[root],
                          root in touched)]
    touched.add(root)
    for node in reversed(order):
        # A leaf, or a node built by hand, has no local derivatives: it passes nothing on.
        for operand, target, local in zip("ab", node.operands, node.local_grads):
            upstream = grads[node]
            contribution = chain(target, local, upstream)
            old = grads[target]
            grads[target] = old + contribution  # the engine's `grad += local * node.grad`
            steps.append(BackwardStep(len(steps), root, target, node, operand, local, upstream,
                                      contribution, old, grads[target], target in touched))
            touched.add(target)
    return steps


__all__ = ["BackwardStep", "backward_steps", "format_number"]
