"""The language retrograd prints and draws in: English by default, or French.

The course is taught in French, so its notebooks start with
``set_language("fr")``; everything the library prints or draws afterwards
(training progress, plot titles, the chain-rule sentences, the step-through
page, the report, the lab's feedback) is in French. Outside the notebooks the
default is English, or the language named by the ``RETROGRAD_LANG``
environment variable (``fr`` or ``en``).

>>> set_language("fr"); say(fr="bonjour", en="hello")
'bonjour'
>>> set_language("en"); say(fr="bonjour", en="hello")
'hello'
"""

from __future__ import annotations

import os

LANGUAGES = ("en", "fr")

_current = os.environ.get("RETROGRAD_LANG", "en").strip().lower()[:2]
if _current not in LANGUAGES:
    _current = "en"


def set_language(code: str) -> None:
    """Print and draw in ``code``: ``"fr"`` or ``"en"``."""
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"set_language(code): code must be 'fr' or 'en', got {code!r}")
    _current = code


def language() -> str:
    """The language in use: ``"en"`` or ``"fr"``."""
    return _current


def say(*, fr: str, en: str) -> str:
    """The text in the language in use."""
    return fr if _current == "fr" else en


def number(x: float, spec: str = "g") -> str:
    """``x`` written with ``format(x, spec)``, with a decimal comma in French.

    >>> set_language("fr"); number(0.02714, ".4f")
    '0,0271'
    >>> set_language("en"); number(0.02714, ".4f")
    '0.0271'
    """
    text = format(x, spec)
    return text.replace(".", ",") if _current == "fr" else text


__all__ = ["LANGUAGES", "set_language", "language", "say", "number"]
