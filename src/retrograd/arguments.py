"""Argument checks shared by several modules, so that they say the same thing.

It sits at the bottom with the engine and imports nothing of retrograd. Its
functions take the name of the public function being called (``where``) and of
the argument, so that every message names both.
"""

from __future__ import annotations

import numbers

import numpy as np


def check_count(where: str, name: str, n, minimum: int = 1, *, of: str = "") -> None:
    """Raise a ``ValueError`` unless ``n`` is a whole number >= ``minimum``.

    Python and numpy integers pass; ``True``, ``2.0`` and ``"3"`` do not.
    ``where`` names the function and ``name`` the argument, for the message;
    ``of`` says what is counted ("units").

    >>> check_count("Layer", "nout", 3, of="units")
    >>> check_count("Layer", "nout", 0, of="units")
    Traceback (most recent call last):
    ...
    ValueError: Layer: nout must be a whole number of units >= 1, got 0
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < minimum:
        what = f"a whole number of {of}" if of else "a whole number"
        raise ValueError(f"{where}: {name} must be {what} >= {minimum}, got {n!r}")


def check_nonnegative(where: str, name: str, x, meaning: str) -> None:
    """Raise a ``ValueError`` unless ``x`` is a real number >= 0 (not a bool, not NaN).

    ``meaning`` says what the number is, for the message.

    >>> check_nonnegative("fit", "l2", 1e-4, "the weight of the L2 penalty")
    >>> check_nonnegative("fit", "l2", float("nan"), "the weight of the L2 penalty")
    Traceback (most recent call last):
    ...
    ValueError: fit: l2 is the weight of the L2 penalty, a number >= 0; got nan
    """
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not x >= 0:
        raise ValueError(f"{where}: {name} is {meaning}, a number >= 0; got {x!r}")


def check_random_state(where: str, random_state) -> np.random.RandomState:
    """The numpy generator that ``random_state`` names, as scikit-learn reads it:
    ``None`` for numpy's global generator (the one ``np.random.seed`` seeds), a seed
    from 0 to 2**32 - 1 for a new ``RandomState``, or a ``RandomState`` itself.

    >>> check_random_state("make_moons", 0).randint(10)
    5
    >>> check_random_state("make_moons", -1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: make_moons: random_state must be None, a seed from 0 to 2**32 - 1 ..., got -1
    """
    if random_state is None:
        return np.random.mtrand._rand  # what np.random.seed seeds and np.random.rand draws from
    if isinstance(random_state, np.random.RandomState):
        return random_state
    if (isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool)
            and 0 <= random_state < 2**32):
        return np.random.RandomState(random_state)
    raise ValueError(f"{where}: random_state must be None, a seed from 0 to 2**32 - 1 or a "
                     f"numpy RandomState, got {random_state!r}")
