"""A functional face on the engine: ``grad(f)`` returns the function's gradient.

In the style of HIPS autograd: ``f`` is written with Values (or plain
arithmetic that works on them); ``grad(f)`` is a new Python function that
returns numbers.

>>> f = lambda x: 3 * x**2 - 4 * x + 5
>>> grad(f)(3.0)
14.0
>>> value_and_grad(lambda x, y: x * y, argnums=(0, 1))(2.0, -3.0)
(-6.0, (-3.0, 2.0))
"""

from __future__ import annotations

from typing import Callable, Sequence

from .engine import Number, Value


def value_and_grad(f: Callable[..., Value], argnums: int | Sequence[int] = 0):
    """A function returning ``(f(*args), gradient)``; the gradient is a number for
    one ``argnums`` and a tuple of numbers for several."""
    many = not isinstance(argnums, int)
    positions = tuple(argnums) if many and hasattr(argnums, "__iter__") else (argnums,)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in positions):
        raise TypeError(f"grad: argnums must be an int or a tuple of ints, got {argnums!r}")

    def wrapped(*args: Number):
        for i in positions:
            if not 0 <= i < len(args):
                raise IndexError(f"grad: argnums asks for argument {i}, "
                                 f"but the function got {len(args)} argument(s)")
        leaves = [Value(a) if i in positions else a for i, a in enumerate(args)]
        out = f(*leaves)
        if not isinstance(out, Value):
            raise TypeError(f"grad: f must return a Value computed from its arguments, "
                            f"got {out!r}")
        out.backward()
        grads = tuple(leaves[i].grad for i in positions)
        return out.data, grads if many else grads[0]

    return wrapped


def grad(f: Callable[..., Value], argnums: int | Sequence[int] = 0):
    """The derivative of ``f`` with respect to argument ``argnums`` (or several)."""
    value_and_grad_f = value_and_grad(f, argnums)

    def wrapped(*args: Number):
        return value_and_grad_f(*args)[1]

    return wrapped


__all__ = ["grad", "value_and_grad"]
