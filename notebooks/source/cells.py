"""The two kinds of cell a course notebook is made of.

A notebook is written once: its code cells are shared by the French and the
English version, its text cells carry both languages. ``build.py`` turns one
``Notebook`` into ``fr/<fr_name>.ipynb`` and ``en/<en_name>.ipynb``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Text:
    """A markdown cell, in French and in English."""

    fr: str
    en: str


@dataclass(frozen=True)
class Code:
    """A code cell, the same in every language."""

    source: str


@dataclass(frozen=True)
class Notebook:
    """One notebook of the course: its file names and its cells, in order."""

    number: int
    fr_name: str
    en_name: str
    cells: tuple

    def name(self, language: str) -> str:
        return f"{self.number:02d}_{self.fr_name if language == 'fr' else self.en_name}"


def text(fr: str, en: str) -> Text:
    return Text(_clean(fr), _clean(en))


def code(source: str) -> Code:
    return Code(_clean(source))


def _clean(s: str) -> str:
    return textwrap.dedent(s).strip("\n").rstrip()
